// Hostile files fed to the history import (HistoryImporter and `allowlist-console impact`) and to
// the list reader (`allowlist-console check`): each must end in a clear error naming the file, or
// in an import that counts its bad rows, with bounded memory and time.
#include "../cli/clirunner.h"

#include <history/historyimporter.h>
#include <rules/listfile.h>

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <atomic>

using namespace alc;

namespace {

constexpr qint64 TwoGiB = qint64(2) << 30;
constexpr qint64 RssBoundKiB = 600 * 1024;

const QByteArray CsvHeader = "timestamp,user,ip,app,result\n";
const QByteArray GoodRow = "2026-01-05T08:00:00Z,ana@example.com,81.2.69.7,Mail,success\n";

qint64 peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

QByteArray rows(int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += GoodRow;
    return out;
}

} // namespace

class TestHostileInput final : public QObject
{
    Q_OBJECT

private:
    QString write(const QString &name, const QByteArray &content, qint64 sparseTo = 0);
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void historyImport_data();
    void historyImport();
    void hugeFileIsCancellable();
    void impactCli_data();
    void impactCli();
    void checkCli_data();
    void checkCli();
    void cleanupTestCase()
    {
        QVERIFY2(peakRssKiB() < RssBoundKiB, QByteArray(QByteArray::number(peakRssKiB()) + " KiB").constData());
    }
};

QString TestHostileInput::write(const QString &name, const QByteArray &content, qint64 sparseTo)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return {};
    if (sparseTo > 0 && !file.resize(sparseTo)) // holes: no disk space, no time
        return {};
    return path;
}

void TestHostileInput::historyImport_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<qint64>("sparseTo");
    QTest::addColumn<QString>("error");  // expected in the message; empty: the import succeeds
    QTest::addColumn<qint64>("rows");    // when it succeeds
    QTest::addColumn<qint64>("skipped"); // bad rows counted
    QTest::addColumn<qint64>("firstBadLine");

    const QByteArray tenMiB(10 << 20, 'x');
    QByteArray wideHeader = "ip";
    QByteArray wideRow = "81.2.69.7";
    for (int i = 1; i < 100000; ++i) {
        wideHeader += ",c" + QByteArray::number(i);
        wideRow += ",v";
    }
    const QByteArray graphRecord = R"({"createdDateTime":"2026-01-05T08:00:00Z","userPrincipalName":"ana@example.com",)"
                                   R"("ipAddress":"81.2.69.7","appDisplayName":"Mail","status":{"errorCode":0}})";

    QTest::newRow("2 GB sparse file") << "sparse.csv" << QByteArray() << TwoGiB << "binary file" << 0LL << 0LL << 0LL;
    QTest::newRow("10 MB single line as the header")
        << "longheader.csv" << tenMiB << 0LL << "first line is longer than" << 0LL << 0LL << 0LL;
    QTest::newRow("10 MB single line among rows")
        << "longline.csv" << CsvHeader + rows(2) + tenMiB + '\n' + rows(3) << 0LL << QString() << 5LL << 1LL << 4LL;
    QTest::newRow("10 MB line without a newline at the end")
        << "longtail.csv" << CsvHeader + rows(2) + tenMiB << 0LL << QString() << 2LL << 1LL << 4LL;
    QTest::newRow("stray quote runs past 1 MiB")
        << "strayquote.csv" << CsvHeader + "\"" + rows(30000) << 0LL << QString() << 29999LL << 1LL << 2LL;
    // With less than 1 MiB after it, the quote used to swallow every row to the end of the file.
    QTest::newRow("stray quote with less than 1 MiB after it")
        << "strayshort.csv" << CsvHeader + rows(1) + "\"" + rows(5000) << 0LL << QString() << 5000LL << 1LL << 3LL;
    QTest::newRow("NUL bytes in the first 64 KiB") << "nul.csv" << CsvHeader + rows(2) + QByteArray(5, '\0') + '\n'
                                                   << 0LL << "binary file" << 0LL << 0LL << 0LL;
    QTest::newRow("NUL bytes after the first 64 KiB")
        << "latenul.csv"
        << CsvHeader + rows(2000) + QByteArray("2026-01-05T08:00:00Z,a,81.2.69.\0\0,b,c\n", 38) + rows(1) << 0LL
        << QString() << 2001LL << 1LL << 2002LL;
    QTest::newRow("invalid UTF-8 in user and IP")
        << "utf8.csv"
        << CsvHeader + "2026-01-05T08:00:00Z,\xff\xfe\xc3,81.2.69.7,M\xe9il,success\n"
                       "2026-01-05T08:00:00Z,bob,81.2.\xc3\x28.7,Mail,success\n"
        << 0LL << QString() << 1LL << 1LL << 3LL;
    QTest::newRow("100 000 columns in the header") << "wideheader.csv" << wideHeader + '\n' + wideRow + '\n'
                                                   << 0LL << "first line is longer than" << 0LL << 0LL << 0LL;
    QTest::newRow("100 000 columns in a row")
        << "widerow.csv" << CsvHeader + "2026-01-05T08:00:00Z,ana,81.2.69.7,Mail,success" + wideRow.mid(9) + '\n'
        << 0LL << QString() << 1LL << 0LL << 0LL;
    QTest::newRow("JSON nesting bomb") << "bomb.json" << QByteArray(100000, '[') << 0LL << QString() << 0LL << 1LL
                                       << 1LL;
    QTest::newRow("JSON nesting bomb inside a Graph record")
        << "graphbomb.json"
        << R"({"value":[)" + graphRecord + ",\n{\"x\":" + QByteArray(100000, '[') + QByteArray(100000, ']') + "},\n" +
               graphRecord + "]}"
        << 0LL << QString() << 2LL << 1LL << 2LL;
    QTest::newRow("truncated JSON") << "truncated.json"
                                    << R"({"value":[)" + graphRecord + ",\n" + graphRecord.left(60) << 0LL << QString()
                                    << 1LL << 1LL << 2LL;
    QTest::newRow("JSON record over 1 MiB")
        << "bigrecord.json"
        << "[\n{\"published\":\"" + QByteArray(2 << 20, 'a') + "\"}]" << 0LL << QString() << 0LL << 1LL << 2LL;
    QTest::newRow("JSON key of 10 MB") << "bigkey.json"
                                       << "{\"" + tenMiB + "\":[]}" << 0LL << "no array of sign-in records" << 0LL
                                       << 0LL << 0LL;
    QTest::newRow("200 000 junk lines after one JSON record per line")
        << "junklines.json"
        << R"({"published":"2026-03-10T08:00:00Z","eventType":"user.session.start","client":{"ipAddress":"81.2.69.22"},)"
           R"("outcome":{"result":"SUCCESS"}})"
           "\n" +
               QByteArray("x\n").repeated(200000)
        << 0LL << QString() << 1LL << 200000LL << 2LL;
    QTest::newRow("not JSON after a brace")
        << "garbage.json" << QByteArray("{\x01\x02") << 0LL << "not a recognised" << 0LL << 0LL << 0LL;
}

