#include <pdfreport.h>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFile>
#include <QPdfWriter>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>
#include <QTextTable>

using namespace alc;
using namespace Qt::StringLiterals;

// A report laid out as PdfReport::render() lays it out, kept for the test to look at.
struct LaidOut
{
    explicit LaidOut(const ReportData &report)
    {
        buffer.open(QIODevice::WriteOnly);
        PdfReport::setUpWriter(writer, report);
        PdfReport::layOut(document, report, writer);
    }
    QBuffer buffer;
    QPdfWriter writer{&buffer};
    QTextDocument document;
};

class TestPdfReport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartFitsTheTextWidth();
    void headingsStayWithTheirContent();
    void tableRowsStayOnOnePage();
    void noHeaderIsDrawnOverWhatFollows();
};

void TestPdfReport::chartFitsTheTextWidth()
{
    ReportData report;
    report.title = u"Allowlist change for approval"_s;
    report.hasImpact = true;
    for (int day = 0; day < 30; ++day)
        report.days.push_back({QDate(2026, 10, 28).addDays(day), quint64(20 + day % 7), quint64(day % 5), 0});
    LaidOut laidOut(report);
    QTextDocument &document = laidOut.document;
    QPdfWriter &writer = laidOut.writer;

    // Nothing is laid out wider than the page (the chart was, and was cut off at the paper's edge).
    const double page = document.pageSize().width();
    QVERIFY2(document.documentLayout()->documentSize().width() <= page + 0.5,
             qPrintable(u"%1 > %2"_s.arg(document.documentLayout()->documentSize().width()).arg(page)));
    // The chart is there, and fills most of the text width rather than a corner of it.
    bool found = false;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (!format.isImageFormat() || format.toImageFormat().name() != u"chart.png")
                continue;
            found = true;
            const QRectF line = document.documentLayout()->blockBoundingRect(block);
            QVERIFY2(line.right() <= page + 0.5, qPrintable(u"%1 > %2"_s.arg(line.right()).arg(page)));
            const double shown = format.toImageFormat().width() * writer.logicalDpiX() / 96.0;
            QVERIFY2(shown > 0.75 * page, qPrintable(u"%1 of %2"_s.arg(shown).arg(page)));
            QVERIFY2(line.left() + shown <= page, qPrintable(u"%1 + %2 > %3"_s.arg(line.left()).arg(shown).arg(page)));
        }
    }
    QVERIFY(found);
}

void TestPdfReport::headingsStayWithTheirContent()
{
    // Reports of growing length move every heading down the pages; none may end a page while
    // what it heads starts the next.
    ReportData report;
    report.title = u"Allowlist change for approval"_s;
    report.fingerprint = QString(64, u'a');
    report.hasImpact = true;
    for (int day = 0; day < 30; ++day)
        report.days.push_back({QDate(2026, 10, 28).addDays(day), 20, 3, 0});
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is installed by scripts/install-deps.sh");
    QTemporaryDir dir;
    report.fingerprintText = {u"51.15.0.10/32"_s, u"62.210.16.0/24"_s, u"81.2.69.0/24"_s, u"185.53.178.0/24"_s};
    int checked = 0;
    for (int findings = 0; findings < 60; findings += 3) {
        report.findings.clear();
        for (int i = 0; i < findings; ++i)
            report.findings.append(
                {i + 1, u"81.2.69.%1/24"_s.arg(i),
                 Finding{u"host-bits"_s, Severity::Error, u"has bits set past the /24 prefix"_s, u"81.2.69.0/24"_s}});
        LaidOut laidOut(report);
        QTextDocument &document = laidOut.document;
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            if (block.blockFormat().headingLevel() == 0 || !block.next().isValid())
                continue;
            QVERIFY2(PdfReport::pageOf(document, block.next()) == PdfReport::pageOf(document, block),
                     qPrintable(u"'%1' ends page %2 (%3 findings)"_s.arg(block.text())
                                    .arg(PdfReport::pageOf(document, block) + 1)
                                    .arg(findings)));
            ++checked;
        }
        // And nothing is lost when headings move: every finding, every heading and every line of
        // the canonical list is in the PDF (a table once kept its place over lines a break moved).
        QFile pdf(dir.filePath(u"report.pdf"_s));
        QVERIFY(pdf.open(QIODevice::WriteOnly));
        pdf.write(PdfReport::render(report));
        pdf.close();
        QProcess text;
        text.start(pdftotext, {pdf.fileName(), u"-"_s});
        QVERIFY(text.waitForFinished(30000));
        // NFKC: the PDF text has ligatures ("ﬁ", "ﬀ") where the report has letters.
        const QString all = QString::fromUtf8(text.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
        QStringList wanted = report.fingerprintText;
        for (const ReportFinding &f : report.findings)
            wanted.append(f.entry);
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            if (block.blockFormat().headingLevel() > 0)
                wanted.append(block.text());
        }
        for (const QString &line : wanted)
            QVERIFY2(all.contains(line), qPrintable(u"'%1' missing (%2 findings)"_s.arg(line).arg(findings)));
    }
    QVERIFY(checked > 100);
}

