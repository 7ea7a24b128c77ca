#include "listfile.h"

#include "cidrparser.h"

#include <files/savefile.h>

#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>
#include <array>
#include <cstdio>

namespace alc {
namespace {

constexpr qint64 MaxListFileBytes = 16 * 1024 * 1024;
constexpr qsizetype MaxQuoted = 40; // a hostile cell is quoted in part, never echoed in full

const auto Utf16Advice = QStringLiteral("is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8) and open it again");

// Excel's "Unicode Text" and Notepad's "Unicode" are UTF-16: a BOM, which UTF-8 never has.
bool hasUtf16Bom(const QByteArray &content)
{
    return content.startsWith("\xFF\xFE") || content.startsWith("\xFE\xFF");
}

// Without a BOM, ASCII text in UTF-16 has a NUL in every other byte. Only for files: text with NUL
// bytes is otherwise refused as binary, whereas parse() reads whatever UTF-8 it is given.
bool looksLikeUtf16(const QByteArray &content)
{
    if (hasUtf16Bom(content))
        return true;
    const qsizetype pairs = std::min<qsizetype>(content.size(), 512) / 2;
    if (pairs < 2)
        return false;
    qsizetype evenNuls = 0;
    qsizetype oddNuls = 0;
    for (qsizetype i = 0; i < pairs * 2; ++i) {
        if (content.at(i) == '\0')
            ++(i % 2 ? oddNuls : evenNuls);
    }
    return (evenNuls == 0 && oddNuls * 4 >= pairs * 3) || (oddNuls == 0 && evenNuls * 4 >= pairs * 3);
}

// The 1-based line of the first byte sequence that is not UTF-8. A line feed is never part of a
// UTF-8 sequence, so each line can be checked on its own.
qsizetype firstNonUtf8Line(const QByteArray &content)
{
    qsizetype line = 1;
    for (qsizetype start = 0; start < content.size(); ++line) {
        qsizetype end = content.indexOf('\n', start);
        end = end < 0 ? content.size() : end + 1; // with its line feed: a sequence cut there is an error
        QStringDecoder decoder(QStringDecoder::Utf8);
        // decode() is lazy: it runs when its result becomes a QString.
        const QString decoded = decoder.decode(QByteArrayView(content).sliced(start, end - start));
        if (decoder.hasError())
            return line;
        start = end;
    }
    return std::max<qsizetype>(1, line - 1);
}

QString decodeUtf8(const QByteArray &content, QString &text)
{
    if (hasUtf16Bom(content))
        return QStringLiteral("the file ") + Utf16Advice;
    QStringDecoder decoder(QStringDecoder::Utf8);
    text = decoder.decode(content);
    if (decoder.hasError())
        return QStringLiteral("line %1 is not UTF-8 text: save the file as UTF-8 and open it again")
            .arg(firstNonUtf8Line(content));
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    return {};
}

// Lines without their LF or CRLF ends. A lone CR (classic Mac) is refused, as the history importer
// refuses it: read as part of a line it would merge several entries into one.
QString splitLines(QStringView text, QList<QStringView> &lines)
{
    lines = text.split(u'\n');
    if (lines.constLast().isEmpty())
        lines.removeLast(); // the newline that ends the last line
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringView &line = lines[i];
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.contains(u'\r')) {
            return QStringLiteral("line %1 has a lone carriage return (CR, an old Mac line end): save the file with "
                                  "LF or CRLF line ends and open it again")
                .arg(i + 1);
        }
    }
    return {};
}

QString quoted(QStringView text)
{
    return text.size() > MaxQuoted ? text.left(MaxQuoted).toString() + QStringLiteral("…") : text.toString();
}

// What a "word=value" segment of a comment is: label text (vlan=12, ticket=CHG1), one of the two
// keys in any case, or a near miss of one (expiry=, Expire=, owned_by=) that must not pass for
// label text while the admin believes an expiry or owner is set.
enum class KeyKind { Label, Owner, Expires, NearMiss };

