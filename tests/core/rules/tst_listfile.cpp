#include "../../support/filesizelimit.h"

#include <rules/listfile.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

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
    void failedWriteKeepsTheFile();
    void fifoIsRefused();
    void datesAreExactlyIso_data();
    void datesAreExactlyIso();
    void notUtf8NamesTheLine();
    void csvEntries();
    void serializeNeverLosesEntries_data();
    void serializeNeverLosesEntries();
    void loneCrIsRefused_data();
    void loneCrIsRefused();
    void utf16IsRefusedWithAdvice_data();
    void utf16IsRefusedWithAdvice();
    void metadataKeysIgnoreCase();
    void metadataProblemsNameTheLine_data();
    void metadataProblemsNameTheLine();
    void csvQuoting();
    void csvRowWithAComment();
    void csvMisplacedValuesNameTheLine_data();
    void csvMisplacedValuesNameTheLine();
    void csvRoundTrip();
    void csvHeaderSetsTheColumns();
    void csvHeaderProblemsNameTheLine_data();
    void csvHeaderProblemsNameTheLine();
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

// A list is a few hundred bytes, far below QFileDevice's 16 KiB buffer: on a full disk the write
// only fails when the buffer is flushed, which Qt 6.4's QSaveFile::commit() does not check.
void TestListFile::failedWriteKeepsTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"live.txt"_s);
    const auto good = ListFile::parse("81.2.69.0/24  # HQ\n").list;
    QVERIFY(ListFile::write(path, good));
    QStringList cidrs;
    for (int i = 0; i < 150; ++i)
        cidrs.append(u"10.0.%1.0/24"_s.arg(i));
    bool written = true;
    QString error;
    {
        const FileSizeLimit limit(1024); // EFBIG past 1 KiB, as a full disk gives ENOSPC
        written = ListFile::write(path, Allowlist::fromCidrs(cidrs), &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.startsWith(u"cannot write "_s + path), qPrintable(error));
    QVERIFY2(error.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(error));
    const auto read = ListFile::read(path);
    QVERIFY2(read.ok(), qPrintable(read.error));
    QCOMPARE(read.list.entries().size(), 1);
}

// A FIFO blocks the reader until something writes to it. The writer below gives up after two
// seconds, so without the check the read ends (empty) instead of hanging the test.
void TestListFile::fifoIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"list.txt"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    std::thread unblock([name = QFile::encodeName(path)] {
        for (int i = 0; i < 200; ++i) {
            if (const int fd = ::open(name.constData(), O_WRONLY | O_NONBLOCK); fd >= 0) {
                ::close(fd);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    QElapsedTimer timer;
    timer.start();
    const auto result = ListFile::read(path);
    const qint64 elapsed = timer.elapsed();
    unblock.join();
    QVERIFY2(result.error == path + u" is not a regular file; not an allowlist"_s, qPrintable(result.error));
    QVERIFY(elapsed < 1000);
}

void TestListFile::datesAreExactlyIso_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("csv");
    QTest::addColumn<QString>("expected"); // empty: read as 2027-03-31
    QTest::newRow("list: ISO date") << QByteArray("# top\n81.2.69.0/24 # expires=2027-03-31\n") << false << QString();
    QTest::newRow("list: slashes") << QByteArray("# top\n81.2.69.0/24 # expires=2027/03/31\n") << false
                                   << u"line 2: expires=2027/03/31 is not a date (YYYY-MM-DD)"_s;
    QTest::newRow("list: dots") << QByteArray("# top\n81.2.69.0/24 # expires=2027.03.31\n") << false
                                << u"line 2: expires=2027.03.31 is not a date"_s;
    QTest::newRow("list: sign in the year") << QByteArray("# top\n81.2.69.0/24 # expires=+027-03-31\n") << false
                                            << u"line 2: expires=+027-03-31 is not a date"_s;
    QTest::newRow("csv: ISO date") << QByteArray("cidr,label,owner,expires\n81.2.69.0/24,HQ,ops,2027-03-31\n") << true
                                   << QString();
    QTest::newRow("csv: trailing junk") << QByteArray("cidr,label,owner,expires\n81.2.69.0/24,HQ,ops,2027-03-31junk\n")
                                        << true << u"line 2: expires '2027-03-31junk' is not a date (YYYY-MM-DD)"_s;
    QTest::newRow("csv: slashes") << QByteArray("cidr,label,owner,expires\n81.2.69.0/24,HQ,ops,2027/03/31\n") << true
                                  << u"line 2: expires '2027/03/31' is not a date"_s;
    QTest::newRow("csv: time after the date") << QByteArray("81.2.69.0/24,HQ,ops,2027-03-31T00:00\n") << true
                                              << u"line 1: expires '2027-03-31T00:00' is not a date"_s;
}

void TestListFile::datesAreExactlyIso()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, csv);
    QFETCH(QString, expected);
    const auto result = csv ? ListFile::parseCsv(content) : ListFile::parse(content);
    if (expected.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.list.entries().at(0).expiry, QDate(2027, 3, 31));
    } else {
        QVERIFY2(result.error.startsWith(expected), qPrintable(result.error));
    }
}

