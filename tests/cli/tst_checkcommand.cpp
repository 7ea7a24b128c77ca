#include "clirunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

CliRun runCheck(const QStringList &arguments, const QByteArray &input = {})
{
    return runCli(QStringList{u"check"_s} + arguments, input);
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return file.fileName();
}

} // namespace

class TestCheckCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanListExitsZero();
    void jsonShape();
    void exitCodes_data();
    void exitCodes();
    void readsStandardInput();
    void eachAdminAddressSaysForItself();
    void listFileProblemsExitTwo_data();
    void listFileProblemsExitTwo();
    void metadataKeysInAnyCase();
    void usageErrorsGoToStderr();
    void everyCommandAnswersHelp_data();
    void everyCommandAnswersHelp();
    void unwritableOutputFails_data();
    void unwritableOutputFails();
    void fifoListIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestCheckCommand::initTestCase()
{
    QVERIFY2(QFileInfo::exists(qEnvironmentVariable("ALC_EXE")), "ALC_EXE must point at allowlist-console");
}

void TestCheckCommand::cleanListExitsZero()
{
    const QString path = writeFile(m_dir, u"clean.txt"_s, "81.2.69.0/24 # HQ\n62.210.16.0/24\n");
    const CliRun run = runCheck({path});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("2 entries (budget 150), 0 errors"), run.out.constData());
}

void TestCheckCommand::jsonShape()
{
    const QString path =
        writeFile(m_dir, u"mixed.txt"_s, "# comment\n81.2.69.7/24  # HQ\n010.1.1.1\n2001:db8::/32\n81.2.69.5\n");
    const CliRun run = runCheck({u"--json"_s, u"--admin-ip"_s, u"62.210.16.1"_s, path});
    QCOMPARE(run.exitCode, 1);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(run.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);

    const QJsonArray entries = root[u"entries"].toArray();
    QCOMPARE(entries.size(), 4);
    const QJsonObject first = entries[0].toObject();
    QCOMPARE(first[u"line"].toInt(), 2);
    QCOMPARE(first[u"text"].toString(), u"81.2.69.7/24"_s);
    QCOMPARE(first[u"network"].toString(), u"81.2.69.0/24"_s); // masked for host-bits
    QCOMPARE(first[u"label"].toString(), u"HQ"_s);
    const QJsonObject hostBits = first[u"findings"].toArray()[0].toObject();
    QCOMPARE(hostBits[u"code"].toString(), u"host-bits"_s);
    QCOMPARE(hostBits[u"severity"].toString(), u"error"_s);
    QCOMPARE(hostBits[u"fix"].toString(), u"81.2.69.0/24"_s);
    QVERIFY(!hostBits[u"message"].toString().isEmpty());

    const QJsonObject malformed = entries[1].toObject();
    QVERIFY(malformed[u"network"].isNull());
    QVERIFY(malformed[u"label"].isNull());
    QCOMPARE(malformed[u"findings"].toArray()[0].toObject()[u"code"].toString(), u"malformed"_s);
    QCOMPARE(entries[2].toObject()[u"findings"].toArray()[0].toObject()[u"code"].toString(), u"ipv6-unsupported"_s);

    const QJsonArray listFindings = root[u"findings"].toArray();
    QCOMPARE(listFindings.size(), 1);
    QCOMPARE(listFindings[0].toObject()[u"code"].toString(), u"admin-not-covered"_s);
    QCOMPARE(listFindings[0].toObject()[u"fix"].toString(), u"62.210.16.1/32"_s);

    const QJsonObject summary = root[u"summary"].toObject();
    QCOMPARE(summary[u"entries"].toInt(), 4);
    QCOMPARE(summary[u"errors"].toInt(), 4);   // host-bits, malformed, ipv6, admin-not-covered
    QCOMPARE(summary[u"warnings"].toInt(), 2); // overlap both ways between 81.2.69.0/24 and .5
    QCOMPARE(summary[u"adminIp"].toString(), u"62.210.16.1"_s);
    QCOMPARE(summary[u"adminIps"].toArray(), QJsonArray{u"62.210.16.1"_s});
    QCOMPARE(summary[u"adminCovered"].toBool(true), false);
}

