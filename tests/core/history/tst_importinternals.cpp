// The import's fast paths against the plain code they shortcut: the quote-free CSV record split
// against the full RFC 4180 parser, the cached ISO date against a fresh parse, the string interner
// on every length around its inline limit, and staged, partitioned counting against a map.
#include <history/csvreader.h>
#include <history/datasetbuilder.h>
#include <history/fieldparsing.h>
#include <history/historyimporter.h>
#include <history/interning.h>
#include <history/jsonrecordscanner.h>

#include <QFile>
#include <QTemporaryDir>

#include <QTest>

#include <map>
#include <random>
#include <tuple>

using namespace alc;
using namespace alc::history;
using namespace Qt::StringLiterals;

class TestImportInternals final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainRecordsSplitLikeTheFullParser_data();
    void plainRecordsSplitLikeTheFullParser();
    void plainRecordsAgreeOnRandomBytes();
    void cachedDatesParseLikeFreshOnes();
    void commonRowsPrepareLikeAnyRow();
    void internerKeepsEveryLength();
    void equalBytesFindsEveryDifference();
    void stagedCountingMatchesAMap();
    void datasetDoesNotDependOnTheSplit();
    void jsonDatasetDoesNotDependOnTheBatches();
    void jsonScannerSkipsStringsLikeByteByByte();
    void jsonScannerReadsOneObjectPerLine_data();
    void jsonScannerReadsOneObjectPerLine();
    void findingAPresentKeyNeverMovesTheTable();
    void buildWithEveryIpTableFull();
    void timesBefore1970AndAfter2106();

private:
    static CsvLayout layoutOf(const QByteArray &header, QString *error = nullptr);
    // The full parser on the record the fast path took (fast, fastNext) must see the same record.
    static void expectSameAsFullParser(const CsvLayout &layout, const CsvRecordParser &fast, const char *fastNext,
                                       const QByteArray &record);
    // Imports `path` whole on one thread, then in small pieces over two and four workers, and
    // expects the same dataset (ids and order included) and the same file statistics.
    static void expectSameForAnySplit(const QString &path);
};

CsvLayout TestImportInternals::layoutOf(const QByteArray &header, QString *error)
{
    QString why;
    const std::optional<CsvLayout> layout = readCsvHeader(header, true, HistoryFormat::Auto, ColumnMapping{}, why);
    if (error)
        *error = why;
    return layout.value_or(CsvLayout{});
}

void TestImportInternals::expectSameAsFullParser(const CsvLayout &layout, const CsvRecordParser &fast,
                                                 const char *fastNext, const QByteArray &record)
{
    CsvRecordParser full(layout);
    const char *fullNext = nullptr;
    QCOMPARE(full.parse(record.constData(), record.constData() + record.size(), false, fullNext),
             CsvRecordParser::Status::Complete);
    QCOMPARE(fastNext, fullNext);
    QCOMPARE(fast.fieldCount(), full.fieldCount());
    QCOMPARE(fast.lines(), full.lines());
    QCOMPARE(fast.isBlank(), full.isBlank());
    QCOMPARE(fast.isMalformed(), full.isMalformed());
    QCOMPARE(fast.endsInLoneCr(), full.endsInLoneCr());
    for (int role = 0; role < RoleCount; ++role)
        QCOMPARE(fast.field(CsvRole(role)), full.field(CsvRole(role)));
}

void TestImportInternals::plainRecordsSplitLikeTheFullParser_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("record");
    QTest::addColumn<bool>("plain"); // whether the fast path takes it

    const QByteArray h = "timestamp,user,ip,application,result\n";
    const QByteArray pad(40, 'x'); // records shorter than 16 bytes from the end go to parse()
    QTest::newRow("ordinary") << h << "2026-01-01T00:00:00Z,a@x,81.2.69.10,Teams,success\n" + pad << true;
    QTest::newRow("CRLF") << h << "2026-01-01T00:00:00Z,a@x,81.2.69.10,Teams,success\r\n" + pad << true;
    // A lone CR ends a line (it used to be kept as data, gluing two rows): parse() decides it.
    QTest::newRow("lone CR is left to parse()") << h << "2026-01-01,a@x\r,81.2.69.10,Teams,success\n" + pad << false;
    QTest::newRow("missing trailing columns") << h << "2026-01-01T00:00:00Z,a@x,81.2.69.10\n" + pad << true;
    QTest::newRow("empty fields") << h << ",,81.2.69.10,,\n" + pad << true;
    QTest::newRow("extra columns") << h << "t,u,81.2.69.10,app,ok,extra1,extra2,extra3\n" + pad << true;
    QTest::newRow("quote mid-field is left to parse()") << h << "t,u\"x,81.2.69.10,app,ok\n" + pad << false;
    QTest::newRow("quoted field is left to parse()") << h << "t,\"u,v\",81.2.69.10,app,ok\n" + pad << false;
    QTest::newRow("quote after the last column read") << h << "t,u,81.2.69.10,app,ok,\"a\nb\"\n" + pad << false;
    QTest::newRow("blank line") << h << "\n" + pad << false;
    QTest::newRow("blank CRLF line") << h << "\r\n" + pad << false;
    QTest::newRow("no line end in the buffer")
        << h << QByteArray("2026-01-01T00:00:00Z,a@x,81.2.69.10,Teams,success") << false;
    QTest::newRow("semicolons") << QByteArray("Date;User;IP address;App;Status\n")
                                << "2026-01-01;a@x;81.2.69.10;Teams;success\n" + pad << true;
    QTest::newRow("tabs") << QByteArray("Date\tUser\tIP address\tApp\tStatus\n")
                          << "2026-01-01\ta@x\t81.2.69.10\tTeams\tsuccess\n" + pad << true;
    QTest::newRow("IP first, few columns")
        << QByteArray("ip,user\n") << "81.2.69.10,someone@example.org\n" + pad << true;
    QTest::newRow("record longer than one block")
        << h
        << "2026-01-01T00:00:00.1234567+01:00," + QByteArray(70, 'u') + ",81.2.69.10,An application,success\n" + pad
        << true;
}

