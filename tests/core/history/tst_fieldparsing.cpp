#include <history/datasetbuilder.h>
#include <history/fieldparsing.h>

#include <QDateTime>
#include <QTest>

using namespace alc;
using namespace alc::history;

class TestFieldParsing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ip_data();
    void ip();
    void ipv6Canonical_data();
    void ipv6Canonical();
    void timestamp_data();
    void timestamp();
    void dayFirstDates();
    void outcome_data();
    void outcome();
};

void TestFieldParsing::ip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("address"); // IPv4 dotted or the IPv6 text kept
    QTest::newRow("plain IPv4") << QByteArray("81.2.69.10") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("spaces around") << QByteArray("  81.2.69.10 ") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("forwarded-for list keeps the first")
        << QByteArray("81.2.69.10, 10.0.0.1") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("IPv4-mapped IPv6 is the IPv4 client")
        << QByteArray("::ffff:81.2.69.10") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("IPv6") << QByteArray("2001:db8::1") << int(IpKind::V6) << "2001:db8::1";
    // The same client in hex: it was an IPv6 source no list could admit.
    QTest::newRow("IPv4-mapped in hex") << QByteArray("::ffff:5102:4505") << int(IpKind::V4) << "81.2.69.5";
    QTest::newRow("IPv4-mapped written out")
        << QByteArray("0:0:0:0:0:FFFF:5102:4505") << int(IpKind::V4) << "81.2.69.5";
    QTest::newRow("IPv4-compatible is IPv6") << QByteArray("::5102:4505") << int(IpKind::V6) << "::5102:4505";
    // The client as the internet saw it: a LAN address before a public one is the client's own view.
    QTest::newRow("forwarded-for list skips a private address")
        << QByteArray("10.0.0.1, 34.240.17.9") << int(IpKind::V4) << "34.240.17.9";
    QTest::newRow("forwarded-for list skips CGNAT, loopback and link-local")
        << QByteArray("100.64.0.1,127.0.0.1, 169.254.1.1 ,81.2.69.10") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("forwarded-for list with no public address keeps the first")
        << QByteArray("10.0.0.1, 192.168.1.5") << int(IpKind::V4) << "10.0.0.1";
    QTest::newRow("forwarded-for list: a public IPv6 after a private IPv4")
        << QByteArray("192.168.1.5, 2a00:1450:4001:81c::200e") << int(IpKind::V6) << "2a00:1450:4001:81c::200e";
    QTest::newRow("forwarded-for list: unique-local and documentation IPv6 are not public")
        << QByteArray("fd00::1, 2001:db8::1, 34.240.17.9") << int(IpKind::V4) << "34.240.17.9";
    QTest::newRow("forwarded-for list: elements with ports")
        << QByteArray("10.0.0.1:5060, [fe80::1]:443, 34.240.17.9:443") << int(IpKind::V4) << "34.240.17.9";
    QTest::newRow("forwarded-for list: a mapped private address is skipped")
        << QByteArray("::ffff:10.0.0.1, ::ffff:81.2.69.10") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("forwarded-for list: a word first, then a public address")
        << QByteArray("unknown, 34.240.17.9") << int(IpKind::V4) << "34.240.17.9";
    QTest::newRow("forwarded-for list: a word first and no public address")
        << QByteArray("unknown, 10.0.0.1") << int(IpKind::Invalid) << "";
    QTest::newRow("IPv4 with a port") << QByteArray("81.2.69.10:5060") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("bracketed IPv6 with a port") << QByteArray("[2001:db8::1]:443") << int(IpKind::V6) << "2001:db8::1";
    QTest::newRow("bracketed IPv6") << QByteArray("[2001:db8::1]") << int(IpKind::V6) << "2001:db8::1";
    QTest::newRow("bracketed mapped IPv4 with a port")
        << QByteArray("[::ffff:81.2.69.10]:443") << int(IpKind::V4) << "81.2.69.10";
    QTest::newRow("port above 65535") << QByteArray("81.2.69.10:65536") << int(IpKind::Invalid) << "";
    QTest::newRow("colon without a port") << QByteArray("81.2.69.10:") << int(IpKind::Invalid) << "";
    QTest::newRow("bracketed IPv6 with junk after") << QByteArray("[2001:db8::1]x") << int(IpKind::Invalid) << "";
    QTest::newRow("empty") << QByteArray("") << int(IpKind::Missing) << "";
    QTest::newRow("octet above 255") << QByteArray("256.1.1.1") << int(IpKind::Invalid) << "";
    QTest::newRow("three octets") << QByteArray("81.2.69") << int(IpKind::Invalid) << "";
    QTest::newRow("host name") << QByteArray("vpn.example.com") << int(IpKind::Invalid) << "";
    // Colons and hex digits alone made an "IPv6 source" of any text.
    QTest::newRow("colons only") << QByteArray("::::") << int(IpKind::Invalid) << "";
    QTest::newRow("nine IPv6 groups") << QByteArray("1:2:3:4:5:6:7:8:9") << int(IpKind::Invalid) << "";
    QTest::newRow("two gaps") << QByteArray("2001::1::2") << int(IpKind::Invalid) << "";
    QTest::newRow("IPv6 group of five digits") << QByteArray("2001:db8::12345") << int(IpKind::Invalid) << "";
}

