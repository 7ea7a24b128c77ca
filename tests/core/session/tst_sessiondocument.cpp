#include "../../support/filesizelimit.h"

#include <session/sessiondocument.h>

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

using namespace alc;
using namespace Qt::StringLiterals;

namespace {

SessionDocument sample()
{
    SessionDocument doc;
    doc.orgName = u"Demo Org"_s;
    doc.region = u"mypurecloud.ie"_s;
    doc.clientId = u"client-123"_s;
    doc.baseline = {u"81.2.69.0/24"_s};
    doc.baselinePulledAt = QDateTime(QDate(2026, 11, 27), QTime(9, 30), Qt::UTC);
    Scenario a{u"Proposed"_s, Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.0/24"_s}), u"adds Lyon"_s};
    a.list.entries()[1].label = u"Lyon"_s;
    a.list.entries()[1].owner = u"netops"_s;
    a.list.entries()[1].expiry = QDate(2027, 3, 31);
    doc.scenarios = {a, Scenario{u"Tight"_s, Allowlist::fromCidrs({u"81.2.69.7"_s}), {}}};
    doc.currentScenario = 1;
    doc.historySources = {{u"/data/entra.csv"_s, u"ab12"_s, u"entra"_s, {{u"ip"_s, u"IP address"_s}}}};
    doc.adminAddresses = {{u"81.2.69.7"_s, u"typed"_s}};
    doc.reviewNotes = u"CAB on Tuesday"_s;
    return doc;
}

} // namespace

class TestSessionDocument final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripThroughFile();
    void errorsNameTheField_data();
    void errorsNameTheField();
    void failedSaveKeepsPreviousFile();
    void fullDiskKeepsPreviousFile();
    void parseErrorNamesTheLine();
    void devicesAndPipesAreNoSessions();
};

void TestSessionDocument::roundTripThroughFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"review.alcsession"_s);
    QString error;
    QVERIFY2(SessionFile::write(path, sample(), &error), qPrintable(error));
    SessionDocument read;
    QVERIFY2(SessionFile::read(path, &read, &error), qPrintable(error));
    QCOMPARE(read.scenarios.at(0).list.entries().at(1).expiry, QDate(2027, 3, 31));
    QCOMPARE(read.historySources.at(0).mapping.value(u"ip"_s), u"IP address"_s);
    QCOMPARE(read.baselinePulledAt, sample().baselinePulledAt);
    QVERIFY(read == sample());
}

void TestSessionDocument::errorsNameTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const QByteArray head = R"({"schema":"allowlist-console/session","version":1,)";
    QTest::newRow("not a session") << QByteArray(R"({"hello":1})") << u"schema: not an Allowlist Console"_s;
    QTest::newRow("future version") << QByteArray(R"({"schema":"allowlist-console/session","version":9})")
                                    << u"version: schema version 9"_s;
    QTest::newRow("no scenarios") << head + R"("scenarios":[]})" << u"scenarios: a session needs"_s;
    QTest::newRow("bad expiry") << head + R"("scenarios":[{"name":"A","entries":[{"cidr":"81.2.69.0/24"},)"
                                          R"({"cidr":"1.2.3.4","expires":"soon"}]}]})"
                                << u"scenarios[0].entries[1].expires: 'soon'"_s;
    QTest::newRow("missing cidr") << head + R"("scenarios":[{"name":"A","entries":[{"label":"x"}]}]})"
                                  << u"scenarios[0].entries[0].cidr: missing"_s;
    QTest::newRow("wrong type") << head + R"("scenarios":[{"name":7}]})" << u"scenarios[0].name: expected a string"_s;
    // Wrong containers were read as empty, and the next save dropped what they held.
    const QByteArray scenario = R"("scenarios":[{"name":"A","entries":[{"cidr":"81.2.69.0/24"}]}])";
    QTest::newRow("org is not an object")
        << head + R"("org":"Demo Org",)" + scenario + '}' << u"org: expected an object"_s;
    QTest::newRow("baseline is a bare list")
        << head + R"("baseline":["81.2.69.0/24"],)" + scenario + '}' << u"baseline: expected an object"_s;
    QTest::newRow("mapping is not an object")
        << head + scenario + R"(,"historySources":[{"path":"a.csv","mapping":["ip"]}]})"
        << u"historySources[0].mapping: expected an object"_s;
    QTest::newRow("mapping value is not a string")
        << head + scenario + R"(,"historySources":[{"path":"a.csv","mapping":{"user":"UPN","ip":3}}]})"
        << u"historySources[0].mapping.ip: expected a column name"_s;
    QTest::newRow("current scenario past the last") << head + scenario + R"(,"currentScenario":1})"
                                                    << u"currentScenario: expected the index of a scenario (0 to 0)"_s;
    QTest::newRow("current scenario negative")
        << head + scenario + R"(,"currentScenario":-1})" << u"currentScenario: expected the index"_s;
    QTest::newRow("current scenario not a whole number")
        << head + scenario + R"(,"currentScenario":0.5})" << u"currentScenario: expected the index"_s;
    QTest::newRow("current scenario as text")
        << head + scenario + R"(,"currentScenario":"0"})" << u"currentScenario: expected the index"_s;
    QTest::newRow("expiry with slashes")
        << head + R"("scenarios":[{"name":"A","entries":[{"cidr":"1.2.3.4","expires":"2027/03/31"}]}]})"
        << u"scenarios[0].entries[0].expires: '2027/03/31' is not a date (YYYY-MM-DD)"_s;
    QTest::newRow("expiry with a time")
        << head + R"("scenarios":[{"name":"A","entries":[{"cidr":"1.2.3.4","expires":"2027-03-31T10:00"}]}]})"
        << u"scenarios[0].entries[0].expires: '2027-03-31T10:00'"_s;
}