void TestImportInternals::plainRecordsSplitLikeTheFullParser()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, record);
    QFETCH(bool, plain);
    QString error;
    const CsvLayout layout = layoutOf(header, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    CsvRecordParser fast(layout);
    const char *begin = record.constData();
    const char *end = begin + record.size();
    const char *fastNext = nullptr;
    QCOMPARE(fast.parsePlain(begin, end, fastNext), plain);
    if (plain)
        expectSameAsFullParser(layout, fast, fastNext, record);
}

void TestImportInternals::plainRecordsAgreeOnRandomBytes()
{
    // Records made of the characters that matter to a CSV parser. Wherever the fast path takes a
    // record, the full parser must see the very same record.
    const CsvLayout layout = layoutOf("timestamp,user,ip,application,result\n");
    std::mt19937 random(20261127);
    const char alphabet[] = {'a', 'b', '1', '.', ',', ',', ',', '"', '\r', '\n', ' ', ';', '\t'};
    std::uniform_int_distribution<int> pick(0, int(sizeof(alphabet)) - 1);
    std::uniform_int_distribution<int> length(0, 120);
    int taken = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray bytes;
        const int n = length(random);
        for (int i = 0; i < n; ++i)
            bytes.append(alphabet[pick(random)]);
        CsvRecordParser fast(layout);
        const char *fastNext = nullptr;
        if (!fast.parsePlain(bytes.constData(), bytes.constData() + bytes.size(), fastNext))
            continue;
        ++taken;
        expectSameAsFullParser(layout, fast, fastNext, bytes);
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY2(taken > 1000, "the fast path should take a good share of quote-free records");
}

void TestImportInternals::cachedDatesParseLikeFreshOnes()
{
    const std::vector<std::string_view> texts = {
        "2026-01-01T00:00:00Z",
        "2026-01-01T23:59:59Z",
        "2026-01-01T24:00:00Z", // invalid hour
        "2026-01-01",
        "2026-01-01 08:00:00+02:00",
        "2026-01-01T08:00:00 garbage",
        "2026-01-02T00:00:01Z",
        "2026-01-0",
        "2026-01-02T00:00:01.5Z",
        "2026-13-02T00:00:00Z",
        "2026-01-02T00:00:01Z",
        "1/2/2026 8:00 PM",
        "2026-01-02T00:00:01Z",
        "1767225600",
        "2026-01-02TXX",
    };
    DateCache cache;
    for (std::string_view text : texts) {
        qint64 cached = -1, fresh = -1;
        const bool cachedOk = parseTimestamp(text, cached, &cache);
        const bool freshOk = parseTimestamp(text, fresh);
        QCOMPARE(cachedOk, freshOk);
        if (freshOk)
            QCOMPARE(cached, fresh);
    }
    QVERIFY(cache.valid);
}

