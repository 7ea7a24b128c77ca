#include "sha256.h"

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define ALC_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace alc {

namespace {

constexpr std::array<quint32, 64> roundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#ifdef ALC_SHA_NI
// Four rounds per step; the message schedule for group i+4 is derived from groups i..i+3.
__attribute__((target("sha,sse4.1,ssse3"))) void compressSha(quint32 *state, const unsigned char *data,
                                                             std::size_t blocks)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state));
    __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4));
    abcd = _mm_shuffle_epi32(abcd, 0xB1);
    efgh = _mm_shuffle_epi32(efgh, 0x1B);
    __m128i state0 = _mm_alignr_epi8(abcd, efgh, 8);    // ABEF
    __m128i state1 = _mm_blend_epi16(efgh, abcd, 0xF0); // CDGH

    for (std::size_t b = 0; b < blocks; ++b, data += 64) {
        const __m128i saved0 = state0;
        const __m128i saved1 = state1;
        __m128i msg[4];
        for (int i = 0; i < 4; ++i)
            msg[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * i)), byteSwap);
        for (int i = 0; i < 16; ++i) {
            __m128i wk = _mm_add_epi32(
                msg[i & 3], _mm_loadu_si128(reinterpret_cast<const __m128i *>(roundConstants.data() + 4 * i)));
            state1 = _mm_sha256rnds2_epu32(state1, state0, wk);
            wk = _mm_shuffle_epi32(wk, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, wk);
            if (i < 12) {
                __m128i next = _mm_sha256msg1_epu32(msg[i & 3], msg[(i + 1) & 3]);
                next = _mm_add_epi32(next, _mm_alignr_epi8(msg[(i + 3) & 3], msg[(i + 2) & 3], 4));
                msg[i & 3] = _mm_sha256msg2_epu32(next, msg[(i + 3) & 3]);
            }
        }
        state0 = _mm_add_epi32(state0, saved0);
        state1 = _mm_add_epi32(state1, saved1);
    }

    const __m128i feba = _mm_shuffle_epi32(state0, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(state1, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

} // namespace

bool Sha256::hasHardwareSupport()
{
#ifdef ALC_SHA_NI
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
        return false;
    const bool sha = (ebx >> 29) & 1;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return false;
    const bool sse41 = (ecx >> 19) & 1;
    const bool ssse3 = (ecx >> 9) & 1;
    return sha && sse41 && ssse3;
#else
    return false;
#endif
}

Sha256::Sha256()
    : m_hardware(hasHardwareSupport())
{
    m_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
}

void Sha256::processBlocks(const unsigned char *data, std::size_t blocks)
{
#ifdef ALC_SHA_NI
    compressSha(m_state.data(), data, blocks);
#else
    Q_UNUSED(data);
    Q_UNUSED(blocks);
#endif
}

void Sha256::addData(const char *data, std::size_t size)
{
    if (!m_hardware) {
        m_fallback.addData(QByteArrayView(data, qsizetype(size)));
        return;
    }
    auto bytes = reinterpret_cast<const unsigned char *>(data);
    m_length += size;
    if (m_buffered > 0) {
        const std::size_t take = std::min(size, 64 - m_buffered);
        std::memcpy(m_buffer.data() + m_buffered, bytes, take);
        m_buffered += take;
        bytes += take;
        size -= take;
        if (m_buffered < 64)
            return;
        processBlocks(m_buffer.data(), 1);
        m_buffered = 0;
    }
    if (const std::size_t blocks = size / 64) {
        processBlocks(bytes, blocks);
        bytes += blocks * 64;
        size -= blocks * 64;
    }
    std::memcpy(m_buffer.data(), bytes, size);
    m_buffered = size;
}

QByteArray Sha256::hexResult()
{
    if (!m_hardware)
        return m_fallback.result().toHex();
    const quint64 bits = m_length * 8;
    unsigned char padding[72] = {0x80};
    const std::size_t padLength = (m_buffered < 56 ? 56 : 120) - m_buffered;
    for (int i = 0; i < 8; ++i)
        padding[padLength + std::size_t(i)] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    addData(reinterpret_cast<const char *>(padding), padLength + 8);
    QByteArray digest(32, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i) {
        for (int j = 0; j < 4; ++j)
            digest[4 * i + j] = char(m_state[std::size_t(i)] >> (24 - 8 * j));
    }
    return digest.toHex();
}

} // namespace alc
