#include <history/historyimporter.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace alc;

namespace {

QString fixture(const QString &name)
{
    return qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/") + name;
}

ImportResult importOne(const QString &path, ImportOptions options = {})
{
    return HistoryImporter(std::move(options)).importFiles({path});
}

// Writes text into dir/name; the path, or empty when it cannot be written.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    file.write(text);
    return file.fileName();
}

// The two ways a file is read, as data rows: one share, or many small shares on two workers.
void addShareRows()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<qint64>("chunkBytes");
    QTest::newRow("one share") << 1 << qint64(256 << 10);
    QTest::newRow("many shares, two workers") << 2 << qint64(1024);
}

// The import options of the current addShareRows() row.
ImportOptions shareOptions()
{
    QFETCH(int, threads);
    QFETCH(qint64, chunkBytes);
    ImportOptions options;
    options.threads = threads;
    options.chunkBytes = chunkBytes;
    return options;
}

} // namespace

class TestHistoryImporter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formats_data();
    void formats();
    void badRowsNameTheirLines();
    void quotedFieldsAreUnescaped();
    void usersAreCaseInsensitiveAndPreferUsername();
    void dateRangeAndDigest();
    void errors_data();
    void errors();
    void binaryFileIsRefused();
    void utf16WithoutBomGetsTheUtf16Advice();
    void blankLinesBeforeTheHeaderAreSkipped();
    void duplicateUnusedColumnsAreFine();
    void forcedFormatMustFit();
    void columnMappingOverridesDetection();
    void severalFilesMakeOneDataset();
    void aFileGivenTwiceCountsOnce();
    void dayFirstDatesAreReadAsSuch_data();
    void dayFirstDatesAreReadAsSuch();
    void graphErrorCodeAsString();
    void unreadableJsonResultOrTimeIsABadRow();
    void missingUserOrTimeColumnIsNoted();
    void dottedDatesAreDayFirst();
    void jsonArraysOutsideTheRecordsAreNamed();
    void whatAMalformedJsonRecordTookIsSaid();
    void ipv6SourcesAreOnePerAddress();
    void forwardedForListsKeepThePublicClient();
    void loneCarriageReturnEndsALine_data();
    void loneCarriageReturnEndsALine();
    void cancelStopsMidFile();
    void aFileWrittenToWhileReadIsRefused_data();
    void aFileWrittenToWhileReadIsRefused();
    void strayQuoteCostsOneRow_data();
    void strayQuoteCostsOneRow();
    void parallelParseMatchesSequential_data();
    void parallelParseMatchesSequential();
};

void TestHistoryImporter::formats_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<HistoryFormat>("format");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("ipv6Rows");
    QTest::addColumn<qint64>("skipped");
    QTest::addColumn<qint64>("ignored");
    QTest::addColumn<int>("distinctIps");
    QTest::addColumn<int>("users");
    QTest::addColumn<qint64>("failedIpv4");

    QTest::newRow("generic CSV with quotes, IPv6 and bad rows")
        << "generic-basic.csv" << HistoryFormat::Generic << 7LL << 1LL << 3LL << 0LL << 4 << 4 << 2LL;
    QTest::newRow("semicolons, BOM, CRLF and a blank line")
        << "semicolon-bom-crlf.csv" << HistoryFormat::Generic << 3LL << 0LL << 0LL << 0LL << 2 << 2 << 1LL;
    QTest::newRow("TSV, IP in the last column, no timestamp")
        << "tabs.tsv" << HistoryFormat::Generic << 3LL << 1LL << 0LL << 0LL << 1 << 2 << 0LL;
    QTest::newRow("only an IP column") << "ip-only.csv" << HistoryFormat::Generic << 2LL << 0LL << 0LL << 0LL << 2 << 1
                                       << 0LL;
    QTest::newRow("header without rows") << "header-only.csv" << HistoryFormat::Generic << 0LL << 0LL << 0LL << 0LL << 0
                                         << 0 << 0LL;
    QTest::newRow("row shorter than the header")
        << "missing-columns.csv" << HistoryFormat::Generic << 1LL << 0LL << 1LL << 0LL << 1 << 1 << 0LL;
    QTest::newRow("Entra portal CSV, headers with trailing spaces")
        << "entra-portal.csv" << HistoryFormat::Entra << 3LL << 1LL << 0LL << 0LL << 2 << 2 << 1LL;
    QTest::newRow("Microsoft Graph signIns JSON")
        << "entra-graph.json" << HistoryFormat::Entra << 3LL << 1LL << 1LL << 0LL << 2 << 2 << 1LL;
    QTest::newRow("Okta LogEvent JSON keeps sign-in events only")
        << "okta.json" << HistoryFormat::Okta << 3LL << 0LL << 1LL << 1LL << 2 << 2 << 1LL;
    QTest::newRow("Okta CSV with dotted columns")
        << "okta.csv" << HistoryFormat::Okta << 2LL << 0LL << 0LL << 1LL << 2 << 1 << 1LL;
    QTest::newRow("Entra diagnostic log, one JSON object per line, a cut line")
        << "entra-signinlogs.json" << HistoryFormat::Entra << 4LL << 1LL << 1LL << 0LL << 3 << 3 << 1LL;
    QTest::newRow("Okta LogEvents one per line, a blank line")
        << "okta-lines.json" << HistoryFormat::Okta << 3LL << 0LL << 0LL << 1LL << 2 << 2 << 1LL;
    QTest::newRow("Genesys Cloud audit JSON")
        << "genesys-audit.json" << HistoryFormat::Genesys << 2LL << 0LL << 1LL << 0LL << 2 << 2 << 0LL;
}

void TestHistoryImporter::formats()
{
    QFETCH(QString, file);
    const ImportResult result = importOne(fixture(file));
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Dataset &d = *result.dataset;
    QCOMPARE(d.files().size(), 1);
    const ImportedFile &f = d.files().constFirst();
    QTEST(f.format, "format");
    QTEST(f.rows, "rows");
    QTEST(f.ipv6Rows, "ipv6Rows");
    QTEST(f.skipped, "skipped");
    QTEST(f.ignored, "ignored");
    QTEST(int(d.ips().size()), "distinctIps");
    QTEST(int(d.users().size()), "users");
    QTEST(d.rows(), "rows");
    QTEST(d.ipv6Rows(), "ipv6Rows");
    qint64 failed = 0;
    for (const SignInGroup &g : d.groups())
        failed += g.failed;
    QTEST(failed, "failedIpv4");
    QCOMPARE(f.name, file);
}

void TestHistoryImporter::badRowsNameTheirLines()
{
    // A line of a one-object-per-line export that is no JSON object is a bad row on its own line.
    const ImportResult lines = importOne(fixture(QStringLiteral("entra-signinlogs.json")));
    QVERIFY2(lines.ok(), qPrintable(lines.error));
    const QList<BadRowExample> cut = {{3, QStringLiteral("malformed record")}};
    QCOMPARE(lines.dataset->files().constFirst().badRowExamples, cut);
    // An object of no known export before the first sign-in is a bad row, as with a forced format.
    QTemporaryDir dir;
    QFile leading(dir.filePath(QStringLiteral("leading.json")));
    QVERIFY(leading.open(QIODevice::WriteOnly));
    leading.write("{}\n");
    QFile original(fixture(QStringLiteral("entra-signinlogs.json")));
    QVERIFY(original.open(QIODevice::ReadOnly));
    leading.write(original.readAll());
    leading.close();
    const ImportResult shifted = importOne(leading.fileName());
    QVERIFY2(shifted.ok(), qPrintable(shifted.error));
    const QList<BadRowExample> both = {{1, QStringLiteral("no IP address")}, {4, QStringLiteral("malformed record")}};
    QCOMPARE(shifted.dataset->files().constFirst().badRowExamples, both);
    QCOMPARE(shifted.dataset->files().constFirst().format, HistoryFormat::Entra);
    // The user of a service principal's sign-in is the principal; names are lower-cased.
    QVERIFY(lines.dataset->users().contains(QStringLiteral("crm-sync")));
    QVERIFY(lines.dataset->users().contains(QStringLiteral("mia@contoso.com")));

    const ImportResult result = importOne(fixture(QStringLiteral("generic-basic.csv")));
    QVERIFY(result.ok());
    const ImportedFile &f = result.dataset->files().constFirst();
    const QList<BadRowExample> expected = {
        {7, QStringLiteral("no IP address")},
        {8, QStringLiteral("not an IP address")},
        {9, QStringLiteral("timestamp not understood")},
    };
    QCOMPARE(f.badRowExamples, expected);
    QCOMPARE(f.skippedByReason.value(QStringLiteral("no IP address")), 1);

    const ImportResult graph = importOne(fixture(QStringLiteral("entra-graph.json")));
    QVERIFY(graph.ok());
    const QList<BadRowExample> graphExpected = {{5, QStringLiteral("no IP address")}};
    QCOMPARE(graph.dataset->files().constFirst().badRowExamples, graphExpected);
}

