#include "testsupport.h"

#include <orgapi/authenticator.h>
#include <orgapi/httpclient.h>
#include <orgapi/orgclient.h>
#include <orgapi/sandboxserver.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace alc;
using namespace Qt::StringLiterals;

class TestOrgClient final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<OrgClient> m_client;

    void signIn()
    {
        const auto error = test::await(
            m_auth->signInWithClientCredentials(m_sandbox->config().clientId, m_sandbox->config().clientSecret));
        QVERIFY(error);
        QVERIFY2(!error->isError(), qPrintable(error->toString()));
    }

private Q_SLOTS:
    void init()
    {
        SandboxConfig config;
        config.allowlist = {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")};
        m_sandbox = std::make_unique<SandboxServer>(config);
        QVERIFY(m_sandbox->listen(0) > 0);
        m_http = std::make_unique<HttpClient>();
        m_auth = std::make_unique<Authenticator>(
            m_http.get(), OrgEndpoint{m_sandbox->baseUrl(), m_sandbox->baseUrl(), QStringLiteral("sandbox")});
        m_client = std::make_unique<OrgClient>(m_http.get(), m_auth.get());
        RetryPolicy policy;
        policy.scale = 0.001; // Retry-After: 1 → 1 ms
        policy.baseDelayMs = 10;
        policy.maxAttempts = 3;
        policy.requestTimeoutMs = 2000;
        m_client->setRetryPolicy(policy);
        m_client->setJitterSource([] { return 0.5; });
        signIn();
    }

    void cleanup()
    {
        m_client.reset();
        m_auth.reset();
        m_http.reset();
        m_sandbox.reset();
    }

    void readsTheLiveList()
    {
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && result->ok());
        QCOMPARE(*result->value, (QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")}));
        QVERIFY(!result->correlationId.isEmpty());
    }

    void patchSendsOnlyTheAllowlist()
    {
        const QStringList list{QStringLiteral("81.2.69.0/24"), QStringLiteral("51.15.0.10/32")};
        const auto result = test::await(m_client->patchAllowlist(list));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->error.toString()));
        QCOMPARE(m_sandbox->allowlist(), list);
        QCOMPARE(m_sandbox->patchBodies().size(), 1);
        const QJsonObject sent = QJsonDocument::fromJson(m_sandbox->patchBodies().constFirst()).object();
        QCOMPARE(sent.keys(), QStringList{QStringLiteral("ipAddressAllowlist")});
    }

    void patchRefusedBySandboxRules_data()
    {
        QTest::addColumn<QStringList>("list");
        QTest::addColumn<QString>("expected");
        QTest::newRow("caller not covered")
            << QStringList{QStringLiteral("62.210.16.0/24")} << QStringLiteral("caller");
        QTest::newRow("IPv6 entry") << QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("2001:db8::/32")}
                                    << QStringLiteral("IPv6");
        QTest::newRow("malformed entry") << QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("81.2.69.0/33")}
                                         << QStringLiteral("not a valid");
        QStringList many{QStringLiteral("81.2.69.0/24")};
        for (int i = 0; i < 150; ++i)
            many.append(QStringLiteral("62.210.%1.0/24").arg(i));
        QTest::newRow("151 entries") << many << QStringLiteral("at most 150");
    }

    void patchRefusedBySandboxRules()
    {
        QFETCH(QStringList, list);
        QFETCH(QString, expected);
        const QStringList before = m_sandbox->allowlist();
        const auto result = test::await(m_client->patchAllowlist(list));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::Rejected);
        QCOMPARE(result->error.httpStatus, 400);
        QVERIFY2(result->error.message.contains(expected), qPrintable(result->error.message));
        QVERIFY(result->error.toString().contains(u"inin-correlation-id: "));
        QCOMPARE(m_sandbox->allowlist(), before);
    }

    void expiredTokenIsRefreshedOnce()
    {
        m_sandbox->faults().unauthorized = 1;
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->error.toString()));
    }

    void refusedTwiceIsASignInError()
    {
        m_sandbox->faults().unauthorized = 2;
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::SignIn);
        QVERIFY(result->error.message.contains(u"sign in again"));
        QVERIFY(!result->error.correlationId.isEmpty());
    }

    void forbiddenNamesThePermission()
    {
        m_sandbox->faults().forbidden = 1;
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::Forbidden);
        QVERIFY(result->error.message.contains(u"directory:organization:admin"));
        QVERIFY(result->error.toString().contains(result->error.correlationId));
    }

    void rateLimitWaitsRetryAfter()
    {
        m_sandbox->faults().tooManyRequests = 2;
        QSignalSpy retries(m_client.get(), &OrgClient::retryScheduled);
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->error.toString()));
        QCOMPARE(retries.size(), 2);
        QCOMPARE(retries.at(0).at(2).toInt(), 1); // Retry-After: 1 s at scale 0.001
        QVERIFY(retries.at(0).at(1).toString().contains(u"429"));
    }

    void rateLimitGivesUpAfterBoundedAttempts()
    {
        m_sandbox->faults().tooManyRequests = 10;
        QSignalSpy retries(m_client.get(), &OrgClient::retryScheduled);
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::RateLimited);
        QCOMPARE(retries.size(), 2); // 3 attempts in all
        QCOMPARE(m_sandbox->faults().tooManyRequests, 7);
    }

    void rateLimitOfTheServerItself()
    {
        m_sandbox->config().rateLimitRequests = 2;
        m_sandbox->config().rateLimitWindowMs = 300;
        RetryPolicy policy = m_client->retryPolicy();
        policy.scale = 0.5; // Retry-After: 1 → 500 ms, longer than the window
        policy.maxAttempts = 4;
        m_client->setRetryPolicy(policy);
        QSignalSpy retries(m_client.get(), &OrgClient::retryScheduled);
        for (int i = 0; i < 4; ++i) {
            const auto result = test::await(m_client->getAllowlist());
            QVERIFY(result);
            QVERIFY2(result->ok(), qPrintable(result->error.toString()));
        }
        QVERIFY(retries.size() >= 1);
    }

    void serverErrorsBackOff()
    {
        m_sandbox->faults().serverErrors = 2;
        RetryPolicy policy = m_client->retryPolicy();
        policy.scale = 1.0;
        m_client->setRetryPolicy(policy);
        QSignalSpy retries(m_client.get(), &OrgClient::retryScheduled);
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && result->ok());
        QCOMPARE(retries.size(), 2);
        QCOMPARE(retries.at(0).at(2).toInt(), 8);  // base 10 ms, jitter 0.5 → 7.5 ms
        QCOMPARE(retries.at(1).at(2).toInt(), 15); // doubled
    }

    void serverErrorsExhausted()
    {
        m_sandbox->faults().serverErrors = 5;
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::Server);
        QCOMPARE(result->error.httpStatus, 503);
        QVERIFY(!result->error.correlationId.isEmpty());
    }

    void notImplementedIsNotRetried()
    {
        m_sandbox->faults().serverErrors = 1;
        m_sandbox->faults().serverErrorStatus = 501;
        QSignalSpy retries(m_client.get(), &OrgClient::retryScheduled);
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.httpStatus, 501);
        QCOMPARE(retries.size(), 0);
    }

    void malformedJsonIsAClearError()
    {
        m_sandbox->faults().malformedBodies = 1;
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::BadResponse);
        QVERIFY(result->error.message.contains(u"not valid JSON"));
        QVERIFY(!result->error.correlationId.isEmpty());
    }

    void connectionResetIsAClearError()
    {
        m_sandbox->faults().resets = 5; // Qt's HTTP stack itself retries a GET once on a closed connection
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::Network);
        QVERIFY(result->error.message.startsWith(u"reading the allowlist failed: "));
    }

    void slowAnswerTimesOut()
    {
        m_sandbox->faults().delayMs = 1500;
        RetryPolicy policy = m_client->retryPolicy();
        policy.requestTimeoutMs = 300;
        m_client->setRetryPolicy(policy);
        const auto result = test::await(m_client->getAllowlist());
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error.kind, ApiError::Kind::Timeout);
        QVERIFY(result->error.message.contains(u"timed out"));
    }

    void refusedConnectionIsAClearError()
    {
        const quint16 port = m_sandbox->port();
        m_sandbox.reset(); // nothing listens there any more
        QUrl dead;
        dead.setScheme(QStringLiteral("http"));
        dead.setHost(QStringLiteral("127.0.0.1"));
        dead.setPort(port);
        Authenticator auth(m_http.get(), OrgEndpoint{dead, dead, QStringLiteral("dead")});
        const auto error = test::await(auth.signInWithClientCredentials(QStringLiteral("a"), QStringLiteral("b")));
        QVERIFY(error && error->isError());
        QCOMPARE(error->kind, ApiError::Kind::Network);
    }

    void tlsFailureIsAClearError()
    {
        // HTTPS to a server that answers in plain text: the TLS handshake fails.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
            QTcpSocket *socket = plain.nextPendingConnection();
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        });
        const QUrl https(QStringLiteral("https://127.0.0.1:%1").arg(plain.serverPort()));
        Authenticator auth(m_http.get(), OrgEndpoint{https, https, QStringLiteral("tls")});
        const auto error = test::await(auth.signInWithClientCredentials(QStringLiteral("a"), QStringLiteral("b")));
        QVERIFY(error && error->isError());
        QVERIFY2(error->kind == ApiError::Kind::Tls, qPrintable(error->toString()));
        QVERIFY(error->message.contains(u"secure connection"));
    }

    void plainHttpRefusedForRemoteHosts()
    {
        Authenticator auth(m_http.get(),
                           OrgEndpoint{QUrl(QStringLiteral("http://api.example.com")),
                                       QUrl(QStringLiteral("http://login.example.com")), QStringLiteral("x")});
        const auto error = test::await(auth.signInWithClientCredentials(QStringLiteral("a"), QStringLiteral("b")));
        QVERIFY(error && error->isError());
        QCOMPARE(error->kind, ApiError::Kind::Insecure);
        QVERIFY(error->message.contains(u"HTTPS is required"));
    }

    void ipRangesCarryTheirService()
    {
        const auto result = test::await(m_client->getIpRanges());
        QVERIFY(result && result->ok());
        QCOMPARE(result->value->size(), SandboxConfig::sampleIpRanges().size());
        QVERIFY(!result->value->constFirst().service.isEmpty());
        QVERIFY(!result->value->constFirst().cidr.isEmpty());
        const QList<AllowlistEntry> entries = IpRange::toEntries(*result->value);
        QCOMPARE(entries.size(), result->value->size());
        QCOMPARE(entries.constFirst().text, QStringLiteral("52.129.96.0/20"));
        QCOMPARE(entries.constFirst().label, QStringLiteral("api (sample) (us-east-1)"));
        QVERIFY(entries.constFirst().parsed().isIpv4());
    }

    void usersMeNeedsAUserContext()
    {
        const auto result = test::await(m_client->getMe());
        QVERIFY(result && !result->ok());
        QVERIFY(result->error.message.contains(u"user context"));
    }

    void organizationIsNamed()
    {
        const auto result = test::await(m_client->getOrganization());
        QVERIFY(result && result->ok());
        QCOMPARE(result->value->name, QStringLiteral("Sandbox Org"));
    }

    // What the org answers is printed by pull and shown and journalled: a hostile or broken API
    // cannot put terminal escapes or bidi overrides into the list, names or ids (review: pull
    // wrote them to stdout as they came).
    void serverTextIsSafeToPrint()
    {
        const QString nasty = u"81.2.69.0/24\x1b]0;pwned\x07\u202e"_s;
        const auto list = OrgClient::allowlistFrom(
            QJsonDocument(QJsonObject{{u"ipAddressAllowlist"_s, QJsonArray{nasty, u"62.210.16.0/24"_s}}}));
        QVERIFY(list);
        QCOMPARE(*list, (QStringList{u"81.2.69.0/24 ]0;pwned"_s, u"62.210.16.0/24"_s}));
        const auto org =
            OrgClient::organizationFrom(QJsonDocument(QJsonObject{{u"id"_s, u"o-1\x1b[2J"_s}, {u"name"_s, nasty}}));
        QVERIFY(org);
        QCOMPARE(org->id, u"o-1 [2J"_s);
        QCOMPARE(org->name, u"81.2.69.0/24 ]0;pwned"_s);
        const auto user = OrgClient::userFrom(
            QJsonDocument(QJsonObject{{u"id"_s, u"u-1"_s}, {u"name"_s, nasty}, {u"email"_s, u"a@b\u0085c"_s}}));
        QVERIFY(user);
        QCOMPARE(user->name, u"81.2.69.0/24 ]0;pwned"_s);
        QCOMPARE(user->email, u"a@b c"_s);
        // An id of control characters only is no id (the fuzzer found one that became empty).
        QVERIFY(!OrgClient::userFrom(QJsonDocument(QJsonObject{{u"id"_s, u"\x7f"_s}, {u"email"_s, u"p"_s}})));
        QVERIFY(!OrgClient::organizationFrom(QJsonDocument(QJsonObject{{u"id"_s, u" \u202e "_s}})));
    }
};

QTEST_GUILESS_MAIN(TestOrgClient)
#include "tst_orgclient.moc"
