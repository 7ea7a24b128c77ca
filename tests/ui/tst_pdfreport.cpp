#include <pdfreport.h>

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QPdfWriter>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>

using namespace alc;
using namespace Qt::StringLiterals;

class TestPdfReport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartFitsTheTextWidth();
};

void TestPdfReport::chartFitsTheTextWidth()
{
    ReportData report;
    report.title = u"Allowlist change for approval"_s;
    report.hasImpact = true;
    for (int day = 0; day < 30; ++day)
        report.days.push_back({QDate(2026, 10, 28).addDays(day), quint64(20 + day % 7), quint64(day % 5), 0});
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    PdfReport::setUpWriter(writer, report);
    QTextDocument document;
    PdfReport::layOut(document, report, writer);

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

QTEST_MAIN(TestPdfReport)
#include "tst_pdfreport.moc"
