#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace alc::history {

// Finds the records of a JSON sign-in export without loading the document: the elements of a
// top-level array (Okta), of the "value" (Microsoft Graph) or "entities"/"results" (Genesys
// Cloud) array of a top-level object, or top-level objects one after another (newline-delimited
// JSON: Entra diagnostic-setting archives, SIEM exports). Each record's bytes are handed over as
// soon as it closes, so memory stays at one record however large the file is.
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
    QString error() const { return m_error; }
    qint64 truncatedRecordLine() const { return m_truncatedLine; }

private:
    void capture(const char *data, qsizetype size);
    // Whether the string being read may be a key of the top-level object (the records' array's).
    bool collectingKeys() const { return m_topIsObject && m_depth == 1 && m_recordDepth == 0 && !m_lines; }

    RecordHandler m_handler;
    int m_depth = 0;
    int m_recordDepth = 0; // depth inside the records array; 0 until found
    bool m_inString = false;
    bool m_escape = false;
    bool m_started = false;
    bool m_topIsObject = false;
    bool m_afterColon = false;
    bool m_recordsDone = false;
    bool m_lines = false;        // top-level objects are the records (one per line)
    bool m_skippingLine = false; // past a line between such records that is no record
    QByteArray m_lastString; // the last string closed at depth 1 of a top-level object (a key)
    QByteArray m_current;    // the record being captured
    bool m_capturing = false;
    bool m_oversized = false; // the record being captured passed MaxRecordBytes
    qint64 m_recordLine = 0;
    qint64 m_line = 1;
    qint64 m_truncatedLine = 0;
    QString m_containerKey;
    QString m_error;
};

} // namespace alc::history
