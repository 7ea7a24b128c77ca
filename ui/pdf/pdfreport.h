#pragma once

#include <report/reportdata.h>

#include <QImage>

namespace alc {

// The PDF rendering of a report: the same HTML as the .html export, laid out by QTextDocument,
// with the per-day chart painted as an image. Needs a QGuiApplication (fonts), no window.
class PdfReport final
{
public:
    static QByteArray render(const ReportData &report);
    // Atomic: rendered in memory, then written through QSaveFile.
    static bool write(const ReportData &report, const QString &path, QString *error);
    static QImage dayChart(const ReportData &report, QSize size);
};

} // namespace alc