void TestImportInternals::commonRowsPrepareLikeAnyRow()
{
    // Rows built from awkward and ordinary pieces. Wherever the common-row path takes one, the
    // general path must produce the same sign-in and the same file statistics.
    const std::vector<std::string_view> ips = {"81.2.69.10",
                                               " 81.2.69.10",
                                               "81.2.69.10 ",
                                               "081.002.069.010",
                                               "81.2.69.10, 10.0.0.1",
                                               "256.1.1.1",
                                               "2001:db8::1",
                                               "",
                                               "81.2.69",
                                               "::ffff:81.2.69.10",
                                               "1.2.3.4"};
    const std::vector<std::string_view> times = {"2026-01-01T08:30:00Z",
                                                 "2026-01-01T23:59:60Z",
                                                 "2026-01-01T24:00:00Z",
                                                 "2026-01-01T08:60:00Z",
                                                 "2026-01-02T08:30:00Z",
                                                 "2026-01-01T08:30:00z",
                                                 "2026-01-01 08:30:00Z",
                                                 "2026-01-01T8:30:00Z ",
                                                 "2026-01-01T08:30:00.5Z",
                                                 "",
                                                 " 2026-01-01T08:30:00Z",
                                                 "2026-01-01TA8:30:00Z",
                                                 "1767255000"};
    const std::vector<std::string_view> results = {"success", "",       "failure", " Failure ",
                                                   "SUCCESS", "denied", "0",       "x"};
    const std::vector<std::string_view> names = {"alice@x.org", " Bob@X.org ", "", "app"};
    std::mt19937 random(11);
    int taken = 0;
    for (int round = 0; round < 20000; ++round) {
        RawSignIn row;
        row.ip = ips[random() % ips.size()];
        row.time = times[random() % times.size()];
        row.result = results[random() % results.size()];
        row.user = names[random() % names.size()];
        row.app = names[random() % names.size()];
        row.resultIsErrorCode = random() % 8 == 0;
        row.oktaEvents = random() % 8 == 0;
        DateCache dates;
        qint64 ignored = 0;
        if (random() % 4 != 0)
            QVERIFY(parseTimestamp("2026-01-01T00:00:00Z", ignored, &dates)); // the cache holds 2026-01-01

        FileStats commonStats;
        DatasetBuilder::PendingSignIn common{};
        if (!prepareCommonSignIn(row, commonStats, common, &dates)) {
            QCOMPARE(commonStats.rows, 0); // nothing changed
            continue;
        }
        ++taken;
        DatasetBuilder builder;
        FileStats anyStats;
        DatasetBuilder::PendingSignIn any{};
        DateCache fresh;
        QVERIFY(prepareAnySignIn(row, 1, builder, anyStats, any, &fresh));
        QCOMPARE(common.address, any.address);
        QCOMPARE(common.user, any.user);
        QCOMPARE(common.app, any.app);
        QCOMPARE(common.time, any.time);
        QCOMPARE(common.failed, any.failed);
        QCOMPARE(commonStats.rows, anyStats.rows);
        QCOMPARE(commonStats.minTime, anyStats.minTime);
        QCOMPARE(commonStats.maxTime, anyStats.maxTime);
        QCOMPARE(commonStats.skippedTotal(), anyStats.skippedTotal());
    }
    QVERIFY2(taken > 500, "the common-row path should take the ordinary rows");
}

void TestImportInternals::internerKeepsEveryLength()
{
    // Every length from empty to well past the 48 inline bytes, twice each with one byte changed,
    // and enough strings to make the table grow several times and change its slot layout.
    StringInterner interner;
    std::vector<std::string> strings;
    for (int length = 0; length <= 130; ++length) {
        for (char last : {'x', 'y'}) {
            std::string s(std::size_t(length), 'a');
            if (length > 0)
                s.back() = last;
            else if (last == 'y')
                continue;
            strings.push_back(s);
        }
    }
    // 40 000 names: past 32 Ki the table switches to its compact slots.
    for (int i = 0; i < 40000; ++i)
        strings.push_back("user" + std::to_string(i) + "@example.org");
    for (std::size_t i = 0; i < strings.size(); ++i)
        QCOMPARE(interner.intern(strings[i]), quint32(i));
    QCOMPARE(interner.size(), strings.size());
    for (std::size_t i = 0; i < strings.size(); ++i) {
        QCOMPARE(interner.intern(strings[i]), quint32(i));
        QCOMPARE(interner.at(quint32(i)), std::string_view(strings[i]));
    }
}

void TestImportInternals::equalBytesFindsEveryDifference()
{
    // The interner trusts equalBytes() once hashes agree: every length and every position of a
    // single differing byte (word loads overlap at the end, so the last bytes matter most).
    for (std::size_t length = 0; length <= 64; ++length) {
        const std::string a(length, 'q');
        QVERIFY(equalBytes(a.data(), std::string(a).data(), length));
        for (std::size_t at = 0; at < length; ++at) {
            std::string b = a;
            b[at] = 'r';
            QVERIFY2(!equalBytes(a.data(), b.data(), length),
                     qPrintable(QStringLiteral("length %1, byte %2").arg(length).arg(at)));
        }
    }
}