KeyKind keyKind(QStringView key)
{
    if (key.compare(u"owner", Qt::CaseInsensitive) == 0)
        return KeyKind::Owner;
    if (key.compare(u"expires", Qt::CaseInsensitive) == 0)
        return KeyKind::Expires;
    for (const QStringView stem : {u"exp", u"own", u"until", u"valid"}) {
        if (key.startsWith(stem, Qt::CaseInsensitive))
            return KeyKind::NearMiss;
    }
    return KeyKind::Label;
}

// "word=value" in a comment reads as metadata; returns the word, or a null view for label text.
QStringView metadataKey(QStringView segment)
{
    const qsizetype equals = segment.indexOf(u'=');
    if (equals < 0)
        return {};
    const QStringView key = segment.left(equals).trimmed();
    if (key.isEmpty() || key.size() > 32 || !key.front().isLetter())
        return {};
    const bool word =
        std::all_of(key.begin(), key.end(), [](QChar c) { return c.isLetterOrNumber() || c == u'_' || c == u'-'; });
    return word ? key : QStringView();
}

// The comment of an entry line: its label, then "owner=" and "expires=" in any case. Another
// "key=value" is label text (as files written before kept it), except a near miss of a key, which
// is refused: "Expiry=2027-01-01" must not pass for an expiry date.
QString parseComment(QStringView comment, AllowlistEntry &entry, int line)
{
    QStringList labelParts;
    bool hasOwner = false;
    bool hasExpiry = false;
    for (QStringView part : comment.split(u';')) {
        const QStringView trimmed = part.trimmed();
        const QStringView key = metadataKey(trimmed);
        const KeyKind kind = key.isNull() ? KeyKind::Label : keyKind(key);
        if (kind == KeyKind::Label) {
            labelParts.append(part.toString());
            continue;
        }
        const QStringView value = trimmed.mid(trimmed.indexOf(u'=') + 1).trimmed();
        const bool isOwner = kind == KeyKind::Owner;
        if (kind == KeyKind::NearMiss) {
            return QStringLiteral("line %1: '%2=' is not a key of a list file: write owner= or expires=YYYY-MM-DD "
                                  "(or '%2:' to keep it in the label)")
                .arg(line)
                .arg(key);
        }
        if (std::exchange(isOwner ? hasOwner : hasExpiry, true))
            return QStringLiteral("line %1: %2= is given twice; keep one")
                .arg(line)
                .arg(isOwner ? u"owner" : u"expires");
        if (isOwner) {
            entry.owner = value.toString();
        } else {
            entry.expiry = parseExpiryDate(value);
            if (!entry.expiry.isValid())
                return QStringLiteral("line %1: expires=%2 is not a date (YYYY-MM-DD)").arg(line).arg(value);
        }
    }
    entry.label = labelParts.join(u';').trimmed();
    return {};
}

// An entry line of a list file: "CIDR  # label; owner=…; expires=…".
QString parseEntryLine(QStringView line, qsizetype hash, AllowlistEntry &entry, int lineNumber)
{
    entry.text = (hash < 0 ? line : line.left(hash)).trimmed().toString();
    entry.sourceLine = lineNumber;
    return hash < 0 ? QString() : parseComment(line.mid(hash + 1), entry, lineNumber);
}

// RFC 4180 fields of one CSV line (quoted commas, doubled quotes); a quoted line break is not
// supported, so a quote left open is refused rather than swallowing the lines after it.
bool splitCsvLine(QStringView line, QStringList &fields)
{
    QString field;
    bool inQuotes = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (inQuotes) {
            if (c != u'"')
                field += c;
            else if (i + 1 < line.size() && line.at(i + 1) == u'"')
                field += line.at(++i);
            else
                inQuotes = false;
        } else if (c == u',') {
            fields.append(field.trimmed());
            field.clear();
        } else if (c == u'"' && field.trimmed().isEmpty()) {
            field.clear();
            inQuotes = true;
        } else {
            field += c;
        }
    }
    fields.append(field.trimmed());
    return !inQuotes;
}

bool isCsvPath(const QString &path)
{
    return path.endsWith(u".csv", Qt::CaseInsensitive);
}

