#include <rules/validator.h>

#include <QTest>

using namespace alc;
using namespace Qt::StringLiterals;

namespace {

QStringList codesOf(const Findings &findings)
{
    QStringList codes;
    for (const Finding &f : findings)
        codes.append(f.code);
    return codes;
}

Allowlist listOf(const QStringList &cidrs)
{
    return Allowlist::fromCidrs(cidrs);
}

} // namespace

class TestValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entryFindings_data();
    void entryFindings();
    void longEntryIsQuotedInPart();
    void hostBitsFixesNarrowestFirst_data();
    void hostBitsFixesNarrowestFirst();
    void adminAddressMustBePublic();
    void notPublic_data();
    void notPublic();
    void duplicateAnyNotation();
    void overlapNamesTheOtherEntry();
    void budget_data();
    void budget();
    void emptyList();
    void adminCoverage_data();
    void adminCoverage();
    void expiry();
    void countsBySeverity();
};

void TestValidator::hostBitsFixesNarrowestFirst_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("fixes");

    QTest::newRow("a /24 with a host: the host, then the network")
        << "81.2.69.7/24" << QStringList{u"81.2.69.7/32"_s, u"81.2.69.0/24"_s};
    QTest::newRow("surrounding spaces are not part of it")
        << " 91.121.0.5/16 " << QStringList{u"91.121.0.5/32"_s, u"91.121.0.0/16"_s};
    QTest::newRow("canonical network: nothing to fix") << "81.2.69.0/24" << QStringList{};
    QTest::newRow("bare address: nothing to fix") << "81.2.69.7" << QStringList{};
    QTest::newRow("malformed: nothing to fix") << "81.2.69.7/33" << QStringList{};
}

void TestValidator::hostBitsFixesNarrowestFirst()
{
    QFETCH(QString, text);
    QFETCH(QStringList, fixes);
    QCOMPARE(Validator::hostBitsFixes(text), fixes);
}

void TestValidator::entryFindings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("codes");
    QTest::addColumn<QString>("fix");

    QTest::newRow("clean public /24") << "81.2.69.0/24" << QStringList{} << QString();
    QTest::newRow("malformed") << "81.2.69" << QStringList{u"malformed"_s} << QString();
    QTest::newRow("ipv6") << "2001:db8::1" << QStringList{u"ipv6-unsupported"_s} << QString();
    QTest::newRow("ipv4-mapped ipv6") << "::ffff:81.2.69.7" << QStringList{u"ipv6-unsupported"_s} << QString();
    QTest::newRow("host bits carry the fix") << "81.2.69.7/24" << QStringList{u"host-bits"_s} << "81.2.69.0/24";
    QTest::newRow("private with host bits")
        << "10.1.2.3/8" << QStringList{u"host-bits"_s, u"not-public"_s} << "10.0.0.0/8";
    QTest::newRow("too broad") << "64.0.0.0/2" << QStringList{u"too-broad"_s} << QString();
    QTest::newRow("/8 is not too broad") << "81.0.0.0/8" << QStringList{} << QString();
    QTest::newRow("bare address") << "81.2.69.7" << QStringList{u"bare-address"_s} << "81.2.69.7/32";
}

void TestValidator::entryFindings()
{
    QFETCH(QString, text);
    QFETCH(QStringList, codes);
    QFETCH(QString, fix);
    const ValidationResult result = Validator::validate(listOf({text}));
    QCOMPARE(codesOf(result.entryFindings.at(0)), codes);
    if (!fix.isEmpty())
        QCOMPARE(result.entryFindings.at(0).constFirst().fix, fix);
}

void TestValidator::longEntryIsQuotedInPart()
{
    // A pasted blob is cut in the message, and a "%1" in it is shown, not substituted.
    const QString text = u"%1"_s + QString(70, u'x');
    const ValidationResult result = Validator::validate(listOf({text}));
    const QString message = result.entryFindings.at(0).constFirst().message;
    QVERIFY2(message.startsWith(u"'%1xxxxxxxxxx"_s), qPrintable(message));
    QVERIFY2(message.contains(u"… (72 characters)'"_s), qPrintable(message));
    QVERIFY2(message.size() < 200, qPrintable(message));
}