void TestImportInternals::stagedCountingMatchesAMap()
{
    // Random sign-ins, out of order, some without a time, users in mixed case, some without an
    // application; counted with a tiny stage (so counting runs between batches many times), split
    // over two merged builders, and with the default stage: all agree with a plain map.
    std::mt19937 random(7);
    struct Row
    {
        quint32 address;
        std::string user, app;
        qint64 time;
        bool failed;
    };
    std::vector<Row> rows;
    const std::vector<std::string> users = {"Alice@X.org", "alice@x.org", "bob@x.org", "", "Carol@Y.org"};
    const std::vector<std::string> apps = {"Teams", "", "Outlook", "api"};
    for (int i = 0; i < 5000; ++i) {
        const quint32 address = 0x51020000u + quint32(random() % 300) * 7919u % 65536u;
        const qint64 time = random() % 10 == 0 ? FileStats::NoTime : 1767225600 + qint64(random() % (20 * 86400));
        rows.push_back(
            {address, users[random() % users.size()], apps[random() % apps.size()], time, random() % 4 == 0});
    }

    using GroupKey = std::tuple<quint32, std::string, std::string>;
    struct Counts
    {
        quint32 successful = 0, failed = 0, lastSeen = 0;
    };
    std::map<GroupKey, Counts> expectedGroups;
    std::map<std::pair<quint32, qint32>, std::pair<quint32, quint32>> expectedDays;
    for (const Row &r : rows) {
        std::string user = r.user.empty() ? "(unknown)" : r.user;
        for (char &c : user)
            c = char(std::tolower(uchar(c)));
        Counts &g = expectedGroups[{r.address, user, r.app.empty() ? "(unknown)" : r.app}];
        (r.failed ? g.failed : g.successful) += 1;
        if (r.time != FileStats::NoTime)
            g.lastSeen = std::max(g.lastSeen, quint32(r.time));
        const qint32 day = r.time == FileStats::NoTime ? Dataset::UnknownDay : qint32(r.time / 86400);
        auto &d = expectedDays[{r.address, day}];
        (r.failed ? d.second : d.first) += 1;
    }

    auto feed = [&rows](DatasetBuilder &builder, std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i)
            builder.addIpv4(rows[i].address, rows[i].user, rows[i].app, rows[i].time, rows[i].failed);
    };
    DatasetBuilder whole;
    feed(whole, 0, rows.size());
    DatasetBuilder tiny(3);
    feed(tiny, 0, rows.size());
    DatasetBuilder first(5), second(11);
    feed(first, 0, 2345);
    feed(second, 2345, rows.size());
    first.merge(std::move(second));

    for (DatasetBuilder *builder : {&whole, &tiny, &first}) {
        const Dataset d = std::move(*builder).build({});
        QCOMPARE(d.ipv4Rows(), qint64(rows.size()));
        QVERIFY(std::is_sorted(d.ips().begin(), d.ips().end()));
        std::map<GroupKey, Counts> groups;
        for (const SignInGroup &g : d.groups()) {
            const GroupKey key{d.ips()[g.ip], d.users()[g.user].toStdString(), d.apps()[g.app].toStdString()};
            QVERIFY(!groups.count(key)); // one group per key
            groups[key] = {g.successful, g.failed, g.lastSeen};
        }
        QCOMPARE(groups.size(), expectedGroups.size());
        for (const auto &[key, counts] : expectedGroups) {
            QVERIFY(groups.count(key));
            QCOMPARE(groups[key].successful, counts.successful);
            QCOMPARE(groups[key].failed, counts.failed);
            QCOMPARE(groups[key].lastSeen, counts.lastSeen);
        }
        QCOMPARE(d.dayGroups().size(), expectedDays.size());
        for (quint32 ip = 0; ip < d.ips().size(); ++ip) {
            const auto days = d.dayGroupsOfIp(ip);
            for (std::size_t k = 0; k < days.size(); ++k) {
                if (k > 0)
                    QVERIFY(days[k - 1].day < days[k].day);
                const auto &expected = expectedDays.at({d.ips()[ip], days[k].day});
                QCOMPARE(days[k].successful, expected.first);
                QCOMPARE(days[k].failed, expected.second);
            }
            const auto groupsOfIp = d.groupsOfIp(ip);
            for (std::size_t k = 1; k < groupsOfIp.size(); ++k) {
                QVERIFY(std::tie(groupsOfIp[k - 1].user, groupsOfIp[k - 1].app) <
                        std::tie(groupsOfIp[k].user, groupsOfIp[k].app));
            }
        }
    }
}