void TestHistoryImporter::quotedFieldsAreUnescaped()
{
    const ImportResult result = importOne(fixture(QStringLiteral("generic-basic.csv")));
    QVERIFY(result.ok());
    const QStringList apps = result.dataset->apps();
    QVERIFY2(apps.contains(QStringLiteral("Genesys Cloud, Desktop")), qPrintable(apps.join(u'|')));
    QVERIFY(apps.contains(QStringLiteral("Multi\nline app")));

    const ImportResult semicolons = importOne(fixture(QStringLiteral("semicolon-bom-crlf.csv")));
    QVERIFY(semicolons.ok());
    QVERIFY(semicolons.dataset->apps().contains(QStringLiteral("App; with semicolon")));
    // The status column is last on CRLF lines: "Success\r" must still read as a success.
    quint64 failed = 0;
    for (const SignInGroup &g : semicolons.dataset->groups())
        failed += g.failed;
    QCOMPARE(failed, 1u);
}

void TestHistoryImporter::usersAreCaseInsensitiveAndPreferUsername()
{
    const ImportResult generic = importOne(fixture(QStringLiteral("generic-basic.csv")));
    QVERIFY(generic.ok());
    QCOMPARE(generic.dataset->users().count(QStringLiteral("alice@example.com")), 1);
    QVERIFY(!generic.dataset->users().contains(QStringLiteral("Alice@Example.com")));

    const ImportResult entra = importOne(fixture(QStringLiteral("entra-portal.csv")));
    QVERIFY(entra.ok());
    QVERIFY(entra.dataset->users().contains(QStringLiteral("kate@contoso.com")));
    QVERIFY(!entra.dataset->users().contains(QStringLiteral("kate smith")));

    // Beyond ASCII too: one person was two users, one of them "fully blocked".
    QTemporaryDir dir;
    const QString accents = writeFile(dir, QStringLiteral("accents.csv"),
                                      "user,ip\n\xC3\xA9lodie@contoso.fr,81.2.69.5\n\xC3\x89LODIE@CONTOSO.FR,52.1.2.3\n"
                                      "\xC3\x89lodie@Contoso.fr,52.1.2.4\n\xC3\x9CNAL@X.DE,81.2.69.6\n"
                                      "Bad\xFF@X.DE,81.2.69.7\nbad\xFF@x.de,81.2.69.8\n"
                                      // Upper case in the second eight bytes, or in the tail after them.
                                      "abcdefghijklmnoP,81.2.69.9\nabcdefghijklmnop,81.2.69.9\n"
                                      "abcdefghijKlm,81.2.69.9\nabcdefghijklm,81.2.69.9\n");
    const ImportResult unicode = importOne(accents);
    QVERIFY2(unicode.ok(), qPrintable(unicode.error));
    QCOMPARE(unicode.dataset->users(),
             (QStringList{QStringLiteral("abcdefghijklm"), QStringLiteral("abcdefghijklmnop"),
                          QStringLiteral("bad\uFFFD@x.de"), QStringLiteral("\u00E9lodie@contoso.fr"),
                          QStringLiteral("\u00FCnal@x.de")}));
}

void TestHistoryImporter::dateRangeAndDigest()
{
    const QString path = fixture(QStringLiteral("generic-basic.csv"));
    const ImportResult result = importOne(path);
    QVERIFY(result.ok());
    const ImportedFile &f = result.dataset->files().constFirst();
    QCOMPARE(f.first, QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC));
    QCOMPARE(f.last, QDateTime(QDate(2026, 3, 4), QTime(9, 0), Qt::UTC));
    QFile in(path);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QCOMPARE(f.sha256, QString::fromLatin1(QCryptographicHash::hash(in.readAll(), QCryptographicHash::Sha256).toHex()));

    const ImportResult noTimes = importOne(fixture(QStringLiteral("tabs.tsv")));
    QVERIFY(noTimes.ok());
    QVERIFY(!noTimes.dataset->files().constFirst().first.isValid());
}

void TestHistoryImporter::errors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << "empty.csv"
                                << "is empty";
    QTest::newRow("CSV without an IP column") << "no-ip-column.csv"
                                              << "no IP address column";
    QTest::newRow("JSON that is no sign-in export") << "not-a-log.json"
                                                    << "not a recognised sign-in log";
    QTest::newRow("missing file") << "does-not-exist.csv"
                                  << "no such file";
    // A lone CR ends each line (re-saved on an old Mac): it read as a header and 0 sign-ins.
    QTest::newRow("lone CR line ends") << "mac-cr-line-ends.csv"
                                       << "line 1 ends in a lone carriage return";
    QTest::newRow("UTF-16 text") << "utf16-excel.txt"
                                 << "is UTF-16 text: save it as UTF-8";
    // The first "ip" column won silently: the sign-in read as allowed from the proxy's address.
    QTest::newRow("a column the importer reads named twice")
        << "duplicate-ip-column.csv"
        << "the header names the 'IP' column twice (columns 3 and 4)";
}

void TestHistoryImporter::errors()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    const ImportResult result = importOne(fixture(file));
    QVERIFY(!result.ok());
    QVERIFY(!result.canceled);
    QVERIFY2(result.error.contains(message), qPrintable(result.error));
    QVERIFY2(result.error.contains(file), qPrintable(result.error));
}

void TestHistoryImporter::duplicateUnusedColumnsAreFine()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("notes.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,user,ip,note,note\n2026-03-02T08:00:00Z,u@x.org,81.2.69.1,a,b\n");
    file.close();
    const ImportResult result = importOne(file.fileName());
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.dataset->rows(), 1);
    // A column named by --column must be one column too.
    ImportOptions mapped;
    mapped.columns.app = QStringLiteral("note");
    const ImportResult ambiguous = importOne(file.fileName(), mapped);
    QVERIFY(!ambiguous.ok());
    QVERIFY2(ambiguous.error.contains(u"the header names the 'note' column twice (columns 4 and 5)"),
             qPrintable(ambiguous.error));
}

