#include "jsonrecordscanner.h"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace alc::history {

namespace {

// The first index at or after i of a byte that means something inside a string ('"', '\\' or a
// line end), or size. Most of a sign-in record's bytes are string contents; this skips them
// 16 at a time.
qsizetype skipStringBytes(const char *data, qsizetype i, qsizetype size)
{
#if defined(__SSE2__)
    const __m128i quotes = _mm_set1_epi8('"');
    const __m128i backslashes = _mm_set1_epi8('\\');
    const __m128i newlines = _mm_set1_epi8('\n');
    for (; size - i >= 16; i += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
        const auto mask = unsigned(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quotes), _mm_cmpeq_epi8(bytes, backslashes)),
                         _mm_cmpeq_epi8(bytes, newlines))));
        if (mask)
            return i + std::countr_zero(mask);
    }
#endif
    while (i < size && data[i] != '"' && data[i] != '\\' && data[i] != '\n')
        ++i;
    return i;
}

} // namespace

void JsonRecordScanner::capture(const char *data, qsizetype size)
{
    if (m_oversized)
        return;
    if (m_current.size() + size > MaxRecordBytes) {
        m_oversized = true;
        m_current = QByteArray(); // gives the memory back, not just the size
        return;
    }
    m_current.append(data, size);
}

void JsonRecordScanner::feed(const char *data, qsizetype size)
{
    qsizetype captureFrom = m_capturing ? 0 : -1;
    auto startRecord = [&](qsizetype at) {
        m_capturing = true;
        captureFrom = at;
        m_recordLine = m_line;
        m_current.clear();
        m_oversized = false;
    };
    for (qsizetype i = 0; i < size; ++i) {
        if (m_inString && !m_escape && !collectingKeys()) {
            i = skipStringBytes(data, i, size);
            if (i == size)
                break;
        }
        const char c = data[i];
        if (c == '\n')
            ++m_line;
        if (m_skippingLine) {
            m_skippingLine = c != '\n';
            continue;
        }
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"')
                m_inString = false;
            else if (collectingKeys() && m_lastString.size() <= MaxKeyBytes)
                m_lastString.append(c);
            continue;
        }
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (!m_started) {
            if (space || uchar(c) == 0xEF || uchar(c) == 0xBB || uchar(c) == 0xBF)
                continue;
            m_started = true;
            if (c == '[') {
                m_depth = 1;
                m_recordDepth = 1;
            } else if (c == '{') {
                // A record itself (one object per line) or the object holding the records' array:
                // captured as a record until the array's key shows it is the latter.
                m_depth = 1;
                m_topIsObject = true;
                startRecord(i);
            } else {
                m_error = QStringLiteral("not JSON");
                return;
            }
            continue;
        }
        if (m_lines && m_depth == 0 && !space && c != '{' && c != '[' && c != ',') {
            // Between records of a one-object-per-line file: this line is no record. It is handed
            // over empty (a malformed record, with its line) and skipped.
            m_handler(QByteArray(), m_line);
            m_skippingLine = c != '\n';
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            if (m_topIsObject && m_depth == 1 && !m_afterColon)
                m_lastString.clear();
            break;
        case ':':
            m_afterColon = true;
            break;
        case ',':
            m_afterColon = false;
            break;
        case '{':
        case '[':
            if ((m_recordDepth > 0 && m_depth == m_recordDepth && !m_recordsDone) || (m_lines && m_depth == 0)) {
                startRecord(i);
            } else if (c == '[' && collectingKeys() && m_afterColon &&
                       (m_lastString == "value" || m_lastString == "entities" || m_lastString == "results")) {
                // The top-level object holds the records: it is no record itself.
                m_recordDepth = 2;
                m_containerKey = QString::fromLatin1(m_lastString);
                m_capturing = false;
                captureFrom = -1;
                m_current = QByteArray();
                m_oversized = false;
            }
            ++m_depth;
            break;
        case '}':
        case ']':
            --m_depth;
            if (m_capturing && m_depth == m_recordDepth) {
                capture(data + captureFrom, i - captureFrom + 1);
                m_capturing = false;
                captureFrom = -1;
                // A top-level object closed without a records array: a record, one per line, unless
                // the first one is too large to tell (the file is then no export we know).
                if (m_recordDepth == 0 && !m_lines && m_oversized)
                    continue;
                m_lines = m_recordDepth == 0;
                m_handler(m_oversized ? QByteArray() : m_current, m_recordLine);
            } else if (m_recordDepth > 0 && m_depth == m_recordDepth - 1) {
                m_recordsDone = true; // further arrays with the same key are not sign-ins
            }
            if (m_depth == 1)
                m_afterColon = false;
            break;
        default:
            break;
        }
    }
    if (m_capturing && captureFrom >= 0)
        capture(data + captureFrom, size - captureFrom);
}

bool JsonRecordScanner::finish()
{
    if (m_capturing) {
        m_truncatedLine = m_recordLine;
        m_capturing = false;
    }
    if (!m_error.isEmpty())
        return false;
    if (!m_started) {
        m_error = QStringLiteral("empty");
        return false;
    }
    if (m_recordDepth == 0 && !m_lines) {
        m_error = QStringLiteral("no array of sign-in records (value, entities or results)");
        return false;
    }
    return true;
}

} // namespace alc::history
