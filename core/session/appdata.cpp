#include "appdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace alc {

QString appDataDir()
{
    QString dir = qEnvironmentVariable("ALLOWLIST_DATA_DIR");
    const bool chosen = !dir.isEmpty();
    if (!chosen)
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const bool existed = QFileInfo::exists(dir);
    QDir().mkpath(dir);
    // The journal (every list, who changed it, override reasons) and the autosave are the admin's
    // alone: the folder is the owner's only (rwx------), also when an earlier version made it with
    // the umask's permissions. A folder named by $ALLOWLIST_DATA_DIR that already exists is left
    // as its owner set it.
    if (!chosen || !existed)
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return dir;
}

} // namespace alc