void TestHistoryImporter::utf16WithoutBomGetsTheUtf16Advice()
{
    // Without its byte order mark, UTF-16 text was "a binary file" with no hint what to do.
    QTemporaryDir dir;
    const QString text = QStringLiteral("timestamp,user,ip\n2026-03-02T08:00:00Z,u@x.org,52.1.1.1\n");
    for (const bool bigEndian : {false, true}) {
        QByteArray bytes;
        for (const QChar c : text) {
            const char low = char(c.unicode() & 0xFF), high = char(c.unicode() >> 8);
            bytes += bigEndian ? QByteArray{} + high + low : QByteArray{} + low + high;
        }
        QFile file(dir.filePath(bigEndian ? QStringLiteral("be.csv") : QStringLiteral("le.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        const ImportResult result = importOne(file.fileName());
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(u"is UTF-16 text: save it as UTF-8"), qPrintable(result.error));
    }
}

void TestHistoryImporter::blankLinesBeforeTheHeaderAreSkipped()
{
    // Three blank lines made the header "" ("no IP address column"); over 64 KiB of them made the
    // file "empty".
    QTemporaryDir dir;
    for (const int blank : {3, 70000}) {
        QFile file(dir.filePath(QStringLiteral("blank%1.csv").arg(blank)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(" \r\n").repeated(blank));
        file.write("timestamp,user,ip\n2026-03-02T08:00:00Z,u@x.org,52.1.1.1\n2026-03-02T08:00:00Z,v@x.org,bad\n");
        file.close();
        const ImportResult result = importOne(file.fileName());
        QVERIFY2(result.ok(), qPrintable(result.error));
        const ImportedFile &f = result.dataset->files().constFirst();
        QCOMPARE(f.rows, 1);
        const QList<BadRowExample> bad = {{blank + 3, QStringLiteral("not an IP address")}};
        QCOMPARE(f.badRowExamples, bad);
    }
    // Only blank lines, however many, is still empty.
    QFile blankOnly(dir.filePath(QStringLiteral("blank.csv")));
    QVERIFY(blankOnly.open(QIODevice::WriteOnly));
    blankOnly.write(QByteArray("\n").repeated(100000));
    blankOnly.close();
    const ImportResult empty = importOne(blankOnly.fileName());
    QVERIFY2(!empty.ok() && empty.error.contains(u"is empty"), qPrintable(empty.error));
    QFile bomOnly(dir.filePath(QStringLiteral("bom.csv")));
    QVERIFY(bomOnly.open(QIODevice::WriteOnly));
    bomOnly.write("\xEF\xBB\xBF\r\n\n");
    bomOnly.close();
    const ImportResult bom = importOne(bomOnly.fileName());
    QVERIFY2(!bom.ok() && bom.error.contains(u"is empty"), qPrintable(bom.error));
}

void TestHistoryImporter::binaryFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("archive.gz"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00ip,user\n", 17));
    out.close();
    const ImportResult result = importOne(path);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(QStringLiteral("binary")), qPrintable(result.error));
}

void TestHistoryImporter::forcedFormatMustFit()
{
    ImportOptions genesys;
    genesys.format = HistoryFormat::Genesys;
    QVERIFY(!importOne(fixture(QStringLiteral("generic-basic.csv")), genesys).ok());

    ImportOptions generic;
    generic.format = HistoryFormat::Generic;
    QVERIFY(!importOne(fixture(QStringLiteral("okta.json")), generic).ok());

    // Forcing Okta on a JSON array skips detection but still reads it.
    ImportOptions okta;
    okta.format = HistoryFormat::Okta;
    const ImportResult result = importOne(fixture(QStringLiteral("okta.json")), okta);
    QVERIFY(result.ok());
    QCOMPARE(result.dataset->rows(), 3);
}

void TestHistoryImporter::columnMappingOverridesDetection()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("odd.csv"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("when,who,origin,ip\n2026-03-01T00:00:00Z,zoe@x.example,81.2.69.30,10.0.0.1\n");
    out.close();

    // Detected: "ip" is the private relay address.
    const ImportResult detected = importOne(path);
    QVERIFY(detected.ok());
    QCOMPARE(Ipv4Address(detected.dataset->ips().front()), Ipv4Address(10, 0, 0, 1));

    ImportOptions options;
    options.columns.ip = QStringLiteral("Origin");
    options.columns.user = QStringLiteral("who");
    options.columns.timestamp = QStringLiteral("when");
    const ImportResult mapped = importOne(path, options);
    QVERIFY2(mapped.ok(), qPrintable(mapped.error));
    QCOMPARE(Ipv4Address(mapped.dataset->ips().front()), Ipv4Address(81, 2, 69, 30));
    QCOMPARE(mapped.dataset->users(), QStringList{QStringLiteral("zoe@x.example")});
    QVERIFY(mapped.dataset->files().constFirst().first.isValid());

    options.columns.ip = QStringLiteral("address");
    const ImportResult missing = importOne(path, options);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error.contains(QStringLiteral("'address'")), qPrintable(missing.error));
}

void TestHistoryImporter::severalFilesMakeOneDataset()
{
    const ImportResult result = HistoryImporter().importFiles({fixture(QStringLiteral("generic-basic.csv")),
                                                               fixture(QStringLiteral("okta.json")),
                                                               fixture(QStringLiteral("genesys-audit.json"))});
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Dataset &d = *result.dataset;
    QCOMPARE(d.files().size(), 3);
    QCOMPARE(d.rows(), 7 + 3 + 2);
    QCOMPARE(d.skippedRows(), 3 + 1 + 1);
    QCOMPARE(d.ignoredRows(), 1);
    // 81.2.69.22 (Okta) and 81.2.69.24 (Genesys) join the four addresses of the CSV plus 52.1.2.5, 52.1.2.7.
    QCOMPARE(d.ips().size(), 8u);
    QVERIFY(std::is_sorted(d.ips().begin(), d.ips().end()));
    QCOMPARE(d.files().at(1).format, HistoryFormat::Okta);

    const ImportResult failing = HistoryImporter().importFiles(
        {fixture(QStringLiteral("generic-basic.csv")), fixture(QStringLiteral("not-a-log.json"))});
    QVERIFY(!failing.ok());
    QVERIFY(failing.dataset == nullptr);
}

void TestHistoryImporter::aFileGivenTwiceCountsOnce()
{
    // The same file twice, and a copy of it under another name (a second download), between two
    // other files: their sign-ins count once, and a note names each one left out.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("generic-basic (1).csv"));
    QVERIFY(QFile::copy(fixture(QStringLiteral("generic-basic.csv")), copy));
    const QString csv = fixture(QStringLiteral("generic-basic.csv"));
    const ImportResult result = HistoryImporter().importFiles({csv, fixture(QStringLiteral("okta.json")), csv, copy});
    QVERIFY2(result.ok(), qPrintable(result.error));
    const ImportResult once = HistoryImporter().importFiles({csv, fixture(QStringLiteral("okta.json"))});
    QVERIFY(once.ok());
    QCOMPARE(result.dataset->files().size(), 2);
    QCOMPARE(result.dataset->rows(), once.dataset->rows());
    QCOMPARE(result.dataset->skippedRows(), once.dataset->skippedRows());
    QCOMPARE(result.dataset->groups().size(), once.dataset->groups().size());
    QCOMPARE(result.notes.size(), 2);
    QVERIFY2(result.notes.at(0).startsWith(csv) && result.notes.at(0).contains(u"the same content as " + csv),
             qPrintable(result.notes.at(0)));
    QVERIFY2(result.notes.at(1).startsWith(copy) && result.notes.at(1).contains(u"not counted again"),
             qPrintable(result.notes.at(1)));
    QVERIFY(once.notes.isEmpty());
}

void TestHistoryImporter::dayFirstDatesAreReadAsSuch_data()
{
    addShareRows();
}

void TestHistoryImporter::dayFirstDatesAreReadAsSuch()
{
    // A history re-saved by Excel in Europe: D/M/YYYY. The first rows (5 and 6 November) fit
    // either order; only the later "26/11/2026" shows which it is. Read month first, the early
    // days sat in May and June and the late ones were bad rows.
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QStringList &dates) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        QByteArray text = "Date,User,IP address,Status\n";
        for (int i = 0; i < 400; ++i) // enough rows for many shares
            text += QStringLiteral("%1,u%2@x.org,81.2.69.%3,Success\n")
                        .arg(dates.at(i % dates.size()))
                        .arg(i)
                        .arg(i % 200)
                        .toUtf8();
        file.write(text);
        return file.fileName();
    };
    const ImportOptions options = shareOptions();
    const QString europe =
        write(QStringLiteral("europe.csv"), {QStringLiteral("05/11/2026 09:00"), QStringLiteral("06/11/2026 17:30"),
                                             QStringLiteral("26/11/2026 12:56")});
    const ImportResult read = importOne(europe, options);
    QVERIFY2(read.ok(), qPrintable(read.error));
    const ImportedFile &file = read.dataset->files().first();
    QCOMPARE(file.skipped, 0);
    QCOMPARE(file.rows, 400);
    QVERIFY(file.dayFirstDates);
    QCOMPARE(file.first, QDateTime(QDate(2026, 11, 5), QTime(9, 0), Qt::UTC));
    QCOMPARE(file.last, QDateTime(QDate(2026, 11, 26), QTime(12, 56), Qt::UTC));
    QCOMPARE(read.notes.size(), 1);
    QVERIFY2(read.notes.first().contains(u"dates read as day/month/year"), qPrintable(read.notes.first()));

    // US dates stay month first, the ambiguous ones too.
    const ImportResult us = importOne(
        write(QStringLiteral("us.csv"), {QStringLiteral("11/05/2026 09:00"), QStringLiteral("11/26/2026 12:56")}),
        options);
    QVERIFY(us.ok());
    QVERIFY(!us.dataset->files().first().dayFirstDates);
    QVERIFY(!us.dataset->files().first().ambiguousDates);
    QCOMPARE(us.dataset->files().first().first, QDateTime(QDate(2026, 11, 5), QTime(9, 0), Qt::UTC));
    QVERIFY(us.notes.isEmpty());

    // Both orders in one file: month first is kept, the rows only day first fits are bad rows.
    const ImportResult mixed = importOne(
        write(QStringLiteral("mixed.csv"), {QStringLiteral("11/26/2026 12:56"), QStringLiteral("26/11/2026 12:56")}),
        options);
    QVERIFY(mixed.ok());
    QCOMPARE(mixed.dataset->files().first().skipped, 200);
    QCOMPARE(mixed.dataset->files().first().rows, 200);
    QVERIFY(!mixed.dataset->files().first().dayFirstDates);

    // Only dates both orders fit: read month first, and a note says it is a guess.
    const ImportResult guess = importOne(
        write(QStringLiteral("guess.csv"), {QStringLiteral("05/11/2026 09:00"), QStringLiteral("06/11/2026 09:00")}),
        options);
    QVERIFY(guess.ok());
    QVERIFY(guess.dataset->files().first().ambiguousDates);
    QCOMPARE(guess.dataset->files().first().first, QDateTime(QDate(2026, 5, 11), QTime(9, 0), Qt::UTC));
    QCOMPARE(guess.notes.size(), 1);
    QVERIFY(guess.notes.first().contains(u"read month first (US)"));

    // Dates that read the same both ways, or fit neither order (a bad row), are no guess.
    const ImportResult same = importOne(
        write(QStringLiteral("same.csv"), {QStringLiteral("11/11/2026 09:00"), QStringLiteral("13/13/2026 09:00")}),
        options);
    QVERIFY(same.ok());
    QVERIFY(!same.dataset->files().first().ambiguousDates);
    QVERIFY(same.notes.isEmpty());
    QCOMPARE(same.dataset->files().first().skipped, 200);
}

