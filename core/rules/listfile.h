#pragma once

#include "allowlist.h"

#include <QByteArray>
#include <QString>

namespace alc {

// The list file: one entry per line; '#' starts a comment; the comment on an entry line is its
// label, optionally followed by "; owner=NAME" and "; expires=YYYY-MM-DD".
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
    // A CSV of entries: cidr[,label[,owner[,expires]]], with an optional header row.
    static ReadResult parseCsv(const QByteArray &content);
    // Reads a file (".csv" as CSV, anything else as a list file), or standard input for "-".
    static ReadResult read(const QString &path);

    static QByteArray serialize(const Allowlist &list);
    // Atomic: the previous file stays intact unless the whole new content was written.
    static bool write(const QString &path, const Allowlist &list, QString *error = nullptr);
};

} // namespace alc