void TestListFile::notUtf8NamesTheLine()
{
    const auto result = ListFile::parse("81.2.69.0/24 # HQ\n62.210.16.0/24 # Lyon\n51.15.0.10 # caf\xe9\n1.2.3.4\n");
    QVERIFY2(result.error.startsWith(u"line 3 is not UTF-8 text"_s), qPrintable(result.error));
    // A sequence cut at the end of a line is that line's fault, not the next one's.
    const auto cut = ListFile::parse("81.2.69.0/24 # caf\xc3\n62.210.16.0/24\n");
    QVERIFY2(cut.error.startsWith(u"line 1 is not UTF-8 text"_s), qPrintable(cut.error));
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
    QTest::newRow("metadata-shaped label in another case") << "81.2.69.0/24"
                                                           << "Owner=Bob"
                                                           << "Owner:Bob";
    QTest::newRow("key=value label kept as it is") << "81.2.69.0/24"
                                                   << "HQ; vlan=12"
                                                   << "HQ; vlan=12";
    QTest::newRow("near miss of a key") << "81.2.69.0/24"
                                        << "HQ; Expiry=2027-01-01"
                                        << "HQ; Expiry:2027-01-01";
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

// Found by a review: lines ending in a lone CR read as one line, so three networks became one entry
// with the others in its label, and a push would have removed them.
void TestListFile::loneCrIsRefused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("csv");
    QTest::addColumn<int>("line");
    QTest::newRow("old Mac file with labels")
        << QByteArray("81.2.69.0/24 # HQ\r62.210.16.0/24 # Lyon\r51.15.0.10 # jump\r") << false << 1;
    QTest::newRow("old Mac file without labels") << QByteArray("81.2.69.0/24\r62.210.16.0/24\r") << false << 1;
    QTest::newRow("one lone CR in a CRLF file")
        << QByteArray("81.2.69.0/24\r\n62.210.16.0/24 # Lyon\r51.15.0.10\r\n") << false << 2;
    QTest::newRow("old Mac CSV") << QByteArray("cidr,label\r81.2.69.0/24,HQ\r62.210.16.0/24,Lyon\r") << true << 1;
}

void TestListFile::loneCrIsRefused()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, csv);
    QFETCH(int, line);
    const auto result = csv ? ListFile::parseCsv(content) : ListFile::parse(content);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(u"line %1 has a lone carriage return"_s.arg(line)), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"save the file with LF or CRLF line ends"_s), qPrintable(result.error));
    QVERIFY(ListFile::parse("81.2.69.0/24\n62.210.16.0/24 # Lyon\n").ok()); // LF, and CRLF in crlfAndBom
}

void TestListFile::utf16IsRefusedWithAdvice_data()
{
    QTest::addColumn<QByteArray>("content");
    const QString text = u"81.2.69.0/24 # HQ\r\n62.210.16.0/24\r\n"_s;
    QByteArray littleEndian(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QByteArray bigEndian;
    for (qsizetype i = 0; i < littleEndian.size(); i += 2)
        bigEndian.append(littleEndian.at(i + 1)).append(littleEndian.at(i));
    QTest::newRow("little-endian BOM") << QByteArray("\xFF\xFE" + littleEndian);
    QTest::newRow("big-endian BOM") << QByteArray("\xFE\xFF" + bigEndian);
    QTest::newRow("little-endian without BOM") << littleEndian;
    QTest::newRow("big-endian without BOM") << bigEndian;
}

void TestListFile::utf16IsRefusedWithAdvice()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    for (const QString &name : {u"list.txt"_s, u"list.csv"_s}) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const QString error = ListFile::read(file.fileName()).error;
        QVERIFY2(error.startsWith(file.fileName() + u" is UTF-16 text: save it as UTF-8"_s), qPrintable(error));
    }
    if (content.startsWith("\xFF\xFE") || content.startsWith("\xFE\xFF")) // UTF-8 never has these bytes
        QVERIFY(ListFile::parse(content).error.contains(u"UTF-16"_s));
}