const QStringList CsvColumns = {QStringLiteral("cidr"), QStringLiteral("label"), QStringLiteral("owner"),
                                QStringLiteral("expires")};

// Where each of the four columns is: in that order, or as a header row names them.
struct CsvLayout
{
    std::array<qsizetype, 4> at{0, 1, 2, 3}; // cidr, label, owner, expires; -1: not in the file

    QString value(const QStringList &fields, int column) const
    {
        return at[std::size_t(column)] < 0 ? QString() : fields.value(at[std::size_t(column)]);
    }
    bool isUsed(qsizetype position) const { return std::find(at.begin(), at.end(), position) != at.end(); }
};

// The column a header cell names, or -1.
int csvColumnNamed(const QString &cell)
{
    static const std::pair<QLatin1StringView, int> names[] = {
        {QLatin1StringView("cidr"), 0},      {QLatin1StringView("network"), 0},     {QLatin1StringView("ip"), 0},
        {QLatin1StringView("address"), 0},   {QLatin1StringView("entry"), 0},       {QLatin1StringView("label"), 1},
        {QLatin1StringView("name"), 1},      {QLatin1StringView("description"), 1}, {QLatin1StringView("comment"), 1},
        {QLatin1StringView("owner"), 2},     {QLatin1StringView("expires"), 3},     {QLatin1StringView("expiry"), 3},
        {QLatin1StringView("expiration"), 3}};
    for (const auto &[name, column] : names) {
        if (cell.compare(name, Qt::CaseInsensitive) == 0)
            return column;
    }
    return -1;
}

// A header row names the CIDR column and holds no network. Its cells set the layout: a header
// "cidr,owner,label" swapped owner and label when the order was fixed. A cell that names none of
// the columns is refused: its values would be dropped.
QString readCsvHeader(const QStringList &fields, int line, CsvLayout &layout, bool &isHeader)
{
    isHeader =
        std::any_of(fields.begin(), fields.end(), [](const QString &f) { return csvColumnNamed(f) == 0; }) &&
        std::none_of(fields.begin(), fields.end(), [](const QString &f) { return CidrParser::parse(f).isIpv4(); });
    if (!isHeader)
        return {};
    layout.at.fill(-1);
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (fields.at(i).isEmpty())
            continue;
        const int column = csvColumnNamed(fields.at(i));
        if (column < 0)
            return QStringLiteral("line %1: the header's column '%2' is none of cidr, label, owner, expires")
                .arg(line)
                .arg(quoted(fields.at(i)));
        if (layout.at[std::size_t(column)] >= 0)
            return QStringLiteral("line %1: the header names the %2 column twice").arg(line).arg(CsvColumns.at(column));
        layout.at[std::size_t(column)] = i;
    }
    return {};
}

} // namespace

ListFile::ReadResult ListFile::parse(const QByteArray &content)
{
    ReadResult result;
    QString text;
    QList<QStringView> lines;
    if (result.error = decodeUtf8(content, text); !result.ok())
        return result;
    if (result.error = splitLines(text, lines); !result.ok())
        return result;
    QStringList pending; // comment and blank lines waiting for the next entry
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringView line = lines.at(i);
        const qsizetype hash = line.indexOf(u'#');
        if ((hash < 0 ? line : line.left(hash)).trimmed().isEmpty()) {
            pending.append(line.toString());
            continue;
        }
        AllowlistEntry entry;
        if (result.error = parseEntryLine(line, hash, entry, int(i + 1)); !result.ok())
            return result;
        entry.commentsBefore = std::exchange(pending, {});
        result.list.entries().append(std::move(entry));
    }
    result.list.setTrailingComments(pending);
    return result;
}

