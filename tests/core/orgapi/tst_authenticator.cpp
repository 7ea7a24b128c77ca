#include "testsupport.h"

#include <orgapi/authenticator.h>
#include <orgapi/httpclient.h>
#include <orgapi/orgclient.h>
#include <orgapi/sandboxserver.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace alc;

namespace {

// Plays the system browser: one request, no redirect following.
struct BrowserAnswer
{
    int status = 0;
    QByteArray location;
    QByteArray body;
};

BrowserAnswer browse(QNetworkAccessManager &browser, const QUrl &url, const QByteArray &form = {})
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nullptr;
    if (form.isEmpty()) {
        reply = browser.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = browser.post(request, form);
    }
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    BrowserAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                         reply->rawHeader("Location"), reply->readAll()};
    reply->deleteLater();
    return answer;
}

} // namespace

class TestAuthenticator final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<Authenticator> m_auth;
    QNetworkAccessManager m_browser;

    // Approves the sign-in page and returns the redirect the sandbox sends the browser to.
    QUrl approve(const QUrl &authorizeUrl)
    {
        const BrowserAnswer page = browse(m_browser, authorizeUrl);
        if (page.status != 200 || !page.body.contains("Sign in as"))
            return {};
        QUrl post = authorizeUrl;
        const QByteArray form = authorizeUrl.query(QUrl::FullyEncoded).toLatin1();
        post.setQuery(QString());
        const BrowserAnswer approved = browse(m_browser, post, form);
        if (approved.status != 302)
            return {};
        return QUrl::fromEncoded(approved.location);
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<SandboxServer>();
        QVERIFY(m_sandbox->listen(0) > 0);
        m_http = std::make_unique<HttpClient>();
        m_auth = std::make_unique<Authenticator>(
            m_http.get(), OrgEndpoint{m_sandbox->baseUrl(), m_sandbox->baseUrl(), QStringLiteral("sandbox")});
    }

    void cleanup()
    {
        m_auth.reset();
        m_http.reset();
        m_sandbox.reset();
    }

    void codeChallengeMatchesRfc7636()
    {
        QCOMPARE(Authenticator::codeChallenge(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
                 QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    void codeVerifierHasTheRequiredShape_data()
    {
        QTest::addColumn<int>("requested");
        QTest::addColumn<int>("expected");
        QTest::newRow("too short is raised to 43") << 10 << 43;
        QTest::newRow("default") << 64 << 64;
        QTest::newRow("too long is cut to 128") << 500 << 128;
    }

    void codeVerifierHasTheRequiredShape()
    {
        QFETCH(int, requested);
        QFETCH(int, expected);
        const QString verifier = Authenticator::makeCodeVerifier(requested);
        QCOMPARE(verifier.size(), expected);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9._~-]+$")).match(verifier).hasMatch());
        QVERIFY(verifier != Authenticator::makeCodeVerifier(requested));
    }

    void clientCredentialsSignIn()
    {
        QSignalSpy signedIn(m_auth.get(), &Authenticator::signedIn);
        const auto error = test::await(
            m_auth->signInWithClientCredentials(QStringLiteral("sandbox-client"), QStringLiteral("sandbox-secret")));
        QVERIFY(error && !error->isError());
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(m_auth->grant(), Authenticator::Grant::ClientCredentials);
        QVERIFY(m_auth->accessToken().startsWith(u"sbx-at-"));
        QVERIFY(m_auth->expiresAt() > QDateTime::currentDateTimeUtc());
    }

    void wrongSecretIsRefusedWithoutEchoingIt()
    {
        const QString secret = QStringLiteral("S3cr3t-canary-wrong");
        const auto error = test::await(m_auth->signInWithClientCredentials(QStringLiteral("sandbox-client"), secret));
        QVERIFY(error && error->isError());
        QCOMPARE(error->kind, ApiError::Kind::SignIn);
        QVERIFY(error->message.contains(u"invalid_client"));
        QVERIFY(!error->toString().contains(secret));
        QVERIFY(!m_auth->isSignedIn());
    }

    void pkceSignInThroughTheBrowser()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY2(pkce, qPrintable(problem));
        const QUrlQuery query(pkce->authorizeUrl);
        QCOMPARE(query.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
        QCOMPARE(query.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
        QVERIFY(!query.queryItemValue(QStringLiteral("state")).isEmpty());
        QCOMPARE(QUrl(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)), pkce->redirectUri);
        QCOMPARE(pkce->redirectUri.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(pkce->redirectUri.path(), QStringLiteral("/callback"));

        const QUrl redirect = approve(pkce->authorizeUrl);
        QVERIFY(redirect.isValid());
        QCOMPARE(redirect.port(), pkce->redirectUri.port());
        const BrowserAnswer landing = browse(m_browser, redirect);
        QCOMPARE(landing.status, 200);
        QVERIFY(landing.body.contains("Signed in"));

        const auto error = test::await(pkce->finished);
        QVERIFY(error);
        QVERIFY2(!error->isError(), qPrintable(error->toString()));
        QCOMPARE(m_auth->grant(), Authenticator::Grant::AuthorizationCode);
        QVERIFY(!m_auth->refreshToken().isEmpty());

        // Only this grant has a user context: the audit log names the admin.
        OrgClient client(m_http.get(), m_auth.get());
        const auto me = test::await(client.getMe());
        QVERIFY(me && me->ok());
        QCOMPARE(me->value->name, QStringLiteral("Sandbox Admin"));
    }

    void pkceOnAConfiguredPort()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), port, &problem);
        QVERIFY2(pkce, qPrintable(problem));
        QCOMPARE(pkce->redirectUri, QUrl(QStringLiteral("http://127.0.0.1:%1/callback").arg(port)));
    }

    void pkcePortInUseIsReported()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        QString problem;
        QVERIFY(!m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), busy.serverPort(), &problem));
        QVERIFY(problem.contains(QString::number(busy.serverPort())));
    }

    void pkceStateMismatchIsRefused()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        QUrl redirect = approve(pkce->authorizeUrl);
        QUrlQuery query(redirect);
        query.removeAllQueryItems(QStringLiteral("state"));
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("forged"));
        redirect.setQuery(query);
        browse(m_browser, redirect);
        const auto error = test::await(pkce->finished);
        QVERIFY(error && error->isError());
        QVERIFY(error->message.contains(u"state does not match"));
        QVERIFY(!m_auth->isSignedIn());
    }

    void pkceDeniedInTheBrowser()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        QUrl denied = pkce->redirectUri;
        denied.setQuery(QStringLiteral("error=access_denied&error_description=user%20cancelled"));
        browse(m_browser, denied);
        const auto error = test::await(pkce->finished);
        QVERIFY(error && error->isError());
        QVERIFY(error->message.contains(u"access_denied"));
    }

    void pkceTimesOutWhenTheBrowserNeverReturns()
    {
        m_auth->setPkceTimeoutMs(50);
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        const auto error = test::await(pkce->finished);
        QVERIFY(error && error->isError());
        QVERIFY(error->message.contains(u"timed out"));
    }

    void refreshTokenRotates()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        browse(m_browser, approve(pkce->authorizeUrl));
        QVERIFY(test::await(pkce->finished).value_or(ApiError{ApiError::Kind::SignIn, 0, {}, {}}).kind ==
                ApiError::Kind::None);
        const QString firstRefresh = m_auth->refreshToken();
        const QString firstAccess = m_auth->accessToken();
        QSignalSpy rotated(m_auth.get(), &Authenticator::refreshTokenChanged);
        const auto error = test::await(m_auth->refresh());
        QVERIFY(error && !error->isError());
        QCOMPARE(rotated.size(), 1);
        QVERIFY(m_auth->refreshToken() != firstRefresh);
        QVERIFY(m_auth->accessToken() != firstAccess);

        // A session resumed from the old (rotated) refresh token is refused.
        Authenticator other(m_http.get(), m_auth->endpoint());
        const auto stale = test::await(other.signInWithRefreshToken(QStringLiteral("sandbox-client"), firstRefresh));
        QVERIFY(stale && stale->isError());
        QVERIFY(stale->message.contains(u"invalid_grant"));
        const auto resumed =
            test::await(other.signInWithRefreshToken(QStringLiteral("sandbox-client"), m_auth->refreshToken()));
        QVERIFY(resumed && !resumed->isError());
    }
};

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "tst_authenticator.moc"