void TestHistoryImporter::missingUserOrTimeColumnIsNoted()
{
    // Neither "When" nor "Login" is a known header: every sign-in was "(unknown)" on no date, and
    // nothing said so ("Users blocked 1 of 1").
    QTemporaryDir dir;
    const QString neither = writeFile(dir, QStringLiteral("neither.csv"),
                                      "When,Login,Client IP,App,Outcome\n"
                                      "2026-03-09T08:00:00Z,ana@x.org,81.2.69.7,Mail,ok\n"
                                      "2026-03-09T09:00:00Z,bob@x.org,52.1.2.3,Mail,ok\n");
    const ImportResult both = importOne(neither);
    QVERIFY2(both.ok(), qPrintable(both.error));
    QCOMPARE(both.dataset->users(), QStringList{QStringLiteral("(unknown)")});
    QCOMPARE(both.notes.size(), 2);
    for (const QString &note : both.notes) {
        QVERIFY2(note.startsWith(neither + u": "), qPrintable(note));
        QVERIFY2(note.contains(u"the header has: When, Login, Client IP, App, Outcome"), qPrintable(note));
    }
    QVERIFY2(both.notes.at(0).contains(u"no user column") && both.notes.at(0).contains(u"(unknown)") &&
                 both.notes.at(0).contains(u"--column user=HEADER"),
             qPrintable(both.notes.at(0)));
    QVERIFY2(both.notes.at(1).contains(u"no time column") && both.notes.at(1).contains(u"--column time=HEADER"),
             qPrintable(both.notes.at(1)));

    // Named columns say nothing; one missing column says only that.
    ImportOptions mapped;
    mapped.columns.user = QStringLiteral("Login");
    mapped.columns.timestamp = QStringLiteral("When");
    const ImportResult named = importOne(neither, mapped);
    QVERIFY(named.ok());
    QVERIFY2(named.notes.isEmpty(), qPrintable(named.notes.join(u'\n')));
    QCOMPARE(named.dataset->users().size(), 2);
    mapped.columns.timestamp.clear();
    const ImportResult userOnly = importOne(neither, mapped);
    QCOMPARE(userOnly.notes.size(), 1);
    QVERIFY2(userOnly.notes.first().contains(u"no time column"), qPrintable(userOnly.notes.first()));

    // A file left out as a duplicate is named once, as a duplicate.
    const QString copy = writeFile(dir, QStringLiteral("copy.csv"),
                                   "When,Login,Client IP,App,Outcome\n"
                                   "2026-03-09T08:00:00Z,ana@x.org,81.2.69.7,Mail,ok\n"
                                   "2026-03-09T09:00:00Z,bob@x.org,52.1.2.3,Mail,ok\n");
    const ImportResult twice = HistoryImporter().importFiles({neither, copy});
    QVERIFY(twice.ok());
    QCOMPARE(twice.notes.size(), 3);
    QVERIFY2(twice.notes.at(2).startsWith(copy) && twice.notes.at(2).contains(u"not counted again"),
             qPrintable(twice.notes.at(2)));

    // JSON exports always name their user and time; a complete header says nothing.
    QVERIFY(HistoryImporter().importFiles({fixture(QStringLiteral("okta.json"))}).notes.isEmpty());
    QVERIFY(importOne(fixture(QStringLiteral("generic-basic.csv"))).notes.isEmpty());
}

