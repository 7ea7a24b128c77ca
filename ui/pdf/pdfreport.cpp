#include "pdfreport.h"

#include <impact/calendarbuckets.h>
#include <report/reportrenderer.h>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>

namespace alc {

QImage PdfReport::dayChart(const ReportData &report, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::max(12, size.height() / 18));
    painter.setFont(font);
    const CalendarBuckets calendar(report.days);
    const std::vector<CalendarBuckets::Bucket> &buckets = calendar.buckets();
    if (buckets.empty()) {
        painter.drawText(image.rect(), Qt::AlignCenter, QStringLiteral("No dated sign-ins to chart."));
        return image;
    }
    const quint64 peak = std::max<quint64>(1, calendar.peak());
    const QRectF plot(90, 14, size.width() - 100, size.height() - 50);
    painter.setPen(Qt::black);
    painter.drawText(QRectF(0, plot.top() - 4, 80, 30), Qt::AlignRight, QString::number(peak));
    painter.drawText(QRectF(0, plot.bottom() - 26, 80, 30), Qt::AlignRight, QStringLiteral("0"));
    const double barW = plot.width() / double(buckets.size());
    for (size_t i = 0; i < buckets.size(); ++i) {
        const double x = plot.left() + double(i) * barW;
        const double allowedH = plot.height() * double(buckets[i].signIns - buckets[i].blocked) / double(peak);
        const double blockedH = plot.height() * double(buckets[i].blocked) / double(peak);
        painter.fillRect(QRectF(x, plot.bottom() - allowedH, std::max(1.0, barW - 1), allowedH),
                         QColor(0x2e, 0x7d, 0x32));
        painter.fillRect(QRectF(x, plot.bottom() - allowedH - blockedH, std::max(1.0, barW - 1), blockedH),
                         QColor(0xd3, 0x2f, 0x2f));
    }
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, 300, 34), Qt::AlignLeft,
                     calendar.first().toString(Qt::ISODate));
    painter.drawText(QRectF(plot.right() - 300, plot.bottom() + 4, 300, 34), Qt::AlignRight,
                     calendar.last().toString(Qt::ISODate));
    return image;
}

void PdfReport::layOut(QTextDocument &document, const ReportData &report, QPdfWriter &writer)
{
    // Lay the text out in the writer's resolution, so point sizes are points on paper.
    document.documentLayout()->setPaintDevice(&writer);
    document.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    document.addResource(QTextDocument::ImageResource, QUrl(ReportRenderer::ChartResourceName.toString()),
                         dayChart(report, QSize(1360, 440)));
    // QTextDocument scales an image's CSS width by the device's dpi / 96; the chart fills the text
    // width inside the body's 2em margins (10 pt text), and no more: a wider one was cut at the edge.
    const QSizeF page = writer.pageLayout().paintRectPixels(writer.resolution()).size();
    const double cssPixel = writer.logicalDpiX() / 96.0;
    const double bodyMargins = 2 * 2 * 10.0 / 72.0 * writer.logicalDpiX();
    const int chartWidth = int((page.width() - bodyMargins) / cssPixel) - 8;
    document.setHtml(ReportRenderer::renderHtml(report, ReportRenderer::Chart::ImageResource, chartWidth));
    // The bottom of each page is kept for the footer (page number and fingerprint).
    document.setPageSize(QSizeF(page.width(), page.height() - footerHeight(writer)));
    keepHeadingsWithTheirContent(document);
}

int PdfReport::pageOf(const QTextDocument &document, const QTextBlock &block)
{
    // Where its first line is: a line that does not fit is moved to the next page inside its block,
    // whose rectangle still starts at the bottom of the page before.
    double top = document.documentLayout()->blockBoundingRect(block).top();
    if (block.layout() && block.layout()->lineCount() > 0)
        top += block.layout()->lineAt(0).position().y();
    return int(top / document.pageSize().height());
}