void TestValidator::notPublic_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("notPublic");

    QTest::newRow("10/8") << "10.0.0.0/8" << true;
    QTest::newRow("inside 172.16/12") << "172.31.255.0/24" << true;
    QTest::newRow("just past 172.16/12") << "172.32.0.0/24" << false;
    QTest::newRow("192.168/16 host") << "192.168.1.1" << true;
    QTest::newRow("CGNAT") << "100.64.0.0/10" << true;
    QTest::newRow("just past CGNAT") << "100.128.0.0/24" << false;
    QTest::newRow("loopback") << "127.0.0.1" << true;
    QTest::newRow("link-local") << "169.254.10.0/24" << true;
    QTest::newRow("this network") << "0.1.2.3" << true;
    QTest::newRow("IETF 192.0.0/24") << "192.0.0.0/29" << true;
    QTest::newRow("192.0.0.9 is globally reachable") << "192.0.0.9" << false;
    QTest::newRow("192.0.0.10 is globally reachable") << "192.0.0.10/32" << false;
    QTest::newRow("192.0.0.8/30 holds reachable ones") << "192.0.0.8/30" << false;
    QTest::newRow("TEST-NET-1") << "192.0.2.0/24" << true;
    QTest::newRow("TEST-NET-2") << "198.51.100.7" << true;
    QTest::newRow("TEST-NET-3") << "203.0.113.0/25" << true;
    QTest::newRow("benchmarking") << "198.19.0.0/16" << true;
    QTest::newRow("multicast") << "224.0.0.1" << true;
    QTest::newRow("reserved 240/4") << "250.1.1.1" << true;
    QTest::newRow("broadcast") << "255.255.255.255" << true;
    QTest::newRow("public neighbour of 10/8") << "11.0.0.0/8" << false;
    QTest::newRow("straddles private and public") << "10.0.0.0/7" << false;
}

void TestValidator::notPublic()
{
    QFETCH(QString, text);
    QFETCH(bool, notPublic);
    const ValidationResult result = Validator::validate(listOf({text}));
    QCOMPARE(codesOf(result.entryFindings.at(0)).contains(u"not-public"_s), notPublic);
}

void TestValidator::duplicateAnyNotation()
{
    const ValidationResult result =
        Validator::validate(listOf({u"81.2.69.7"_s, u"81.2.69.7/32"_s, u"81.2.69.0/24"_s, u"81.2.69.1/24"_s}));
    QVERIFY(!codesOf(result.entryFindings.at(0)).contains(u"duplicate"_s));
    QVERIFY(codesOf(result.entryFindings.at(1)).contains(u"duplicate"_s));
    QVERIFY(codesOf(result.entryFindings.at(3)).contains(u"duplicate"_s));
    const Finding dup = result.entryFindings.at(1).constLast();
    QCOMPARE(dup.relatedEntry, 0);
    QVERIFY2(dup.message.contains(u"line 1"_s), qPrintable(dup.message));
}

void TestValidator::overlapNamesTheOtherEntry()
{
    const ValidationResult result =
        Validator::validate(listOf({u"81.2.69.128/25"_s, u"62.210.16.0/24"_s, u"81.2.69.0/24"_s}));
    const Findings &inner = result.entryFindings.at(0);
    QCOMPARE(codesOf(inner), QStringList{u"overlap"_s});
    QVERIFY2(inner.constFirst().message.contains(u"line 3 (81.2.69.0/24)"_s), qPrintable(inner.constFirst().message));
    QCOMPARE(inner.constFirst().relatedEntry, 2);
    QCOMPARE(codesOf(result.entryFindings.at(2)), QStringList{u"overlap"_s});
    QVERIFY(result.entryFindings.at(1).isEmpty());
}

void TestValidator::budget_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("tooMany");
    QTest::newRow("150 entries pass") << 150 << false;
    QTest::newRow("151 entries fail") << 151 << true;
}

void TestValidator::budget()
{
    QFETCH(int, count);
    QFETCH(bool, tooMany);
    QStringList cidrs;
    for (int i = 0; i < count; ++i)
        cidrs.append(QStringLiteral("81.2.%1.0/24").arg(i));
    const ValidationResult result = Validator::validate(listOf(cidrs));
    QCOMPARE(codesOf(result.listFindings).contains(u"too-many"_s), tooMany);
    QCOMPARE(result.hasErrors(), tooMany);
}

