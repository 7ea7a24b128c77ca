#include "csvreader.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace alc::history {

namespace {

// The first line break in [from, to): a '\n', or a '\r' alone or opening "\r\n" (a lone CR ends a
// line too). Two memchr calls: quoted fields are common (Entra quotes every one) and short.
const char *firstLineBreak(const char *from, const char *to)
{
    const auto *lf = static_cast<const char *>(std::memchr(from, '\n', std::size_t(to - from)));
    const auto *cr = static_cast<const char *>(std::memchr(from, '\r', std::size_t((lf ? lf : to) - from)));
    return cr ? cr : lf;
}

// Where the line after the break at `at` starts ("\r\n" is one break).
const char *pastLineBreak(const char *at, const char *to)
{
    return *at == '\r' && at + 1 < to && at[1] == '\n' ? at + 2 : at + 1;
}

// Header aliases, normalised (lower case, no spaces, underscores or dashes), best match first.
const std::array<std::vector<std::string_view>, RoleCount> &aliases()
{
    static const std::array<std::vector<std::string_view>, RoleCount> table = {{
        {"timestamp", "createddatetime", "published", "date(utc)", "datetime", "eventdate", "date", "time"},
        {"userprincipalname", "upn", "username", "actor.alternateid", "email", "user"},
        {"ipaddress", "ip", "clientip", "sourceip", "client.ipaddress", "remoteip"},
        {"application", "appdisplayname", "app", "clientapp", "client"},
        {"result", "status", "outcome", "outcome.result"},
        {"eventtype"},
    }};
    return table;
}

std::string normalise(std::string_view name)
{
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\r')
            continue;
        out.push_back(c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c);
    }
    return out;
}

char detectDelimiter(std::string_view line)
{
    int commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
        else if (!quoted && c == '\t')
            ++tabs;
    }
    if (tabs > commas && tabs >= semicolons)
        return '\t';
    if (semicolons > commas)
        return ';';
    return ',';
}

// Splits the header record; returns the fields and advances pos past it.
std::vector<std::string> splitHeader(std::string_view data, char delimiter, std::size_t &pos, qint64 &lines)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    lines = 1;
    while (pos < data.size()) {
        const char c = data[pos++];
        if (quoted) {
            if (c == '"' && pos < data.size() && data[pos] == '"') {
                fields.back().push_back('"');
                ++pos;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n')
                    ++lines;
                fields.back().push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == delimiter) {
            fields.emplace_back();
        } else if (c == '\n') {
            break;
        } else {
            fields.back().push_back(c);
        }
    }
    return fields;
}