// One source per IPv6 address, however it is written (RFC 5952's text for each).
void TestFieldParsing::ipv6Canonical_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("canonical"); // empty: no IPv6 address
    QTest::newRow("already canonical") << QByteArray("2a01:e0a::5") << "2a01:e0a::5";
    QTest::newRow("upper case") << QByteArray("2A01:E0A::5") << "2a01:e0a::5";
    QTest::newRow("written out") << QByteArray("2a01:0e0a:0000:0000:0000:0000:0000:0005") << "2a01:e0a::5";
    QTest::newRow("longest zero run wins") << QByteArray("2001:0:0:1:0:0:0:1") << "2001:0:0:1::1";
    QTest::newRow("first of equal runs") << QByteArray("2001:db8:0:0:1:0:0:1") << "2001:db8::1:0:0:1";
    QTest::newRow("one zero group is not shortened") << QByteArray("2001:db8:0:1:1:1:1:1") << "2001:db8:0:1:1:1:1:1";
    QTest::newRow("leading gap") << QByteArray("::1") << "::1";
    QTest::newRow("trailing gap") << QByteArray("2a01:e0a::") << "2a01:e0a::";
    QTest::newRow("all zero") << QByteArray("::") << "::";
    QTest::newRow("dotted tail") << QByteArray("64:ff9b::81.2.69.10") << "64:ff9b::5102:450a";
    QTest::newRow("eight groups and a gap") << QByteArray("1:2:3:4::5:6:7:8") << "";
    QTest::newRow("dotted tail not last") << QByteArray("::81.2.69.10:1") << "";
    QTest::newRow("bad dotted tail") << QByteArray("::81.2.69") << "";
    QTest::newRow("empty group") << QByteArray("2001:db8:::1") << "";
    QTest::newRow("trailing colon") << QByteArray("1:2:3:4:5:6:7:") << "";
}

void TestFieldParsing::ipv6Canonical()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, canonical);
    std::array<quint16, 8> groups{};
    const bool ok = parseIpv6(std::string_view(text.constData(), std::size_t(text.size())), groups);
    QCOMPARE(ok, !canonical.isEmpty());
    if (ok)
        QCOMPARE(QString::fromStdString(canonicalIpv6(groups)), canonical);
}

void TestFieldParsing::ip()
{
    QFETCH(QByteArray, text);
    QFETCH(int, kind);
    QFETCH(QString, address);
    quint32 v4 = 0;
    std::string_view v6;
    const IpKind parsed = parseIp(std::string_view(text.constData(), std::size_t(text.size())), v4, v6);
    QCOMPARE(int(parsed), kind);
    if (parsed == IpKind::V4)
        QCOMPARE(Ipv4Address(v4).toString(), address);
    if (parsed == IpKind::V6)
        QCOMPARE(QString::fromUtf8(v6.data(), qsizetype(v6.size())), address);
}

void TestFieldParsing::timestamp_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QDateTime>("expected");
    const QDateTime at(QDate(2026, 3, 2), QTime(8, 30, 15), Qt::UTC);
    QTest::newRow("ISO with Z") << QByteArray("2026-03-02T08:30:15Z") << true << at;
    QTest::newRow("ISO with milliseconds") << QByteArray("2026-03-02T08:30:15.123Z") << true << at;
    QTest::newRow("ISO with an offset") << QByteArray("2026-03-02T10:30:15+02:00") << true << at;
    QTest::newRow("space instead of T, no zone") << QByteArray("2026-03-02 08:30:15") << true << at;
    QTest::newRow("US portal format, PM") << QByteArray("3/2/2026, 8:30:15 PM") << true << at.addSecs(12 * 3600);
    QTest::newRow("Unix seconds") << QByteArray::number(at.toSecsSinceEpoch()) << true << at;
    QTest::newRow("Unix milliseconds") << QByteArray::number(at.toMSecsSinceEpoch()) << true << at;
    QTest::newRow("date only") << QByteArray("2026-03-02") << true
                               << QDateTime(QDate(2026, 3, 2), QTime(0, 0), Qt::UTC);
    QTest::newRow("words") << QByteArray("yesterday") << false << QDateTime();
    QTest::newRow("month 13") << QByteArray("2026-13-02T08:30:15Z") << false << QDateTime();
    // Days a month does not have are refused, not rolled into the next month.
    QTest::newRow("30 November") << QByteArray("2026-11-30T09:00:00Z") << true
                                 << QDateTime(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC);
    QTest::newRow("31 November") << QByteArray("2026-11-31T09:00:00Z") << false << QDateTime();
    QTest::newRow("29 February, not a leap year") << QByteArray("2026-02-29") << false << QDateTime();
    QTest::newRow("29 February 2028") << QByteArray("2028-02-29") << true
                                      << QDateTime(QDate(2028, 2, 29), QTime(0, 0), Qt::UTC);
    QTest::newRow("29 February 2100 (no leap year)") << QByteArray("2100-02-29") << false << QDateTime();
    QTest::newRow("US format, 30 February") << QByteArray("2/30/2026, 8:30:15 AM") << false << QDateTime();
    QTest::newRow("US format, 31 April") << QByteArray("4/31/2026") << false << QDateTime();
    // German and Swiss exports: day first, dots.
    QTest::newRow("dotted, day first") << QByteArray("2.3.2026 8:30:15") << true << at;
    QTest::newRow("dotted, leading zeros, no seconds")
        << QByteArray("26.11.2026 08:01") << true << QDateTime(QDate(2026, 11, 26), QTime(8, 1), Qt::UTC);
    QTest::newRow("dotted, comma before the time") << QByteArray("02.03.2026, 08:30:15") << true << at;
    QTest::newRow("dotted date only") << QByteArray("02.03.2026") << true
                                      << QDateTime(QDate(2026, 3, 2), QTime(0, 0), Qt::UTC);
    QTest::newRow("dotted, 31 April") << QByteArray("31.04.2026") << false << QDateTime();
    QTest::newRow("dotted, month 13 (no month first with dots)") << QByteArray("11.26.2026") << false << QDateTime();
    QTest::newRow("dotted, two-digit year") << QByteArray("26.11.26 08:01") << false << QDateTime();
    QTest::newRow("dotted, words after the time") << QByteArray("26.11.2026 08:01 Uhr") << false << QDateTime();
    QTest::newRow("dotted, no space before the time") << QByteArray("26.11.202608:01") << false << QDateTime();
}