// Found by a review: "Owner=" and "Expires=" were label text, and an admin believed an expiry was set.
void TestListFile::metadataKeysIgnoreCase()
{
    const auto result = ListFile::parse("81.2.69.0/24 # HQ; Owner=Bob; EXPIRES=2027-01-31\n"
                                        "62.210.16.0/24 # see https://wiki/x?id=5; owner=netops\n"
                                        "51.15.0.10 # jump; vlan=12; ticket=CHG1\n");
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.list.entries()[0].label, u"HQ"_s);
    QCOMPARE(result.list.entries()[0].owner, u"Bob"_s);
    QCOMPARE(result.list.entries()[0].expiry, QDate(2027, 1, 31));
    QCOMPARE(result.list.entries()[1].label, u"see https://wiki/x?id=5"_s); // not "key=value"
    // Other key=value text is label text, as files written before this reader kept it.
    QCOMPARE(result.list.entries()[2].label, u"jump; vlan=12; ticket=CHG1"_s);
}

void TestListFile::metadataProblemsNameTheLine_data()
{
    QTest::addColumn<QByteArray>("comment");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad date in another case") << QByteArray("Owner=Bob; Expires=2027-1-1") << u"expires=2027-1-1"_s;
    QTest::newRow("unknown key") << QByteArray("HQ; expiry=2027-01-31") << u"'expiry=' is not a key"_s;
    QTest::newRow("near miss of owner") << QByteArray("HQ; owned_by=ops") << u"'owned_by=' is not a key"_s;
    QTest::newRow("repeated owner") << QByteArray("owner=a; owner=b") << u"owner= is given twice"_s;
    QTest::newRow("repeated expiry in two cases")
        << QByteArray("expires=2027-01-31; Expires=2028-01-31") << u"expires= is given twice"_s;
}

void TestListFile::metadataProblemsNameTheLine()
{
    QFETCH(QByteArray, comment);
    QFETCH(QString, expected);
    for (bool csv : {false, true}) {
        const QByteArray content = "81.2.69.0/24\n62.210.16.0/24 # " + comment + '\n';
        const auto result = csv ? ListFile::parseCsv(content) : ListFile::parse(content);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.startsWith(u"line 2: "_s), qPrintable(result.error));
        QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    }
}

// Found by a review: the CSV reader split on every comma and dropped every quote.
void TestListFile::csvQuoting()
{
    const auto result = ListFile::parseCsv("cidr,label,owner,expires\n"
                                           "81.2.69.0/24,\"HQ, Paris\",netops\n"
                                           "\"62.210.16.0/24\", \"the \"\"Lyon\"\" office\" ,\"\",2027-01-31\n"
                                           "51.15.0.10,floor \"2\",,,,\n");
    QVERIFY2(result.ok(), qPrintable(result.error));
    const auto &entries = result.list.entries();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].label, u"HQ, Paris"_s);
    QCOMPARE(entries[0].owner, u"netops"_s);
    QCOMPARE(entries[1].text, u"62.210.16.0/24"_s);
    QCOMPARE(entries[1].label, u"the \"Lyon\" office"_s);
    QCOMPARE(entries[1].owner, QString());
    QCOMPARE(entries[1].expiry, QDate(2027, 1, 31));
    QCOMPARE(entries[2].label, u"floor \"2\""_s); // a quote inside a field is text; empty extra columns are fine
    const auto open = ListFile::parseCsv("81.2.69.0/24,HQ\n62.210.16.0/24,\"Lyon\n51.15.0.10\n");
    QVERIFY2(open.error.startsWith(u"line 2: a quoted field is not closed"_s), qPrintable(open.error));
}

// A '#' comment in the first cell: its commas are label text, not columns.
void TestListFile::csvRowWithAComment()
{
    const auto result = ListFile::parseCsv("81.2.69.0/24  # HQ, Paris; owner=netops; expires=2027-03-31\n");
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.list.entries().size(), 1);
    QCOMPARE(result.list.entries()[0].text, u"81.2.69.0/24"_s);
    QCOMPARE(result.list.entries()[0].label, u"HQ, Paris"_s);
    QCOMPARE(result.list.entries()[0].owner, u"netops"_s);
    QCOMPARE(result.list.entries()[0].expiry, QDate(2027, 3, 31));
}

