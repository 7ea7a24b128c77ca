#include "clirunner.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

QString data(const QString &name)
{
    return qEnvironmentVariable("ALC_TEST_DATA") + u"/report/"_s + name;
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestReportCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesEveryFormat_data();
    void writesEveryFormat();
    void pdfCarriesFingerprintAndFigures();
    void errorListIsWrittenWithExitOne();
    void usageErrors_data();
    void usageErrors();
    void sameInputsSameContent();
    void fullDiskKeepsThePreviousReport_data();
    void fullDiskKeepsThePreviousReport();
    void csvPairIsReplacedWhole();

private:
    QStringList baseArguments(const QString &out) const;
    QTemporaryDir m_dir;
};

QStringList TestReportCommand::baseArguments(const QString &out) const
{
    return {u"report"_s,
            u"--list"_s,
            data(u"proposed.txt"_s),
            u"--baseline"_s,
            data(u"live.txt"_s),
            u"--history"_s,
            data(u"history.csv"_s),
            u"--admin-ip"_s,
            u"81.2.69.7"_s,
            u"--author"_s,
            u"A. Admin"_s,
            u"--org"_s,
            u"Demo Org"_s,
            u"--out"_s,
            out};
}

void TestReportCommand::writesEveryFormat_data()
{
    QTest::addColumn<QString>("extension");
    QTest::addColumn<QString>("mustContain");
    QTest::newRow("html") << "html"
                          << "<h2>Fingerprint</h2>";
    QTest::newRow("markdown") << "md"
                              << "## Fingerprint";
    QTest::newRow("csv") << "csv"
                         << "svc-crm-sync@example.com";
}

void TestReportCommand::writesEveryFormat()
{
    QFETCH(QString, extension);
    QFETCH(QString, mustContain);
    const QString out = m_dir.filePath(u"report."_s + extension);
    // As from cron or a container: no runtime directory, and Qt's warning about it is not printed.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"XDG_RUNTIME_DIR"_s);
    const CliRun run = runCli(baseArguments(out), {}, environment);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(!run.err.contains("XDG_RUNTIME_DIR"), run.err.constData());
    const QByteArray fingerprint = run.out.mid(run.out.indexOf("fingerprint ") + 12, 64);
    QCOMPARE(fingerprint.size(), 64);
    const QString text = readText(out);
    QVERIFY2(text.contains(mustContain), qPrintable(text.left(300)));
    if (extension == u"csv") {
        QVERIFY(text.contains(QString::fromLatin1(fingerprint)));
        QVERIFY(readText(m_dir.filePath(u"report-blocked-signins.csv"_s)).contains(u"34.240.17.9"_s));
    } else {
        QVERIFY(text.contains(QString::fromLatin1(fingerprint)));
    }
}

void TestReportCommand::pdfCarriesFingerprintAndFigures()
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is installed by scripts/install-deps.sh");
    const QString out = m_dir.filePath(u"report.pdf"_s);
    const CliRun run = runCli(baseArguments(out));
    QCOMPARE(run.exitCode, 0);
    QProcess text;
    text.start(pdftotext, {out, u"-"_s});
    QVERIFY(text.waitForFinished(30000));
    const QString pdf = QString::fromUtf8(text.readAllStandardOutput());
    const QString fingerprint = QString::fromLatin1(run.out.mid(run.out.indexOf("fingerprint ") + 12, 64));
    QVERIFY2(pdf.contains(fingerprint), qPrintable(pdf.left(500)));
    QVERIFY(pdf.contains(u"Demo Org"_s));
    QVERIFY(pdf.contains(u"34.240.17.9"_s));
    QVERIFY(pdf.contains(u"2 added, 1 removed, 2 unchanged"_s));
    QVERIFY(pdf.contains(u"Approver"_s)); // the sign-off block ("ff" may come out as a ligature)
    // Every page says which list it belongs to and where: "page N of M" and the fingerprint.
    QStringList pages = pdf.split(u'\f');
    if (!pages.isEmpty() && pages.last().trimmed().isEmpty())
        pages.removeLast();
    QVERIFY(pages.size() >= 2);
    for (int i = 0; i < pages.size(); ++i) {
        QVERIFY2(pages.at(i).contains(u"page %1 of %2"_s.arg(i + 1).arg(pages.size())),
                 qPrintable(pages.at(i).right(300)));
        QVERIFY(pages.at(i).contains(u"ngerprint "_s + fingerprint)); // "fi" may come out as a ligature
    }
}