void PdfReport::keepHeadingsWithTheirContent(QTextDocument &document)
{
    // QTextDocument has no "keep with next": a heading that ends a page while what it heads starts
    // the next one gets a page break before it, and the layout is made again. One heading at a
    // time, in order: each break moves everything after it.
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 0 || !block.next().isValid())
            continue;
        const int page = pageOf(document, block);
        if (pageOf(document, block.next()) <= page)
            continue;
        // Headings right above it (an empty section's, a section's above its first subsection's)
        // go with it.
        QTextBlock first = block;
        while (first.previous().isValid() && first.previous().blockFormat().headingLevel() > 0 &&
               pageOf(document, first.previous()) == page)
            first = first.previous();
        const double height = document.pageSize().height();
        if (document.documentLayout()->blockBoundingRect(first).top() - page * height < height / 20)
            continue; // already at the top of its page: what follows is taller than a page
        QTextCursor cursor(first);
        QTextBlockFormat format = first.blockFormat();
        format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        cursor.setBlockFormat(format);
        // The layout updates only near the change: a table further down kept its old place and
        // was drawn over the lines the break had moved. Everything is laid out again.
        document.markContentsDirty(0, document.characterCount());
    }
}

double PdfReport::footerHeight(const QPdfWriter &writer)
{
    return 8.0 / 25.4 * writer.resolution(); // 8 mm
}

void PdfReport::print(QTextDocument &document, const ReportData &report, QPdfWriter &writer)
{
    // QTextDocument::print() numbers pages only when it picks the page size itself; pages are
    // drawn here instead, each with a footer: a sheet taken out of the pile still says which
    // list it approves and where it belongs.
    QPainter painter(&writer);
    const QSizeF body = document.pageSize();
    const int pages = document.pageCount();
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(7.5);
    for (int i = 0; i < pages; ++i) {
        if (i > 0)
            writer.newPage();
        painter.save();
        painter.translate(0, -i * body.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, i * body.height(), body.width(), body.height());
        painter.setClipRect(context.clip); // a table's borders would run on into the footer
        document.documentLayout()->draw(&painter, context);
        painter.restore();
        painter.setFont(font);
        painter.setPen(QColor(0x44, 0x44, 0x44));
        const QRectF footer(0, body.height(), body.width(), footerHeight(writer));
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignBottom,
                         QStringLiteral("%1 · fingerprint %2").arg(report.title, report.fingerprint));
        painter.drawText(footer, Qt::AlignRight | Qt::AlignBottom,
                         QStringLiteral("page %1 of %2").arg(i + 1).arg(pages));
    }
}

namespace {

// QPdfWriter dates the document with the local wall clock ("20261128031001Z" in UTC,
// "20261128031001+01'00'" elsewhere); the document's date is the report's (SOURCE_DATE_EPOCH when
// set), so the same inputs give the same bytes in any time zone. Written in UTC in the form of the
// same length, so the cross-reference offsets stay right.
void stampCreationDate(QByteArray &pdf, const QDateTime &when)
{
    static const QByteArray key = "/CreationDate (D:";
    const qsizetype at = pdf.indexOf(key);
    if (at < 0 || !when.isValid())
        return;
    const qsizetype start = at + key.size();
    const qsizetype length = pdf.indexOf(')', start) - start;
    const QByteArray utc = when.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1();
    for (const QByteArray &stamp : {QByteArray(utc + 'Z'), QByteArray(utc + "+00'00'")}) {
        if (stamp.size() == length) {
            pdf.replace(start, stamp.size(), stamp);
            return;
        }
    }
}

} // namespace

QByteArray PdfReport::render(const ReportData &report)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    setUpWriter(writer, report);
    QTextDocument document;
    layOut(document, report, writer);
    print(document, report, writer);
    buffer.close();
    stampCreationDate(bytes, report.generatedAt);
    return bytes;
}

void PdfReport::setUpWriter(QPdfWriter &writer, const ReportData &report)
{
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setResolution(300);
    writer.setTitle(report.title + QStringLiteral(" — ") + report.fingerprint.left(16));
    writer.setCreator(QStringLiteral("Allowlist Console ") + report.appVersion);
}

bool PdfReport::write(const ReportData &report, const QString &path, QString *error)
{
    const QByteArray bytes = render(report);
    QSaveFile file(path);
    if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool writeReportFile(const ReportData &report, ReportFormat format, const QString &path, QString *error)
{
    return format == ReportFormat::Pdf ? PdfReport::write(report, path, error)
                                       : ReportRenderer::writeText(report, format, path, error);
}

} // namespace alc
