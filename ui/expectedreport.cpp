#include "expectedreport.h"

#include <QCoreApplication>
#include <QLocale>

namespace alc::ui {

QString ExpectedReport::describe() const
{
    const QDateTime local = exportedAt.toLocalTime();
    const QString when = local.date() == QDate::currentDate() ? QLocale().toString(local.time(), QLocale::ShortFormat)
                                                              : QLocale().toString(local, QLocale::ShortFormat);
    return QCoreApplication::translate("alc::ui::ExpectedReport",
                                       "the report exported for scenario \u2018%1\u2019 at %2")
        .arg(scenario, when);
}

} // namespace alc::ui