void TestValidator::emptyList()
{
    const ValidationResult result = Validator::validate(Allowlist{}, {{Ipv4Address(81, 2, 69, 7)}, {}});
    QCOMPARE(codesOf(result.listFindings), QStringList{u"empty-list"_s});
    QCOMPARE(result.adminCovered, std::optional<bool>(true)); // empty means everyone is allowed
    QVERIFY(!result.hasErrors());
}

void TestValidator::adminCoverage_data()
{
    QTest::addColumn<QStringList>("list");
    QTest::addColumn<QString>("admin");
    QTest::addColumn<bool>("covered");
    QTest::newRow("covered by a /24") << QStringList{u"81.2.69.0/24"_s} << "81.2.69.200" << true;
    QTest::newRow("first address outside") << QStringList{u"81.2.69.0/24"_s} << "81.2.70.0" << false;
    QTest::newRow("covered by host-bits entry's network") << QStringList{u"81.2.69.9/24"_s} << "81.2.69.1" << true;
    QTest::newRow("only invalid entries") << QStringList{u"bogus"_s} << "81.2.69.1" << false;
}

void TestValidator::adminCoverage()
{
    QFETCH(QStringList, list);
    QFETCH(QString, admin);
    QFETCH(bool, covered);
    ValidationOptions options;
    options.adminIps = {*Ipv4Address::parse(admin)};
    const ValidationResult result = Validator::validate(listOf(list), options);
    QCOMPARE(result.adminCovered, std::optional<bool>(covered));
    const bool flagged = codesOf(result.listFindings).contains(u"admin-not-covered"_s);
    QCOMPARE(flagged, !covered);
    if (flagged) {
        const Finding f = result.listFindings.constLast();
        QCOMPARE(f.severity, Severity::Error);
        QCOMPARE(f.fix, admin + u"/32"_s);
    }
}

void TestValidator::expiry()
{
    Allowlist list = listOf({u"81.2.69.0/24"_s, u"62.210.16.0/24"_s, u"51.15.0.0/24"_s});
    list.entries()[0].expiry = QDate(2026, 11, 26);
    list.entries()[1].expiry = QDate(2026, 11, 27);
    ValidationOptions options;
    options.today = QDate(2026, 11, 27);
    const ValidationResult result = Validator::validate(list, options);
    QCOMPARE(codesOf(result.entryFindings.at(0)), QStringList{u"expired"_s});
    QVERIFY(result.entryFindings.at(1).isEmpty()); // expires today: still valid today
    QVERIFY(result.entryFindings.at(2).isEmpty());
}

void TestValidator::countsBySeverity()
{
    const ValidationResult result =
        Validator::validate(listOf({u"81.2.69.7"_s, u"bogus"_s, u"192.0.0.0/2"_s, u"81.2.69.7/32"_s}));
    QCOMPARE(result.errors, 1);
    QCOMPARE(result.warnings, 2); // too-broad, duplicate
    QCOMPARE(result.infos, 1);
    QCOMPARE(result.all().size(), 4);
}

void TestValidator::adminAddressMustBePublic()
{
    QString problem;
    QCOMPARE(Validator::parseAdminAddress(u" 81.2.69.142 ", &problem), Ipv4Address(81, 2, 69, 142));
    QVERIFY(problem.isEmpty());
    for (const char16_t *text : {u"10.0.0.5", u"192.168.1.20", u"100.64.0.1", u"127.0.0.1", u"203.0.113.9"}) {
        problem.clear();
        QVERIFY2(!Validator::parseAdminAddress(text, &problem), qPrintable(QString::fromUtf16(text)));
        QVERIFY2(problem.contains(u"private or reserved"), qPrintable(problem));
    }
    QVERIFY(!Validator::parseAdminAddress(u"81.2.69", &problem));
    QVERIFY(problem.contains(u"not an IPv4 address"));
}

QTEST_APPLESS_MAIN(TestValidator)
#include "tst_validator.moc"