bool has(const std::vector<std::string> &names, std::string_view name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

std::optional<CsvLayout> readCsvHeader(const QByteArray &head, bool headIsWholeFile, HistoryFormat forced,
                                       const ColumnMapping &mapping, QString &error)
{
    std::string_view data(head.constData(), std::size_t(head.size()));
    std::size_t pos = 0;
    if (data.starts_with("\xEF\xBB\xBF"))
        pos = 3;
    const std::size_t lineEnd = data.find('\n', pos);
    // Lines ending in a lone CR (classic Mac, some exports re-saved on a Mac) would read as one
    // header line and no rows at all: refused with a clear error rather than 0 sign-ins.
    bool quoted = false;
    for (std::size_t i = pos; i < std::min(lineEnd, data.size()); ++i) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (data[i] == '\r' && !quoted && i + 1 < data.size() && data[i + 1] != '\n') {
            error = QStringLiteral("line 1 ends in a lone carriage return (CR, an old Mac format): save the file "
                                   "with LF or CRLF line ends and import it again");
            return std::nullopt;
        }
    }
    if (lineEnd == std::string_view::npos && !headIsWholeFile) {
        error = QStringLiteral("the first line is longer than %1 bytes: not a CSV sign-in log").arg(head.size());
        return std::nullopt;
    }

    CsvLayout layout;
    layout.delimiter = detectDelimiter(data.substr(pos, lineEnd == std::string_view::npos ? data.npos : lineEnd - pos));
    const std::vector<std::string> headers = splitHeader(data, layout.delimiter, pos, layout.headerLines);
    layout.dataOffset = qint64(pos);
    std::vector<std::string> names;
    for (const std::string &h : headers) {
        names.push_back(normalise(h));
        layout.headers.append(QString::fromStdString(h).trimmed());
    }
    layout.roleOfColumn.assign(names.size(), -1);

    const std::array<const QString *, 5> overrides = {&mapping.timestamp, &mapping.user, &mapping.ip, &mapping.app,
                                                      &mapping.result};
    auto assign = [&layout](int role, int column) {
        layout.columns[std::size_t(role)] = column;
        layout.roleOfColumn[std::size_t(column)] = role;
        layout.lastColumn = std::max(layout.lastColumn, column);
    };
    // Mapped columns first, so detection cannot take a column the user assigned elsewhere.
    for (std::size_t role = 0; role < overrides.size(); ++role) {
        if (overrides[role]->isEmpty())
            continue;
        const std::string wanted = normalise(overrides[role]->toStdString());
        const auto it = std::find(names.begin(), names.end(), wanted);
        if (it == names.end()) {
            error = QStringLiteral("the mapped column '%1' is not in the header").arg(*overrides[role]);
            return std::nullopt;
        }
        assign(int(role), int(it - names.begin()));
    }
    for (int role = 0; role < RoleCount; ++role) {
        if (layout.columns[std::size_t(role)] >= 0)
            continue;
        for (std::string_view alias : aliases()[std::size_t(role)]) {
            const auto it = std::find(names.begin(), names.end(), alias);
            if (it != names.end() && layout.roleOfColumn[std::size_t(it - names.begin())] < 0) {
                assign(role, int(it - names.begin()));
                break;
            }
        }
    }

    if (forced == HistoryFormat::Genesys) {
        error = QStringLiteral("Genesys Cloud audit results are JSON, but this file reads as CSV");
        return std::nullopt;
    }
    if (forced != HistoryFormat::Auto)
        layout.format = forced;
    else if (has(names, "eventtype") || has(names, "client.ipaddress") || has(names, "actor.alternateid"))
        layout.format = HistoryFormat::Okta;
    else if (has(names, "date(utc)") || has(names, "signinerrorcode") || has(names, "correlationid"))
        layout.format = HistoryFormat::Entra;
    else
        layout.format = HistoryFormat::Generic;
    if (layout.format != HistoryFormat::Okta && layout.columns[EventTypeRole] >= 0) {
        layout.roleOfColumn[std::size_t(layout.columns[EventTypeRole])] = -1;
        layout.columns[EventTypeRole] = -1;
    }

    // Two columns with the name of one the importer reads: which one holds the sign-in's value cannot
    // be told, and taking the first silently could read the wrong address, user or time.
    for (const int column : layout.columns) {
        if (column < 0)
            continue;
        const auto first = std::find(names.begin(), names.end(), names[std::size_t(column)]);
        const auto second = std::find(first + 1, names.end(), names[std::size_t(column)]);
        if (second != names.end()) {
            error = QStringLiteral("the header names the '%1' column twice (columns %2 and %3): rename or remove "
                                   "one, or the importer cannot tell which to read")
                        .arg(layout.headers.at(column))
                        .arg(first - names.begin() + 1)
                        .arg(second - names.begin() + 1);
            return std::nullopt;
        }
    }
    if (layout.columns[IpRole] < 0) {
        error = QStringLiteral("not a recognised sign-in log: no IP address column (looked for ip, ip address, "
                               "ipAddress, client ip, source ip, client.ipAddress, remoteIp; name it with --column "
                               "ip=HEADER, or in the import dialog; the first line has: %1)")
                    .arg(layout.headers.join(QStringLiteral(", ")).left(200));
        return std::nullopt;
    }
    return layout;
}

CsvRecordParser::Status CsvRecordParser::strayQuote(const char *recordStart, const char *end, const char *&next)
{
    m_fields.fill({});
    m_malformed = true;
    m_reason = BadRowReason::UnclosedQuote;
    m_lines = 1;
    m_fieldCount = 0;
    m_usesOwnBuffer = false;
    const char *lineBreak = firstLineBreak(recordStart, end);
    next = lineBreak ? pastLineBreak(lineBreak, end) : end;
    return Status::Complete;
}

