#include "testsupport.h"

#include <orgapi/authenticator.h>
#include <orgapi/sandboxserver.h>
#include <rules/validator.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace alc;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray location;
    QByteArray retryAfter;
    QByteArray correlationId;
};

} // namespace

class TestSandboxServer final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_sandbox;
    QNetworkAccessManager m_nam;

    Answer send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QUrl url = m_sandbox->baseUrl();
        const qsizetype q = path.indexOf(u'?');
        url.setPath(q < 0 ? path : path.left(q));
        if (q >= 0)
            url.setQuery(path.mid(q + 1));
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        for (const auto &[key, value] : headers)
            request.setRawHeader(key, value);
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                      reply->rawHeader("Location"), reply->rawHeader("Retry-After"),
                      reply->rawHeader("inin-correlation-id")};
        reply->deleteLater();
        return answer;
    }

    QByteArray token()
    {
        const Answer a = send("POST", QStringLiteral("/oauth/token"), "grant_type=client_credentials",
                              {{"Authorization", "Basic " + QByteArray("sandbox-client:sandbox-secret").toBase64()},
                               {"Content-Type", "application/x-www-form-urlencoded"}});
        return "Bearer " + QJsonDocument::fromJson(a.body).object().value(u"access_token").toString().toLatin1();
    }

    // Sends raw bytes on a new connection; returns what came back once a head did, or after 10 s.
    QByteArray sendRaw(const QByteArray &bytes)
    {
        QTcpSocket socket;
        QByteArray answer;
        connect(&socket, &QTcpSocket::readyRead, this, [&socket, &answer] { answer += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_sandbox->port());
        socket.write(bytes);
        QDeadlineTimer deadline(10000);
        while (!answer.contains("\r\n\r\n") && !deadline.hasExpired())
            QTest::qWait(5);
        return answer;
    }

    QByteArray settingsWith(const QByteArray &bearer)
    {
        return send("GET", QStringLiteral("/api/v2/organizations/authentication/settings"), {},
                    {{"Authorization", bearer}})
            .body;
    }

    // Runs the authorize step as a browser would and returns the one-time code.
    QString authorize(const QString &challenge,
                      const QString &redirect = QStringLiteral("http://127.0.0.1:5555/callback"))
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        query.addQueryItem(QStringLiteral("client_id"), QStringLiteral("sandbox-client"));
        query.addQueryItem(QStringLiteral("redirect_uri"), QString::fromLatin1(QUrl::toPercentEncoding(redirect)));
        query.addQueryItem(QStringLiteral("code_challenge"), challenge);
        query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("xyz"));
        const Answer a = send("POST", QStringLiteral("/oauth/authorize"), query.query(QUrl::FullyEncoded).toLatin1(),
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
        if (a.status != 302)
            return {};
        const QUrlQuery back(QUrl::fromEncoded(a.location));
        if (back.queryItemValue(QStringLiteral("state")) != u"xyz")
            return {};
        return back.queryItemValue(QStringLiteral("code"));
    }

    Answer exchange(const QString &code, const QString &verifier,
                    const QString &redirect = QStringLiteral("http://127.0.0.1:5555/callback"))
    {
        return send("POST", QStringLiteral("/oauth/token"),
                    Authenticator::formEncode({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                               {QStringLiteral("code"), code},
                                               {QStringLiteral("redirect_uri"), redirect},
                                               {QStringLiteral("client_id"), QStringLiteral("sandbox-client")},
                                               {QStringLiteral("code_verifier"), verifier}}),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<SandboxServer>();
        QVERIFY(m_sandbox->listen(0) > 0);
    }

    void cleanup() { m_sandbox.reset(); }

    void demoOrgIsConsistent()
    {
        const SandboxConfig demo = SandboxConfig::demoConfig();
        QCOMPARE(demo.orgName, QStringLiteral("Demo Org (sandbox)"));
        const Allowlist list = Allowlist::fromCidrs(demo.allowlist);
        ValidationOptions options;
        options.adminIps = {*Ipv4Address::parse(demo.callerIp)};
        const ValidationResult result = Validator::validate(list, options);
        QCOMPARE(result.errors, 0);
        QCOMPARE(result.adminCovered, std::optional<bool>(true));
        for (const IpRange &range : demo.ipRanges)
            QVERIFY(range.service.contains(u"sample"));
    }

    void apiNeedsAToken()
    {
        const Answer a = send("GET", QStringLiteral("/api/v2/organizations/authentication/settings"));
        QCOMPARE(a.status, 401);
        QVERIFY(!a.correlationId.isEmpty());
        const Answer forged = send("GET", QStringLiteral("/api/v2/organizations/authentication/settings"), {},
                                   {{"Authorization", "Bearer sbx-at-made-up"}});
        QCOMPARE(forged.status, 401);
        QCOMPARE(send("GET", QStringLiteral("/api/v2/organizations/authentication/settings"), {},
                      {{"Authorization", token()}})
                     .status,
                 200);
    }

    void expiredTokenIsRefused()
    {
        m_sandbox->config().tokenLifetimeSeconds = -1;
        QCOMPARE(send("GET", QStringLiteral("/api/v2/organizations/me"), {}, {{"Authorization", token()}}).status, 401);
    }

    void patchMustCarryOnlyTheAllowlist()
    {
        const QByteArray body = R"({"ipAddressAllowlist":["81.2.69.0/24"],"multifactorAuthenticationRequired":true})";
        const Answer a = send("PATCH", QStringLiteral("/api/v2/organizations/authentication/settings"), body,
                              {{"Authorization", token()}, {"Content-Type", "application/json"}});
        QCOMPARE(a.status, 400);
        QVERIFY(a.body.contains("only ipAddressAllowlist"));
    }

    void rateLimitAnswers429WithRetryAfter()
    {
        m_sandbox->config().rateLimitRequests = 2;
        m_sandbox->config().rateLimitWindowMs = 60000;
        m_sandbox->config().retryAfterSeconds = 7;
        const QByteArray bearer = token(); // the token endpoint is not rate limited
        QCOMPARE(send("GET", QStringLiteral("/api/v2/ipranges"), {}, {{"Authorization", bearer}}).status, 200);
        QCOMPARE(send("GET", QStringLiteral("/api/v2/ipranges"), {}, {{"Authorization", bearer}}).status, 200);
        const Answer limited = send("GET", QStringLiteral("/api/v2/ipranges"), {}, {{"Authorization", bearer}});
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.retryAfter, QByteArray("7"));
    }

    void pkceCodeIsCheckedAndSingleUse()
    {
        const QString verifier = Authenticator::makeCodeVerifier();
        const QString code = authorize(Authenticator::codeChallenge(verifier));
        QVERIFY(!code.isEmpty());
        QCOMPARE(exchange(code, Authenticator::makeCodeVerifier()).status,
                 400); // wrong verifier burns the code
        QCOMPARE(exchange(code, verifier).status, 400);

        const QString second = authorize(Authenticator::codeChallenge(verifier));
        const Answer ok = exchange(second, verifier);
        QCOMPARE(ok.status, 200);
        QVERIFY(QJsonDocument::fromJson(ok.body).object().contains(u"refresh_token"));
        QCOMPARE(exchange(second, verifier).status, 400); // used

        const QString third = authorize(Authenticator::codeChallenge(verifier));
        QCOMPARE(exchange(third, verifier, QStringLiteral("http://127.0.0.1:6666/callback")).status, 400);
    }

    void authorizeRefusesForeignRedirects()
    {
        QCOMPARE(authorize(Authenticator::codeChallenge(Authenticator::makeCodeVerifier()),
                           QStringLiteral("https://evil.example.com/callback")),
                 QString());
    }

    void signInPageEscapesWhatItEchoes()
    {
        const Answer page =
            send("GET", QStringLiteral("/oauth/authorize?response_type=code&client_id=sandbox-client"
                                       "&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback&code_challenge=abc"
                                       "&code_challenge_method=S256&state=%3Cscript%3E"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("Sign in as Sandbox Admin"));
        QVERIFY(!page.body.contains("<script>"));
        QVERIFY(page.body.contains("&lt;script&gt;"));
    }

    void echoAnswersTheCallerIp()
    {
        const Answer a = send("GET", m_sandbox->echoUrl().path());
        QCOMPARE(a.status, 200);
        QCOMPARE(a.body.trimmed(), m_sandbox->config().callerIp.toLatin1());
    }

    void oversizedBodyIsAnswered413_data()
    {
        QTest::addColumn<QByteArray>("request");
        // What any web page can send without a preflight: a text/plain POST.
        const QByteArray head = "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n";
        QTest::newRow("300 MB declared, 256 KiB sent")
            << head + "Content-Length: 314572800\r\n\r\n" + QByteArray(256 * 1024, 'a');
        QByteArray chunked = head + "Transfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 24; ++i)
            chunked += "10000\r\n" + QByteArray(0x10000, 'a') + "\r\n"; // 1.5 MiB, never finished
        QTest::newRow("1.5 MiB in chunks without a length") << chunked;
    }

    void oversizedBodyIsAnswered413()
    {
        QFETCH(QByteArray, request);
        QSignalSpy handled(m_sandbox.get(), &SandboxServer::requestHandled);
        const QByteArray answer = sendRaw(request);
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.left(200).constData());
        QVERIFY(answer.contains("larger than the sandbox accepts"));
        QCOMPARE(handled.size(), 1);
        QCOMPARE(handled.at(0).at(1).toString(), QStringLiteral("/oauth/token"));
        QCOMPARE(handled.at(0).at(2).toInt(), 413);
        // Still serving.
        QVERIFY(QJsonDocument::fromJson(settingsWith(token())).object().contains(u"ipAddressAllowlist"));
    }

    void bodyAtTheLimitIsRead()
    {
        m_sandbox->config().maxBodyBytes = 4096;
        const QByteArray form = "grant_type=client_credentials&pad=";
        const Answer a = send("POST", QStringLiteral("/oauth/token"), form + QByteArray(4096 - form.size(), 'a'),
                              {{"Authorization", "Basic " + QByteArray("sandbox-client:sandbox-secret").toBase64()},
                               {"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(a.status, 200);
        QCOMPARE(send("POST", QStringLiteral("/oauth/token"), QByteArray(4097, 'a')).status, 413);
    }

    void tokenStoreIsBounded()
    {
        m_sandbox->config().maxTokens = 3;
        const QByteArray first = token();
        for (int i = 0; i < 2; ++i)
            QVERIFY(!settingsWith(token()).isEmpty());
        QVERIFY(QJsonDocument::fromJson(settingsWith(first)).object().contains(u"ipAddressAllowlist"));
        const QByteArray fourth = token(); // the oldest is dropped
        QCOMPARE(send("GET", QStringLiteral("/api/v2/organizations/me"), {}, {{"Authorization", first}}).status, 401);
        QCOMPARE(send("GET", QStringLiteral("/api/v2/organizations/me"), {}, {{"Authorization", fourth}}).status, 200);
        QCOMPARE(m_sandbox->issuedTokens().size(), 4);
        for (int i = 0; i < 5; ++i)
            token();
        QCOMPARE(m_sandbox->issuedTokens().size(), 6); // 2 × maxTokens
    }

    void signInCodesAreBounded()
    {
        m_sandbox->config().maxTokens = 2;
        const QString verifier = Authenticator::makeCodeVerifier();
        const QString first = authorize(Authenticator::codeChallenge(verifier));
        const QString second = authorize(Authenticator::codeChallenge(verifier));
        const QString third = authorize(Authenticator::codeChallenge(verifier));
        QCOMPARE(exchange(first, verifier).status, 400); // dropped
        QCOMPARE(exchange(second, verifier).status, 200);
        QCOMPARE(exchange(third, verifier).status, 200);
    }

    void patchRecordKeepsTheLast()
    {
        m_sandbox->config().maxRecordedPatches = 2;
        const QByteArray bearer = token();
        for (const char *cidr : {"81.2.69.0/24", "81.2.69.0/25", "81.2.69.128/25"}) {
            send("PATCH", QStringLiteral("/api/v2/organizations/authentication/settings"),
                 OrgClient::allowlistPatchBody({QString::fromLatin1(cidr)}),
                 {{"Authorization", bearer}, {"Content-Type", "application/json"}});
        }
        QCOMPARE(m_sandbox->patchBodies().size(), 2);
        QVERIFY(m_sandbox->patchBodies().constFirst().contains("81.2.69.0/25"));
        QVERIFY(m_sandbox->patchBodies().constLast().contains("81.2.69.128/25"));
    }

    void delayKnobDelays()
    {
        m_sandbox->faults().delayMs = 300;
        const QByteArray bearer = token();
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(send("GET", QStringLiteral("/api/v2/organizations/me"), {}, {{"Authorization", bearer}}).status, 200);
        QVERIFY(timer.elapsed() >= 290);
    }
};

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"
