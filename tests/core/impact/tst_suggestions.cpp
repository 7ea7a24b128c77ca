#include <history/datasetbuilder.h>
#include <impact/suggestions.h>
#include <rules/validator.h>

#include <QTest>

using namespace alc;

namespace {

struct SignIn
{
    Ipv4Address ip;
    const char *user;
    bool failed;
    int times;
};

std::shared_ptr<const Dataset> datasetOf(const std::vector<SignIn> &signIns)
{
    DatasetBuilder builder;
    for (const SignIn &s : signIns) {
        for (int i = 0; i < s.times; ++i)
            builder.addIpv4(s.ip.toUInt(), s.user, "Genesys Cloud", 1767225600 + i, s.failed);
    }
    return std::make_shared<const Dataset>(std::move(builder).build({}));
}

// The list every test starts from: it covers none of the addresses below.
const std::vector<Ipv4Network> unrelatedList = {Ipv4Network(Ipv4Address(8, 8, 8, 0), 24)};

QStringList cidrs(const std::vector<Suggestion> &suggestions)
{
    QStringList out;
    for (const Suggestion &s : suggestions)
        out.append(s.network.toString());
    return out;
}

} // namespace

class TestSuggestions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rankedNarrowPublicPrefixes();
    void broadestPrefixLimitsFolding_data();
    void broadestPrefixLimitsFolding();
    void neverCoversANonPublicRange();
    void publicExceptionsInsideASpecialBlockStayAlone();
    void budgetLimitsTheCount();
    void suggestionRecoversWhatItSays();
    void emptyListNeedsNothing();
};

void TestSuggestions::rankedNarrowPublicPrefixes()
{
    auto dataset = datasetOf({
        {Ipv4Address(81, 2, 70, 10), "u1", false, 1},
        {Ipv4Address(81, 2, 70, 20), "u2", false, 1},
        {Ipv4Address(81, 2, 71, 5), "u3", true, 4},    // only failures: an attacker, not a recovery
        {Ipv4Address(10, 1, 2, 3), "u4", false, 9},    // private: never suggested
        {Ipv4Address(192, 168, 1, 1), "u4", false, 9}, // private: never suggested
        {Ipv4Address(93, 184, 216, 34), "u5", false, 3},
    });
    ImpactEvaluator evaluator(dataset);
    evaluator.setList(unrelatedList);
    const std::vector<Suggestion> suggestions = suggestNetworks(evaluator);
    QCOMPARE(cidrs(suggestions), (QStringList{QStringLiteral("93.184.216.34/32"), QStringLiteral("81.2.70.0/27")}));
    QCOMPARE(suggestions[0].successful, 3u);
    QCOMPARE(suggestions[0].users, 1);
    QCOMPARE(suggestions[1].signIns, 2u);
    QCOMPARE(suggestions[1].users, 2);
    QCOMPARE(suggestions[1].ips, 2);
    QCOMPARE(suggestions[1].sampleUsers, (QStringList{QStringLiteral("u1"), QStringLiteral("u2")}));
}

void TestSuggestions::broadestPrefixLimitsFolding_data()
{
    QTest::addColumn<int>("broadest");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("default /24 keeps neighbouring /24s apart")
        << 24 << QStringList{QStringLiteral("81.2.70.0/27"), QStringLiteral("81.2.71.5/32")};
    QTest::newRow("/16 folds them into one /23") << 16 << QStringList{QStringLiteral("81.2.70.0/23")};
    QTest::newRow("/28 splits the /27") << 28
                                        << QStringList{QStringLiteral("81.2.70.10/32"), QStringLiteral("81.2.70.20/32"),
                                                       QStringLiteral("81.2.71.5/32")};
}

void TestSuggestions::broadestPrefixLimitsFolding()
{
    QFETCH(int, broadest);
    QFETCH(QStringList, expected);
    auto dataset = datasetOf({
        {Ipv4Address(81, 2, 70, 10), "u1", false, 2},
        {Ipv4Address(81, 2, 70, 20), "u2", false, 2},
        {Ipv4Address(81, 2, 71, 5), "u3", false, 1},
    });
    ImpactEvaluator evaluator(dataset);
    evaluator.setList(unrelatedList);
    SuggestionOptions options;
    options.broadestPrefix = broadest;
    QStringList actual = cidrs(suggestNetworks(evaluator, options));
    QCOMPARE(actual, expected);
}

void TestSuggestions::neverCoversANonPublicRange()
{
    // 198.51.99.x and 198.51.101.x share a /21 that contains TEST-NET-2 (198.51.100.0/24).
    auto dataset = datasetOf({
        {Ipv4Address(198, 51, 99, 10), "u1", false, 2},
        {Ipv4Address(198, 51, 101, 10), "u2", false, 1},
    });
    ImpactEvaluator evaluator(dataset);
    evaluator.setList(unrelatedList);
    SuggestionOptions options;
    options.broadestPrefix = 16;
    const std::vector<Suggestion> suggestions = suggestNetworks(evaluator, options);
    QCOMPARE(cidrs(suggestions), (QStringList{QStringLiteral("198.51.99.10/32"), QStringLiteral("198.51.101.10/32")}));
    for (const Suggestion &s : suggestions)
        QVERIFY(!s.network.overlaps(Ipv4Network(Ipv4Address(198, 51, 100, 0), 24)));
}