bool CsvRecordParser::holdsRecordLine(const char *from, const char *to) const
{
    // A record line: no more fields than the header, an IP address in the IP column and, when the
    // file has a time column, a timestamp in it. Prose and payloads in a message field do not read
    // that way; the rows a stray quote swallowed do.
    const int ipColumn = m_layout.columns[IpRole];
    const int timeColumn = m_layout.columns[TimeRole];
    const auto columnCount = int(m_layout.roleOfColumn.size());
    const char *lineBreak = firstLineBreak(from, to);
    while (lineBreak) {
        const char *line = pastLineBreak(lineBreak, to);
        const char *lineEnd = firstLineBreak(line, to);
        if (!lineEnd)
            return false; // the field's last line runs on to the quote: not a whole line
        const std::string_view text(line, std::size_t(lineEnd - line));
        std::string_view ip, time;
        int fields = 0;
        for (std::size_t at = 0; fields <= columnCount; ++fields) {
            const std::size_t delimiter = text.find(m_layout.delimiter, at);
            const std::string_view field = text.substr(at, delimiter == text.npos ? text.npos : delimiter - at);
            if (fields == ipColumn)
                ip = field;
            if (fields == timeColumn)
                time = field;
            if (delimiter == text.npos) {
                ++fields;
                break;
            }
            at = delimiter + 1;
        }
        quint32 v4 = 0;
        std::string_view v6;
        qint64 seconds = 0;
        if (fields <= columnCount && fields > std::max(ipColumn, timeColumn)) {
            const IpKind kind = parseIp(ip, v4, v6);
            if ((kind == IpKind::V4 || kind == IpKind::V6) &&
                (timeColumn < 0 ||
                 (!trimmed(time).empty() && parseTimestamp(time, seconds, nullptr, m_layout.dateOrder))))
                return true;
        }
        lineBreak = lineEnd;
    }
    return false;
}

CsvRecordParser::Status CsvRecordParser::parse(const char *p, const char *end, bool atEof, const char *&next)
{
    m_fields.fill({});
    m_fieldCount = 0;
    m_lines = 1;
    m_blank = false;
    m_malformed = false;
    m_reason = BadRowReason::MalformedRecord;
    m_usesOwnBuffer = false;
    m_loneCr = false;
    const char delimiter = m_layout.delimiter;
    const int lastColumn = m_layout.lastColumn;
    const auto columnCount = int(m_layout.roleOfColumn.size());
    const char *const recordStart = p;
    int column = 0;
    // At the byte that stopped a field (a delimiter, '\n', '\r' or the end): steps over the CR of a
    // CRLF; a lone CR ends the record too (an export re-saved on a Mac, two files joined). False
    // when the next byte, not yet read, decides.
    const auto atFieldEnd = [&](const char *&q) {
        if (q == end)
            return atEof;
        if (*q == '\r') {
            if (q + 1 == end) {
                m_loneCr = atEof; // the file's last byte: no LF follows it either
                return atEof;
            }
            if (q[1] == '\n')
                ++q;
            else
                m_loneCr = true;
        }
        return true;
    };

    while (true) {
        if (column > lastColumn) {
            // Nothing more to read: jump to the end of the line unless a quote could hide a newline.
            const auto *newline = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
            const char *lineEnd = newline ? newline : end;
            const auto *cr = static_cast<const char *>(std::memchr(p, '\r', std::size_t(lineEnd - p)));
            if (!std::memchr(p, '"', std::size_t(lineEnd - p)) && (!cr || cr + 1 == lineEnd)) {
                if (!newline && !atEof)
                    return Status::Incomplete;
                if (cr && !newline)
                    m_loneCr = true; // the file ends in CR
                m_fieldCount = column + 1;
                next = newline ? newline + 1 : end;
                return Status::Complete;
            }
        }

        std::string_view value;
        bool escaped = false;
        if (p < end && *p == '"') {
            const char *start = ++p;
            const char *closing = nullptr;
            bool needMore = false;
            for (const char *scan = start;;) {
                const auto *quote = static_cast<const char *>(std::memchr(scan, '"', std::size_t(end - scan)));
                if (!quote)
                    break;
                if (quote + 1 == end && !atEof) {
                    needMore = true; // a doubled quote or the closing one: the next byte says
                    break;
                }
                if (quote + 1 < end && quote[1] == '"') {
                    escaped = true;
                    scan = quote + 2;
                    continue;
                }
                closing = quote;
                break;
            }
            // A line break in a quoted field is kept, as RFC 4180 allows (a user or app name, a
            // logged message), unless the quote is a stray one that swallowed rows: the field is a
            // time, IP, result or event type (never written over lines), a whole line inside it
            // reads as a row of this file, its closing quote has text after it (another row's
            // stray quote, not a closing one) or it never closes. All are decided from the bytes
            // seen so far, so asking for more data never changes the answer.
            const char *seen = closing ? closing : needMore ? end - 1 : end;
            if (const char *newline = firstLineBreak(start, seen)) {
                const int role = column < columnCount ? m_layout.roleOfColumn[std::size_t(column)] : -1;
                const bool textAfter =
                    closing && closing + 1 < end && closing[1] != delimiter && closing[1] != '\n' && closing[1] != '\r';
                if ((role >= 0 && role != UserRole && role != AppRole) || textAfter || holdsRecordLine(start, seen))
                    return strayQuote(recordStart, end, next);
                if (closing) {
                    // Every break inside the field ends a line of the file ("\r\n" is one).
                    for (const char *b = newline; b; b = firstLineBreak(pastLineBreak(b, closing), closing))
                        ++m_lines;
                }
            }
            if (!closing) {
                if (!atEof)
                    return Status::Incomplete;
                return strayQuote(recordStart, end, next); // the quote never closes
            }
            value = std::string_view(start, std::size_t(closing - start));
            p = closing + 1;
            while (p < end && *p != delimiter && *p != '\n' && *p != '\r')
                ++p;
            if (!atFieldEnd(p))
                return Status::Incomplete;
        } else {
            const char *start = p;
            while (p < end && *p != delimiter && *p != '\n' && *p != '\r')
                ++p;
            value = std::string_view(start, std::size_t(p - start));
            if (!atFieldEnd(p))
                return Status::Incomplete;
        }

        if (column < columnCount) {
            if (const int role = m_layout.roleOfColumn[std::size_t(column)]; role >= 0) {
                if (escaped) {
                    std::string &out = m_unescaped[std::size_t(role)];
                    out.clear();
                    for (std::size_t i = 0; i < value.size(); ++i) {
                        out.push_back(value[i]);
                        if (value[i] == '"' && i + 1 < value.size() && value[i + 1] == '"')
                            ++i;
                    }
                    value = out;
                    m_usesOwnBuffer = true;
                }
                m_fields[std::size_t(role)] = value;
            }
        }
        ++column;
        if (p < end && *p == delimiter) {
            ++p;
            continue;
        }
        m_fieldCount = column;
        m_blank = column == 1 && value.empty() && !escaped;
        next = p < end ? p + 1 : end;
        return Status::Complete;
    }
}