void TestImportInternals::datasetDoesNotDependOnTheSplit()
{
    // One file read whole on one thread, and cut into small chunks over two and four workers:
    // the same dataset, ids and order included (names are met in a different order each time).
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("history.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,user,ip,application,result\n");
    std::mt19937 random(3);
    for (int i = 0; i < 6000; ++i) {
        const int user = int(random() % 700);
        QByteArray ip = "81.2." + QByteArray::number(user % 50) + '.' + QByteArray::number(random() % 4);
        if (random() % 20 == 0)
            ip = "2001:db8::" + QByteArray::number(user % 9);
        const QByteArray day = QByteArray::number(1 + random() % 28).rightJustified(2, '0');
        const QByteArray name = QByteArray(user % 3 ? "User" : "user") + QByteArray::number(user) + "@x.org";
        const QByteArray app = "App" + QByteArray::number(random() % 5);
        const QByteArray result = random() % 5 ? "success" : "failure";
        file.write("2026-01-" + day + "T10:00:00Z," + name + ',' + ip + ',' + app + ',' + result + '\n');
    }
    file.close();
    expectSameForAnySplit(file.fileName());
}

void TestImportInternals::jsonDatasetDoesNotDependOnTheBatches()
{
    // A Graph export whose records go to workers in batches: some records are broken JSON (their
    // line numbers must come out in file order), some are IPv6, and the first record is broken,
    // so the format is decided by a later one.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("signins.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"value\": [\n{\"createdDateTime\": \"2026-01-01T00:00:00Z\", oops},\n");
    std::mt19937 random(5);
    qint64 broken = 1;
    for (int i = 0; i < 3000; ++i) {
        const int user = int(random() % 400);
        QByteArray ip = "81.2." + QByteArray::number(user % 40) + '.' + QByteArray::number(random() % 4);
        if (random() % 25 == 0)
            ip = "2001:db8::" + QByteArray::number(user % 7);
        const QByteArray day = QByteArray::number(1 + random() % 28).rightJustified(2, '0');
        if (random() % 97 == 0) {
            ++broken;
            file.write("{\"createdDateTime\": \"2026-01-" + day + "T10:00:00Z\", \"ipAddress\": }");
        } else {
            file.write("{\"createdDateTime\": \"2026-01-" + day + "T10:00:00Z\", \"userPrincipalName\": \"User" +
                       QByteArray::number(user) + "@x.org\", \"ipAddress\": \"" + ip + "\", \"appDisplayName\": \"App" +
                       QByteArray::number(random() % 5) +
                       "\", \"status\": {\"errorCode\": " + QByteArray(random() % 5 ? "0" : "50126") + "}}");
        }
        file.write(i + 1 < 3000 ? ",\n" : "\n");
    }
    file.write("]}\n");
    file.close();
    expectSameForAnySplit(file.fileName());

    // Progress counts a part of the file once its records are parsed: it only grows, in several
    // steps with small batches, and ends exactly at the file's size.
    std::vector<std::pair<qint64, qint64>> progress;
    ImportCallbacks callbacks;
    callbacks.progress = [&progress](qint64 done, qint64 total) {
        progress.emplace_back(done, total);
    };
    ImportOptions small;
    small.chunkBytes = 4096;
    small.threads = 2;
    const ImportResult result = HistoryImporter(small).importFiles({file.fileName()}, callbacks);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(progress.size() > 10);
    for (std::size_t i = 1; i < progress.size(); ++i)
        QVERIFY(progress[i].first >= progress[i - 1].first);
    QCOMPARE(progress.back().first, file.size());
    QCOMPARE(progress.back().second, file.size());
    const ImportedFile &imported = result.dataset->files().front();
    QCOMPARE(imported.format, HistoryFormat::Entra);
    QCOMPARE(imported.skipped, broken);
    QCOMPARE(imported.rows + imported.skipped, 3001);
    QCOMPARE(imported.badRowExamples.front().line, 2);
}