// 192.0.0.9 and 192.0.0.10 are public inside the IETF block 192.0.0.0/24: they were folded into
// 192.0.0.8/30, which also admits 192.0.0.8 and 192.0.0.11 (and recovered more than it said).
void TestSuggestions::publicExceptionsInsideASpecialBlockStayAlone()
{
    auto dataset = datasetOf({
        {Ipv4Address(192, 0, 0, 9), "u1", false, 2},
        {Ipv4Address(192, 0, 0, 10), "u2", false, 1},
        {Ipv4Address(192, 0, 0, 11), "u3", false, 4}, // not public: never suggested
    });
    ImpactEvaluator evaluator(dataset);
    evaluator.setList(unrelatedList);
    const std::vector<Suggestion> suggestions = suggestNetworks(evaluator, {});
    QCOMPARE(cidrs(suggestions), (QStringList{QStringLiteral("192.0.0.9/32"), QStringLiteral("192.0.0.10/32")}));

    QVERIFY(Validator::touchesNotPublic(Ipv4Network(Ipv4Address(192, 0, 0, 8), 30)));
    QVERIFY(Validator::touchesNotPublic(Ipv4Network(Ipv4Address(192, 0, 0, 10), 31)));
    QVERIFY(Validator::touchesNotPublic(Ipv4Network(Ipv4Address(192, 0, 0, 0), 16))); // holds the block
    QVERIFY(Validator::touchesNotPublic(Ipv4Network(Ipv4Address(10, 1, 2, 0), 24)));  // inside a block
    QVERIFY(!Validator::touchesNotPublic(Ipv4Network(Ipv4Address(192, 0, 0, 9), 32)));
    QVERIFY(!Validator::touchesNotPublic(Ipv4Network(Ipv4Address(192, 0, 1, 0), 24)));
    QVERIFY(!Validator::touchesNotPublic(Ipv4Network(Ipv4Address(81, 2, 68, 0), 22)));
}

void TestSuggestions::budgetLimitsTheCount()
{
    auto dataset = datasetOf({
        {Ipv4Address(81, 2, 70, 10), "u1", false, 5},
        {Ipv4Address(82, 2, 70, 10), "u2", false, 4},
        {Ipv4Address(83, 2, 70, 10), "u3", false, 3},
    });
    ImpactEvaluator evaluator(dataset);
    std::vector<Ipv4Network> nearlyFull;
    for (int i = 0; i < Allowlist::MaxEntries - 1; ++i)
        nearlyFull.push_back(Ipv4Network(Ipv4Address(8, 8, quint8(i), 0), 24));
    evaluator.setList(nearlyFull);
    QCOMPARE(cidrs(suggestNetworks(evaluator)), QStringList{QStringLiteral("81.2.70.10/32")});

    nearlyFull.push_back(Ipv4Network(Ipv4Address(8, 9, 0, 0), 24));
    evaluator.setList(nearlyFull);
    QVERIFY(suggestNetworks(evaluator).empty());

    evaluator.setList(unrelatedList);
    SuggestionOptions two;
    two.maxSuggestions = 2;
    QCOMPARE(suggestNetworks(evaluator, two).size(), 2u);
}

void TestSuggestions::suggestionRecoversWhatItSays()
{
    auto dataset = datasetOf({
        {Ipv4Address(81, 2, 70, 10), "u1", false, 3},
        {Ipv4Address(81, 2, 70, 12), "u1", true, 2},
        {Ipv4Address(81, 2, 70, 33), "u2", false, 1},
    });
    ImpactEvaluator evaluator(dataset);
    evaluator.setList(unrelatedList);
    const qint64 blockedBefore = evaluator.summary().blocked;
    const std::vector<Suggestion> suggestions = suggestNetworks(evaluator);
    QCOMPARE(suggestions.size(), 1u);
    QCOMPARE(suggestions[0].network.toString(), QStringLiteral("81.2.70.0/26"));
    std::vector<Ipv4Network> applied = unrelatedList;
    applied.push_back(suggestions[0].network);
    evaluator.setList(applied);
    QCOMPARE(blockedBefore - evaluator.summary().blocked, qint64(suggestions[0].signIns));
    QCOMPARE(evaluator.summary().blocked, 0);
}

void TestSuggestions::emptyListNeedsNothing()
{
    auto dataset = datasetOf({{Ipv4Address(81, 2, 70, 10), "u1", false, 3}});
    ImpactEvaluator evaluator(dataset);
    evaluator.setList({});
    QVERIFY(suggestNetworks(evaluator).empty());
}

QTEST_GUILESS_MAIN(TestSuggestions)
#include "tst_suggestions.moc"
