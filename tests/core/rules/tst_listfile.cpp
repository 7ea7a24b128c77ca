#include <rules/listfile.h>

#include <QTemporaryDir>
#include <QTest>

using namespace alc;
using namespace Qt::StringLiterals;

class TestListFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEntriesLabelsAndMetadata();
    void roundTripKeepsEverything_data();
    void roundTripKeepsEverything();
    void crlfAndBom();
    void badExpiryNamesTheLine();
    void binaryAndMissingFiles();
    void writeIsAtomic();
    void csvEntries();
    void serializeNeverLosesEntries_data();
    void serializeNeverLosesEntries();
};

void TestListFile::readsEntriesLabelsAndMetadata()
{
    const auto result = ListFile::parse("# header comment\n"
                                        "81.2.69.0/24  # HQ Paris\n"
                                        "\n"
                                        "  62.210.16.0/24 # Lyon; owner=netops; expires=2027-03-31\n"
                                        "51.15.0.10\n"
                                        "010.1.1.1 # typo kept as typed\n");
    QVERIFY2(result.ok(), qPrintable(result.error));
    const auto &entries = result.list.entries();
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries[0].text, u"81.2.69.0/24"_s);
    QCOMPARE(entries[0].label, u"HQ Paris"_s);
    QCOMPARE(entries[0].sourceLine, 2);
    QCOMPARE(entries[0].commentsBefore, QStringList{u"# header comment"_s});
    QCOMPARE(entries[1].label, u"Lyon"_s);
    QCOMPARE(entries[1].owner, u"netops"_s);
    QCOMPARE(entries[1].expiry, QDate(2027, 3, 31));
    QCOMPARE(entries[1].sourceLine, 4);
    QCOMPARE(entries[2].label, QString());
    QCOMPARE(entries[3].text, u"010.1.1.1"_s); // malformed text is kept for the findings, not dropped
}

void TestListFile::roundTripKeepsEverything_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("plain") << QByteArray("81.2.69.0/24\n62.210.16.0/24\n");
    QTest::newRow("labels and comments") << QByteArray("# top\n81.2.69.0/24  # HQ Paris\n\n# section\n"
                                                       "62.210.16.0/24  # Lyon; owner=netops; expires=2027-03-31\n"
                                                       "# trailing\n");
    QTest::newRow("label with semicolons") << QByteArray("81.2.69.0/24  # HQ; floor 2; owner=it\n");
    QTest::newRow("unicode label") << QByteArray("81.2.69.0/24  # Zürich Büro\n");
}

void TestListFile::roundTripKeepsEverything()
{
    QFETCH(QByteArray, content);
    const auto first = ListFile::parse(content);
    QVERIFY(first.ok());
    const QByteArray written = ListFile::serialize(first.list);
    const auto second = ListFile::parse(written);
    QVERIFY(second.ok());
    QCOMPARE(second.list.entries().size(), first.list.entries().size());
    for (qsizetype i = 0; i < first.list.entries().size(); ++i) {
        const auto &a = first.list.entries()[i];
        const auto &b = second.list.entries()[i];
        QCOMPARE(b.text, a.text);
        QCOMPARE(b.label, a.label);
        QCOMPARE(b.owner, a.owner);
        QCOMPARE(b.expiry, a.expiry);
        QCOMPARE(b.commentsBefore, a.commentsBefore);
    }
    QCOMPARE(second.list.trailingComments(), first.list.trailingComments());
    QCOMPARE(ListFile::serialize(second.list), written); // stable after one pass
}

void TestListFile::crlfAndBom()
{
    const auto result = ListFile::parse("\xEF\xBB\xBF"
                                        "81.2.69.0/24 # HQ\r\n62.210.16.0/24\r\n");
    QVERIFY(result.ok());
    QCOMPARE(result.list.entries().size(), 2);
    QCOMPARE(result.list.entries()[0].text, u"81.2.69.0/24"_s);
    QCOMPARE(result.list.entries()[0].label, u"HQ"_s);
    QCOMPARE(result.list.entries()[1].text, u"62.210.16.0/24"_s);
}