void TestImportInternals::jsonScannerSkipsStringsLikeByteByByte()
{
    // The scanner skips string contents 16 bytes at a time; fed one byte at a time it never can.
    // Random Graph-like exports with escaped quotes and backslashes, raw line ends, long and short
    // strings and nested objects must give the same records and lines both ways.
    std::mt19937 random(11);
    const std::string alphabet = "abcXYZ 019.:@-_/{}[],";
    bool rawNewlines = true; // not in one-object-per-line files, where a line end ends a record
    auto randomString = [&] {
        std::string text;
        const std::size_t length = random() % 4 == 0 ? 16 + random() % 60 : random() % 20;
        for (std::size_t i = 0; i < length; ++i) {
            switch (random() % 12) {
            case 0:
                text += "\\\"";
                break;
            case 1:
                text += "\\\\";
                break;
            case 2:
                text += rawNewlines ? "\n" : "\\n";
                break;
            case 3:
                text += "\\u00e9";
                break;
            default:
                text += alphabet[random() % alphabet.size()];
            }
        }
        return text;
    };
    struct Seen
    {
        std::vector<std::pair<QByteArray, qint64>> records;
        bool ok = false;
    };
    auto scan = [](const QByteArray &bytes, bool byteByByte) {
        Seen seen;
        JsonRecordScanner scanner(
            [&seen](const QByteArray &record, qint64 line) { seen.records.emplace_back(record, line); });
        if (byteByByte) {
            for (qsizetype i = 0; i < bytes.size(); ++i)
                scanner.feed(bytes.constData() + i, 1);
        } else {
            scanner.feed(bytes.constData(), bytes.size());
        }
        seen.ok = scanner.finish();
        return seen;
    };
    for (int file = 0; file < 100; ++file) {
        // Even files: a Graph object holding the records; odd ones: one record per line.
        const bool lines = file % 2;
        rawNewlines = !lines;
        QByteArray bytes;
        if (!lines)
            bytes = "{\"" + QByteArray::fromStdString(randomString()) + "\": 1, \"value\": [\n";
        const int records = 1 + int(random() % 40);
        for (int r = 0; r < records; ++r) {
            bytes += "{\"userPrincipalName\": \"" + QByteArray::fromStdString(randomString()) +
                     "\", \"status\": {\"failureReason\": \"" + QByteArray::fromStdString(randomString()) +
                     "\"}, \"list\": [\"" + QByteArray::fromStdString(randomString()) + "\"]}";
            bytes += r + 1 < records && !lines ? ",\n" : "\n";
        }
        if (!lines)
            bytes += "]}";
        const Seen whole = scan(bytes, false);
        const Seen single = scan(bytes, true);
        QVERIFY(whole.ok);
        QCOMPARE(whole.records.size(), std::size_t(records));
        QCOMPARE(single.ok, whole.ok);
        QVERIFY(single.records == whole.records);
    }
}

void TestImportInternals::jsonScannerReadsOneObjectPerLine_data()
{
    // Each case: the input, then the records the scanner hands over as "line:bytes", an empty
    // record (a bad row for the importer) as "line:", and "truncated N" for a record cut by the
    // end of input.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("one object per line, blank lines, junk lines, stray closers")
        << QByteArray("{\"a\":1}\n\n{\"b\":{\"c\":[1,2]}}{\"d\":\"}\"}\ngarbage {\"e\":1}\n}\n{\"g\":1}")
        << QStringList{u"1:{\"a\":1}"_s, u"3:{\"b\":{\"c\":[1,2]}}"_s, u"3:{\"d\":\"}\"}"_s, u"4:"_s, u"5:"_s,
                       u"6:{\"g\":1}"_s};
    QTest::newRow("a record cut short mid-line is a bad row, the next line is read afresh")
        << QByteArray("{\"a\":1}\n{\"b\":{\"c\":2\n{\"d\":\"unterminated\n{\"e\":3}\n")
        << QStringList{u"1:{\"a\":1}"_s, u"2:"_s, u"3:"_s, u"4:{\"e\":3}"_s};
    QTest::newRow("a line end inside a one-line record's string cuts it; its rest is the same bad row")
        << QByteArray("{\"a\":1}\n{\"f\":\"line\nbreak\"},\n{\"g\":1}")
        << QStringList{u"1:{\"a\":1}"_s, u"2:"_s, u"4:{\"g\":1}"_s};
    // Counted one bad row per line before (9 for one record).
    QTest::newRow("a pretty-printed record among one-line ones is one bad row")
        << QByteArray("{\"a\":1}\n{\n  \"b\": 2,\n  \"s\": {\n    \"c\": 0\n  }\n}\n{\"d\":4}\njunk\n")
        << QStringList{u"1:{\"a\":1}"_s, u"2:"_s, u"8:{\"d\":4}"_s, u"9:"_s};
    // The second array was dropped with no count or note.
    QTest::newRow("a second records array under the same key is read too")
        << QByteArray("{\"value\":[{\"a\":1}],\"value\":[{\"b\":2}],\"extra\":[{\"c\":3}]}")
        << QStringList{u"1:{\"a\":1}"_s, u"1:{\"b\":2}"_s};
    QTest::newRow("the last record cut by the end of input")
        << QByteArray("{\"a\":1}\n{\"b\":") << QStringList{u"1:{\"a\":1}"_s, u"truncated 2"_s};
    QTest::newRow("pretty-printed objects one after another (the first spans lines)")
        << QByteArray("{\n \"a\": 1,\n \"s\": \"x\"\n}\n{\n \"b\": 2\n}\n")
        << QStringList{u"1:{\n \"a\": 1,\n \"s\": \"x\"\n}"_s, u"5:{\n \"b\": 2\n}"_s};
    QTest::newRow("two Graph pages back to back")
        << QByteArray("{\"value\":[{\"a\":1},{\"b\":2}]}\n{\"value\":[{\"c\":3}]}\n")
        << QStringList{u"1:{\"a\":1}"_s, u"1:{\"b\":2}"_s, u"2:{\"c\":3}"_s};
    QTest::newRow("two top-level arrays (Okta pages)")
        << QByteArray("[{\"a\":1}]\n[{\"b\":2}]") << QStringList{u"1:{\"a\":1}"_s, u"2:{\"b\":2}"_s};
    QTest::newRow("a first line holding an empty records array, then records")
        << QByteArray("{\"x\":1,\"results\":[]}\n{\"a\":1}\n{\"b\":2}\n")
        << QStringList{u"2:{\"a\":1}"_s, u"3:{\"b\":2}"_s};
    QTest::newRow("junk after a Graph export is a bad row, not dropped")
        << QByteArray("{\"value\":[{\"a\":1}]}\n%% end of export\n") << QStringList{u"1:{\"a\":1}"_s, u"2:"_s};
    const QByteArray big(int(JsonRecordScanner::MaxRecordBytes), 'x');
    QTest::newRow("an oversized first object followed by records is a bad row, in order")
        << QByteArray("{\"k\":\"" + big + "\"}\n{\"a\":1}\n") << QStringList{u"1:"_s, u"2:{\"a\":1}"_s};
    QTest::newRow("junk between an oversized first object and the records keeps line order")
        << QByteArray("{\"k\":\"" + big + "\"}\nxx\n{\"a\":1}\n") << QStringList{u"1:"_s, u"2:"_s, u"3:{\"a\":1}"_s};
    QTest::newRow("an oversized object after the records is a bad row")
        << QByteArray("{\"value\":[{\"a\":1}]}\n{\"k\":\"" + big + "\"}\n") << QStringList{u"1:{\"a\":1}"_s, u"2:"_s};
    QTest::newRow("files joined with cat: a BOM before the second one's records")
        << QByteArray("\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBF{\"b\":2}\n")
        << QStringList{u"1:{\"a\":1}"_s, u"2:{\"b\":2}"_s};
    QTest::newRow("elements of a records array that are no object are bad rows")
        << QByteArray("[1, \"x,]\", {\"a\":1},\nnull]") << QStringList{u"1:"_s, u"1:"_s, u"1:{\"a\":1}"_s, u"2:"_s};
    QTest::newRow("after a cut record, a line that opens an array ends with its line too")
        << QByteArray("{\"a\":1}\n{\"b\":\n[1,\n{\"c\":3}\n")
        << QStringList{u"1:{\"a\":1}"_s, u"2:"_s, u"3:"_s, u"4:{\"c\":3}"_s};
}