// An array of objects beside "value" was read as nothing without a word; a whole export under a key
// of its own was refused without saying where its records were.
void TestHistoryImporter::whatAMalformedJsonRecordTookIsSaid()
{
    QTemporaryDir dir;
    const QByteArray record = R"({"createdDateTime":"2026-03-09T08:00:00Z","userPrincipalName":"mia@contoso.com",)"
                              R"("ipAddress":"81.2.69.21","status":{"errorCode":0}})";
    QByteArray page = "{\"value\": [\n";
    for (int r = 0; r < 10; ++r)
        page += "  " + record + (r < 9 ? ",\n" : "\n");
    page += "]}\n";

    // A download cut inside its second record, then a whole page joined to it (cat): the page is
    // inside the record that never closed. One malformed record, and a note that says how much.
    const QByteArray cut = page.left(page.indexOf("mia", page.indexOf("\n  {", page.indexOf("\n  {") + 1)));
    const ImportResult joined = importOne(writeFile(dir, QStringLiteral("joined.json"), cut + page));
    QVERIFY2(joined.ok(), qPrintable(joined.error));
    QCOMPARE(joined.dataset->files().first().rows, 1);
    QCOMPARE(joined.dataset->files().first().skipped, 1);
    QCOMPARE(joined.notes.size(), 1);
    QVERIFY2(joined.notes.first().contains(u"the record opened on line 3 never closed") &&
                 joined.notes.first().contains(u"(12 line(s), ") &&
                 joined.notes.first().contains(u"a file cut short, or joined to another after a cut?"),
             qPrintable(joined.notes.first()));

    // A record over 1 MiB that closes: counted as one malformed record, and its size is said.
    QByteArray huge = "{\"value\": [\n  " + record + ",\n  {\"userPrincipalName\": \"" + QByteArray(1 << 20, 'x') +
                      "\",\n \"ipAddress\": \"81.2.69.22\"},\n  " + record + "\n]}\n";
    const ImportResult oversized = importOne(writeFile(dir, QStringLiteral("huge.json"), huge));
    QVERIFY2(oversized.ok(), qPrintable(oversized.error));
    QCOMPARE(oversized.dataset->files().first().rows, 2);
    QCOMPARE(oversized.dataset->files().first().skipped, 1);
    QCOMPARE(oversized.notes.size(), 1);
    QVERIFY2(oversized.notes.first().contains(u"1 record(s) over 1.00 MiB were read as malformed records") &&
                 oversized.notes.first().contains(u"the first, on line 3, spans 2 line(s) (1.00 MiB)"),
             qPrintable(oversized.notes.first()));

    // A whole page: no such note.
    QVERIFY(importOne(writeFile(dir, QStringLiteral("page.json"), page)).notes.isEmpty());
}

void TestHistoryImporter::jsonArraysOutsideTheRecordsAreNamed()
{
    QTemporaryDir dir;
    const QByteArray record = R"({"createdDateTime":"2026-03-09T08:00:00Z","userPrincipalName":"mia@contoso.com",)"
                              R"("ipAddress":"81.2.69.21","status":{"errorCode":0},"details":[{"a":1},{"b":2}]})";
    const QByteArray records = "[\n  " + record + ",\n  " + record + ",\n  " + record + "\n]";

    const QString beside = writeFile(dir, QStringLiteral("beside.json"),
                                     "{\n \"value\": [" + record + "],\n \"older\": " + records +
                                         ",\n \"tags\": [\"x\"], \"empty\": []\n}\n");
    const ImportResult read = importOne(beside);
    QVERIFY2(read.ok(), qPrintable(read.error));
    QCOMPARE(read.dataset->files().first().rows, 1);
    QCOMPARE(read.notes.size(), 1); // arrays of no objects, and the records' own arrays, are not named
    QVERIFY2(read.notes.first().startsWith(beside) &&
                 read.notes.first().contains(u"3 object(s) under \"older\" (line 3) were not read") &&
                 read.notes.first().contains(u"read from \"value\" only"),
             qPrintable(read.notes.first()));

    const QString underData = writeFile(dir, QStringLiteral("data.json"), "{\"count\": 3,\n\"data\": " + records + "}");
    const ImportResult refused = importOne(underData);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error.contains(u"not a recognised sign-in log") &&
                 refused.error.contains(u"the file holds 3 object(s) under \"data\" (line 2)"),
             qPrintable(refused.error));

    // A real export is larger than a record may be: the hint is there too.
    QByteArray many = "{\"data\": [\n";
    while (many.size() <= 2 * (1 << 20))
        many += record + ",\n";
    many += record + "]}\n";
    const ImportResult big = importOne(writeFile(dir, QStringLiteral("big.json"), many));
    QVERIFY(!big.ok());
    QVERIFY2(big.error.contains(u"under \"data\" (line 1)"), qPrintable(big.error.left(400)));

    // Arrays beside the records, under many keys (one a "%3" with a control character): eight are
    // named, in one note each, the rest counted in one more; a key is shown as it is, never
    // substituted and never with its control characters.
    QByteArray keys = "{\"value\": [" + record + "]";
    for (int k = 0; k < 20; ++k)
        keys += ",\"k" + QByteArray::number(k) + "\": [{}, {}]";
    keys += ",\"%3\\u001b\": [{}], \"k0\": [{}]}";
    const ImportResult hostile = importOne(writeFile(dir, QStringLiteral("keys.json"), keys));
    QVERIFY2(hostile.ok(), qPrintable(hostile.error));
    QCOMPARE(hostile.notes.size(), 9);
    QVERIFY2(hostile.notes.at(0).contains(u"3 object(s) under \"k0\""), qPrintable(hostile.notes.at(0)));
    QVERIFY2(hostile.notes.at(8).contains(u"25 more object(s) in arrays under other keys"),
             qPrintable(hostile.notes.at(8)));

    QByteArray odd = "{\"value\": [" + record + "], \"%3\x1b\": [{}]}";
    const ImportResult escaped = importOne(writeFile(dir, QStringLiteral("odd.json"), odd));
    QVERIFY2(escaped.ok(), qPrintable(escaped.error));
    QCOMPARE(escaped.notes.size(), 1);
    QVERIFY2(escaped.notes.first().contains(u"under \"%3?\" (line 1)"), qPrintable(escaped.notes.first()));

    // One record per line, each with an array of objects: nothing beside any records array.
    const QString lines = writeFile(dir, QStringLiteral("lines.json"), record + "\n" + record + "\n");
    const ImportResult perLine = importOne(lines);
    QVERIFY2(perLine.ok(), qPrintable(perLine.error));
    QCOMPARE(perLine.dataset->files().first().rows, 2);
    QVERIFY2(perLine.notes.isEmpty(), qPrintable(perLine.notes.join(u'\n')));
}

// One address written three ways was three IPv6 sources; text with colons that is no address was one.
void TestHistoryImporter::ipv6SourcesAreOnePerAddress()
{
    QTemporaryDir dir;
    const QString path =
        writeFile(dir, QStringLiteral("v6.csv"),
                  "user,ip,result\nalice,2a01:e0a::5,success\nalice,2A01:E0A::5,failure\n"
                  "alice,2a01:0e0a:0000:0000:0000:0000:0000:0005,success\nalice,[2A01:E0A::5]:443,success\n"
                  "bob,2001:db8:0:0:1:0:0:1,success\nbob,::::,success\n");
    const ImportResult result = importOne(path);
    QVERIFY2(result.ok(), qPrintable(result.error));
    const std::vector<Ipv6Source> &sources = result.dataset->ipv6Sources();
    QCOMPARE(sources.size(), std::size_t(2));
    QCOMPARE(sources.at(0).address, QStringLiteral("2001:db8::1:0:0:1"));
    QCOMPARE(sources.at(1).address, QStringLiteral("2a01:e0a::5"));
    QCOMPARE(sources.at(1).successful, 3u);
    QCOMPARE(sources.at(1).failed, 1u);
    QCOMPARE(result.dataset->ipv6Rows(), 5);
    QCOMPARE(result.dataset->files().first().skippedByReason.value(QStringLiteral("not an IP address")), 1);
}

void TestHistoryImporter::dottedDatesAreDayFirst()
{
    // A German/Swiss export: semicolons and D.M.YYYY dates. Every row was "timestamp not understood".
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("anmeldungen.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Date;User;IP address;Application;Status\n"
               "05.11.2026 07:59;ana@x.org;81.2.69.7;Genesys Cloud;Success\n"
               "26.11.2026 08:01;bob@x.org;52.1.2.3;Genesys Cloud;Failure\n"
               "1.12.2026 17:30:05;ana@x.org;81.2.69.7;Genesys Cloud;Success\n");
    file.close();
    const ImportResult result = importOne(file.fileName());
    QVERIFY2(result.ok(), qPrintable(result.error));
    const ImportedFile &f = result.dataset->files().constFirst();
    QCOMPARE(f.skipped, 0);
    QCOMPARE(f.rows, 3);
    QCOMPARE(f.first, QDateTime(QDate(2026, 11, 5), QTime(7, 59), Qt::UTC));
    QCOMPARE(f.last, QDateTime(QDate(2026, 12, 1), QTime(17, 30, 5), Qt::UTC));
    QVERIFY(!f.dayFirstDates); // that flag and its note are about slashed dates, which can be read both ways
    QVERIFY(result.notes.isEmpty());
}