void TestListFile::badExpiryNamesTheLine()
{
    const auto result = ListFile::parse("81.2.69.0/24\n62.210.16.0/24 # Lyon; expires=2027-13-01\n");
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(u"line 2"_s), qPrintable(result.error));
    QVERIFY(result.error.contains(u"2027-13-01"_s));
}

void TestListFile::binaryAndMissingFiles()
{
    QTemporaryDir dir;
    const QString binary = dir.filePath(u"binary.txt"_s);
    QFile file(binary);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("81.2.69.0/24\n\0\x01\x02", 16));
    file.close();
    QVERIFY(ListFile::read(binary).error.contains(u"binary"_s));
    QVERIFY(ListFile::read(dir.filePath(u"missing.txt"_s)).error.contains(u"cannot read"_s));
    QVERIFY(ListFile::parse("81.2.69.0/24 # caf\xe9\n").error.contains(u"UTF-8"_s));
}

void TestListFile::writeIsAtomic()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"list.txt"_s);
    const auto list = ListFile::parse("81.2.69.0/24  # HQ\n").list;
    QVERIFY(ListFile::write(path, list));
    QCOMPARE(ListFile::read(path).list.entries().size(), 1);
    QString error;
    QVERIFY(!ListFile::write(dir.filePath(u"no/such/dir/list.txt"_s), list, &error));
    QVERIFY(error.contains(u"cannot write"_s));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"list.txt"_s}); // no temp file left
}

void TestListFile::csvEntries()
{
    const auto result = ListFile::parseCsv("cidr,label,owner,expires\r\n81.2.69.0/24,\"HQ\",netops,2027-01-31\r\n"
                                           "\r\n62.210.16.0/24\r\n");
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.list.entries().size(), 2);
    QCOMPARE(result.list.entries()[0].label, u"HQ"_s);
    QCOMPARE(result.list.entries()[0].owner, u"netops"_s);
    QCOMPARE(result.list.entries()[0].expiry, QDate(2027, 1, 31));
    QCOMPARE(result.list.entries()[1].sourceLine, 4);
    const auto commented = ListFile::parseCsv("# exported list\n81.2.69.0/24 # HQ\n");
    QCOMPARE(commented.list.entries().size(), 1);
    QCOMPARE(commented.list.entries()[0].text, u"81.2.69.0/24"_s);
    QCOMPARE(commented.list.entries()[0].label, u"HQ"_s);
    const auto bad = ListFile::parseCsv("81.2.69.0/24,HQ,netops,31/01/2027\n");
    QVERIFY(bad.error.startsWith(u"line 1:"_s));
}

// Found by fuzz_listfile: text from a CSV cell or a session could contain '#', a newline or a
// label segment shaped like metadata, and writing it as a list file dropped or changed entries.
void TestListFile::serializeNeverLosesEntries_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("expectedLabel");
    QTest::newRow("hash in text") << "81.2.69.0/24 # HQ"
                                  << ""
                                  << "";
    QTest::newRow("newline in text") << "81.2.69.0/24\n62.210.16.0/24"
                                     << ""
                                     << "";
    QTest::newRow("newline in label") << "81.2.69.0/24"
                                      << "HQ\n62.210.16.0/24"
                                      << "HQ 62.210.16.0/24";
    QTest::newRow("metadata-shaped label") << "81.2.69.0/24"
                                           << "x; expires=soon"
                                           << "x; expires:soon";
}

void TestListFile::serializeNeverLosesEntries()
{
    QFETCH(QString, text);
    QFETCH(QString, label);
    QFETCH(QString, expectedLabel);
    Allowlist list = Allowlist::fromCidrs({text, u"51.15.0.0/24"_s});
    list.entries()[0].text = text; // fromCidrs trims only
    list.entries()[0].label = label;
    const auto again = ListFile::parse(ListFile::serialize(list));
    QVERIFY2(again.ok(), qPrintable(again.error));
    QCOMPARE(again.list.entries().size(), 2);
    QCOMPARE(again.list.entries()[1].text, u"51.15.0.0/24"_s);
    QCOMPARE(again.list.entries()[0].label, expectedLabel);
}

QTEST_APPLESS_MAIN(TestListFile)
#include "tst_listfile.moc"
