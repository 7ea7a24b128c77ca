#include "scriptedserver.h"
#include "testsupport.h"

#include <orgapi/httpclient.h>
#include <orgapi/publicipdetector.h>

#include <QHttpServer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace alc;

namespace {

// A local echo service that answers a fixed text (an address, or rubbish).
struct EchoServer
{
    QHttpServer server;
    quint16 port = 0;

    explicit EchoServer(const QString &answer, int status = 200)
    {
        server.route(QStringLiteral("/"), [answer, status] {
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), answer.toLatin1() + '\n',
                                       static_cast<QHttpServerResponder::StatusCode>(status));
        });
        port = server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)); }
};

QUrl deadUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(probe.serverPort()));
}

} // namespace

class TestPublicIpDetector final : public QObject
{
    Q_OBJECT

private:
    HttpClient m_http;

private Q_SLOTS:
    void defaultsAreHttpsEchoServices()
    {
        const QList<QUrl> defaults = PublicIpDetector::defaultServices();
        QVERIFY(defaults.size() >= 3);
        for (const QUrl &url : defaults)
            QCOMPARE(url.scheme(), QStringLiteral("https"));
    }

    void servicesThatAgree()
    {
        EchoServer a(QStringLiteral("81.2.69.142"));
        EchoServer b(QStringLiteral("81.2.69.142"));
        PublicIpDetector detector(&m_http);
        detector.setServices({a.url(), b.url()});
        QSignalSpy detected(&detector, &PublicIpDetector::detected);
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QCOMPARE(*result->ipv4, Ipv4Address(81, 2, 69, 142));
        QVERIFY(result->agreed);
        QVERIFY(result->warnings.isEmpty());
        QCOMPARE(detected.size(), 1);
        QCOMPARE(detector.lastDetection().ipv4, result->ipv4);
    }

    void disagreementIsAWarning()
    {
        EchoServer a(QStringLiteral("81.2.69.142"));
        EchoServer b(QStringLiteral("81.2.69.142"));
        EchoServer vpn(QStringLiteral("62.210.16.7"));
        PublicIpDetector detector(&m_http);
        detector.setServices({vpn.url(), a.url(), b.url()});
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QCOMPARE(*result->ipv4, Ipv4Address(81, 2, 69, 142)); // the majority
        QVERIFY(!result->agreed);
        QCOMPARE(result->warnings.size(), 1);
        QVERIFY(result->warnings.constFirst().contains(u"disagree"));
        QVERIFY(result->warnings.constFirst().contains(u"62.210.16.7"));
        // Genesys may see either address: both are candidates, the majority first.
        QCOMPARE(result->ipv4Candidates,
                 (QList<Ipv4Address>{Ipv4Address(81, 2, 69, 142), Ipv4Address(62, 210, 16, 7)}));
    }

    void aTieKeepsBothAddresses()
    {
        EchoServer a(QStringLiteral("62.210.16.1"));
        EchoServer b(QStringLiteral("81.2.69.142"));
        PublicIpDetector detector(&m_http);
        detector.setServices({a.url(), b.url()});
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QVERIFY(!result->agreed);
        QCOMPARE(result->ipv4Candidates.size(), 2);
        QVERIFY(result->ipv4Candidates.contains(Ipv4Address(62, 210, 16, 1)));
        QVERIFY(result->ipv4Candidates.contains(Ipv4Address(81, 2, 69, 142)));
        QCOMPARE(result->ipv4Candidates.constFirst(), *result->ipv4);
    }

    void failuresAndRubbishAreReported()
    {
        EchoServer good(QStringLiteral("81.2.69.142"));
        EchoServer rubbish(QStringLiteral("<html>hello</html>"));
        EchoServer broken(QStringLiteral("oops"), 500);
        PublicIpDetector detector(&m_http);
        detector.setServices({good.url(), rubbish.url(), broken.url(), deadUrl()});
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QVERIFY(!result->agreed);
        QCOMPARE(result->answers.size(), 4);
        QVERIFY(result->answers.at(1).error.contains(u"not an IP address"));
        QVERIFY(result->answers.at(2).error.contains(u"HTTP 500"));
        QVERIFY(!result->answers.at(3).error.isEmpty());
        QVERIFY(result->warnings.join(u'\n').contains(u"only one echo service answered"));
    }

