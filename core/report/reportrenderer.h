#pragma once

#include "reportdata.h"

#include <QByteArray>
#include <QString>

namespace alc {

enum class ReportFormat { Pdf, Html, Markdown, Csv };

// Picks the format from a file name's extension (.pdf, .html/.htm, .md, .csv).
std::optional<ReportFormat> reportFormatForPath(const QString &path);

// Text renderers live in core; the PDF renderer (needs Qt Gui for fonts and painting) is in
// ui/pdf and reuses renderHtml with the chart as an image resource.
class ReportRenderer final
{
public:
    enum class Chart { InlineSvg, ImageResource };
    static constexpr QStringView ChartResourceName = u"chart.png";

    // imageWidth: the chart image's width attribute (Chart::ImageResource), in CSS pixels.
    static QString renderHtml(const ReportData &report, Chart chart = Chart::InlineSvg, int imageWidth = 680);
    static QString renderMarkdown(const ReportData &report);
    // Affected users, one row each.
    static QByteArray renderUsersCsv(const ReportData &report);
    // Blocked sign-ins, one row per (user, IP, application).
    static QByteArray renderBlockedSignInsCsv(const ReportData &report);
    // Writes a text format (HTML, Markdown, CSV) atomically. CSV writes the affected users to path
    // and the blocked sign-ins beside it (csvSignInsPath); a failed write replaces neither. PDF is
    // ui/pdf's PdfReport.
    static bool writeText(const ReportData &report, ReportFormat format, const QString &path, QString *error);
    static QString csvSignInsPath(const QString &usersPath);
    // A per-day chart of allowed vs blocked sign-ins as SVG.
    static QString renderDayChartSvg(const ReportData &report, int width = 760, int height = 220);
};

} // namespace alc