void TestCheckCommand::exitCodes_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");

    QTest::newRow("warnings only exit 0") << QByteArray("64.0.0.0/2\n") << QStringList{} << 0;
    QTest::newRow("info only exit 0") << QByteArray("81.2.69.7\n") << QStringList{} << 0;
    QTest::newRow("empty list is a warning") << QByteArray("# nothing\n") << QStringList{} << 0;
    QTest::newRow("error finding exit 1") << QByteArray("10.0.0.0/8\n") << QStringList{} << 1;
    QTest::newRow("admin covered exit 0")
        << QByteArray("81.2.69.0/24\n") << QStringList{u"--admin-ip"_s, u"81.2.69.1"_s} << 0;
    QTest::newRow("admin locked out exit 1")
        << QByteArray("81.2.69.0/24\n") << QStringList{u"--admin-ip"_s, u"81.2.70.1"_s} << 1;
    QTest::newRow("bad admin ip exit 2") << QByteArray("81.2.69.0/24\n") << QStringList{u"--admin-ip"_s, u"81.2.70"_s}
                                         << 2;
    // A LAN address is never what Genesys sees: covered by 10.0.0.0/8 it would pass the lockout check.
    QTest::newRow("private admin ip exit 2")
        << QByteArray("10.0.0.0/8\n") << QStringList{u"--admin-ip"_s, u"10.0.0.5"_s} << 2;
    // Several admins: every one must be covered, and a bad one is not dropped for a later good one.
    QTest::newRow("second admin locked out exit 1")
        << QByteArray("81.2.69.0/24\n")
        << QStringList{u"--admin-ip"_s, u"81.2.69.1"_s, u"--admin-ip"_s, u"62.210.16.1"_s} << 1;
    QTest::newRow("both admins covered exit 0")
        << QByteArray("81.2.69.0/24\n62.210.16.0/24\n")
        << QStringList{u"--admin-ip"_s, u"81.2.69.1"_s, u"--admin-ip"_s, u"62.210.16.1"_s} << 0;
    QTest::newRow("private admin ip first exit 2")
        << QByteArray("81.2.69.0/24\n") << QStringList{u"--admin-ip"_s, u"10.0.0.1"_s, u"--admin-ip"_s, u"81.2.69.1"_s}
        << 2;
    QTest::newRow("unknown option exit 2") << QByteArray("81.2.69.0/24\n") << QStringList{u"--frobnicate"_s} << 2;
    QTest::newRow("bad expiry exit 2") << QByteArray("81.2.69.0/24 # x; expires=tomorrow\n") << QStringList{} << 2;
}

void TestCheckCommand::exitCodes()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    const QString path = writeFile(m_dir, QString::fromLatin1(QTest::currentDataTag()) + u".txt"_s, content);
    const CliRun run = runCheck(options + QStringList{path});
    QCOMPARE(run.exitCode, exitCode);
    if (exitCode == 2)
        QVERIFY(!run.err.isEmpty());
}

void TestCheckCommand::readsStandardInput()
{
    const CliRun run = runCheck({u"--json"_s, u"-"_s}, "81.2.69.0/24\n81.2.69.0/24\n");
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(root[u"summary"].toObject()[u"warnings"].toInt(), 1);
    QVERIFY(root[u"summary"].toObject()[u"adminIp"].isNull());
    QVERIFY(root[u"summary"].toObject()[u"adminCovered"].isNull());
}