void TestHostileInput::historyImport()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(qint64, sparseTo);
    QFETCH(QString, error);
    QFETCH(qint64, rows);
    QFETCH(qint64, skipped);
    QFETCH(qint64, firstBadLine);

    const QString path = write(name, content, sparseTo);
    QVERIFY(!path.isEmpty());
    QElapsedTimer timer;
    timer.start();
    ImportOptions options;
    options.threads = 2;
    const ImportResult result = HistoryImporter(options).importFiles({path});
    QVERIFY2(timer.elapsed() < 5000, QByteArray(QByteArray::number(timer.elapsed()) + " ms").constData());
    if (!error.isEmpty()) {
        QVERIFY(!result.ok());
        QVERIFY2(result.error.startsWith(path) && result.error.contains(error), qPrintable(result.error));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.error));
    const ImportedFile &file = result.dataset->files().constFirst();
    QCOMPARE(file.rows, rows);
    QCOMPARE(file.skipped, skipped);
    if (skipped > 0)
        QCOMPARE(file.badRowExamples.constFirst().line, firstBadLine);
    QVERIFY2(peakRssKiB() < RssBoundKiB, QByteArray(QByteArray::number(peakRssKiB()) + " KiB").constData());
}

// 64 KiB of real rows, then 2 GB of holes: it passes the binary check, and reading it all takes
// longer than anyone waits. Cancel must stop it promptly, memory must stay bounded.
void TestHostileInput::hugeFileIsCancellable()
{
    const QString path = write(QStringLiteral("huge.csv"), CsvHeader + rows(1200), TwoGiB);
    QVERIFY(!path.isEmpty());
    QElapsedTimer timer;
    timer.start();
    std::atomic<qint64> progressed{0};
    ImportCallbacks callbacks;
    callbacks.isCanceled = [&timer] {
        return timer.elapsed() > 500;
    };
    callbacks.progress = [&progressed](qint64 done, qint64) {
        progressed.store(done);
    };
    const ImportResult result = HistoryImporter().importFiles({path}, callbacks);
    QVERIFY(result.canceled);
    QVERIFY(!result.ok());
    QVERIFY2(timer.elapsed() < 3000, QByteArray(QByteArray::number(timer.elapsed()) + " ms").constData());
    QVERIFY(progressed.load() > 0);
    QVERIFY2(peakRssKiB() < RssBoundKiB, QByteArray(QByteArray::number(peakRssKiB()) + " KiB").constData());
}