void TestReportCommand::errorListIsWrittenWithExitOne()
{
    const QString out = m_dir.filePath(u"bad.md"_s);
    QStringList arguments = baseArguments(out);
    arguments[2] = data(u"bad.txt"_s);
    const CliRun run = runCli(arguments);
    QCOMPARE(run.exitCode, 1);
    const QString text = readText(out);
    QVERIFY(text.indexOf(u"must not be pushed"_s) < text.indexOf(u"## Fingerprint"_s));
    QVERIFY(text.contains(u"not-public"_s));
    QVERIFY2(run.out.contains("the report says so on its first page"), run.out.constData());

    // A CSV has no first page and no findings: the message says where to see them.
    arguments.last() = m_dir.filePath(u"bad.csv"_s);
    const CliRun csv = runCli(arguments);
    QCOMPARE(csv.exitCode, 1);
    QVERIFY2(csv.out.contains("the CSV files do not show findings") && !csv.out.contains("first page"),
             csv.out.constData());
    QVERIFY(!csv.out.contains("no --history"));
    // Without a history its files are headers only, which is not "no one is blocked".
    const CliRun bare =
        runCli({u"report"_s, u"--list"_s, data(u"proposed.txt"_s), u"--out"_s, m_dir.filePath(u"bare.csv"_s)});
    QCOMPARE(bare.exitCode, 0);
    QVERIFY2(bare.out.contains("no --history: the CSV files hold only their header rows"), bare.out.constData());
}

void TestReportCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no --out") << QStringList{u"report"_s, u"--list"_s, data(u"proposed.txt"_s)};
    QTest::newRow("unknown extension") << QStringList{u"report"_s, u"--list"_s, data(u"proposed.txt"_s), u"--out"_s,
                                                      m_dir.filePath(u"x.docx"_s)};
    QTest::newRow("missing list") << QStringList{u"report"_s, u"--list"_s, data(u"nope.txt"_s), u"--out"_s,
                                                 m_dir.filePath(u"x.md"_s)};
    QTest::newRow("unreadable history") << QStringList{
        u"report"_s,         u"--list"_s, data(u"proposed.txt"_s),  u"--history"_s,
        data(u"nope.csv"_s), u"--out"_s,  m_dir.filePath(u"x.md"_s)};
    QTest::newRow("bad admin ip") << QStringList{u"report"_s, u"--list"_s, data(u"proposed.txt"_s),  u"--admin-ip"_s,
                                                 u"1.2.3"_s,  u"--out"_s,  m_dir.filePath(u"x.md"_s)};
    QTest::newRow("bad --column, even without --history")
        << QStringList{u"report"_s,         u"--list"_s, data(u"proposed.txt"_s),  u"--column"_s,
                       u"address=Client"_s, u"--out"_s,  m_dir.filePath(u"x.md"_s)};
}

void TestReportCommand::usageErrors()
{
    QFETCH(QStringList, arguments);
    const CliRun run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("report:"));
    QVERIFY(!QFile::exists(m_dir.filePath(u"x.md"_s)));
}