ListFile::ReadResult ListFile::parseCsv(const QByteArray &content)
{
    ReadResult result;
    QString text;
    QList<QStringView> lines;
    if (result.error = decodeUtf8(content, text); !result.ok())
        return result;
    if (result.error = splitLines(text, lines); !result.ok())
        return result;
    QStringList pending; // comment and blank lines, kept as in a list file
    CsvLayout layout;
    bool firstRow = true;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringView line = lines.at(i);
        const int lineNumber = int(i + 1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(u'#')) {
            pending.append(line.toString());
            continue;
        }
        AllowlistEntry entry;
        // A '#' in the first cell makes the row a list-file line, whatever commas its comment has.
        const qsizetype hash = line.indexOf(u'#');
        if (hash >= 0 && !line.left(hash).contains(u',') && !line.left(hash).contains(u'"')) {
            if (result.error = parseEntryLine(line, hash, entry, lineNumber); !result.ok())
                return result;
            entry.commentsBefore = std::exchange(pending, {});
            result.list.entries().append(std::move(entry));
            continue;
        }
        QStringList fields;
        if (!splitCsvLine(line, fields)) {
            result.error = QStringLiteral("line %1: a quoted field is not closed on this line").arg(lineNumber);
            return result;
        }
        if (std::exchange(firstRow, false)) {
            bool isHeader = false;
            if (result.error = readCsvHeader(fields, lineNumber, layout, isHeader); !result.ok())
                return result;
            if (isHeader)
                continue; // comment lines above it stay with the first entry
        }
        entry.text = layout.value(fields, 0);
        entry.label = layout.value(fields, 1);
        entry.owner = layout.value(fields, 2);
        entry.sourceLine = lineNumber;
        // "62.210.16.0/24,51.15.0.10/32" is two networks on one row, not a network and its label.
        for (int column : {1, 2}) {
            if (CidrParser::parse(layout.value(fields, column)).isIpv4()) {
                result.error = QStringLiteral("line %1: the %2 column holds '%3', a network: put each network on a "
                                              "row of its own (columns: cidr,label,owner,expires)")
                                   .arg(lineNumber)
                                   .arg(CsvColumns.at(column), layout.value(fields, column));
                return result;
            }
        }
        if (const QString expires = layout.value(fields, 3); !expires.isEmpty()) {
            entry.expiry = parseExpiryDate(expires);
            if (!entry.expiry.isValid()) {
                result.error = QStringLiteral("line %1: expires '%2' is not a date (YYYY-MM-DD)")
                                   .arg(lineNumber)
                                   .arg(quoted(expires));
                return result;
            }
        }
        for (qsizetype column = 0; column < fields.size(); ++column) {
            if (!fields.at(column).isEmpty() && !layout.isUsed(column)) {
                result.error = QStringLiteral("line %1: column %2 holds '%3', but a list has four columns "
                                              "(cidr,label,owner,expires)")
                                   .arg(lineNumber)
                                   .arg(column + 1)
                                   .arg(quoted(fields.at(column)));
                return result;
            }
        }
        entry.commentsBefore = std::exchange(pending, {});
        result.list.entries().append(std::move(entry));
    }
    result.list.setTrailingComments(pending);
    return result;
}

ListFile::ReadResult ListFile::read(const QString &path)
{
    // A FIFO blocks until someone writes to it and a device may never end: a list is a regular
    // file (or standard input, "-").
    if (const QFileInfo info(path); path != u"-" && info.exists() && !info.isFile()) {
        ReadResult result;
        result.error = QStringLiteral("%1 is not a regular file; not an allowlist").arg(path);
        return result;
    }
    QFile file;
    const bool opened =
        path == u"-" ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        ReadResult result;
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    const QByteArray content = file.read(MaxListFileBytes + 1);
    if (content.size() > MaxListFileBytes) {
        ReadResult result;
        result.error = QStringLiteral("%1 is larger than 16 MiB; an allowlist file is a few kilobytes").arg(path);
        return result;
    }
    if (looksLikeUtf16(content)) {
        ReadResult result;
        result.error = path + u' ' + Utf16Advice;
        return result;
    }
    if (content.contains('\0')) {
        ReadResult result;
        result.error = QStringLiteral("%1 is a binary file, not an allowlist").arg(path);
        return result;
    }
    ReadResult result = isCsvPath(path) ? parseCsv(content) : parse(content);
    if (!result.ok())
        result.error = path + QStringLiteral(": ") + result.error;
    return result;
}