void TestHistoryImporter::forwardedForListsKeepThePublicClient()
{
    // A proxy's forwarded-for list starting with the LAN address counted 10.0.0.1 as blocked; an
    // address with a port was a bad row.
    QTemporaryDir dir;
    QFile csv(dir.filePath(QStringLiteral("proxy.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("timestamp,user,ip\n"
              "2026-03-09T08:00:00Z,ana@x.org,\"10.0.0.1, 34.240.17.9\"\n"
              "2026-03-09T08:01:00Z,bob@x.org,81.2.69.10:5060\n"
              "2026-03-09T08:02:00Z,cy@x.org,[2001:db8::1]:443\n"
              "2026-03-09T08:03:00Z,dee@x.org,\"192.168.0.7, 172.16.0.1\"\n");
    csv.close();
    const ImportResult result = importOne(csv.fileName());
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Dataset &d = *result.dataset;
    QCOMPARE(d.skippedRows(), 0);
    QCOMPARE(d.rows(), 4);
    QCOMPARE(d.ipv6Rows(), 1);
    QStringList ips;
    for (const quint32 ip : d.ips())
        ips.append(Ipv4Address(ip).toString());
    // No public element: the first one, as before.
    QCOMPARE(ips,
             (QStringList{QStringLiteral("34.240.17.9"), QStringLiteral("81.2.69.10"), QStringLiteral("192.168.0.7")}));
    QCOMPARE(d.ipv6Sources().size(), std::size_t(1));
    QCOMPARE(d.ipv6Sources().front().address, QStringLiteral("2001:db8::1"));

    // Genesys audit messages list the addresses a request came through in remoteIp[].
    QFile json(dir.filePath(QStringLiteral("audit.json")));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(R"({"entities":[{"eventDate":"2026-03-09T08:00:00Z","user":{"name":"ana@x.org"},)"
               R"("remoteIp":["10.0.0.1","52.1.2.7"],"serviceName":"Directory"}]})");
    json.close();
    const ImportResult audit = importOne(json.fileName());
    QVERIFY2(audit.ok(), qPrintable(audit.error));
    QCOMPARE(audit.dataset->ips().size(), std::size_t(1));
    QCOMPARE(Ipv4Address(audit.dataset->ips().front()), Ipv4Address(52, 1, 2, 7));
}

void TestHistoryImporter::graphErrorCodeAsString()
{
    // Some exports write status.errorCode as a string: "50126" is a failure, "0" a success.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("codes.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"value":[
{"createdDateTime":"2026-03-09T08:00:00Z","userPrincipalName":"a@x.org","ipAddress":"81.2.69.1","status":{"errorCode":"50126"}},
{"createdDateTime":"2026-03-09T08:00:00Z","userPrincipalName":"a@x.org","ipAddress":"81.2.69.1","status":{"errorCode":"0"}},
{"createdDateTime":"2026-03-09T08:00:00Z","userPrincipalName":"a@x.org","ipAddress":"81.2.69.1","status":{"errorCode":50053}}
]})");
    file.close();
    const ImportResult result = importOne(file.fileName());
    QVERIFY2(result.ok(), qPrintable(result.error));
    quint64 failed = 0, successful = 0;
    for (const SignInGroup &g : result.dataset->groups()) {
        failed += g.failed;
        successful += g.successful;
    }
    QCOMPARE(failed, 2u);
    QCOMPARE(successful, 1u);
}

void TestHistoryImporter::strayQuoteCostsOneRow_data()
{
    addShareRows();
}

void TestHistoryImporter::strayQuoteCostsOneRow()
{
    // An opening quote that never closed swallowed every row after it (5 000 rows read as 0 and one
    // bad row) when less than 1 MiB followed; two of them 1 000 rows apart made the rows between one
    // user name. Now the quote's line is one bad row and reading resumes on the next line.
    const ImportOptions options = shareOptions();
    QTemporaryDir dir;
    const auto rows = [](int count, const QByteArray &ip = "52.1.2.3") {
        QByteArray text;
        for (int i = 0; i < count; ++i)
            text += "2026-03-02T08:00:00Z,u" + QByteArray::number(i) + "@x.org," + ip + ",App,success\n";
        return text;
    };
    const QByteArray header = "timestamp,user,ip,app,result,message\n";
    struct Case
    {
        const char *name;
        QByteArray text;
        qint64 rows;
        QList<BadRowExample> bad;
    };
    const QString unclosed = QStringLiteral("unclosed quote");
    const QList<Case> cases = {
        {"unclosed in the user column",
         header + rows(1) + "2026-03-02T08:00:00Z,\"u@x.org,81.2.69.3,App,success\n" + rows(5000),
         5001,
         {{3, unclosed}}},
        {"unclosed on the last line",
         header + rows(2) + "2026-03-02T08:00:00Z,u@x.org,81.2.69.3,\"App,success",
         2,
         {{4, unclosed}}},
        {"two stray quotes 1000 rows apart",
         header + rows(10) + "2026-03-02T08:00:00Z,\"u@x.org,81.2.69.3,App,success\n" + rows(1000) +
             "2026-03-02T08:00:00Z,\"v@x.org,81.2.69.4,App,success\n" + rows(10) +
             "2026-03-02T08:00:00Z,\"w@x.org\",81.2.69.5,App,success\n",
         1021,
         {{12, unclosed}, {1013, unclosed}}},
        {"adjacent stray quotes in the user column",
         header +
             "2026-03-02T08:00:00Z,\"u@x.org,81.2.69.3,App,success\n2026-03-02T08:00:00Z,\"v@x.org,81.2.69.4,App\n" +
             rows(3),
         3,
         {{2, unclosed}, {3, unclosed}}},
        {"stray quote in the application column",
         header + rows(1) + "2026-03-02T08:00:00Z,u@x.org,81.2.69.3,\"App,success\n" + rows(40) +
             "2026-03-02T08:00:00Z,u@x.org,81.2.69.3,App\",success\n",
         42,
         {{3, unclosed}}},
        // Line breaks a free-text field really holds are kept, as in any RFC 4180 file.
        {"quoted lines in the user, application and message columns",
         header +
             "2026-03-02T08:00:00Z,\"multi\n\nuser\",81.2.69.3,\"Multi\nline app\",success,\"Logon, type 3:\n"
             "  source 10.0.0.1, port 445\n  account u@x.org\n\"\n" +
             rows(2),
         3,
         {}},
        // Lone CRs end lines too: a stray quote before rows ending in them was not seen (the rows
        // vanished into the user field, with no bad row).
        {"stray quote before rows ending in lone CRs",
         header + rows(1) + "2026-03-02T08:00:00Z,\"u@x.org,81.2.69.3,App,success\r" +
             "2026-03-02T08:00:00Z,v@x.org,81.2.69.4,App,success\r2026-03-02T08:00:00Z,w@x.org,81.2.69.5,App,"
             "success\n" +
             rows(2),
         5,
         {{3, unclosed}}},
        {"quoted user over CRLF lines, then a row",
         header + "2026-03-02T08:00:00Z,\"multi\r\nuser\",81.2.69.3,App,success\r\n" + rows(1) +
             "2026-03-02T08:00:00Z,\"x,81.2.69.3,App,success\n",
         2,
         {{5, unclosed}}},
        {"a line break in the IP column",
         header + "2026-03-02T08:00:00Z,u@x.org,\"81.2.69.3\n\",App,success\n" + rows(2),
         2,
         {{2, unclosed}, {3, unclosed}}},
    };
    for (const Case &c : cases) {
        const QString path = writeFile(dir, QStringLiteral("stray.csv"), c.text);
        const ImportResult result = importOne(path, options);
        QVERIFY2(result.ok(), qPrintable(result.error));
        const ImportedFile &f = result.dataset->files().constFirst();
        QVERIFY2(f.rows == c.rows, qPrintable(QStringLiteral("%1: %2 rows").arg(QLatin1String(c.name)).arg(f.rows)));
        QCOMPARE(f.badRowExamples, c.bad);
        QCOMPARE(f.skipped, c.bad.size());
    }
}