// "admin 62.210.16.5, 81.2.69.142 NOT covered" read as if neither was; only the second is.
void TestCheckCommand::eachAdminAddressSaysForItself()
{
    const CliRun run =
        runCheck({u"--admin-ip"_s, u"62.210.16.5"_s, u"--admin-ip"_s, u"81.2.69.142"_s, u"-"_s}, "62.210.16.0/24\n");
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("; admin 62.210.16.5 covered, 81.2.69.142 NOT covered\n"), run.out.constData());
    // A list of no valid IPv4 entry covers no one (its finding says so; the summary agrees).
    const CliRun none = runCheck({u"--admin-ip"_s, u"81.2.69.142"_s, u"-"_s}, "2001:db8::/32\n");
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.out.contains("; admin 81.2.69.142 NOT covered\n"), none.out.constData());
    // The same address given twice is one address: one finding, named once.
    const CliRun twice =
        runCheck({u"--admin-ip"_s, u"1.2.3.4"_s, u"--admin-ip"_s, u" 1.2.3.4"_s, u"-"_s}, "81.2.69.0/24\n");
    QCOMPARE(twice.exitCode, 1);
    QVERIFY2(twice.out.contains(", 1 error, ") && twice.out.contains("; admin 1.2.3.4 NOT covered\n"),
             twice.out.constData());
}

// Found by reviews: each of these was read without an error, with entries merged, dropped or changed.
void TestCheckCommand::listFileProblemsExitTwo_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("expected"); // on stderr

    QTest::newRow("lone CR line ends") << u"mac.txt"_s
                                       << QByteArray("81.2.69.0/24 # HQ\r62.210.16.0/24 # Lyon\r51.15.0.10 # jump\r")
                                       << QByteArray("line 1 has a lone carriage return");
    QTest::newRow("UTF-16") << u"utf16.txt"_s
                            << QByteArray("\xFF\xFE"
                                          "8\0001\000.\0002\000\n\0",
                                          12)
                            << QByteArray("is UTF-16 text: save it as UTF-8");
    QTest::newRow("CSV network as label") << u"two.csv"_s << QByteArray("62.210.16.0/24,51.15.0.10/32\n")
                                          << QByteArray("line 1: the label column holds '51.15.0.10/32'");
    QTest::newRow("CSV fifth column") << u"wide.csv"_s << QByteArray("81.2.69.0/24,x,y,,extra1,34.240.17.9/32\n")
                                      << QByteArray("line 1: column 5 holds 'extra1'");
    QTest::newRow("bad expiry in another case")
        << u"case.txt"_s << QByteArray("81.2.69.0/24 # Owner=Bob; Expires=2027-1-1\n")
        << QByteArray("line 1: expires=");
    QTest::newRow("unknown key") << u"key.txt"_s << QByteArray("81.2.69.0/24 # HQ; expiry=2027-01-31\n")
                                 << QByteArray("line 1: 'expiry=' is not a key");
    QTest::newRow("repeated key") << u"twice.txt"_s << QByteArray("81.2.69.0/24\n62.210.16.0/24 # owner=a; owner=b\n")
                                  << QByteArray("line 2: owner= is given twice");
}