void TestFieldParsing::timestamp()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QDateTime, expected);
    qint64 time = 0;
    QCOMPARE(parseTimestamp(std::string_view(text.constData(), std::size_t(text.size())), time), ok);
    if (ok)
        QCOMPARE(QDateTime::fromSecsSinceEpoch(time, Qt::UTC), expected);
}

void TestFieldParsing::dayFirstDates()
{
    const auto sv = [](const char *text) {
        return std::string_view(text);
    };
    QCOMPARE(slashedDateOrder(sv("26/11/2026 12:56")), SlashedDate::DayFirstOnly);
    QCOMPARE(slashedDateOrder(sv(" 11/26/2026")), SlashedDate::MonthFirstOnly);
    QCOMPARE(slashedDateOrder(sv("05/11/2026")), SlashedDate::Either);
    QCOMPARE(slashedDateOrder(sv("31/31/2026")), SlashedDate::Neither);
    QCOMPARE(slashedDateOrder(sv("13/13/2026")), SlashedDate::Neither);
    QCOMPARE(slashedDateOrder(sv("11/11/2026")), SlashedDate::Same); // nothing to swap
    QCOMPARE(slashedDateOrder(sv("0/11/2026")), SlashedDate::Neither);
    QCOMPARE(slashedDateOrder(sv("32/11/2026")), SlashedDate::Neither);
    QCOMPARE(slashedDateOrder(sv("2026-11-26T12:56:00Z")), SlashedDate::NotSlashed);
    QCOMPARE(slashedDateOrder(sv("1764161760")), SlashedDate::NotSlashed);
    qint64 time = 0;
    QVERIFY(parseTimestamp(sv("05/11/2026 09:00"), time, nullptr, DateOrder::DayFirst));
    QCOMPARE(QDateTime::fromSecsSinceEpoch(time, Qt::UTC), QDateTime(QDate(2026, 11, 5), QTime(9, 0), Qt::UTC));
    QVERIFY(parseTimestamp(sv("05/11/2026 09:00"), time));
    QCOMPARE(QDateTime::fromSecsSinceEpoch(time, Qt::UTC), QDateTime(QDate(2026, 5, 11), QTime(9, 0), Qt::UTC));
    QVERIFY(!parseTimestamp(sv("11/26/2026"), time, nullptr, DateOrder::DayFirst));
    QVERIFY(!parseTimestamp(sv("31/04/2026"), time, nullptr, DateOrder::DayFirst)); // 31 April
    QVERIFY(parseTimestamp(sv("29/02/2028, 11:30:15 PM"), time, nullptr, DateOrder::DayFirst));
    QCOMPARE(QDateTime::fromSecsSinceEpoch(time, Qt::UTC), QDateTime(QDate(2028, 2, 29), QTime(23, 30, 15), Qt::UTC));
}

void TestFieldParsing::outcome_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("failed");
    QTest::newRow("success") << QByteArray("Success") << false;
    QTest::newRow("Okta FAILURE") << QByteArray("FAILURE") << true;
    QTest::newRow("Okta DENY") << QByteArray("DENY") << true;
    QTest::newRow("Entra Interrupted") << QByteArray("Interrupted") << true;
    QTest::newRow("empty is not a failure") << QByteArray("") << false;
    QTest::newRow("unknown words are not failures") << QByteArray("CHALLENGE") << false;
}

void TestFieldParsing::outcome()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, failed);
    QCOMPARE(isFailureOutcome(std::string_view(text.constData(), std::size_t(text.size()))), failed);
}

QTEST_GUILESS_MAIN(TestFieldParsing)
#include "tst_fieldparsing.moc"
