#pragma once

#include <QByteArray>
#include <QCryptographicHash>

#include <array>
#include <cstddef>

namespace alc {

// Streaming SHA-256 for file fingerprints. Uses the CPU's SHA extensions when present: hashing an
// 850 MB history with the portable code would cost more than parsing it.
class Sha256 final
{
public:
    Sha256();

    void addData(const char *data, std::size_t size);
    // Hex digest; the object must not be used afterwards.
    QByteArray hexResult();

    static bool hasHardwareSupport();

private:
    void processBlocks(const unsigned char *data, std::size_t blocks);

    bool m_hardware = false;
    std::array<quint32, 8> m_state{};
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_buffered = 0;
    quint64 m_length = 0;
    QCryptographicHash m_fallback{QCryptographicHash::Sha256};
};

} // namespace alc
