#include <rules/cidrparser.h>

#include <QTest>

using namespace alc;
using namespace Qt::StringLiterals;

class TestCidrParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepts_data();
    void accepts();
    void rejects_data();
    void rejects();
    void ipv6_data();
    void ipv6();
    void emptyIsNotAnEntry();
};

void TestCidrParser::accepts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("network");
    QTest::addColumn<bool>("bare");
    QTest::addColumn<bool>("hostBits");

    QTest::newRow("plain /24") << "81.2.69.0/24"
                               << "81.2.69.0/24" << false << false;
    QTest::newRow("bare address is /32") << "81.2.69.7"
                                         << "81.2.69.7/32" << true << false;
    QTest::newRow("/0 is the whole space") << "0.0.0.0/0"
                                           << "0.0.0.0/0" << false << false;
    QTest::newRow("/31") << "81.2.69.6/31"
                         << "81.2.69.6/31" << false << false;
    QTest::newRow("/32 explicit") << "81.2.69.7/32"
                                  << "81.2.69.7/32" << false << false;
    QTest::newRow("leading and trailing whitespace trimmed") << " \t81.2.69.0/24  "
                                                             << "81.2.69.0/24" << false << false;
    QTest::newRow("zero octets") << "0.0.0.0"
                                 << "0.0.0.0/32" << true << false;
    QTest::newRow("max octets") << "255.255.255.255"
                                << "255.255.255.255/32" << true << false;
    QTest::newRow("host bits masked") << "10.1.2.3/8"
                                      << "10.0.0.0/8" << false << true;
    QTest::newRow("host bits on /31") << "81.2.69.7/31"
                                      << "81.2.69.6/31" << false << true;
    QTest::newRow("host bits on /0") << "1.2.3.4/0"
                                     << "0.0.0.0/0" << false << true;
}

void TestCidrParser::accepts()
{
    QFETCH(QString, text);
    QFETCH(QString, network);
    QFETCH(bool, bare);
    QFETCH(bool, hostBits);
    const ParsedCidr parsed = CidrParser::parse(text);
    QVERIFY2(parsed.isIpv4(), qPrintable(parsed.error));
    QCOMPARE(parsed.network.toString(), network);
    QCOMPARE(parsed.bareAddress, bare);
    QCOMPARE(parsed.hostBits, hostBits);
}

void TestCidrParser::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("leading zero octet") << "010.1.1.1"
                                        << "leading zero";
    QTest::newRow("leading zero in last octet") << "10.1.1.01"
                                                << "leading zero";
    QTest::newRow("leading zero prefix") << "1.2.3.4/08"
                                         << "leading zero";
    QTest::newRow("short form two parts") << "10.1"
                                          << "four decimal octets";
    QTest::newRow("short form one part") << "167772161"
                                         << "four decimal octets";
    QTest::newRow("five parts") << "1.2.3.4.5"
                                << "four decimal octets";
    QTest::newRow("hex octet") << "0x0a.0.0.1"
                               << "hexadecimal";
    QTest::newRow("octal octet") << "012.0.0.1"
                                 << "leading zero";
    QTest::newRow("netmask form") << "1.2.3.4/255.255.255.0"
                                  << "write /24";
    QTest::newRow("bad netmask form") << "1.2.3.4/255.0.255.0"
                                      << "not a prefix length";
    QTest::newRow("empty octet") << "1..3.4"
                                 << "empty octet";
    QTest::newRow("trailing dot") << "1.2.3."
                                  << "empty octet";
    QTest::newRow("inner whitespace") << "1.2. 3.4"
                                      << "whitespace";
    QTest::newRow("space before prefix") << "1.2.3.4 /24"
                                         << "whitespace";
    QTest::newRow("octet above 255") << "1.2.3.256"
                                     << "larger than 255";
    QTest::newRow("prefix above 32") << "1.2.3.0/33"
                                     << "larger than 32";
    QTest::newRow("empty prefix") << "1.2.3.0/"
                                  << "empty prefix";
    QTest::newRow("two slashes") << "1.2.3.0/24/8"
                                 << "more than one";
    QTest::newRow("negative prefix") << "1.2.3.0/-1"
                                     << "not a decimal";
    QTest::newRow("plus sign") << "+1.2.3.4"
                               << "not a decimal";
    QTest::newRow("words") << "office"
                           << "four decimal octets";
    QTest::newRow("unicode digits") << QString::fromUtf8("１.2.3.4") << "not a decimal";
    QTest::newRow("very long") << QString(200, u'1') << "too long";
    QTest::newRow("colon but not ipv6") << "1.2.3.4:80"
                                        << "contains ':'";
}

void TestCidrParser::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, errorContains);
    const ParsedCidr parsed = CidrParser::parse(text);
    QCOMPARE(parsed.kind, ParsedCidr::Kind::Malformed);
    QVERIFY2(parsed.error.contains(errorContains), qPrintable(parsed.error));
    // Only a valid netmask has a rewrite: the same address with the prefix the mask means.
    QCOMPARE(parsed.netmaskFix, QTest::currentDataTag() == QByteArray("netmask form") ? u"1.2.3.4/24"_s : QString());
}

void TestCidrParser::ipv6_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("documentation prefix") << "2001:db8::/32";
    QTest::newRow("full address") << "2001:db8:0:0:0:0:0:1";
    QTest::newRow("IPv4-mapped") << "::ffff:1.2.3.4";
    QTest::newRow("IPv4-mapped with prefix") << "::ffff:1.2.3.0/120";
    QTest::newRow("loopback") << "::1";
}

void TestCidrParser::ipv6()
{
    QFETCH(QString, text);
    QCOMPARE(CidrParser::parse(text).kind, ParsedCidr::Kind::Ipv6);
}

void TestCidrParser::emptyIsNotAnEntry()
{
    QCOMPARE(CidrParser::parse(u"   ").kind, ParsedCidr::Kind::Empty);
    QCOMPARE(CidrParser::parse(u"").kind, ParsedCidr::Kind::Empty);
}

QTEST_APPLESS_MAIN(TestCidrParser)
#include "tst_cidrparser.moc"