bool CsvRecordParser::parsePlain(const char *p, const char *end, const char *&next)
{
#if defined(__SSE2__)
    const char delimiter = m_layout.delimiter;
    const int lastColumn = m_layout.lastColumn;
    const auto columnCount = int(m_layout.roleOfColumn.size());
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    const __m128i newlines = _mm_set1_epi8('\n');
    const __m128i quotes = _mm_set1_epi8('"');
    const __m128i returns = _mm_set1_epi8('\r');
    std::array<std::string_view, RoleCount> fields;
    int column = 0;
    const char *fieldStart = p;
    // Whole 16-byte blocks only: the last bytes of a buffer are left to parse().
    for (const char *block = p; end - block >= 16; block += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block));
        auto mask = unsigned(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters), _mm_cmpeq_epi8(bytes, newlines)),
                         _mm_or_si128(_mm_cmpeq_epi8(bytes, quotes), _mm_cmpeq_epi8(bytes, returns)))));
        while (mask) {
            const char *at = block + std::countr_zero(mask);
            mask &= mask - 1;
            if (*at == '"')
                return false;
            if (*at == '\r') {
                if (at + 1 < end && at[1] == '\n')
                    continue; // CRLF: the '\n' ends the line
                return false; // a lone CR, or one whose next byte is not read yet
            }
            std::string_view value(fieldStart, std::size_t(at - fieldStart));
            const bool lineEnd = *at == '\n';
            if (lineEnd && !value.empty() && value.back() == '\r')
                value.remove_suffix(1);
            if (lineEnd && column == 0 && value.empty())
                return false; // a blank line
            if (column <= lastColumn && column < columnCount) {
                if (const int role = m_layout.roleOfColumn[std::size_t(column)]; role >= 0)
                    fields[std::size_t(role)] = value;
            }
            ++column;
            if (lineEnd) {
                m_fields = fields;
                // parse() stops counting one column past the last one it reads.
                m_fieldCount = std::min(column, lastColumn + 2);
                m_lines = 1;
                m_blank = false;
                m_malformed = false;
                m_usesOwnBuffer = false;
                m_loneCr = false;
                next = at + 1;
                return true;
            }
            fieldStart = at + 1;
        }
    }
#else
    Q_UNUSED(p);
    Q_UNUSED(end);
    Q_UNUSED(next);
#endif
    return false;
}

} // namespace alc::history