void TestImportInternals::jsonScannerReadsOneObjectPerLine()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    // Whole, and one byte at a time: the same.
    for (const bool byteByByte : {false, true}) {
        QStringList seen;
        JsonRecordScanner scanner([&seen](const QByteArray &record, qint64 line) {
            seen.append(QString::number(line) + u':' + QString::fromUtf8(record));
        });
        if (byteByByte) {
            for (qsizetype i = 0; i < text.size(); ++i)
                scanner.feed(text.constData() + i, 1);
        } else {
            scanner.feed(text.constData(), text.size());
        }
        QVERIFY2(scanner.finish(), qPrintable(scanner.error()));
        if (scanner.truncatedRecordLine() > 0)
            seen.append(u"truncated "_s + QString::number(scanner.truncatedRecordLine()));
        QCOMPARE(seen, expected);
    }
}

void TestImportInternals::expectSameForAnySplit(const QString &path)
{
    auto import = [&path](int threads, qint64 chunkBytes) {
        ImportOptions options;
        options.threads = threads;
        options.chunkBytes = chunkBytes;
        return HistoryImporter(options).importFiles({path});
    };
    const ImportResult whole = import(1, 8 << 20);
    QVERIFY2(whole.ok(), qPrintable(whole.error));
    const Dataset &a = *whole.dataset;
    QVERIFY(std::is_sorted(a.users().begin(), a.users().end(),
                           [](const QString &x, const QString &y) { return x.toUtf8() < y.toUtf8(); }));
    for (const auto &[threads, chunk] : {std::pair{2, qint64(1024)}, std::pair{4, qint64(4096)}}) {
        const ImportResult split = import(threads, chunk);
        QVERIFY2(split.ok(), qPrintable(split.error));
        const Dataset &b = *split.dataset;
        QCOMPARE(b.ips(), a.ips());
        QCOMPARE(b.users(), a.users());
        QCOMPARE(b.apps(), a.apps());
        QCOMPARE(b.groups().size(), a.groups().size());
        for (std::size_t i = 0; i < a.groups().size(); ++i) {
            const SignInGroup &x = a.groups()[i], &y = b.groups()[i];
            QCOMPARE(std::tie(y.ip, y.user, y.app, y.successful, y.failed, y.lastSeen),
                     std::tie(x.ip, x.user, x.app, x.successful, x.failed, x.lastSeen));
        }
        QCOMPARE(b.dayGroups().size(), a.dayGroups().size());
        for (std::size_t i = 0; i < a.dayGroups().size(); ++i) {
            const DayGroup &x = a.dayGroups()[i], &y = b.dayGroups()[i];
            QCOMPARE(std::tie(y.ip, y.day, y.successful, y.failed), std::tie(x.ip, x.day, x.successful, x.failed));
        }
        QCOMPARE(b.ipv6Sources().size(), a.ipv6Sources().size());
        for (std::size_t i = 0; i < a.ipv6Sources().size(); ++i) {
            QCOMPARE(b.ipv6Sources()[i].address, a.ipv6Sources()[i].address);
            QCOMPARE(b.ipv6Sources()[i].successful, a.ipv6Sources()[i].successful);
        }
        for (quint32 u = 0; u < quint32(a.users().size()); ++u)
            QCOMPARE(b.userIpv6Rows(u), a.userIpv6Rows(u));
        QCOMPARE(b.files().size(), 1);
        const ImportedFile &x = a.files().front(), &y = b.files().front();
        QCOMPARE(std::tie(y.format, y.rows, y.ipv6Rows, y.skipped, y.first, y.last),
                 std::tie(x.format, x.rows, x.ipv6Rows, x.skipped, x.first, x.last));
        QCOMPARE(y.skippedByReason, x.skippedByReason);
        QCOMPARE(y.badRowExamples.size(), x.badRowExamples.size());
        for (qsizetype i = 0; i < x.badRowExamples.size(); ++i)
            QCOMPARE(y.badRowExamples[i].line, x.badRowExamples[i].line);
    }
}

