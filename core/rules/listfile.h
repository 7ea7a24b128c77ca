#pragma once

#include "allowlist.h"

#include <QByteArray>
#include <QString>

namespace alc {

// The list file: one entry per line; '#' starts a comment; the comment on an entry line is its
// label, optionally followed by "; owner=NAME" and "; expires=YYYY-MM-DD" (keys in any case; any
// other "key=value" is an error, as are a repeated key and a lone CR line end).
//   81.2.69.0/24   # HQ Paris; owner=netops; expires=2027-03-31
class ListFile final
{
public:
    struct ReadResult
    {
        Allowlist list;
        QString error; // names the line; empty on success
        bool ok() const { return error.isEmpty(); }
    };

    static ReadResult parse(const QByteArray &content);
    // A CSV of entries: cidr[,label[,owner[,expires]]], with an optional header row and RFC 4180
    // quoting on one line. A network in the label or owner column, or a non-empty fifth column, is
    // an error naming the line; a row whose first cell has a '#' is read as a list-file line.
    static ReadResult parseCsv(const QByteArray &content);
    // Reads a file (".csv" as CSV, anything else as a list file), or standard input for "-".
    static ReadResult read(const QString &path);

    static QByteArray serialize(const Allowlist &list);
    // A header row, then one quoted-as-needed row per entry; comment lines are kept as in a list file.
    static QByteArray serializeCsv(const Allowlist &list);
    // ".csv" as CSV, anything else as a list file. Atomic: the previous file stays intact unless the
    // whole new content was written.
    static bool write(const QString &path, const Allowlist &list, QString *error = nullptr);
};

} // namespace alc