void TestReportCommand::sameInputsSameContent()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SOURCE_DATE_EPOCH"_s, u"1795000000"_s);
    const QString a = m_dir.filePath(u"a.html"_s);
    const QString b = m_dir.filePath(u"b.html"_s);
    QCOMPARE(runCli(baseArguments(a), {}, environment).exitCode, 0);
    QTest::qWait(1100); // a different wall-clock second
    QCOMPARE(runCli(baseArguments(b), {}, environment).exitCode, 0);
    QCOMPARE(readText(a), readText(b));
    QVERIFY(readText(a).contains(u"2026-11-18T11:06:40Z"_s));

    // The PDF too, byte for byte, in any time zone: its creation date is the report's date (QPdfWriter
    // writes the local wall clock), and its font objects come in the same order (QHash iteration,
    // seeded per process unless this variable is set).
    QList<QByteArray> zones;
    for (const QString &zone : {u"UTC"_s, u"Europe/Paris"_s, u"Asia/Tokyo"_s}) {
        environment.insert(u"TZ"_s, zone);
        QByteArray pdfs[2];
        for (int i = 0; i < 2; ++i) {
            const QString out = m_dir.filePath(u"same-%1.pdf"_s.arg(i));
            QCOMPARE(runCli(baseArguments(out), {}, environment).exitCode, 0);
            QFile file(out);
            QVERIFY(file.open(QIODevice::ReadOnly));
            pdfs[i] = file.readAll();
            if (i == 0)
                QTest::qWait(1100); // a different wall-clock second
        }
        QVERIFY2(pdfs[0].contains("/CreationDate (D:20261118110640"), qPrintable(zone));
        QVERIFY2(pdfs[0] == pdfs[1], qPrintable(zone));
        zones.append(pdfs[0]);
    }
    // And across zones (the stamp was "…Z" in UTC, "…+00'00'" elsewhere, moving every offset after it).
    QVERIFY(zones.at(0) == zones.at(1));
    QVERIFY(zones.at(0) == zones.at(2));
}

void TestReportCommand::fullDiskKeepsThePreviousReport_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("html") << u"full.html"_s;
    QTest::newRow("markdown") << u"full.md"_s;
    QTest::newRow("csv") << u"full.csv"_s;
}

// A report is a few KiB, below QFileDevice's 16 KiB buffer, so its bytes only reach the disk when
// flushed; on a full disk Qt 6.4's QSaveFile::commit() put an empty file in place and the command
// said "wrote". Here the file-size limit makes writing past 1 KiB fail (EFBIG) as ENOSPC would.
void TestReportCommand::fullDiskKeepsThePreviousReport()
{
    QFETCH(QString, name);
    const QString out = m_dir.filePath(name);
    QFile previous(out);
    QVERIFY(previous.open(QIODevice::WriteOnly));
    previous.write("the approved report\n");
    previous.close();
    QProcess process;
    process.setChildProcessModifier([] {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{};
        ::getrlimit(RLIMIT_FSIZE, &limit);
        limit.rlim_cur = 1024;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    process.start(qEnvironmentVariable("ALC_EXE"), baseArguments(out));
    QVERIFY(process.waitForFinished(120000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(err.contains(u"cannot write "_s), qPrintable(err));
    QVERIFY2(err.contains(QString::fromLocal8Bit(std::strerror(EFBIG))), qPrintable(err));
    QCOMPARE(readText(out), u"the approved report\n"_s);
}

// The users CSV and its blocked sign-ins companion are one report: when the second cannot be
// written, the first keeps the previous report's content instead of carrying the new list.
void TestReportCommand::csvPairIsReplacedWhole()
{
    const QString out = m_dir.filePath(u"pair.csv"_s);
    const QString companion = m_dir.filePath(u"pair-blocked-signins.csv"_s);
    QCOMPARE(runCli(baseArguments(out)).exitCode, 0);
    const QString before = readText(out);
    QVERIFY(!before.isEmpty());
    QVERIFY(QFile::remove(companion));
    QVERIFY(QDir(m_dir.path()).mkdir(u"pair-blocked-signins.csv"_s)); // the companion cannot be written

    const QString otherList = m_dir.filePath(u"other.txt"_s);
    QFile list(otherList);
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write("81.2.69.0/24\n");
    list.close();
    QStringList arguments = baseArguments(out);
    arguments[arguments.indexOf(u"--list"_s) + 1] = otherList; // another fingerprint in every row
    const CliRun run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    const QByteArray expected = "cannot write " + companion.toUtf8() + ": ";
    QVERIFY2(run.err.contains(expected), run.err.constData());
    QVERIFY2(!run.err.contains("Unknown error"), run.err.constData());
    QCOMPARE(readText(out), before);
}

QTEST_GUILESS_MAIN(TestReportCommand)
#include "tst_reportcommand.moc"
