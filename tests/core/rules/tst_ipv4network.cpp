#include <rules/ipv4network.h>

#include <QTest>

using namespace alc;

class TestIpv4Network final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void boundaries_data();
    void boundaries();
    void containment();
    void addressParseIsStrict();
};

void TestIpv4Network::boundaries_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("prefix");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::addColumn<quint64>("size");

    QTest::newRow("/0") << "0.0.0.0" << 0 << "0.0.0.0"
                        << "255.255.255.255" << (quint64(1) << 32);
    QTest::newRow("/8") << "10.0.0.0" << 8 << "10.0.0.0"
                        << "10.255.255.255" << quint64(16777216);
    QTest::newRow("/24") << "81.2.69.0" << 24 << "81.2.69.0"
                         << "81.2.69.255" << quint64(256);
    QTest::newRow("/31") << "81.2.69.6" << 31 << "81.2.69.6"
                         << "81.2.69.7" << quint64(2);
    QTest::newRow("/32") << "81.2.69.7" << 32 << "81.2.69.7"
                         << "81.2.69.7" << quint64(1);
    QTest::newRow("top of space") << "255.255.255.0" << 24 << "255.255.255.0"
                                  << "255.255.255.255" << quint64(256);
}

void TestIpv4Network::boundaries()
{
    QFETCH(QString, address);
    QFETCH(int, prefix);
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(quint64, size);
    const Ipv4Network network(*Ipv4Address::parse(address), prefix);
    QCOMPARE(network.first().toString(), first);
    QCOMPARE(network.last().toString(), last);
    QCOMPARE(network.size(), size);
    QVERIFY(network.contains(network.first()));
    QVERIFY(network.contains(network.last()));
    if (network.first().toUInt() > 0)
        QVERIFY(!network.contains(Ipv4Address(network.first().toUInt() - 1)));
    if (network.last().toUInt() < 0xffffffffu)
        QVERIFY(!network.contains(Ipv4Address(network.last().toUInt() + 1)));
}

void TestIpv4Network::containment()
{
    const Ipv4Network wide(Ipv4Address(10, 0, 0, 0), 8);
    const Ipv4Network inner(Ipv4Address(10, 1, 0, 0), 16);
    const Ipv4Network other(Ipv4Address(11, 0, 0, 0), 8);
    QVERIFY(wide.contains(inner));
    QVERIFY(!inner.contains(wide));
    QVERIFY(wide.overlaps(inner) && inner.overlaps(wide));
    QVERIFY(!wide.overlaps(other));
    QVERIFY(wide.contains(wide));
    QCOMPARE(Ipv4Network(Ipv4Address(10, 9, 9, 9), 8), wide);
    QVERIFY(wide < inner); // same start: the wider network sorts first
}

void TestIpv4Network::addressParseIsStrict()
{
    QCOMPARE(Ipv4Address::parse(u"81.2.69.7")->toString(), QStringLiteral("81.2.69.7"));
    QVERIFY(!Ipv4Address::parse(u"81.2.69.7/32"));
    QVERIFY(!Ipv4Address::parse(u"081.2.69.7"));
    QVERIFY(!Ipv4Address::parse(u"::1"));
}

QTEST_APPLESS_MAIN(TestIpv4Network)
#include "tst_ipv4network.moc"