void TestCheckCommand::listFileProblemsExitTwo()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, expected);
    const QString path = writeFile(m_dir, name, content);
    const CliRun run = runCheck({u"--json"_s, path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), run.err.constData());
    QVERIFY2(run.err.contains(path.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCheckCommand::metadataKeysInAnyCase()
{
    const QString quoted =
        writeFile(m_dir, u"quoted.csv"_s, "cidr,label,owner,expires\n81.2.69.0/24,\"HQ, Paris\",Bob\n");
    const QString keys = writeFile(m_dir, u"keys.txt"_s, "81.2.69.0/24 # HQ, Paris; Owner=Bob; EXPIRES=2027-01-31\n");
    for (const QString &path : {quoted, keys}) {
        const CliRun run = runCheck({u"--json"_s, path});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject entry = QJsonDocument::fromJson(run.out).object()[u"entries"].toArray()[0].toObject();
        QCOMPARE(entry[u"label"].toString(), u"HQ, Paris"_s);
        QCOMPARE(entry[u"owner"].toString(), u"Bob"_s);
    }
}

void TestCheckCommand::usageErrorsGoToStderr()
{
    const CliRun missing = runCheck({m_dir.filePath(u"does-not-exist.txt"_s)});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("cannot read"));
    QVERIFY(missing.out.isEmpty());
    const CliRun none = runCheck({});
    QCOMPARE(none.exitCode, 2);
    QVERIFY(none.err.contains("usage"));

    // The window's entry point: an unknown option is a usage error (2), not a refusal (1), and
    // without a display it says so instead of aborting.
    QProcessEnvironment offscreen = QProcessEnvironment::systemEnvironment();
    offscreen.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const CliRun bogus = runCli({u"--bogus"_s}, {}, offscreen);
    QCOMPARE(bogus.exitCode, 2);
    QVERIFY2(bogus.err.contains("Unknown option 'bogus'"), bogus.err.constData());
    QProcessEnvironment headless = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        headless.remove(name);
    const CliRun noDisplay = runCli({}, {}, headless);
    QCOMPARE(noDisplay.exitCode, 2);
    QVERIFY2(noDisplay.err.contains("no display"), noDisplay.err.constData());
    const CliRun typo = runCli({u"chekc"_s}, {}, headless);
    QCOMPARE(typo.exitCode, 2);
    QVERIFY(typo.err.contains("unknown command 'chekc'"));
}

void TestCheckCommand::everyCommandAnswersHelp_data()
{
    // The top-level help promises "Run 'allowlist-console COMMAND --help' for a command's options".
    QTest::addColumn<QString>("command");
    for (const char *command : {"check", "impact", "report", "pull", "push", "journal", "rollback", "sandbox"})
        QTest::newRow(command) << QString::fromLatin1(command);
}

void TestCheckCommand::everyCommandAnswersHelp()
{
    QFETCH(QString, command);
    const CliRun run = runCli({command, u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    const QByteArray usage = QByteArray("usage: allowlist-console ") + command.toUtf8();
    QVERIFY2(run.out.startsWith(usage), run.out.constData());
    QVERIFY2(run.out.contains("--help"), run.out.constData());
    QVERIFY2(!run.err.contains("Unknown option"), run.err.constData());
}

void TestCheckCommand::unwritableOutputFails_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("list");
    QTest::newRow("json, clean list") << QStringList{u"--json"_s} << QByteArray("81.2.69.0/24\n");
    QTest::newRow("text, clean list") << QStringList{} << QByteArray("81.2.69.0/24\n");
    // Exit 1 would read as "refused, and here are the findings": the findings never arrived.
    QTest::newRow("json, list with errors") << QStringList{u"--json"_s} << QByteArray("81.2.69.7/24\n");
}

// Scripts read stdout: on a full disk a cut JSON or an empty pulled list exited 0.
void TestCheckCommand::unwritableOutputFails()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, list);
    const QString path =
        writeFile(m_dir, u"out-%1.txt"_s.arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'-'), list);
    QProcess process;
    process.setStandardOutputFile(u"/dev/full"_s);
    process.start(qEnvironmentVariable("ALC_EXE"), QStringList{u"check"_s} + arguments + QStringList{path});
    QVERIFY(process.waitForFinished(60000));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QByteArray expected = QByteArray("allowlist-console: cannot write the output: ") + std::strerror(ENOSPC);
    QVERIFY2(err.contains(expected), err.constData());
}

void TestCheckCommand::fifoListIsRefused()
{
    const QString fifo = m_dir.filePath(u"list-fifo.txt"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QProcess process;
    process.start(qEnvironmentVariable("ALC_EXE"), {u"check"_s, fifo});
    const bool finished = process.waitForFinished(10000);
    if (!finished)
        process.kill(); // it hangs on the FIFO
    QVERIFY(finished);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(process.readAllStandardError().contains("is not a regular file"), "no 'not a regular file'");
}

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