    void ipv6IsReportedSeparately()
    {
        EchoServer v4a(QStringLiteral("81.2.69.142"));
        EchoServer v4b(QStringLiteral("81.2.69.142"));
        EchoServer v6(QStringLiteral("2001:db8::42"));
        PublicIpDetector detector(&m_http);
        detector.setServices({v4a.url(), v6.url(), v4b.url()});
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QCOMPARE(result->ipv6, QStringLiteral("2001:db8::42"));
        QVERIFY(result->agreed);
    }

    void nothingAnswers()
    {
        PublicIpDetector detector(&m_http);
        detector.setServices({deadUrl(), deadUrl()});
        const auto result = test::await(detector.detect());
        QVERIFY(result && !result->ok());
        QVERIFY(result->warnings.join(u'\n').contains(u"by hand"));
    }

    void slowServiceTimesOut()
    {
        QTcpServer silent; // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        EchoServer good(QStringLiteral("81.2.69.142"));
        PublicIpDetector detector(&m_http);
        detector.setTimeoutMs(200);
        detector.setServices({good.url(), QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()))});
        QElapsedTimer timer;
        timer.start();
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(result->answers.at(1).error.contains(u"timed out"));
    }

    void tricklingServiceHitsTheDeadline()
    {
        // An address a byte every 100 ms, padded: never silent for the 500 ms allowed.
        test::ScriptedServer trickle(
            {"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n", "8", 100, 100});
        EchoServer good(QStringLiteral("81.2.69.142"));
        PublicIpDetector detector(&m_http);
        detector.setTimeoutMs(500);
        detector.setServices({good.url(), trickle.url()});
        const auto result = test::await(detector.detect(), 5000);
        QVERIFY2(result, "detection was still running after 5 s");
        QVERIFY(result->ok());
        QVERIFY2(result->answers.at(1).error.contains(u"timed out"), qPrintable(result->answers.at(1).error));
    }

    void oversizedAnswerIsRefused()
    {
        // A valid address followed by 64 KiB of blanks would pass the parse; it is refused unread.
        test::ScriptedServer padded({"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
                                     "81.2.69.142",
                                     QByteArray(1024, ' '), 1, 64 * 1024});
        EchoServer good(QStringLiteral("81.2.69.142"));
        PublicIpDetector detector(&m_http);
        detector.setServices({good.url(), padded.url()});
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok());
        QVERIFY(result->answers.at(1).address.isEmpty());
        QVERIFY2(result->answers.at(1).error.contains(u"larger than the 4 KiB limit"),
                 qPrintable(result->answers.at(1).error));
    }

    void manualAddressSkipsTheServices()
    {
        PublicIpDetector detector(&m_http);
        detector.setServices({deadUrl()});
        detector.setManualAddress(Ipv4Address(81, 2, 69, 9));
        const auto result = test::await(detector.detect());
        QVERIFY(result && result->ok() && result->manual);
        QCOMPARE(*result->ipv4, Ipv4Address(81, 2, 69, 9));
        QVERIFY(result->answers.isEmpty());
    }

    void plainHttpEchoServiceIsRefusedForRemoteHosts()
    {
        PublicIpDetector detector(&m_http);
        detector.setServices({QUrl(QStringLiteral("http://echo.example.com"))});
        const auto result = test::await(detector.detect());
        QVERIFY(result && !result->ok());
        QVERIFY(result->answers.constFirst().error.contains(u"HTTPS"));
    }
};

QTEST_GUILESS_MAIN(TestPublicIpDetector)
#include "tst_publicipdetector.moc"
