#include "savefile.h"

#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace alc {
namespace {

// Qt's reason, or the system's when Qt lost it: a write(2) that stops part way gives "Unknown error".
QString failure(const QString &path, const QSaveFile &file, int cause)
{
    QString reason = file.errorString();
    if (reason.isEmpty() || reason == u"Unknown error")
        reason = cause ? QString::fromLocal8Bit(std::strerror(cause)) : QStringLiteral("the write failed");
    return QStringLiteral("cannot write %1: %2").arg(path, reason);
}

// Opens, writes and flushes: the bytes are in the temporary file, or error says why not. Content
// smaller than QFileDevice's 16 KiB buffer only reaches the disk in flush(), and Qt 6.4's commit()
// ignores a failed flush: it would put an empty or cut temporary file in place of the target.
bool writeTemporary(QSaveFile &file, const QByteArray &bytes, QString *error)
{
    errno = 0;
    const bool written = file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.flush() &&
                         file.error() == QFileDevice::NoError;
    const int cause = errno;
    if (!written && error)
        *error = failure(file.fileName(), file, cause);
    return written;
}

bool commit(QSaveFile &file, QString *error)
{
    errno = 0;
    if (file.commit())
        return true;
    const int cause = errno;
    if (error)
        *error = failure(file.fileName(), file, cause);
    return false;
}

} // namespace

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    return writeTemporary(file, bytes, error) && commit(file, error);
}

bool writeFilesAtomically(const QList<FileContent> &files, QString *error)
{
    // Unused temporary files are removed when their QSaveFile is destroyed.
    std::vector<std::unique_ptr<QSaveFile>> saves;
    for (const FileContent &content : files) {
        saves.push_back(std::make_unique<QSaveFile>(content.path));
        if (!writeTemporary(*saves.back(), content.bytes, error))
            return false;
    }
    for (const auto &file : saves) {
        if (!commit(*file, error))
            return false;
    }
    return true;
}

} // namespace alc
