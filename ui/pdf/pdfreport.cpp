#include "pdfreport.h"

#include <files/savefile.h>
#include <impact/calendarbuckets.h>
#include <report/reportrenderer.h>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextTable>

#include <algorithm>
#include <limits>
#include <optional>

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

namespace {

// The pages a block's first and last lines are on, and the top of its first line.
struct BlockPages
{
    int first = 0;
    int last = 0;
    double top = 0;
};

BlockPages blockPages(const QTextDocument &document, const QTextBlock &block)
{
    const double height = document.pageSize().height();
    const QRectF rect = document.documentLayout()->blockBoundingRect(block);
    BlockPages pages;
    pages.top = rect.top();
    double bottom = rect.top();
    if (const QTextLayout *layout = block.layout(); layout && layout->lineCount() > 0) {
        pages.top += layout->lineAt(0).position().y();
        const QTextLine lastLine = layout->lineAt(layout->lineCount() - 1);
        bottom = rect.top() + lastLine.position().y() + lastLine.height() / 2;
    }
    pages.first = int(pages.top / height);
    pages.last = std::max(pages.first, int(bottom / height));
    return pages;
}

// Where the lines of a table row are: the pages of the first and the last, and the top of the
// highest.
BlockPages rowPages(const QTextDocument &document, const QTextTable &table, int row)
{
    BlockPages pages{std::numeric_limits<int>::max(), -1, std::numeric_limits<double>::max()};
    for (int column = 0; column < table.columns(); ++column) {
        const QTextTableCell cell = table.cellAt(row, column);
        if (cell.row() != row || cell.column() != column)
            continue; // a spanned cell, counted where it starts
        const QTextBlock end = cell.lastCursorPosition().block().next();
        for (QTextBlock block = cell.firstCursorPosition().block(); block.isValid() && block != end;
             block = block.next()) {
            const BlockPages b = blockPages(document, block);
            pages.first = std::min(pages.first, b.first);
            pages.last = std::max(pages.last, b.last);
            pages.top = std::min(pages.top, b.top);
        }
    }
    return pages;
}

bool nearPageTop(const QTextDocument &document, const BlockPages &pages)
{
    const double height = document.pageSize().height();
    return pages.top - pages.first * height < height / 20;
}

// A page break before `first`, unless it is at the top of its page already (what follows it is
// taller than a page). Returns whether the document changed.
bool breakBefore(QTextDocument &document, const QTextBlock &first)
{
    if (nearPageTop(document, blockPages(document, first)))
        return false;
    QTextCursor cursor(first);
    QTextBlockFormat format = first.blockFormat();
    format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
    cursor.setBlockFormat(format);
    // The layout updates only near the change: a table further down kept its old place and was
    // drawn over the lines the break had moved. Everything is laid out again.
    document.markContentsDirty(0, document.characterCount());
    return true;
}

// `block` with the headings right above it on its page (an empty section's, a section's above its
// first subsection's): the block to break before so that they start the next page together.
QTextBlock withHeadingsAbove(const QTextDocument &document, QTextBlock block)
{
    const int page = PdfReport::pageOf(document, block);
    while (block.previous().isValid() && block.previous().blockFormat().headingLevel() > 0 &&
           PdfReport::pageOf(document, block.previous()) == page)
        block = block.previous();
    return block;
}

constexpr QLatin1StringView PageBreakBefore(" style=\"page-break-before:always\"");

// The HTML with the table `tableIndex` (in document order) cut before its row `row`: the rows
// from there on are a table of their own, with the same header, starting a page; `continuedAt` is
// where that table opens. Empty when the HTML has no such row.
QString startTableAt(const QString &html, int tableIndex, int row, qsizetype *continuedAt)
{
    qsizetype open = -1;
    for (int i = 0; i <= tableIndex; ++i) {
        if ((open = html.indexOf(QLatin1String("<table"), open + 1)) < 0)
            return {};
    }
    const qsizetype openEnd = html.indexOf(u'>', open) + 1;
    const qsizetype close = html.indexOf(QLatin1String("</table>"), openEnd);
    QString head;
    if (QStringView(html).mid(openEnd).startsWith(QLatin1String("<thead>"))) {
        const qsizetype headEnd = html.indexOf(QLatin1String("</thead>"), openEnd);
        head = html.mid(openEnd, headEnd + 8 - openEnd);
    }
    qsizetype at = openEnd;
    for (int i = 0; i <= row; ++i) {
        if ((at = html.indexOf(QLatin1String("<tr"), i == 0 ? at : at + 1)) < 0 || (close >= 0 && at > close))
            return {};
    }
    QString continued = html.mid(open, openEnd - open);
    continued.insert(6, PageBreakBefore);
    QString result = html;
    const QLatin1StringView end("</table>\n");
    result.insert(at, end + continued + head);
    *continuedAt = at + end.size();
    return result;
}

} // namespace