void TestSessionDocument::errorsNameTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString message;
    SessionDocument::fromJson(QJsonDocument::fromJson(json).object(), &message);
    QVERIFY2(message.startsWith(error), qPrintable(message));
}

void TestSessionDocument::failedSaveKeepsPreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"review.alcsession"_s);
    QString error;
    QVERIFY(SessionFile::write(path, sample(), &error));
    // A path that cannot be written: the error names it, and the existing file is untouched.
    QVERIFY(!SessionFile::write(dir.filePath(u"missing/dir/x.alcsession"_s), sample(), &error));
    QVERIFY(error.contains(u"missing/dir/x.alcsession"_s));
    SessionDocument read;
    QVERIFY(SessionFile::read(path, &read, &error));
    QCOMPARE(read.reviewNotes, u"CAB on Tuesday"_s);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"review.alcsession"_s});
}

// A session is a few KiB, below QFileDevice's 16 KiB buffer: only the flush writes it, and Qt 6.4's
// QSaveFile::commit() put the empty temporary file in place when that flush failed.
void TestSessionDocument::fullDiskKeepsPreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"review.alcsession"_s);
    QString error;
    QVERIFY(SessionFile::write(path, sample(), &error));
    SessionDocument changed = sample();
    changed.reviewNotes = QString(4000, u'n');
    bool written = true;
    {
        const FileSizeLimit limit(512); // EFBIG past 512 bytes, as a full disk gives ENOSPC
        written = SessionFile::write(path, changed, &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.startsWith(u"cannot write "_s + path), qPrintable(error));
    QVERIFY2(error.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(error));
    SessionDocument read;
    QVERIFY2(SessionFile::read(path, &read, &error), qPrintable(error));
    QVERIFY(read == sample());
}

void TestSessionDocument::parseErrorNamesTheLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.alcsession"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        "{\n  \"schema\": \"allowlist-console/session\",\n  \"version\": 1,\n  \"reviewNotes\": \"a\" \"b\"\n}\n");
    file.close();
    SessionDocument read;
    QString error;
    QVERIFY(!SessionFile::read(path, &read, &error));
    QVERIFY2(error.startsWith(path + u" is not valid JSON (line 4, column "_s), qPrintable(error));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[1, 2]\n");
    file.close();
    QVERIFY(!SessionFile::read(path, &read, &error));
    QVERIFY2(error.contains(u"its JSON is not an object"_s), qPrintable(error));
}

void TestSessionDocument::devicesAndPipesAreNoSessions()
{
    // /dev/zero reports size 0 and never ends (reading it all ran out of memory); a FIFO blocked
    // the window's start until something wrote to it.
    QTemporaryDir dir;
    const QString zero = dir.filePath(u"zero.alcsession"_s);
    QVERIFY(QFile::link(u"/dev/zero"_s, zero));
    SessionDocument read;
    QString error;
    QVERIFY(!SessionFile::read(zero, &read, &error));
    QVERIFY2(error.contains(u"not a regular file"), qPrintable(error));
    const QString fifo = dir.filePath(u"fifo.alcsession"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QVERIFY(!SessionFile::read(fifo, &read, &error));
    QVERIFY2(error.contains(u"not a regular file"), qPrintable(error));
}

QTEST_APPLESS_MAIN(TestSessionDocument)
#include "tst_sessiondocument.moc"
