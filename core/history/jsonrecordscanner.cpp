#include "jsonrecordscanner.h"

#include <algorithm>
#include <bit>
#include <iterator>

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

void JsonRecordScanner::handOver(const QByteArray &record, qint64 line)
{
    // Oversized objects met before anything else come first: records are handed over in file order.
    for (const qint64 undecided : m_undecided)
        m_handler(QByteArray(), undecided);
    m_undecided.clear();
    m_handler(record, line);
}

void JsonRecordScanner::feed(const char *data, qsizetype size)
{
    qsizetype captureFrom = m_capturing ? 0 : -1;
    auto startRecord = [&](qsizetype at) {
        m_capturing = true;
        captureFrom = at;
        m_recordLine = m_line;
        m_recordOffset = m_offset + at;
        m_current.clear();
        m_oversized = false;
    };
    for (qsizetype i = 0; i < size; ++i) {
        if (m_inString && !m_escape) {
            // Plain string bytes, 16 at a time; a top-level object's key keeps its first bytes.
            const qsizetype end = skipStringBytes(data, i, size);
            if (collectingKey() && end > i) {
                const qsizetype room = MaxKeyBytes + 1 - m_lastString.size();
                if (room > 0)
                    m_lastString.append(data + i, std::min(end - i, room));
            }
            i = end;
            if (i == size)
                break;
        }
        const char c = data[i];
        if (c == '\n') {
            ++m_line;
            if (m_oneLine && m_depth > 0) {
                // One value per line: a value that reaches its line's end was cut short. The record
                // being read is a bad row on its own line, and the next line is read afresh.
                if (m_capturing)
                    handOver(QByteArray(), m_recordLine);
                m_inCutRecord = true;
                m_capturing = m_inString = m_escape = m_afterColon = m_inScalar = m_inObjectArray = false;
                m_arrays.clear();
                m_arraysUnnamed = 0;
                captureFrom = -1;
                m_current.clear();
                m_depth = 0;
                continue;
            }
        }
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
            else if (collectingKey() && m_lastString.size() <= MaxKeyBytes)
                m_lastString.append(c);
            continue;
        }
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (!m_started) {
            if (space || uchar(c) == 0xEF || uchar(c) == 0xBB || uchar(c) == 0xBF)
                continue;
            if (c != '{' && c != '[') {
                m_error = QStringLiteral("not JSON");
                return;
            }
            m_started = true;
        }
        if (m_depth == 0) {
            // Between top-level values: each is an array of records, an object holding one, or
            // a record itself (newline-delimited or concatenated JSON).
            if (space || c == ',' || uchar(c) == 0xEF || uchar(c) == 0xBB || uchar(c) == 0xBF)
                continue; // a BOM too: files joined with cat each bring theirs
            if (c == '{' || c == '[')
                m_inCutRecord = false;
            if (c == '{') {
                // Captured as a record until a records array's key shows it holds records instead.
                m_topIsObject = true;
                m_recordDepth = 0;
                m_recordsDone = m_afterColon = m_inObjectArray = false;
                m_arrays.clear();
                m_arraysUnnamed = 0;
                ++m_topObjects;
                m_lastString.clear();
                startRecord(i);
                m_depth = 1;
            } else if (c == '[') {
                m_topIsObject = false;
                m_recordDepth = 1;
                m_recordsDone = false;
                m_foundRecords = true;
                m_depth = 1;
            } else {
                // A line that is no JSON value: a bad row (handed over empty, with its line), unless
                // it follows a cut record and is its rest (a pretty-printed record among one-line
                // ones: its lines up to one that opens a value are that one bad row).
                if (!m_inCutRecord)
                    handOver(QByteArray(), m_line);
                m_skippingLine = true;
            }
            continue;
        }
        if (m_recordDepth > 0 && m_depth == m_recordDepth && !m_recordsDone && !m_capturing && !space && c != ',' &&
            c != '{' && c != '[' && c != ']' && c != '}' && !m_inScalar) {
            // An element of the records array that is no object (a number, a string, null): a
            // bad row, not nothing.
            handOver(QByteArray(), m_line);
            m_inScalar = true;
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
            m_inScalar = false;
            break;
        case '{':
        case '[':
            if (m_recordDepth > 0 && m_depth == m_recordDepth && !m_recordsDone) {
                startRecord(i);
            } else if (c == '{' && m_inObjectArray && m_depth == 2) {
                tally(m_arrays, m_arraysUnnamed, m_arrayKey, m_arrayLine, 1);
            } else if (c == '[' && m_topIsObject && m_depth == 1 && (m_recordDepth == 0 || m_recordsDone) &&
                       m_afterColon &&
                       (m_lastString == "value" || m_lastString == "entities" || m_lastString == "results")) {
                // This top-level object holds the records: it is no record itself. A second array
                // under such a key (a duplicated "value") holds records too.
                m_recordDepth = 2;
                m_recordsDone = false;
                m_foundRecords = true;
                if (m_containerKey.isEmpty())
                    m_containerKey = QString::fromLatin1(m_lastString);
                m_capturing = false;
                captureFrom = -1;
                m_current = QByteArray();
                m_oversized = false;
            } else if (c == '[' && m_topIsObject && m_depth == 1 && m_afterColon && !m_lines) {
                // An array under another key: its objects are counted, in case it holds some. Not
                // once top-level objects are records (one per line): their own arrays are no
                // export's.
                m_arrayKey = m_lastString;
                m_arrayLine = m_line;
                m_inObjectArray = true;
            }
            ++m_depth;
            break;
        case '}':
        case ']':
            --m_depth;
            m_inScalar = false;
            if (m_inObjectArray && m_depth == 1)
                m_inObjectArray = false;
            if (m_depth == 0 && m_topIsObject)
                closeTopObject();
            if (m_capturing && m_depth == m_recordDepth) {
                capture(data + captureFrom, i - captureFrom + 1);
                m_capturing = false;
                captureFrom = -1;
                if (m_oversized && ++m_oversizedRecords == 1)
                    m_firstOversized = {m_recordLine, m_line - m_recordLine + 1, m_offset + i + 1 - m_recordOffset};
                if (m_recordDepth > 0) {
                    handOver(m_oversized ? QByteArray() : m_current, m_recordLine);
                } else if (m_oversized && !m_lines && !m_foundRecords) {
                    // A top-level object too large to tell whether it is a record, before any
                    // record: decided by what follows (records: it was a bad one, handed over
                    // first; nothing: the file is no export).
                    m_undecided.push_back(m_recordLine);
                } else {
                    if (!m_lines) // the first record says whether records keep to one line
                        m_oneLine = m_line == m_recordLine;
                    m_lines = true;
                    handOver(m_oversized ? QByteArray() : m_current, m_recordLine);
                }
            } else if (m_recordDepth > 0 && m_depth == m_recordDepth - 1) {
                m_recordsDone = true; // until another array under a records key
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
    m_offset += size;
    if (size > 0)
        m_endsWithLineEnd = data[size - 1] == '\n';
}

void JsonRecordScanner::tally(std::vector<RawArray> &arrays, qint64 &unnamed, const QByteArray &key, qint64 line,
                              qint64 objects)
{
    const auto same = std::find_if(arrays.begin(), arrays.end(), [&key](const RawArray &a) { return a.key == key; });
    if (same != arrays.end())
        same->objects += objects;
    else if (arrays.size() < MaxNamedArrays)
        arrays.push_back({key, line, objects});
    else
        unnamed += objects;
}

JsonRecordScanner::ObjectArray JsonRecordScanner::shown(const RawArray &array)
{
    // Untrusted text for a terminal and a status bar: no control characters, no cut-off bytes.
    QString key = QString::fromUtf8(array.key.left(MaxKeyBytes));
    for (QChar &c : key) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    if (array.key.size() > MaxKeyBytes)
        key += QChar(0x2026);
    return {key, array.line, array.objects};
}

void JsonRecordScanner::closeTopObject()
{
    std::vector<RawArray> *into = m_recordDepth > 0 ? &m_beside : m_topObjects == 1 ? &m_firstObjectArrays : nullptr;
    qint64 &unnamed = m_recordDepth > 0 ? m_besideUnnamed : m_firstUnnamed;
    if (into) {
        for (const RawArray &array : m_arrays)
            tally(*into, unnamed, array.key, array.line, array.objects);
        unnamed += m_arraysUnnamed;
    }
    m_arrays.clear();
    m_arraysUnnamed = 0;
}

std::vector<JsonRecordScanner::ObjectArray> JsonRecordScanner::arraysBesideRecords() const
{
    std::vector<ObjectArray> arrays;
    for (const RawArray &array : m_beside)
        arrays.push_back(shown(array));
    return arrays;
}

std::optional<JsonRecordScanner::ObjectArray> JsonRecordScanner::likelyRecordsArray() const
{
    if (m_topObjects != 1 || m_foundRecords || m_firstObjectArrays.empty())
        return std::nullopt;
    return shown(*std::max_element(m_firstObjectArrays.begin(), m_firstObjectArrays.end(),
                                   [](const RawArray &a, const RawArray &b) { return a.objects < b.objects; }));
}

bool JsonRecordScanner::finish()
{
    if (m_capturing) {
        m_truncatedLine = m_recordLine;
        const qint64 lastLine = m_endsWithLineEnd ? m_line - 1 : m_line;
        m_truncated = {m_recordLine, lastLine - m_recordLine + 1, m_offset - m_recordOffset};
        m_capturing = false;
    }
    if (!m_error.isEmpty())
        return false;
    if (!m_started) {
        m_error = QStringLiteral("empty");
        return false;
    }
    if (!m_foundRecords && !m_lines) {
        m_error = QStringLiteral("no array of sign-in records (value, entities or results)");
        return false;
    }
    return true;
}

} // namespace alc::history