namespace {

// Text that came from elsewhere (a session, a CSV cell) must not break the line format: a newline
// would start a new line and a '#' would turn the rest into a comment.
QString oneLine(QString text, bool isEntryText)
{
    text.replace(u'\r', u' ').replace(u'\n', u' ');
    if (isEntryText)
        text.replace(u'#', u'?');
    return text;
}

// A label segment that reads like one of the keys (or a near miss) would come back as metadata,
// or be refused; other "key=value" text is read back as label text and kept as it is.
QString labelText(const QString &label)
{
    QStringList parts = oneLine(label, false).split(u';');
    for (QString &part : parts) {
        const QStringView key = metadataKey(QStringView(part).trimmed());
        if (!key.isNull() && keyKind(key) != KeyKind::Label)
            part.replace(part.indexOf(u'='), 1, u':');
    }
    return parts.join(u';');
}

QString commentLine(const QString &line)
{
    const QString flat = oneLine(line, false);
    return flat.trimmed().isEmpty() || flat.trimmed().startsWith(u'#') ? flat : QStringLiteral("# ") + flat;
}

// The comment of an entry line: "  # label; owner=…; expires=…", or nothing.
QString entryComment(const AllowlistEntry &entry)
{
    QStringList meta;
    if (!entry.label.isEmpty())
        meta.append(labelText(entry.label));
    if (!entry.owner.isEmpty())
        meta.append(QStringLiteral("owner=") + oneLine(entry.owner, false).replace(u';', u','));
    if (entry.expiry.isValid())
        meta.append(QStringLiteral("expires=") + entry.expiry.toString(Qt::ISODate));
    return meta.isEmpty() ? QString() : QStringLiteral("  # ") + meta.join(QStringLiteral("; "));
}

// A CSV cell as the reader will see it: one line, trimmed.
QString csvCell(const QString &value)
{
    return oneLine(value, false).trimmed();
}

QString csvField(QString cell)
{
    if (!cell.contains(u',') && !cell.contains(u'"'))
        return cell;
    return u'"' + cell.replace(u'"', QStringLiteral("\"\"")) + u'"';
}

} // namespace

QByteArray ListFile::serialize(const Allowlist &list)
{
    QString out;
    for (const AllowlistEntry &entry : list.entries()) {
        for (const QString &comment : entry.commentsBefore)
            out += commentLine(comment) + u'\n';
        if (entry.text.trimmed().isEmpty())
            out += QStringLiteral("# (empty entry)");
        out += oneLine(entry.text, true) + entryComment(entry) + u'\n';
    }
    for (const QString &comment : list.trailingComments())
        out += commentLine(comment) + u'\n';
    return out.toUtf8();
}

QByteArray ListFile::serializeCsv(const Allowlist &list)
{
    QString out = CsvColumns.join(u',') + u'\n';
    for (const AllowlistEntry &entry : list.entries()) {
        for (const QString &comment : entry.commentsBefore)
            out += commentLine(comment) + u'\n';
        QString text = oneLine(entry.text, true).trimmed();
        const QString label = csvCell(entry.label);
        const QString owner = csvCell(entry.owner);
        if (text.isEmpty()) {
            out += QStringLiteral("# (empty entry)") + entryComment(entry) + u'\n';
        } else if (CidrParser::parse(label).isIpv4() || CidrParser::parse(owner).isIpv4()) {
            // A network in the label or owner column is refused on reading: a list-file line keeps
            // it. Its text must not look like CSV; with a ',' or '"' it is malformed anyway.
            out += text.replace(u',', u'?').replace(u'"', u'?') + entryComment(entry) + u'\n';
        } else {
            out += csvField(text) + u',' + csvField(label) + u',' + csvField(owner) + u',' +
                   entry.expiry.toString(Qt::ISODate) + u'\n';
        }
    }
    for (const QString &comment : list.trailingComments())
        out += commentLine(comment) + u'\n';
    return out.toUtf8();
}

bool ListFile::write(const QString &path, const Allowlist &list, QString *error)
{
    return writeFileAtomically(path, isCsvPath(path) ? serializeCsv(list) : serialize(list), error);
}

} // namespace alc
