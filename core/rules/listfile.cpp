#include "listfile.h"

#include <QDate>
#include <QFile>
#include <QSaveFile>
#include <QStringDecoder>

#include <cstdio>

namespace alc {
namespace {

constexpr qint64 MaxListFileBytes = 16 * 1024 * 1024;

QString parseComment(QStringView comment, AllowlistEntry &entry, int line)
{
    QStringList labelParts;
    for (QStringView part : comment.split(u';')) {
        const QStringView trimmed = part.trimmed();
        if (trimmed.startsWith(u"owner=")) {
            entry.owner = trimmed.mid(6).trimmed().toString();
        } else if (trimmed.startsWith(u"expires=")) {
            const QStringView value = trimmed.mid(8).trimmed();
            entry.expiry = QDate::fromString(value.toString(), Qt::ISODate);
            if (!entry.expiry.isValid() || value.size() != 10)
                return QStringLiteral("line %1: expires=%2 is not a date (YYYY-MM-DD)").arg(line).arg(value);
        } else {
            labelParts.append(part.toString());
        }
    }
    entry.label = labelParts.join(u';').trimmed();
    return {};
}

} // namespace

ListFile::ReadResult ListFile::parse(const QByteArray &content)
{
    ReadResult result;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(content);
    if (decoder.hasError()) {
        result.error = QStringLiteral("the file is not UTF-8 text");
        return result;
    }
    QStringList pending; // comment and blank lines waiting for the next entry
    int lineNumber = 0;
    QStringView rest(text);
    if (rest.startsWith(QChar(0xfeff)))
        rest = rest.mid(1);
    const auto lines = rest.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringView line = lines.at(i);
        ++lineNumber;
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (i == lines.size() - 1 && line.isEmpty())
            break; // the newline that ends the last line
        const qsizetype hash = line.indexOf(u'#');
        const QStringView cidr = (hash < 0 ? line : line.left(hash)).trimmed();
        if (cidr.isEmpty()) {
            pending.append(line.toString());
            continue;
        }
        AllowlistEntry entry;
        entry.text = cidr.toString();
        entry.sourceLine = lineNumber;
        entry.commentsBefore = std::exchange(pending, {});
        if (hash >= 0) {
            const QString error = parseComment(line.mid(hash + 1), entry, lineNumber);
            if (!error.isEmpty()) {
                result.error = error;
                return result;
            }
        }
        result.list.entries().append(std::move(entry));
    }
    result.list.setTrailingComments(pending);
    return result;
}

ListFile::ReadResult ListFile::parseCsv(const QByteArray &content)
{
    ReadResult result;
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(content);
    if (decoder.hasError()) {
        result.error = QStringLiteral("the file is not UTF-8 text");
        return result;
    }
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    const auto lines = QStringView(text).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringView line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(u'#'))
            continue;
        QStringList fields;
        for (QStringView field : line.split(u','))
            fields.append(field.trimmed().toString().remove(u'"'));
        const QString first = fields.value(0).toLower();
        if (i == 0 && (first == u"cidr" || first == u"network" || first == u"ip" || first == u"address"))
            continue; // header row
        AllowlistEntry entry;
        entry.text = fields.value(0);
        entry.label = fields.value(1);
        if (const qsizetype hash = entry.text.indexOf(u'#'); hash >= 0) {
            if (entry.label.isEmpty())
                entry.label = entry.text.mid(hash + 1).trimmed();
            entry.text = entry.text.left(hash).trimmed();
        }
        entry.owner = fields.value(2);
        entry.sourceLine = int(i + 1);
        if (!fields.value(3).isEmpty()) {
            entry.expiry = QDate::fromString(fields.value(3), Qt::ISODate);
            if (!entry.expiry.isValid()) {
                result.error =
                    QStringLiteral("line %1: expires '%2' is not a date (YYYY-MM-DD)").arg(i + 1).arg(fields.value(3));
                return result;
            }
        }
        result.list.entries().append(entry);
    }
    return result;
}

ListFile::ReadResult ListFile::read(const QString &path)
{
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
    if (content.contains('\0')) {
        ReadResult result;
        result.error = QStringLiteral("%1 is a binary file, not an allowlist").arg(path);
        return result;
    }
    ReadResult result = path.endsWith(u".csv", Qt::CaseInsensitive) ? parseCsv(content) : parse(content);
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

// A label segment that reads like "owner=…" or "expires=…" would come back as metadata.
QString labelText(const QString &label)
{
    QStringList parts = oneLine(label, false).split(u';');
    for (QString &part : parts) {
        const QString trimmed = part.trimmed();
        if (trimmed.startsWith(u"owner=") || trimmed.startsWith(u"expires="))
            part.replace(part.indexOf(u'='), 1, u':');
    }
    return parts.join(u';');
}

QString commentLine(const QString &line)
{
    const QString flat = oneLine(line, false);
    return flat.trimmed().isEmpty() || flat.trimmed().startsWith(u'#') ? flat : QStringLiteral("# ") + flat;
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
        out += oneLine(entry.text, true);
        QStringList meta;
        if (!entry.label.isEmpty())
            meta.append(labelText(entry.label));
        if (!entry.owner.isEmpty())
            meta.append(QStringLiteral("owner=") + oneLine(entry.owner, false).replace(u';', u','));
        if (entry.expiry.isValid())
            meta.append(QStringLiteral("expires=") + entry.expiry.toString(Qt::ISODate));
        if (!meta.isEmpty())
            out += QStringLiteral("  # ") + meta.join(QStringLiteral("; "));
        out += u'\n';
    }
    for (const QString &comment : list.trailingComments())
        out += commentLine(comment) + u'\n';
    return out.toUtf8();
}

bool ListFile::write(const QString &path, const Allowlist &list, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(serialize(list)) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace alc
