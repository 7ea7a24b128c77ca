#include <rules/cidrparser.h>
#include <rules/matcher.h>

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace alc;

class TestMatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyListAllowsEverything();
    void boundaries_data();
    void boundaries();
    void reportsEveryCoveringEntry();
    void agreesWithBruteForce();
    void mergedIntervals();
};

void TestMatcher::emptyListAllowsEverything()
{
    const Matcher matcher;
    QVERIFY(matcher.isEmpty());
    QVERIFY(matcher.allows(Ipv4Address(8, 8, 8, 8)));
    QVERIFY(!matcher.covers(Ipv4Address(8, 8, 8, 8)));
    QVERIFY(matcher.entriesCovering(Ipv4Address(1, 2, 3, 4)).empty());
}

void TestMatcher::boundaries_data()
{
    QTest::addColumn<QString>("cidr");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("first address of /24") << "81.2.69.0/24"
                                          << "81.2.69.0" << true;
    QTest::newRow("last address of /24") << "81.2.69.0/24"
                                         << "81.2.69.255" << true;
    QTest::newRow("one below /24") << "81.2.69.0/24"
                                   << "81.2.68.255" << false;
    QTest::newRow("one above /24") << "81.2.69.0/24"
                                   << "81.2.70.0" << false;
    QTest::newRow("/32 itself") << "81.2.69.7/32"
                                << "81.2.69.7" << true;
    QTest::newRow("/32 neighbour") << "81.2.69.7/32"
                                   << "81.2.69.8" << false;
    QTest::newRow("/31 pair") << "81.2.69.6/31"
                              << "81.2.69.7" << true;
    QTest::newRow("/31 outside") << "81.2.69.6/31"
                                 << "81.2.69.5" << false;
    QTest::newRow("/0 lowest") << "0.0.0.0/0"
                               << "0.0.0.0" << true;
    QTest::newRow("/0 highest") << "0.0.0.0/0"
                                << "255.255.255.255" << true;
    QTest::newRow("top /24 last address") << "255.255.255.0/24"
                                          << "255.255.255.255" << true;
}

void TestMatcher::boundaries()
{
    QFETCH(QString, cidr);
    QFETCH(QString, address);
    QFETCH(bool, allowed);
    const ParsedCidr parsed = CidrParser::parse(cidr);
    const std::vector<Ipv4Network> networks{parsed.network};
    const Matcher matcher = Matcher::fromNetworks(networks);
    QCOMPARE(matcher.allows(*Ipv4Address::parse(address)), allowed);
}

void TestMatcher::reportsEveryCoveringEntry()
{
    const std::vector<Ipv4Network> networks{
        Ipv4Network(Ipv4Address(81, 2, 69, 0), 24),
        Ipv4Network(Ipv4Address(81, 0, 0, 0), 8),
        Ipv4Network(Ipv4Address(81, 2, 69, 128), 25),
        Ipv4Network(Ipv4Address(62, 0, 0, 0), 8),
    };
    const Matcher matcher = Matcher::fromNetworks(networks);
    const auto ids = matcher.entriesCovering(Ipv4Address(81, 2, 69, 200));
    QCOMPARE(std::vector<int>(ids.begin(), ids.end()), (std::vector<int>{1, 0, 2})); // widest first
    const auto one = matcher.entriesCovering(Ipv4Address(81, 2, 70, 1));
    QCOMPARE(std::vector<int>(one.begin(), one.end()), std::vector<int>{1});
    QVERIFY(matcher.entriesCovering(Ipv4Address(63, 0, 0, 0)).empty());
}

void TestMatcher::agreesWithBruteForce()
{
    QRandomGenerator random(20261127);
    for (int round = 0; round < 50; ++round) {
        std::vector<Ipv4Network> networks;
        const int count = int(random.bounded(1, 40));
        // Keep addresses inside a small window so networks overlap and nest often.
        for (int i = 0; i < count; ++i) {
            const quint32 base = 0x51000000u + random.bounded(0x10000u);
            networks.emplace_back(Ipv4Address(base), int(random.bounded(16, 33)));
        }
        const Matcher matcher = Matcher::fromNetworks(networks);
        for (int probe = 0; probe < 2000; ++probe) {
            const Ipv4Address address(0x51000000u - 100 + random.bounded(0x10000u + 200));
            std::vector<int> expected;
            for (int i = 0; i < int(networks.size()); ++i) {
                if (networks[size_t(i)].contains(address))
                    expected.push_back(i);
            }
            const auto ids = matcher.entriesCovering(address);
            std::vector<int> actual(ids.begin(), ids.end());
            std::sort(actual.begin(), actual.end());
            QCOMPARE(actual, expected);
        }
    }
}

void TestMatcher::mergedIntervals()
{
    const std::vector<Ipv4Network> networks{
        Ipv4Network(Ipv4Address(81, 2, 69, 0), 25),
        Ipv4Network(Ipv4Address(81, 2, 69, 128), 25), // adjacent: merges into one /24
        Ipv4Network(Ipv4Address(81, 2, 69, 10), 32),  // inside
        Ipv4Network(Ipv4Address(90, 0, 0, 0), 31),
    };
    const Matcher matcher = Matcher::fromNetworks(networks);
    const auto intervals = matcher.mergedIntervals();
    QCOMPARE(intervals.size(), size_t(2));
    QCOMPARE(Ipv4Address(intervals[0].first).toString(), QStringLiteral("81.2.69.0"));
    QCOMPARE(Ipv4Address(intervals[0].last).toString(), QStringLiteral("81.2.69.255"));
    QCOMPARE(matcher.coveredAddressCount(), quint64(258));
}

QTEST_APPLESS_MAIN(TestMatcher)
#include "tst_matcher.moc"
