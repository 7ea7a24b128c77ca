#pragma once

#include <report/reportdata.h>
#include <report/reportrenderer.h>

#include <QImage>

#include <optional>

class QPdfWriter;
class QTextBlock;
class QTextDocument;

namespace alc {

// The PDF rendering of a report: the same HTML as the .html export, laid out by QTextDocument,
// with the per-day chart painted as an image. Needs a QGuiApplication (fonts), no window.
class PdfReport final
{
public:
    static QByteArray render(const ReportData &report);
    // Atomic: rendered in memory, then written with writeFileAtomically.
    static bool write(const ReportData &report, const QString &path, QString *error);
    static QImage dayChart(const ReportData &report, QSize size);
    // A4, 15 mm margins, 300 dpi, title and creator.
    static void setUpWriter(QPdfWriter &writer, const ReportData &report);
    // The report's HTML laid out for the writer's page, the chart image as wide as the text.
    static void layOut(QTextDocument &document, const ReportData &report, QPdfWriter &writer);
    // Draws the laid-out document page by page, each page with a footer: the report's title and
    // fingerprint, and "page N of M".
    static void print(QTextDocument &document, const ReportData &report, QPdfWriter &writer);
    static double footerHeight(const QPdfWriter &writer);
    // The page a block starts on, once the document is laid out in pages.
    static int pageOf(const QTextDocument &document, const QTextBlock &block);

private:
    struct TableRow
    {
        int table = 0; // in document order
        int row = 0;
    };
    // No heading ends a page apart from what it heads, no table starts with a row split between
    // pages; returns the first body row of a table that a page splits, if any.
    static std::optional<TableRow> keepTogether(QTextDocument &document);
};

// Writes a report in the format its path names (.pdf, .html, .md, .csv): the one place the CLI
// and the window choose between the PDF renderer and core's text renderers.
bool writeReportFile(const ReportData &report, ReportFormat format, const QString &path, QString *error);

} // namespace alc
