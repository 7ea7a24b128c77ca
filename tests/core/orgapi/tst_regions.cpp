#include <orgapi/regions.h>

#include <QTest>

using namespace alc;

class TestRegions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDocumentedRegion()
    {
        QCOMPARE(Region::all().size(), 18);
        const auto ie = Region::find(u"mypurecloud.ie");
        QVERIFY(ie);
        QCOMPARE(ie->apiBase(), QUrl(QStringLiteral("https://api.mypurecloud.ie")));
        QCOMPARE(ie->loginBase(), QUrl(QStringLiteral("https://login.mypurecloud.ie")));
        QVERIFY(Region::find(u"edee1.eusc-pure.cloud"));
        QVERIFY(Region::find(u"use2.us-gov-pure.cloud"));
        QVERIFY(!Region::find(u"example.com"));
    }

    void httpsExceptLoopback_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("https region host") << u"https://api.mypurecloud.de"_qs << true;
        QTest::newRow("plain http remote") << u"http://api.mypurecloud.de"_qs << false;
        QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8080"_qs << true;
        QTest::newRow("http ::1") << u"http://[::1]:8080"_qs << true;
        QTest::newRow("http localhost") << u"http://localhost:1"_qs << true;
        QTest::newRow("http 127.0.0.1.example.com") << u"http://127.0.0.1.example.com"_qs << false;
        QTest::newRow("ftp") << u"ftp://127.0.0.1"_qs << false;
        QTest::newRow("no host") << u"https://"_qs << false;
    }

    void httpsExceptLoopback()
    {
        QFETCH(QString, url);
        QFETCH(bool, acceptable);
        QCOMPARE(OrgEndpoint::isAcceptableUrl(QUrl(url)), acceptable);
    }

    void endpointOverrides()
    {
        QString error;
        const auto endpoint = OrgEndpoint::make(u"mypurecloud.ie"_qs, QUrl(u"http://127.0.0.1:9"_qs), QUrl(), &error);
        QVERIFY(endpoint);
        QCOMPARE(endpoint->apiBase, QUrl(u"http://127.0.0.1:9"_qs));
        QCOMPARE(endpoint->loginBase, QUrl(u"https://login.mypurecloud.ie"_qs));
        QVERIFY(!OrgEndpoint::make(QString(), QUrl(u"http://127.0.0.1:9"_qs), QUrl(), &error));
        QVERIFY(error.contains(u"region"));
    }

    void oneApiOneLabel_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("label");
        QTest::newRow("a region's API host") << u"https://api.mypurecloud.com"_qs << u"mypurecloud.com"_qs;
        QTest::newRow("with a slash, a path, the default port")
            << u"https://API.mypurecloud.com:443/api/v2/"_qs << u"mypurecloud.com"_qs;
        QTest::newRow("loopback") << u"http://127.0.0.1:18099"_qs << u"http://127.0.0.1:18099"_qs;
        QTest::newRow("loopback with a path") << u"http://127.0.0.1:18099/v2"_qs << u"http://127.0.0.1:18099"_qs;
        QTest::newRow("another host") << u"https://Genesys.Example.com/"_qs << u"https://genesys.example.com"_qs;
        QTest::newRow("another port") << u"https://api.mypurecloud.com:8443"_qs
                                      << u"https://api.mypurecloud.com:8443"_qs;
    }

    void oneApiOneLabel()
    {
        // The journal keys the last known list by the label: the same API spelled another way
        // must find the earlier pull, or the conflict check is skipped.
        QFETCH(QString, url);
        QFETCH(QString, label);
        QCOMPARE(OrgEndpoint::labelOf(QUrl(url)), label);
        QString error;
        const auto endpoint =
            OrgEndpoint::make(QString(), QUrl(url), QUrl(u"https://login.mypurecloud.com"_qs), &error);
        QVERIFY2(endpoint, qPrintable(error));
        QCOMPARE(endpoint->label, label);
    }
};

QTEST_GUILESS_MAIN(TestRegions)
#include "tst_regions.moc"
