#include <history/datasetbuilder.h>
#include <session/scenariocomparison.h>

#include <QTest>

#include <random>
#include <set>

using namespace alc;
using namespace Qt::StringLiterals;

class TestScenarioComparison final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void networkHistoryMatchesBruteForce();
    void networkHistoryOfAnEmptyRange();
};

namespace {

struct Row
{
    quint32 ip;
    int user;
    bool failed;
};

bool allowedBy(const QStringList &cidrs, quint32 ip)
{
    if (cidrs.isEmpty())
        return true; // Genesys: an empty list allows every address
    return std::any_of(cidrs.cbegin(), cidrs.cend(),
                       [ip](const QString &c) { return CidrParser::parse(c).network.contains(Ipv4Address(ip)); });
}

} // namespace

// Sign-ins from inside a network, and what each list blocks of them, against a count row by row.
void TestScenarioComparison::networkHistoryMatchesBruteForce()
{
    std::mt19937 random(20261128);
    std::vector<Row> rows;
    DatasetBuilder builder;
    for (int i = 0; i < 5000; ++i) {
        // 81.2.68.0 – 81.2.71.255, so /22, /24 and /30 networks see some rows and miss others.
        const Row row{0x51024400u | quint32(random() % 1024), int(random() % 40), random() % 5 == 0};
        rows.push_back(row);
        builder.addIpv4(row.ip, ("User" + std::to_string(row.user) + "@x.example"), "Genesys Cloud",
                        1767225600 + qint64(i), row.failed);
    }
    const Dataset dataset = std::move(builder).build({});
    const QList<QStringList> lists{
        {u"81.2.69.0/24"_s},                      // holds the /24 itself
        {u"81.2.68.0/22"_s},                      // admits it through a wider entry
        {u"81.2.70.0/24"_s, u"81.2.69.128/25"_s}, // half of it
        {},                                       // empty: allows everything
        {u"62.210.16.0/24"_s},                    // none of it
    };
    QList<Allowlist> allowlists;
    for (const QStringList &cidrs : lists)
        allowlists.append(Allowlist::fromCidrs(cidrs));

    const QStringList cidrs{u"81.2.69.0/24"_s, u"81.2.68.0/22"_s, u"81.2.69.4/30"_s, u"81.2.71.77/32"_s};
    QList<Ipv4Network> networks;
    for (const QString &cidr : cidrs)
        networks.append(CidrParser::parse(cidr).network);
    // All at once, overlapping networks included: users are counted per network, not once overall.
    const QList<NetworkHistory> together = networkHistories(dataset, networks, allowlists);
    QCOMPARE(together.size(), networks.size());
    for (qsizetype n = 0; n < networks.size(); ++n) {
        const QString &cidr = cidrs.at(n);
        const Ipv4Network network = networks.at(n);
        const NetworkHistory h = together.at(n);
        QCOMPARE(networkHistories(dataset, {network}, allowlists).at(0).users, h.users);
        qint64 signIns = 0, successful = 0;
        std::set<int> users;
        QList<qint64> blocked(lists.size(), 0);
        QList<std::set<int>> blockedUsers(lists.size());
        for (const Row &row : rows) {
            if (!network.contains(Ipv4Address(row.ip)))
                continue;
            ++signIns;
            successful += row.failed ? 0 : 1;
            users.insert(row.user);
            for (int l = 0; l < lists.size(); ++l) {
                if (!allowedBy(lists.at(l), row.ip)) {
                    ++blocked[l];
                    blockedUsers[l].insert(row.user);
                }
            }
        }
        QVERIFY2(signIns > 0, qPrintable(cidr));
        QCOMPARE(h.signIns, signIns);
        QCOMPARE(h.successful, successful);
        QCOMPARE(h.users, qint64(users.size()));
        QCOMPARE(h.blockedBy.size(), lists.size());
        for (int l = 0; l < lists.size(); ++l) {
            QCOMPARE(h.blockedBy.at(l).signIns, blocked.at(l));
            QCOMPARE(h.blockedBy.at(l).users, qint64(blockedUsers.at(l).size()));
        }
    }
    // The cases the lists were chosen for, on the /24.
    const NetworkHistory h24 = together.at(0);
    QCOMPARE(h24.blockedBy.at(0).signIns, 0);
    QCOMPARE(h24.blockedBy.at(1).signIns, 0);
    QVERIFY(h24.blockedBy.at(2).signIns > 0 && h24.blockedBy.at(2).signIns < h24.signIns);
    QCOMPARE(h24.blockedBy.at(3).signIns, 0);
    QCOMPARE(h24.blockedBy.at(4).signIns, h24.signIns);
    QCOMPARE(h24.blockedBy.at(4).users, h24.users);
}

void TestScenarioComparison::networkHistoryOfAnEmptyRange()
{
    DatasetBuilder builder;
    builder.addIpv4(0x51024515u, "mia@x.example", "Genesys Cloud", 1767225600, false);
    const Dataset dataset = std::move(builder).build({});
    const NetworkHistory h = networkHistories(dataset, {CidrParser::parse(u"62.210.16.0/24"_s).network},
                                              {Allowlist::fromCidrs({u"81.2.69.0/24"_s})})
                                 .at(0);
    QCOMPARE(h.signIns, 0);
    QCOMPARE(h.users, 0);
    QCOMPARE(h.blockedBy.size(), 1);
    QCOMPARE(h.blockedBy.at(0).signIns, 0);
}

QTEST_GUILESS_MAIN(TestScenarioComparison)
#include "tst_scenariocomparison.moc"