void TestImportInternals::findingAPresentKeyNeverMovesTheTable()
{
    // 11 keys fill 16 slots to the growth limit: the next insert grows the table, a lookup must
    // not (build() looks IPs up from two threads at once).
    FlatMap<quint32, quint32, std::hash<quint32>> map(16);
    for (quint32 k = 0; k < 11; ++k)
        map[k] = k * 10;
    const quint32 *before = &map.at(3);
    bool inserted = true;
    QCOMPARE(map.find(3, inserted), 30u);
    QVERIFY(!inserted);
    QCOMPARE(&map.at(3), before);
    QCOMPARE(&map[5], &map.at(5));
    QCOMPARE(&map.at(3), before);
    map[11] = 110; // a new key may grow it
    QCOMPARE(map.at(3), 30u);
    QCOMPARE(map.at(11), 110u);
    QCOMPARE(map.size(), std::size_t(12));
}

void TestImportInternals::buildWithEveryIpTableFull()
{
    // Every partition's IP table ends exactly at its growth limit; build() then reads all of them
    // from two threads (sanitizer builds catch a table that moves under a reader).
    std::vector<std::vector<quint32>> byPartition(256);
    std::size_t full = 0;
    for (quint32 address = 0x51000000u; full < byPartition.size(); ++address) {
        std::vector<quint32> &p = byPartition[std::size_t(mix64(address) >> 56)];
        if (p.size() < 11 && (p.push_back(address), p.size() == 11))
            ++full;
    }
    DatasetBuilder builder;
    for (const std::vector<quint32> &p : byPartition) {
        for (quint32 address : p)
            builder.addIpv4(address, "u@x.org", "app", 1767225600 + qint64(address % 5) * 86400, false);
    }
    const Dataset d = std::move(builder).build({});
    QCOMPARE(d.ips().size(), std::size_t(256 * 11));
    QCOMPARE(d.groups().size(), std::size_t(256 * 11));
    QCOMPARE(d.dayGroups().size(), std::size_t(256 * 11));
    for (quint32 ip = 0; ip < d.ips().size(); ++ip)
        QCOMPARE(d.groupsOfIp(ip).size(), std::size_t(1));
}

void TestImportInternals::timesBefore1970AndAfter2106()
{
    // 1970-01-01T00:30:00+01:00 is 1969-12-31T23:30Z; a 10-digit Unix time can be in 2286.
    DatasetBuilder builder;
    builder.addIpv4(0x51020304u, "a@x.org", "app", -1800, false);
    builder.addIpv4(0x51020305u, "a@x.org", "app", 9999999999, false);
    const Dataset d = std::move(builder).build({});
    QCOMPARE(d.dayGroups().size(), std::size_t(2));
    QCOMPARE(d.dayGroups()[0].day, -1);
    QCOMPARE(d.dayGroups()[1].day, qint32(9999999999 / 86400));
    QCOMPARE(d.groups()[0].lastSeen, 0u);          // before 1970: not representable, "unknown"
    QCOMPARE(d.groups()[1].lastSeen, 0xffffffffu); // after 2106: the latest representable time
}

QTEST_GUILESS_MAIN(TestImportInternals)
#include "tst_importinternals.moc"