void TestHostileInput::impactCli_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("expected"); // on stderr for errors, on stdout otherwise

    QTest::newRow("2 GB sparse file") << "sparse.csv" << 2 << QByteArray("binary file");
    QTest::newRow("10 MB single line as the header") << "longheader.csv" << 2 << QByteArray("first line is longer");
    QTest::newRow("10 MB single line among rows") << "longline.csv" << 0 << QByteArray("\"skippedRows\":1");
    QTest::newRow("JSON nesting bomb") << "bomb.json" << 0 << QByteArray("\"skippedRows\":1");
    QTest::newRow("truncated JSON") << "truncated.json" << 0 << QByteArray("\"skippedRows\":1");
    QTest::newRow("invalid UTF-8 in user and IP") << "utf8.csv" << 0 << QByteArray("\"skippedRows\":1");
}

// Reuses the files historyImport() wrote.
void TestHostileInput::impactCli()
{
    QFETCH(QString, name);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, expected);
    const QString path = m_dir.filePath(name);
    QVERIFY(QFile::exists(path));
    const QString list = qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/list-hq.txt");
    const CliRun run = runCli({QStringLiteral("impact"), QStringLiteral("--list"), list, QStringLiteral("--history"),
                               path, QStringLiteral("--json")});
    QCOMPARE(run.exitCode, exitCode);
    if (exitCode != 0) {
        QVERIFY2(run.err.contains(path.toUtf8()) && run.err.contains(expected), run.err.constData());
    } else {
        QVERIFY2(QByteArray(run.out).replace(' ', "").contains(expected), run.out.left(2000).constData());
    }
}

void TestHostileInput::checkCli_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<qint64>("sparseTo");
    QTest::addColumn<QString>("extension");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("expected");

    QByteArray wide = "81.2.69.0/24";
    for (int i = 1; i < 100000; ++i)
        wide += ",x";
    QTest::newRow("2 GB sparse file") << QByteArray() << TwoGiB << ".txt" << 2 << QByteArray("larger than 16 MiB");
    QTest::newRow("NUL bytes") << QByteArray("81.2.69.0/24\n\0\0\n", 17) << 0LL << ".txt" << 2
                               << QByteArray("binary file");
    QTest::newRow("invalid UTF-8") << QByteArray("81.2.69.0/24 # HQ \xff\xfe\n") << 0LL << ".txt" << 2
                                   << QByteArray("not UTF-8");
    QTest::newRow("10 MB single line") << QByteArray(10 << 20, '1') << 0LL << ".txt" << 1
                                       << QByteArray("line 1: error");
    QTest::newRow("100 000 columns") << wide + '\n' << 0LL << ".csv" << 2 << QByteArray("line 1: expires 'x'");
}

void TestHostileInput::checkCli()
{
    QFETCH(QByteArray, content);
    QFETCH(qint64, sparseTo);
    QFETCH(QString, extension);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, expected);
    const QString path =
        write(QStringLiteral("list-") + QString::number(qHash(QTest::currentDataTag())) + extension, content, sparseTo);
    QVERIFY(!path.isEmpty());
    QElapsedTimer timer;
    timer.start();
    const CliRun run =
        runCli({QStringLiteral("check"), QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.7"), path});
    QVERIFY2(timer.elapsed() < 5000, QByteArray(QByteArray::number(timer.elapsed()) + " ms").constData());
    QCOMPARE(run.exitCode, exitCode);
    const QByteArray &shown = exitCode == 2 ? run.err : run.out;
    QVERIFY2(shown.contains(expected), QByteArray(run.err + run.out.left(500)).constData());
    if (exitCode == 2)
        QVERIFY2(run.err.contains(path.toUtf8()), run.err.constData());
    // A hostile entry is quoted in part, never echoed back in full.
    QVERIFY2(run.out.size() + run.err.size() < 16 * 1024,
             QByteArray::number(run.out.size() + run.err.size()).constData());
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
