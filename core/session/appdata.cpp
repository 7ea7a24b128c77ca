#include "appdata.h"

#include <QDir>
#include <QStandardPaths>

namespace alc {

QString appDataDir()
{
    QString dir = qEnvironmentVariable("ALLOWLIST_DATA_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir;
}

} // namespace alc