void TestHistoryImporter::loneCarriageReturnEndsALine_data()
{
    addShareRows();
}

void TestHistoryImporter::loneCarriageReturnEndsALine()
{
    // A row ending in a lone CR was glued to the next one ("success\r2026-…" as its result): one
    // sign-in gone, no bad row, no note. It is a line end now, said once per file.
    const ImportOptions options = shareOptions();
    QTemporaryDir dir;
    QByteArray padding;
    for (int i = 0; i < 200; ++i)
        padding += "2026-03-02T09:00:00Z,p" + QByteArray::number(i) + "@x.org,52.1.2.3,App,success,\"quoted\"\r\n";
    const QByteArray text = "timestamp,user,ip,app,result,extra\n"
                            "2026-03-02T08:00:01Z,u1@x.org,81.2.69.2,App,success,x\n"
                            "2026-03-02T08:00:02Z,u2@x.org,81.2.69.3,App,success\r"
                            "2026-03-02T08:00:03Z,u3@x.org,81.2.69.4,App,failure,x\r"
                            "2026-03-02T08:00:04Z,u4@x.org,81.2.69.5,App,success,x\n" +
                            padding + "2026-03-02T08:00:05Z,u5@x.org,not-an-ip,App,success,x\r\n";
    QFile file(dir.filePath(QStringLiteral("lonecr.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    const ImportResult result = importOne(file.fileName(), options);
    QVERIFY2(result.ok(), qPrintable(result.error));
    const ImportedFile &f = result.dataset->files().constFirst();
    QCOMPARE(f.rows, 204);
    QVERIFY(result.dataset->users().contains(QStringLiteral("u3@x.org")));
    QVERIFY(result.dataset->users().contains(QStringLiteral("u4@x.org")));
    quint64 failed = 0;
    for (const SignInGroup &g : result.dataset->groups())
        failed += g.failed;
    QCOMPARE(failed, 1u);
    // Line numbers count the lone CRs as line ends, as editors do.
    const QList<BadRowExample> bad = {{206, QStringLiteral("not an IP address")}};
    QCOMPARE(f.badRowExamples, bad);
    QCOMPARE(result.notes.size(), 1);
    QVERIFY2(result.notes.first().startsWith(file.fileName()) && result.notes.first().contains(u"2 line(s)") &&
                 result.notes.first().contains(u"lone carriage return") &&
                 result.notes.first().contains(u"the first is line 3"),
             qPrintable(result.notes.first()));

    // CRLF files say nothing.
    QVERIFY(importOne(fixture(QStringLiteral("semicolon-bom-crlf.csv")), options).notes.isEmpty());
}

void TestHistoryImporter::unreadableJsonResultOrTimeIsABadRow()
{
    // Records that failed in intent but whose outcome could not be read counted as successful (and
    // made their network a suggestion to admit); a time of the wrong type read as "undated".
    QTemporaryDir dir;
    const auto tally = [](const ImportResult &result) {
        quint64 failed = 0, successful = 0;
        for (const SignInGroup &g : result.dataset->groups()) {
            failed += g.failed;
            successful += g.successful;
        }
        return std::pair(successful, failed);
    };
    const QByteArray entraHead = R"({"userPrincipalName":"a@x.org","ipAddress":"52.1.1.1",)";
    // One record a line, from line 2 (the first line opens the page).
    QByteArrayList graphRecords;
    for (const char *tail :
         {R"("createdDateTime":"2026-03-09T08:00:00Z","status":{"errorCode":0}})",
          R"("createdDateTime":"2026-03-09T08:00:00Z","status":{"errorCode":50126}})",
          R"("createdDateTime":"2026-03-09T08:00:00Z","status":"Failure"})",
          R"("createdDateTime":"2026-03-09T08:00:00Z","status":{"errorCode":true}})",
          R"("createdDateTime":"2026-03-09T08:00:00Z","status":{"errorCode":[50126]}})",
          R"("createdDateTime":"2026-03-09T08:00:00Z","status":null})", R"("createdDateTime":"2026-03-09T08:00:00Z"})",
          R"("createdDateTime":"2026-03-09T08:00:00Z","status":{"errorCode":"abc"}})",
          R"("createdDateTime":true,"status":{"errorCode":0}})", R"("status":{"errorCode":0}})",
          R"("createdDateTime":null,"status":"x"})", R"("createdDateTime":1773043200,"status":{"errorCode":0}})"})
        graphRecords.append(entraHead + tail);
    const QString entra =
        writeFile(dir, QStringLiteral("graph.json"), "{\"value\":[\n" + graphRecords.join(",\n") + "\n]}");
    const ImportResult graph = importOne(entra);
    QVERIFY2(graph.ok(), qPrintable(graph.error));
    const ImportedFile &g = graph.dataset->files().constFirst();
    QCOMPARE(g.rows, 3);
    QCOMPARE(tally(graph), std::pair(quint64(2), quint64(1)));
    const QString notUnderstood = QStringLiteral("result not understood");
    const QList<BadRowExample> graphBad = {
        {4, notUnderstood},
        {5, notUnderstood},
        {6, notUnderstood},
        {7, QStringLiteral("no result")},
        {8, QStringLiteral("no result")},
        {9, notUnderstood},
        {10, QStringLiteral("timestamp not understood")},
        {11, QStringLiteral("no timestamp")},
        {12, QStringLiteral("no timestamp")},
    };
    QCOMPARE(g.badRowExamples.mid(0, 9), graphBad);
    QCOMPARE(g.skipped, 9);

    // Okta: the documented outcome values in any case are read; others are not guessed at.
    const QByteArray oktaHead = R"({"eventType":"user.session.start","actor":{"alternateId":"o@x.org"},)"
                                R"("client":{"ipAddress":"52.1.1.2"},)";
    const QByteArray at = R"("published":"2026-03-10T08:00:00.000Z",)";
    QByteArrayList oktaRecords;
    for (const char *outcome :
         {R"("outcome":{"result":"SUCCESS"}})", R"("outcome":{"result":"failure"}})", R"("outcome":{"result":"Deny"}})",
          R"("outcome":{"result":"CHALLENGE"}})", R"("outcome":{"result":0}})", R"("outcome":"FAILURE"})",
          R"("outcome":null})", R"("outcome":{"result":"MAYBE"}})"})
        oktaRecords.append(oktaHead + at + outcome);
    oktaRecords.append(R"({"eventType":"user.account.update_profile","client":{"ipAddress":"52.1.1.2"},)" + at +
                       R"("outcome":7})");
    oktaRecords.append(oktaHead + R"("published":true,"outcome":{"result":"SUCCESS"}})");
    const QString okta = writeFile(dir, QStringLiteral("okta.json"), "[\n" + oktaRecords.join(",\n") + "\n]");
    const ImportResult events = importOne(okta);
    QVERIFY2(events.ok(), qPrintable(events.error));
    const ImportedFile &o = events.dataset->files().constFirst();
    QCOMPARE(o.rows, 4);
    QCOMPARE(o.ignored, 1);
    QCOMPARE(tally(events), std::pair(quint64(2), quint64(2)));
    const QList<BadRowExample> oktaBad = {{6, notUnderstood},
                                          {7, notUnderstood},
                                          {8, QStringLiteral("no result")},
                                          {9, notUnderstood},
                                          {11, QStringLiteral("timestamp not understood")}};
    QCOMPARE(o.badRowExamples, oktaBad);

    // Genesys audit messages have no outcome, but always a date.
    const QString audit =
        writeFile(dir, QStringLiteral("audit.json"),
                  R"({"entities":[{"user":{"name":"ana@x.org"},"remoteIp":["52.1.2.7"]},)"
                  R"({"eventDate":"2026-03-09T08:00:00Z","user":{"name":"ana@x.org"},"remoteIp":["52.1.2.7"]}]})");
    const ImportResult genesys = importOne(audit);
    QVERIFY2(genesys.ok(), qPrintable(genesys.error));
    QCOMPARE(genesys.dataset->files().constFirst().rows, 1);
    const QList<BadRowExample> genesysBad = {{1, QStringLiteral("no timestamp")}};
    QCOMPARE(genesys.dataset->files().constFirst().badRowExamples, genesysBad);
}

void TestHistoryImporter::cancelStopsMidFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("long.csv"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("ip,user\n");
    for (int i = 0; i < 50000; ++i)
        out.write("81.2.69." + QByteArray::number(i % 250) + ",user" + QByteArray::number(i) + "\n");
    out.close();

    std::atomic<qint64> lastDone{0};
    std::atomic<bool> cancel{false};
    ImportCallbacks callbacks;
    callbacks.isCanceled = [&cancel] {
        return cancel.load();
    };
    callbacks.progress = [&](qint64 done, qint64) {
        lastDone = done;
        cancel = true; // as if the user pressed Cancel on the first progress report
    };
    ImportOptions options;
    options.threads = 1;
    options.chunkBytes = 4096;
    const ImportResult result = HistoryImporter(options).importFiles({path}, callbacks);
    QVERIFY(result.canceled);
    QVERIFY(!result.ok());
    QVERIFY(!result.dataset);
    QVERIFY2(lastDone < QFileInfo(path).size() / 2, "the import read on after the cancel");
}

void TestHistoryImporter::aFileWrittenToWhileReadIsRefused_data()
{
    QTest::addColumn<bool>("json");
    QTest::addColumn<bool>("append");
    QTest::newRow("CSV appended to") << false << true;
    QTest::newRow("CSV rewritten in place, same size") << false << false;
    QTest::newRow("JSON appended to") << true << true;
}

// An export still running, a log being appended to: the sign-ins counted and the SHA-256 the
// report shows would describe two different contents, so the file is refused, not half-read.
void TestHistoryImporter::aFileWrittenToWhileReadIsRefused()
{
    QFETCH(bool, json);
    QFETCH(bool, append);
    QTemporaryDir dir;
    QByteArray text = json ? "[\n" : "ip,user\n";
    for (int i = 0; i < 20000; ++i) {
        const QByteArray ip = "81.2.69." + QByteArray::number(i % 250);
        const QByteArray user = "user" + QByteArray::number(i);
        if (json)
            text += "{\"published\":\"2026-03-01T10:00:00Z\",\"eventType\":\"user.session.start\",\"actor\":{"
                    "\"alternateId\":\"" +
                    user + "\"},\"client\":{\"ipAddress\":\"" + ip + "\"}},\n";
        else
            text += ip + "," + user + "\n";
    }
    if (json) {
        text.chop(2); // the last record's comma
        text += "\n]\n";
    }
    const QString path = writeFile(dir, json ? QStringLiteral("log.json") : QStringLiteral("log.csv"), text);
    QVERIFY(importOne(path).ok()); // the same file, left alone, imports

    std::atomic<bool> written{false};
    ImportCallbacks callbacks;
    callbacks.progress = [&](qint64, qint64) {
        if (written.exchange(true))
            return;
        QFile file(path);
        if (append) {
            if (file.open(QIODevice::Append))
                file.write(json ? "\n" : "81.2.69.1,late\n");
            return;
        }
        // Same size, one address changed, and a modification time that cannot equal the first.
        if (file.open(QIODevice::ReadWrite) && file.seek(text.indexOf("81.2.69.7")))
            file.write("81.2.69.8");
        file.setFileTime(QFileInfo(path).lastModified().addSecs(2), QFileDevice::FileModificationTime);
    };
    ImportOptions options;
    options.chunkBytes = 4096;
    const ImportResult result = HistoryImporter(options).importFiles({path}, callbacks);
    QVERIFY(written);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(path + QStringLiteral(": changed while it was read")), qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("import it again once nothing writes to it")),
             qPrintable(result.error));
    const QString before = QString::number(text.size()) + QStringLiteral(" bytes when the import began, ");
    if (append)
        QVERIFY2(result.error.contains(before + QString::number(QFileInfo(path).size()) + QStringLiteral(" now")),
                 qPrintable(result.error));
    else
        QVERIFY2(result.error.contains(before + QString::number(text.size()) + QStringLiteral(" now, modified since")),
                 qPrintable(result.error));
}

void TestHistoryImporter::parallelParseMatchesSequential_data()
{
    QTest::addColumn<bool>("quotedNewlines");
    QTest::newRow("plain rows split on line boundaries") << false;
    QTest::newRow("quoted newlines force a sequential retry") << true;
}

void TestHistoryImporter::parallelParseMatchesSequential()
{
    QFETCH(bool, quotedNewlines);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("timestamp,user,ip,app,result\n");
    for (int i = 0; i < 3000; ++i) {
        const QByteArray app = quotedNewlines && i % 7 == 0 ? QByteArray("\"Line\nbreak\"") : QByteArray("App");
        out.write(QStringLiteral("2026-03-%1T10:00:00Z,user%2@x,81.%3.%4.1,")
                      .arg(1 + i % 28, 2, 10, QLatin1Char('0'))
                      .arg(i % 50)
                      .arg(i % 200)
                      .arg(i % 13)
                      .toLatin1() +
                  app + (i % 5 == 0 ? ",failure\n" : ",success\n"));
        if (i == 1500)
            out.write("2026-03-01T10:00:00Z,broken,not-an-ip,App,success\n");
    }
    out.close();

    ImportOptions sequential;
    sequential.threads = 1;
    ImportOptions parallel;
    parallel.threads = 4;
    parallel.chunkBytes = 4096; // many small shares and chunk carries
    const ImportResult a = importOne(path, sequential);
    const ImportResult b = importOne(path, parallel);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(b.dataset->rows(), 3000);
    QCOMPARE(b.dataset->rows(), a.dataset->rows());
    QCOMPARE(b.dataset->ips(), a.dataset->ips());
    QCOMPARE(b.dataset->groups().size(), a.dataset->groups().size());
    QCOMPARE(b.dataset->dayGroups().size(), a.dataset->dayGroups().size());
    for (quint32 i = 0; i < a.dataset->ips().size(); ++i) {
        QCOMPARE(b.dataset->ipSuccessful(i), a.dataset->ipSuccessful(i));
        QCOMPARE(b.dataset->ipFailed(i), a.dataset->ipFailed(i));
    }
    // The bad row's line is right even when another worker read it.
    const qint64 badLine = 2 + 1501 + (quotedNewlines ? (1501 + 6) / 7 : 0);
    const QList<BadRowExample> expected = {{badLine, QStringLiteral("not an IP address")}};
    QCOMPARE(b.dataset->files().constFirst().badRowExamples, expected);
    QCOMPARE(a.dataset->files().constFirst().badRowExamples, b.dataset->files().constFirst().badRowExamples);
}

QTEST_GUILESS_MAIN(TestHistoryImporter)
#include "tst_historyimporter.moc"