void TestListFile::csvMisplacedValuesNameTheLine_data()
{
    QTest::addColumn<QByteArray>("row");
    QTest::addColumn<QString>("expected");
    QTest::newRow("network in the label column")
        << QByteArray("62.210.16.0/24,51.15.0.10/32") << u"line 2: the label column holds '51.15.0.10/32', a network"_s;
    QTest::newRow("address in the owner column")
        << QByteArray("62.210.16.0/24,Lyon,51.15.0.10") << u"line 2: the owner column holds '51.15.0.10', a network"_s;
    QTest::newRow("fifth column") << QByteArray("62.210.16.0/24,x,y,,extra1,34.240.17.9/32")
                                  << u"line 2: column 5 holds 'extra1'"_s;
    QTest::newRow("sixth column") << QByteArray("62.210.16.0/24,x,y,,,34.240.17.9/32")
                                  << u"line 2: column 6 holds '34.240.17.9/32'"_s;
}

void TestListFile::csvMisplacedValuesNameTheLine()
{
    QFETCH(QByteArray, row);
    QFETCH(QString, expected);
    const auto result = ListFile::parseCsv("81.2.69.0/24,HQ\n" + row + '\n');
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(expected), qPrintable(result.error));
}

void TestListFile::csvRoundTrip()
{
    Allowlist list = Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.0/24"_s, u"51.15.0.10"_s, u"1.2.3.4"_s});
    auto &entries = list.entries();
    entries[0].label = u"HQ, Paris"_s;
    entries[0].owner = u"net\"ops\""_s;
    entries[0].expiry = QDate(2027, 3, 31);
    entries[0].commentsBefore = {u"# Paris offices"_s, QString()};
    entries[1].label = u"Lyon; vlan=12 #2"_s;
    entries[2].label = u"51.15.0.11"_s; // a network as label: written so that reading does not refuse it
    entries[3].label = u"\"quoted\""_s;
    list.setTrailingComments({u"# end"_s});
    QTemporaryDir dir;
    const QString path = dir.filePath(u"list.csv"_s);
    QVERIFY(ListFile::write(path, list));
    const auto again = ListFile::read(path);
    QVERIFY2(again.ok(), qPrintable(again.error));
    QCOMPARE(again.list.entries().size(), entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QCOMPARE(again.list.entries()[i].text, entries[i].text);
        QCOMPARE(again.list.entries()[i].label, entries[i].label);
        QCOMPARE(again.list.entries()[i].owner, entries[i].owner);
        QCOMPARE(again.list.entries()[i].expiry, entries[i].expiry);
        QCOMPARE(again.list.entries()[i].commentsBefore, entries[i].commentsBefore);
    }
    QCOMPARE(again.list.trailingComments(), list.trailingComments());
    QCOMPARE(ListFile::serializeCsv(again.list), ListFile::serializeCsv(list));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readLine().startsWith("cidr,label,owner,expires"));
}

void TestListFile::csvHeaderSetsTheColumns()
{
    // A header in another order, after a comment line: owner and label were swapped when the
    // order was fixed and the header was looked for on line 1 only.
    const auto result = ListFile::parseCsv("# exported from the CMDB\n"
                                           "Network,Owner,Expiry,Description\n"
                                           "81.2.69.0/24,netops,2027-01-31,HQ Paris\n"
                                           "62.210.16.0/24,,,Lyon\n");
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.list.entries().size(), 2);
    const AllowlistEntry &hq = result.list.entries()[0];
    QCOMPARE(hq.text, u"81.2.69.0/24"_s);
    QCOMPARE(hq.label, u"HQ Paris"_s);
    QCOMPARE(hq.owner, u"netops"_s);
    QCOMPARE(hq.expiry, QDate(2027, 1, 31));
    QCOMPARE(hq.commentsBefore, QStringList{u"# exported from the CMDB"_s});
    QCOMPARE(result.list.entries()[1].label, u"Lyon"_s);
    // Only the CIDR column named: a value in another column has nowhere to go.
    const auto narrow = ListFile::parseCsv("cidr\n81.2.69.0/24\n62.210.16.0/24,HQ\n");
    QVERIFY(!narrow.ok());
    QVERIFY2(narrow.error.startsWith(u"line 3: column 2 holds 'HQ'"_s), qPrintable(narrow.error));
}

void TestListFile::csvHeaderProblemsNameTheLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown column") << QByteArray("cidr,label,site\n81.2.69.0/24,HQ,Paris\n")
                                    << u"line 1: the header's column 'site' is none of"_s;
    QTest::newRow("a column twice") << QByteArray("cidr,label,description\n81.2.69.0/24,HQ,Paris\n")
                                    << u"line 1: the header names the label column twice"_s;
}

void TestListFile::csvHeaderProblemsNameTheLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const auto result = ListFile::parseCsv(content);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(expected), qPrintable(result.error));
}

QTEST_APPLESS_MAIN(TestListFile)
#include "tst_listfile.moc"
