#include <history/datasetbuilder.h>
#include <history/historyimporter.h>
#include <impact/impactevaluator.h>
#include <rules/validator.h>

#include <QTest>

#include <map>
#include <random>
#include <set>

using namespace alc;

namespace {

std::vector<Ipv4Network> networks(const QStringList &cidrs)
{
    return Allowlist::fromCidrs(cidrs).networks();
}

std::shared_ptr<const Dataset> fixtureDataset()
{
    const ImportResult result = HistoryImporter().importFiles(
        {qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/generic-basic.csv")});
    return result.dataset;
}

// One synthetic sign-in, kept raw so expectations can be computed without the evaluator.
struct Row
{
    quint32 ip;
    int user;
    int app;
    qint64 time;
    bool failed;
};

struct Reference
{
    qint64 allowed = 0, blocked = 0, blockedFailed = 0, newlyBlocked = 0, newlyAllowed = 0;
    qint64 usersNewlyBlocked = 0, usersNewlyAllowed = 0;
    qint64 usersBlocked = 0, usersFullyBlocked = 0, usersBlockedSuccessful = 0, ipsBlocked = 0;
    std::map<int, qint64> blockedByUser;
    std::map<qint64, qint64> blockedByDay;
    std::map<int, qint64> blockedByApp;
};

// Brute force, row by row, with the validator's own "covers" (an empty list covers everything).
Reference reference(const std::vector<Row> &rows, const std::vector<Ipv4Network> &list,
                    const std::vector<Ipv4Network> *baseline)
{
    Reference r;
    std::map<int, std::pair<qint64, qint64>> perUser; // total, blocked
    std::set<quint32> blockedIps;
    std::set<int> losingSuccessful; // users with a blocked sign-in that did not fail
    std::set<int> newlyBlockedUsers, newlyAllowedUsers;
    for (const Row &row : rows) {
        const bool allowed = Validator::covers(list, Ipv4Address(row.ip));
        auto &u = perUser[row.user];
        ++u.first;
        if (allowed) {
            ++r.allowed;
        } else {
            ++r.blocked;
            ++u.second;
            r.blockedFailed += row.failed;
            if (!row.failed)
                losingSuccessful.insert(row.user);
            blockedIps.insert(row.ip);
            ++r.blockedByUser[row.user];
            ++r.blockedByDay[row.time / 86400];
            ++r.blockedByApp[row.app];
        }
        if (baseline) {
            const bool before = Validator::covers(*baseline, Ipv4Address(row.ip));
            r.newlyBlocked += before && !allowed;
            r.newlyAllowed += !before && allowed;
            if (before && !allowed)
                newlyBlockedUsers.insert(row.user);
            if (!before && allowed)
                newlyAllowedUsers.insert(row.user);
        }
    }
    for (const auto &[user, counts] : perUser) {
        r.usersBlocked += counts.second > 0;
        r.usersFullyBlocked += counts.second == counts.first;
    }
    r.ipsBlocked = qint64(blockedIps.size());
    r.usersBlockedSuccessful = qint64(losingSuccessful.size());
    r.usersNewlyBlocked = qint64(newlyBlockedUsers.size());
    r.usersNewlyAllowed = qint64(newlyAllowedUsers.size());
    return r;
}

QString userName(int u)
{
    return QStringLiteral("user%1@x.example").arg(u);
}

} // namespace

class TestImpactEvaluator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtureNumbers_data();
    void fixtureNumbers();
    void fixtureTables();
    void matchesBruteForce_data();
    void matchesBruteForce();
    void incrementalEditsMatchFullEvaluation();
    void daysInOrderWithUnknownFirst();

private:
    void buildSynthetic();
    std::vector<Row> m_rows;
    std::shared_ptr<const Dataset> m_synthetic;
};

void TestImpactEvaluator::fixtureNumbers_data()
{
    // generic-basic.csv, worked out by hand: 81.2.69.10 alice x2 ok; 93.184.216.34 bob failed;
    // 81.2.69.200 bob ok; 185.199.108.153 erin ok + failed; one IPv6 row (carol); three bad rows.
    QTest::addColumn<QStringList>("list");
    QTest::addColumn<QStringList>("baseline"); // empty: no baseline
    QTest::addColumn<QList<qint64>>("expected");
    // allowed, blocked, blockedSuccessful, blockedFailed, usersBlocked, usersFullyBlocked, ipsBlocked,
    // newlyBlocked, newlyAllowed, usersNewlyBlocked
    QTest::newRow("empty list allows everything")
        << QStringList() << QStringList() << QList<qint64>{6, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    QTest::newRow("HQ only") << QStringList{QStringLiteral("81.2.69.0/24")} << QStringList()
                             << QList<qint64>{3, 3, 1, 2, 2, 1, 2, 0, 0, 0};
    QTest::newRow("HQ against the live list")
        << QStringList{QStringLiteral("81.2.69.0/24")} << QStringList{QStringLiteral("185.199.108.0/24")}
        << QList<qint64>{3, 3, 1, 2, 2, 1, 2, 2, 3, 1};
    QTest::newRow("a list that misses the offices") << QStringList{QStringLiteral("93.184.216.0/24")} << QStringList()
                                                    << QList<qint64>{1, 5, 4, 1, 3, 2, 3, 0, 0, 0};
    QTest::newRow("host entries, one duplicated")
        << QStringList{QStringLiteral("81.2.69.10"), QStringLiteral("185.199.108.153/32"),
                       QStringLiteral("81.2.69.10/32")}
        << QStringList() << QList<qint64>{4, 2, 1, 1, 1, 1, 2, 0, 0, 0};
}

void TestImpactEvaluator::fixtureNumbers()
{
    QFETCH(QStringList, list);
    QFETCH(QStringList, baseline);
    QFETCH(QList<qint64>, expected);
    auto dataset = fixtureDataset();
    QVERIFY(dataset);
    ImpactEvaluator evaluator(dataset);
    if (!baseline.isEmpty())
        evaluator.setBaseline(networks(baseline));
    evaluator.setList(networks(list));
    const ImpactSummary &s = evaluator.summary();
    QCOMPARE(s.rows, 7);
    QCOMPARE(s.ipv6Rows, 1);
    QCOMPARE(s.skippedRows, 3);
    QCOMPARE(s.users, 4);
    QCOMPARE(s.distinctIps, 4);
    const QList<qint64> actual = {s.allowed,      s.blocked,           s.blockedSuccessful, s.blockedFailed,
                                  s.usersBlocked, s.usersFullyBlocked, s.ipsBlocked,        s.newlyBlocked,
                                  s.newlyAllowed, s.usersNewlyBlocked};
    QCOMPARE(actual, expected);
    QCOMPARE(s.allowedSuccessful + s.allowedFailed, s.allowed);
    QCOMPARE(s.hasBaseline, !baseline.isEmpty());
}

void TestImpactEvaluator::fixtureTables()
{
    auto dataset = fixtureDataset();
    QVERIFY(dataset);
    ImpactEvaluator evaluator(dataset);
    evaluator.setList(networks({QStringLiteral("81.2.69.0/24")}));

    const auto erinIndex = quint32(dataset->users().indexOf(QStringLiteral("erin@example.com")));
    const UserImpact erin = evaluator.user(erinIndex);
    QCOMPARE(erin.signIns, 2u);
    QCOMPARE(erin.blocked, 2u);
    QCOMPARE(erin.blockedFailed, 1u);
    QVERIFY(erin.isFullyBlocked());
    QCOMPARE(erin.lastBlocked, QDateTime(QDate(2026, 3, 4), QTime(9, 0), Qt::UTC));
    QCOMPARE(erin.blockedIps, QList<Ipv4Address>{Ipv4Address(185, 199, 108, 153)});

    const auto bobIndex = quint32(dataset->users().indexOf(QStringLiteral("bob@example.com")));
    const UserImpact bob = evaluator.user(bobIndex);
    QVERIFY(bob.isBlocked());
    QVERIFY(!bob.isFullyBlocked());
    QCOMPARE(bob.lastBlocked, QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC));

    const auto carolIndex = quint32(dataset->users().indexOf(QStringLiteral("carol@example.com")));
    QCOMPARE(evaluator.user(carolIndex).ipv6SignIns, 1u);
    QVERIFY(!evaluator.user(carolIndex).isFullyBlocked());
    QCOMPARE(evaluator.users(true).size(), 2u);

    const IpImpact office = evaluator.ip(quint32(dataset->indexOfIp(Ipv4Address(81, 2, 69, 10))));
    QVERIFY(office.allowed);
    QCOMPARE(office.admittedBy, QStringLiteral("81.2.69.0/24"));
    QCOMPARE(office.signIns, 2u);
    QCOMPARE(office.users, 1);
    const std::vector<IpImpact> top = evaluator.topBlockedIps(5);
    QCOMPARE(top.size(), 2u);
    QCOMPARE(top.front().address, Ipv4Address(185, 199, 108, 153));
    QCOMPARE(top.front().admittedBy, QString());

    const std::vector<DayImpact> days = evaluator.days();
    QCOMPARE(days.size(), 3u);
    QCOMPARE(days[0].day, QDate(2026, 3, 2));
    QCOMPARE(days[0].signIns, 3u);
    QCOMPARE(days[0].blocked, 1u);
    QCOMPARE(days[2].day, QDate(2026, 3, 4));
    QCOMPARE(days[2].blocked, 2u);
    QCOMPARE(days[2].blockedFailed, 1u);

    for (const AppImpact &app : evaluator.apps()) {
        if (app.app == u"Salesforce") {
            QCOMPARE(app.signIns, 2u);
            QCOMPARE(app.blocked, 1u);
            QCOMPARE(app.users, 1);
            QCOMPARE(app.usersBlocked, 1);
        }
    }
}

void TestImpactEvaluator::buildSynthetic()
{
    if (m_synthetic)
        return;
    std::mt19937 random(20260301);
    DatasetBuilder builder;
    const std::array<std::string, 3> apps = {"Genesys Cloud", "Teams", "API"};
    for (int i = 0; i < 20000; ++i) {
        // Addresses crowd into a few /16s so that lists hit some and miss others.
        const quint32 ip =
            (quint32(81 + random() % 4) << 24) | (quint32(random() % 3) << 16) | quint32(random() % 4096);
        Row row{ip, int(random() % 300), int(random() % 3), 1767225600 + qint64(random() % (30 * 86400)),
                random() % 10 == 0};
        m_rows.push_back(row);
        builder.addIpv4(row.ip, userName(row.user).toStdString(), apps[std::size_t(row.app)], row.time, row.failed);
    }
    m_synthetic = std::make_shared<const Dataset>(std::move(builder).build({}));
}

void TestImpactEvaluator::matchesBruteForce_data()
{
    QTest::addColumn<QStringList>("list");
    QTest::addColumn<QStringList>("baseline");
    QTest::newRow("one /16") << QStringList{QStringLiteral("81.0.0.0/16")} << QStringList();
    QTest::newRow("overlapping entries") << QStringList{QStringLiteral("82.0.0.0/8"), QStringLiteral("82.1.0.0/20"),
                                                        QStringLiteral("83.2.8.0/22")}
                                         << QStringList{QStringLiteral("81.0.0.0/8")};
    QTest::newRow("hosts only") << QStringList{QStringLiteral("81.0.0.1"), QStringLiteral("84.2.15.255")}
                                << QStringList{QStringLiteral("82.0.0.0/8"), QStringLiteral("81.0.0.0/30")};
    QTest::newRow("nothing matches") << QStringList{QStringLiteral("9.9.9.0/24")} << QStringList();
}

void TestImpactEvaluator::matchesBruteForce()
{
    QFETCH(QStringList, list);
    QFETCH(QStringList, baseline);
    buildSynthetic();
    const std::vector<Ipv4Network> listNetworks = networks(list);
    const std::vector<Ipv4Network> baselineNetworks = networks(baseline);
    ImpactEvaluator evaluator(m_synthetic);
    if (!baseline.isEmpty())
        evaluator.setBaseline(baselineNetworks);
    evaluator.setList(listNetworks);
    const Reference r = reference(m_rows, listNetworks, baseline.isEmpty() ? nullptr : &baselineNetworks);
    const ImpactSummary &s = evaluator.summary();
    QCOMPARE(s.allowed, r.allowed);
    QCOMPARE(s.blocked, r.blocked);
    QCOMPARE(s.blockedFailed, r.blockedFailed);
    QCOMPARE(s.usersBlocked, r.usersBlocked);
    QCOMPARE(s.usersFullyBlocked, r.usersFullyBlocked);
    QCOMPARE(s.usersBlockedSuccessful, r.usersBlockedSuccessful);
    QCOMPARE(s.ipsBlocked, r.ipsBlocked);
    QCOMPARE(s.newlyBlocked, r.newlyBlocked);
    QCOMPARE(s.newlyAllowed, r.newlyAllowed);
    QCOMPARE(s.usersNewlyBlocked, r.usersNewlyBlocked);
    QCOMPARE(s.usersNewlyAllowed, r.usersNewlyAllowed);

    for (const UserImpact &u : evaluator.users(true)) {
        const int user = u.user.mid(4, u.user.indexOf(u'@') - 4).toInt();
        QCOMPARE(qint64(u.blocked), r.blockedByUser.at(user));
    }
    QCOMPARE(evaluator.users(true).size(), r.blockedByUser.size());
    for (const DayImpact &d : evaluator.days())
        QCOMPARE(qint64(d.blocked), r.blockedByDay.count(QDate(1970, 1, 1).daysTo(d.day))
                                        ? r.blockedByDay.at(QDate(1970, 1, 1).daysTo(d.day))
                                        : 0);
    const std::array<QString, 3> appNames = {QStringLiteral("Genesys Cloud"), QStringLiteral("Teams"),
                                             QStringLiteral("API")};
    for (const AppImpact &a : evaluator.apps()) {
        const int app = int(std::find(appNames.begin(), appNames.end(), a.app) - appNames.begin());
        QCOMPARE(qint64(a.blocked), r.blockedByApp.count(app) ? r.blockedByApp.at(app) : 0);
    }
}

void TestImpactEvaluator::daysInOrderWithUnknownFirst()
{
    // Days met out of order, with a gap, and sign-ins without a time: the day table lists the
    // unknown day first, then each day seen in calendar order (no empty days in between).
    const qint64 jan1 = 1767225600; // 2026-01-01T00:00:00Z
    const quint32 office = 0x51024500u, home = 0x51024601u;
    DatasetBuilder builder;
    builder.addIpv4(home, "a@x.org", "Teams", jan1 + 9 * 86400 + 60, false);
    builder.addIpv4(office, "a@x.org", "Teams", jan1 + 3600, false);
    builder.addIpv4(home, "b@x.org", "Teams", FileStats::NoTime, true);
    builder.addIpv4(home, "a@x.org", "Teams", jan1 + 9 * 86400 + 120, false);
    builder.addIpv4(office, "b@x.org", "Teams", FileStats::NoTime, false);
    ImpactEvaluator evaluator(std::make_shared<const Dataset>(std::move(builder).build({})));
    evaluator.setList({Ipv4Network(Ipv4Address(office), 32)});
    const std::vector<DayImpact> days = evaluator.days();
    QCOMPARE(days.size(), std::size_t(3));
    QVERIFY(!days[0].day.isValid());
    QCOMPARE(days[0].signIns, 2u);
    QCOMPARE(days[0].blocked, 1u);
    QCOMPARE(days[0].blockedFailed, 1u);
    QCOMPARE(days[1].day, QDate(2026, 1, 1));
    QCOMPARE(days[1].signIns, 1u);
    QCOMPARE(days[1].blocked, 0u);
    QCOMPARE(days[2].day, QDate(2026, 1, 10));
    QCOMPARE(days[2].signIns, 2u);
    QCOMPARE(days[2].blocked, 2u);
}

void TestImpactEvaluator::incrementalEditsMatchFullEvaluation()
{
    buildSynthetic();
    std::mt19937 random(7);
    auto randomNetwork = [&random] {
        const int prefix = 8 + int(random() % 25);
        return Ipv4Network(Ipv4Address((quint32(81 + random() % 4) << 24) | quint32(random() % 0x30000)), prefix);
    };
    std::vector<Ipv4Network> baseline = {Ipv4Network(Ipv4Address(81, 0, 0, 0), 16)};
    ImpactEvaluator live(m_synthetic);
    live.setBaseline(baseline);
    std::vector<Ipv4Network> list;
    for (int step = 0; step < 200; ++step) {
        // Add, remove or replace one entry, as an edit in the table would.
        const int action = list.empty() ? 0 : int(random() % 3);
        if (action == 0)
            list.push_back(randomNetwork());
        else if (action == 1)
            list.erase(list.begin() + qsizetype(random() % list.size()));
        else
            list[random() % list.size()] = randomNetwork();
        live.setList(list);

        ImpactEvaluator fresh(m_synthetic);
        fresh.setBaseline(baseline);
        fresh.setList(list);
        QCOMPARE(live.summary(), fresh.summary());
        if (step % 50 == 0) {
            const Reference r = reference(m_rows, list, &baseline);
            QCOMPARE(live.summary().blocked, r.blocked);
            QCOMPARE(live.summary().newlyBlocked, r.newlyBlocked);
            QCOMPARE(live.summary().usersNewlyAllowed, r.usersNewlyAllowed);
        }
    }
}

QTEST_GUILESS_MAIN(TestImpactEvaluator)
#include "tst_impactevaluator.moc"