void PdfReport::layOut(QTextDocument &document, const ReportData &report, QPdfWriter &writer)
{
    const QImage chart = dayChart(report, QSize(1360, 440));
    // Lay the text out in the writer's resolution, so point sizes are points on paper; the bottom
    // of each page is kept for the footer (page number and fingerprint).
    const QSizeF page = writer.pageLayout().paintRectPixels(writer.resolution()).size();
    const auto setUp = [&](QTextDocument &d) {
        d.documentLayout()->setPaintDevice(&writer);
        d.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 9));
        d.addResource(QTextDocument::ImageResource, QUrl(ReportRenderer::ChartResourceName.toString()), chart);
        d.setPageSize(QSizeF(page.width(), page.height() - footerHeight(writer)));
    };
    // QTextDocument scales an image's CSS width by the device's dpi / 96; the chart fills the text
    // width inside the body's 2em margins (10 pt text), and no more: a wider one was cut at the edge.
    const double cssPixel = writer.logicalDpiX() / 96.0;
    const double bodyMargins = 2 * 2 * 10.0 / 72.0 * writer.logicalDpiX();
    const int chartWidth = int((page.width() - bodyMargins) / cssPixel) - 8;
    QString html = ReportRenderer::renderHtml(report, ReportRenderer::Chart::ImageResource, chartWidth);

    // A table row that a page would split (a wrapped user name, a long message) starts a table of
    // its own on the next page, under the same header. Each cut moves what follows it, so the
    // layout is made again after each — but only of the report from the last cut on: that part
    // starts a page, so alone it lays out as it does in the whole. (Laying the whole report out
    // again after every cut took 2 s for a 22-page report.)
    const qsizetype bodyStart = html.indexOf(u'>', html.indexOf(QLatin1String("<body"))) + 1;
    const QString head = html.left(bodyStart);
    qsizetype from = bodyStart;
    int tablesBefore = 0;
    for (;;) {
        QTextDocument part;
        setUp(part);
        QString rest = html.mid(from);
        if (rest.startsWith(QLatin1String("<table")))
            rest.remove(6, PageBreakBefore.size()); // at the top already: no blank page before it
        part.setHtml(head + rest);
        const std::optional<TableRow> split = keepTogether(part);
        qsizetype continuedAt = 0;
        const QString cut =
            split ? startTableAt(html, tablesBefore + split->table, split->row, &continuedAt) : QString();
        if (cut.isEmpty())
            break;
        tablesBefore = int(QStringView(cut).left(continuedAt).count(QLatin1String("<table")));
        html = cut;
        from = continuedAt;
    }
    // The whole, with its heading breaks. It should split nothing now; if it does (a part laid out
    // otherwise than in the whole), cutting goes on over the whole report.
    setUp(document);
    for (;;) {
        document.setHtml(html);
        const std::optional<TableRow> split = keepTogether(document);
        qsizetype continuedAt = 0;
        const QString cut = split ? startTableAt(html, split->table, split->row, &continuedAt) : QString();
        if (cut.isEmpty())
            break;
        html = cut;
    }
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

std::optional<PdfReport::TableRow> PdfReport::keepTogether(QTextDocument &document)
{
    // QTextDocument has neither "keep with next" nor "keep a table row together". In document
    // order, since each change moves everything after it: a heading that would end a page apart
    // from what it heads, or a table whose first row would, gets a page break before it (with the
    // headings right above it); the first body row that would be split is returned, for the
    // caller to cut the table there.
    std::vector<const QTextTable *> tables;
    int checkedRow = -1;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (QTextTable *table = QTextCursor(block).currentTable()) {
            const int row = table->cellAt(block.position()).row();
            if (tables.empty() || tables.back() != table) {
                tables.push_back(table);
                checkedRow = -1;
            }
            if (row == checkedRow)
                continue;
            checkedRow = row;
            const BlockPages pages = rowPages(document, *table, row);
            // A table whose last row ends a page, but whose frame (its bottom margin) reaches into
            // the next: QTextDocument draws its header there again, over what follows. Its last
            // row goes to that page, under the header.
            const bool frameSpills = row == table->rows() - 1 && pages.last == pages.first &&
                                     int((document.documentLayout()->frameBoundingRect(table).bottom() - 1) /
                                         document.pageSize().height()) > pages.last;
            if (!frameSpills && (pages.last <= pages.first || nearPageTop(document, pages)))
                continue; // on one page, or taller than a page
            if (row > table->format().headerRowCount())
                return TableRow{int(tables.size()) - 1, row};
            const QTextBlock before = table->firstCursorPosition().block().previous();
            if (before.isValid() && pageOf(document, before) == pages.first)
                breakBefore(document, withHeadingsAbove(document, before));
        } else if (block.blockFormat().headingLevel() > 0 && block.next().isValid() &&
                   pageOf(document, block.next()) > pageOf(document, block)) {
            breakBefore(document, withHeadingsAbove(document, block));
        }
    }
    return std::nullopt;
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
    if (bytes.isEmpty()) {
        if (error)
            *error = QStringLiteral("cannot write %1: the PDF could not be rendered").arg(path);
        return false;
    }
    return writeFileAtomically(path, bytes, error);
}

bool writeReportFile(const ReportData &report, ReportFormat format, const QString &path, QString *error)
{
    return format == ReportFormat::Pdf ? PdfReport::write(report, path, error)
                                       : ReportRenderer::writeText(report, format, path, error);
}

} // namespace alc