void TestPdfReport::tableRowsStayOnOnePage()
{
    // Findings whose messages wrap over several lines, and reports of growing length, so that
    // rows meet the page's end at every line; none may start on one page and end on the next
    // (a message or a user name continued overleaf, the row's borders across two pages).
    ReportData report;
    report.title = u"Allowlist change for approval"_s;
    report.fingerprint = QString(64, u'b');
    const QString longMessage = u"has bits set past the prefix length, which Genesys Cloud would refuse or read "
                                u"differently than the author meant; the canonical network is shown beside it "
                                u"so that the approver sees what would be enforced"_s;
    int rows = 0;
    int splitBefore = 0;
    for (int findings = 20; findings < 44; ++findings) {
        report.findings.clear();
        for (int i = 0; i < findings; ++i)
            report.findings.append(
                {i + 1, u"81.2.%1.7/24"_s.arg(i),
                 Finding{u"host-bits"_s, Severity::Error,
                         i % 3 == 0 ? longMessage : u"has bits set past the /24 prefix"_s, u"81.2.%1.0/24"_s.arg(i)}});
        LaidOut laidOut(report);
        QTextDocument &document = laidOut.document;
        const double height = document.pageSize().height();
        QVERIFY(document.pageCount() > 1);
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            const QTextTable *table = QTextCursor(block).currentTable();
            if (!table)
                continue;
            // Every line of every cell of the row on one page.
            const int row = table->cellAt(block.position()).row();
            QSet<int> pages;
            for (int column = 0; column < table->columns(); ++column) {
                const QTextBlock cell = table->cellAt(row, column).firstCursorPosition().block();
                const QRectF rect = document.documentLayout()->blockBoundingRect(cell);
                const QTextLayout *layout = cell.layout();
                for (int line = 0; line < layout->lineCount(); ++line)
                    pages.insert(int((rect.top() + layout->lineAt(line).rect().center().y()) / height));
            }
            QVERIFY2(pages.size() == 1, qPrintable(u"row %1 ('%2') is on %3 pages (%4 findings)"_s.arg(row)
                                                       .arg(block.text())
                                                       .arg(pages.size())
                                                       .arg(findings)));
            // No table reaches (with its bottom margin) past its last row's page: QTextDocument
            // would draw its header there again, over what follows.
            if (row == table->rows() - 1) {
                const QRectF frame = document.documentLayout()->frameBoundingRect(const_cast<QTextTable *>(table));
                QVERIFY2(
                    int((frame.bottom() - 1) / height) == *pages.cbegin(),
                    qPrintable(u"a table ending on page %1 reaches page %2 (%3 findings)"_s.arg(*pages.cbegin() + 1)
                                   .arg(int((frame.bottom() - 1) / height) + 1)
                                   .arg(findings)));
            }
            ++rows;
        }
        // The same report laid out without the fix-ups would split some row: the test is about
        // something that happens.
        QTextDocument plain;
        plain.documentLayout()->setPaintDevice(&laidOut.writer);
        plain.setDefaultFont(document.defaultFont());
        plain.setHtml(ReportRenderer::renderHtml(report, ReportRenderer::Chart::ImageResource));
        plain.setPageSize(document.pageSize());
        for (QTextBlock block = plain.begin(); block.isValid(); block = block.next()) {
            const QTextLayout *layout = block.layout();
            if (!QTextCursor(block).currentTable() || layout->lineCount() < 2)
                continue;
            const QRectF rect = plain.documentLayout()->blockBoundingRect(block);
            if (int(rect.top() / height) != int((rect.top() + layout->lineAt(layout->lineCount() - 1).y()) / height))
                ++splitBefore;
        }
    }
    QVERIFY(rows > 1000);
    QVERIFY2(splitBefore > 0, "no report length put a wrapped cell across a page's end");
}

void TestPdfReport::noHeaderIsDrawnOverWhatFollows()
{
    // Suggestions with long example names, after findings of growing number: table ends meet the
    // page's end at many heights. A table whose last row ends a page but whose bottom margin
    // reaches the next page got its header drawn there again, over the Evidence heading (found
    // by a verification pass on a real report).
    ReportData report;
    report.title = u"Allowlist change for approval"_s;
    report.fingerprint = QString(64, u'c');
    report.hasImpact = true;
    const QString longName = u"user.averyveryverylongfirstname-withhyphenatedparts.and.an.extremely.long.surname@"
                             u"subsidiary-department.very-long-corporate-domain-name.example.com"_s;
    int tablesChecked = 0;
    for (int findings = 0; findings < 6; ++findings) {
        report.findings.clear();
        for (int i = 0; i < findings; ++i)
            report.findings.append({i + 1, u"81.2.%1.7/24"_s.arg(i),
                                    Finding{u"host-bits"_s, Severity::Error, u"has bits set past the /24 prefix"_s,
                                            u"81.2.%1.0/24"_s.arg(i)}});
        for (int count = 1; count <= 20; ++count) {
            report.suggestions.clear();
            for (int i = 0; i < count; ++i)
                report.suggestions.push_back(
                    {Ipv4Network(Ipv4Address(9, 4, quint8(i), 5), 32), 1, 1, 0, 1, 1, {longName}});
            LaidOut laidOut(report);
            QTextDocument &document = laidOut.document;
            const double height = document.pageSize().height();
            for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
                QTextTable *table = QTextCursor(block).currentTable();
                if (!table || table->cellAt(block.position()).row() != table->rows() - 1 ||
                    block != table->cellAt(table->rows() - 1, 0).firstCursorPosition().block())
                    continue;
                const QTextBlock last = table->lastCursorPosition().block();
                const QRectF lastRect = document.documentLayout()->blockBoundingRect(last);
                const int lastPage = int((lastRect.bottom() - 1) / height);
                const int framePage = int((document.documentLayout()->frameBoundingRect(table).bottom() - 1) / height);
                QVERIFY2(framePage == lastPage, qPrintable(u"a table ending on page %1 reaches page %2 (%3 findings, "
                                                           u"%4 suggestions)"_s.arg(lastPage + 1)
                                                               .arg(framePage + 1)
                                                               .arg(findings)
                                                               .arg(count)));
                ++tablesChecked;
            }
        }
    }
    QVERIFY(tablesChecked > 500);
}

QTEST_MAIN(TestPdfReport)
#include "tst_pdfreport.moc"
