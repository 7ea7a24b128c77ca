#pragma once

#include "fieldparsing.h"
#include "historyformat.h"
#include "historyimporter.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alc::history {

enum CsvRole { TimeRole, UserRole, IpRole, AppRole, ResultRole, EventTypeRole, RoleCount };

// What the header row says: the delimiter, the format, and where each field we use is.
struct CsvLayout
{
    char delimiter = ',';
    HistoryFormat format = HistoryFormat::Generic;
    std::array<int, RoleCount> columns{-1, -1, -1, -1, -1, -1};
    std::vector<int> roleOfColumn; // -1 for columns we do not read
    int lastColumn = -1;           // after it, the rest of a record is skipped unparsed
    qint64 dataOffset = 0;         // byte offset of the first data record
    qint64 headerLines = 1;
    DateOrder dateOrder = DateOrder::MonthFirst; // how slashed dates are read
    QStringList headers;                         // the header row's names, trimmed, for messages
};

// Reads the header at the start of head (the first bytes of the file). On failure returns nullopt
// and a message for the user.
std::optional<CsvLayout> readCsvHeader(const QByteArray &head, bool headIsWholeFile, HistoryFormat forced,
                                       const ColumnMapping &mapping, QString &error);

// RFC 4180 records straight from a byte buffer. Fields we do not use are skipped without being
// copied; a quoted field is unescaped only when it contains doubled quotes.
class CsvRecordParser final
{
public:
    enum class Status { Complete, Incomplete };

    explicit CsvRecordParser(const CsvLayout &layout)
        : m_layout(layout)
    {}

    // Parses the record at p. Incomplete means the record runs past end and more data is needed
    // (never returned when atEof). On Complete, next is where the following record starts.
    Status parse(const char *p, const char *end, bool atEof, const char *&next);

    // The fast path for the common record: no quote character, no lone CR and a line end inside [p, end).
    // Scans 16 bytes at a time for the delimiter and the line end and yields exactly what parse()
    // would; returns false, having decided nothing, for any other record.
    bool parsePlain(const char *p, const char *end, const char *&next);

    std::string_view field(CsvRole role) const { return m_fields[role]; }
    int fieldCount() const { return m_fieldCount; }
    qint64 lines() const { return m_lines; } // physical lines the record spans
    bool isBlank() const { return m_blank; }
    bool isMalformed() const { return m_malformed; }
    // Why a malformed record is one: UnclosedQuote for a stray quote, MalformedRecord otherwise.
    BadRowReason malformedReason() const { return m_reason; }
    // Whether the record ended in a lone CR (not followed by LF), which is read as a line end.
    bool endsInLoneCr() const { return m_loneCr; }
    // Some field() views point into the parser's own buffer and die with the next parse().
    bool usesOwnBuffer() const { return m_usesOwnBuffer; }

private:
    // A quoted field that opened on this record's first line but cannot be a field of one sign-in:
    // the record is one bad row and the next record starts on the line after that first line.
    Status strayQuote(const char *recordStart, const char *end, const char *&next);
    // Whether the complete lines inside a quoted field's [from, to) include one that reads as a
    // whole record of this file: then the quote swallowed rows, it did not quote a field.
    bool holdsRecordLine(const char *from, const char *to) const;

    const CsvLayout &m_layout;
    std::array<std::string_view, RoleCount> m_fields;
    std::array<std::string, RoleCount> m_unescaped;
    int m_fieldCount = 0;
    qint64 m_lines = 1;
    bool m_blank = false;
    bool m_malformed = false;
    BadRowReason m_reason = BadRowReason::MalformedRecord;
    bool m_usesOwnBuffer = false;
    bool m_loneCr = false;
};

} // namespace alc::history
