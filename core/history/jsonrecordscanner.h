#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace alc::history {

// Finds the records of a JSON sign-in export without loading the document. The input is a
// sequence of top-level values (usually one), each of them an array of records (Okta), an object
// holding the records in its "value" (Microsoft Graph) or "entities"/"results" (Genesys Cloud)
// array, or a record itself (newline-delimited JSON: Entra diagnostic-setting archives, SIEM
// exports; or concatenated objects). Each record's bytes are handed over as soon as it closes,
// so memory stays at one record however large the file is. When the first record object keeps to
// one line, every top-level value must: a line end inside one means it was cut, and reading
// resumes on the next line. Whatever is no record (a cut record, a line that is no JSON, an
// element of a records array that is no object) is handed over empty, with its line, so the
// importer counts it: nothing is dropped silently.
class JsonRecordScanner final
{
public:
    // A sign-in record is a few kilobytes. A larger one is handed over empty, so it is counted as
    // malformed instead of holding a whole hostile file in memory.
    static constexpr qsizetype MaxRecordBytes = qsizetype(1) << 20;
    // Keys longer than the ones we look for are not kept in full either.
    static constexpr qsizetype MaxKeyBytes = 16;

    // record: the bytes of one element (empty when it exceeded MaxRecordBytes); line: where it
    // starts (1-based).
    using RecordHandler = std::function<void(const QByteArray &record, qint64 line)>;

    explicit JsonRecordScanner(RecordHandler handler)
        : m_handler(std::move(handler))
    {}

    void feed(const char *data, qsizetype size);
    // Call at end of input. Returns false when the input was not JSON of a known shape.
    bool finish();

    // Key of the records array; empty for a top-level array, for objects one per line, and until
    // one was found.
    QString containerKey() const { return m_containerKey; }
    // Arrays of objects under one key of top-level objects.
    struct ObjectArray
    {
        QString key;     // at most MaxKeyBytes bytes of it, then "…"; control characters as '?'
        qint64 line = 0; // where the first such array opens
        qint64 objects = 0;
    };
    // At most this many keys are named; objects under further keys are only counted. An array is
    // remembered from its first object on, so memory stays bounded whatever the input.
    static constexpr std::size_t MaxNamedArrays = 8;
    // Arrays of objects beside the records array (a second export pasted under another key, a
    // "data" array next to "value"), by key: read as nothing, so the importer says so.
    std::vector<ObjectArray> arraysBesideRecords() const;
    // Objects in such arrays under keys past the first MaxNamedArrays.
    qint64 objectsBesideRecordsUnnamed() const { return m_besideUnnamed; }
    // When the input is one top-level object read as a record (no records array), its largest
    // array of objects: where the records probably are, to name in the error.
    std::optional<ObjectArray> likelyRecordsArray() const;
    QString error() const { return m_error; }
    qint64 truncatedRecordLine() const { return m_truncatedLine; }
    // A record read as one malformed one, and what of the input it took: a record that never
    // closed runs to the end of the input, and when a cut file was joined to another (cat), the
    // whole next file is in it. Said, so such a loss is never just "1 malformed record".
    struct Span
    {
        qint64 line = 0; // 0: none
        qint64 lines = 0;
        qint64 bytes = 0;
    };
    Span truncatedRecord() const { return m_truncated; }
    // Records over MaxRecordBytes that closed: how many, and the first of them.
    qint64 oversizedRecords() const { return m_oversizedRecords; }
    Span firstOversizedRecord() const { return m_firstOversized; }

private:
    void capture(const char *data, qsizetype size);
    void handOver(const QByteArray &record, qint64 line);
    void closeTopObject();
    // Whether the string being read is a key of a top-level object (maybe the records array's).
    bool collectingKey() const
    {
        return m_topIsObject && m_depth == 1 && (m_recordDepth == 0 || m_recordsDone) && !m_afterColon;
    }

    RecordHandler m_handler;
    qint64 m_depth = 0;       // 0 between top-level values
    qint64 m_recordDepth = 0; // depth of the records array's elements; 0 while a top-level object is a record
    bool m_inString = false;
    bool m_escape = false;
    bool m_started = false;
    bool m_topIsObject = false;
    bool m_afterColon = false;
    bool m_recordsDone = false;
    bool m_foundRecords = false; // a records array was found
    bool m_lines = false;        // a top-level object was a record
    bool m_oneLine = false;      // ... and kept to one line, so records end with their line
    bool m_skippingLine = false; // past a line between top-level values that is none
    bool m_inCutRecord = false;  // since a cut record, no line has opened a value (its rest)
    bool m_inScalar = false;     // in an element of the records array that is no object
    struct RawArray
    {
        QByteArray key;
        qint64 line = 0;
        qint64 objects = 0;
    };
    // Adds objects under key (first seen on line) to arrays, by key, naming at most MaxNamedArrays.
    static void tally(std::vector<RawArray> &arrays, qint64 &unnamed, const QByteArray &key, qint64 line,
                      qint64 objects);
    static ObjectArray shown(const RawArray &array);

    bool m_inObjectArray = false; // in an array under another key of a top-level object
    QByteArray m_arrayKey;        // its key, while in it
    qint64 m_arrayLine = 0;
    qint64 m_topObjects = 0;        // top-level objects begun
    std::vector<RawArray> m_arrays; // arrays of objects of the current top-level object
    qint64 m_arraysUnnamed = 0;
    std::vector<RawArray> m_beside;
    qint64 m_besideUnnamed = 0;
    std::vector<RawArray> m_firstObjectArrays; // those of the first top-level object, when it was a record
    qint64 m_firstUnnamed = 0;
    std::vector<qint64> m_undecided; // lines of oversized top-level objects not yet known to be records
    QByteArray m_lastString;         // the last string closed at depth 1 of a top-level object (a key)
    QByteArray m_current;            // the record being captured
    bool m_capturing = false;
    bool m_oversized = false; // the record being captured passed MaxRecordBytes
    qint64 m_recordLine = 0;
    qint64 m_recordOffset = 0; // where the record being captured starts in the input
    qint64 m_offset = 0;       // of the start of the data being fed
    bool m_endsWithLineEnd = false;
    qint64 m_line = 1;
    qint64 m_truncatedLine = 0;
    Span m_truncated;
    qint64 m_oversizedRecords = 0;
    Span m_firstOversized;
    QString m_containerKey;
    QString m_error;
};

} // namespace alc::history
