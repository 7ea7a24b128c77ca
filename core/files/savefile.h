#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace alc {

// Content for one file and where it goes.
struct FileContent
{
    QString path;
    QByteArray bytes;
};

// Writes bytes to path through QSaveFile: the previous file stays intact unless every byte reached
// the disk. On failure, error is "cannot write PATH: CAUSE" with the system's reason (no space
// left, file too large, permission denied).
bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error = nullptr);

// Several files that belong together (a CSV report and its companion): each is written to its
// temporary file first, and only when all of them are on disk are they put in place, in order.
// A failed write replaces none of them. Only a failed rename, after the first is in place, can
// leave the earlier ones new and the later ones old.
bool writeFilesAtomically(const QList<FileContent> &files, QString *error = nullptr);

} // namespace alc
