#include "testsupport.h"

#include <orgapi/authenticator.h>
#include <orgapi/httpclient.h>
#include <orgapi/orgclient.h>
#include <orgapi/sandboxserver.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>

using namespace alc;
using namespace Qt::StringLiterals;

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

// Plays any other local process: the bytes as given, the answer's status code (0: no answer).
int sendRaw(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write(request);
    QByteArray response;
    QDeadlineTimer deadline(10000);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        QTest::qWait(5);
        response += socket.readAll();
    }
    response += socket.readAll();
    const QList<QByteArray> statusLine = response.left(response.indexOf("\r\n")).split(' ');
    return statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
}

QString stateOf(const QUrl &authorizeUrl)
{
    return QUrlQuery(authorizeUrl).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
}

QUrl withQuery(QUrl url, const QList<std::pair<QString, QString>> &items)
{
    url.setQuery(QString::fromLatin1(Authenticator::formEncode(items)));
    return url;
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
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

    void pkceForgedStateDoesNotEndTheSignIn()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        const QUrl redirect = approve(pkce->authorizeUrl);
        QVERIFY(redirect.isValid());

        // Another process, or a stale tab, gets there first.
        QUrl forged = redirect;
        QUrlQuery query(forged);
        query.removeAllQueryItems(QStringLiteral("state"));
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("forged"));
        forged.setQuery(query);
        const BrowserAnswer refused = browse(m_browser, forged);
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.body.contains("not the one the console started"));
        const BrowserAnswer noState = browse(m_browser, withQuery(pkce->redirectUri, {{u"code"_s, u"x"_s}}));
        QCOMPARE(noState.status, 400);
        QTest::qWait(50);
        QVERIFY(!pkce->finished.isFinished());

        const BrowserAnswer landing = browse(m_browser, redirect);
        QCOMPARE(landing.status, 200);
        QVERIFY(landing.body.contains("Signed in"));
        const auto error = test::await(pkce->finished);
        QVERIFY(error);
        QVERIFY2(!error->isError(), qPrintable(error->toString()));
        QVERIFY(m_auth->isSignedIn());
    }

    void pkceForgedErrorCallbackIsIgnored_data()
    {
        QTest::addColumn<bool>("withState");
        QTest::newRow("error with a forged state") << true;
        QTest::newRow("error without a state") << false;
    }

    void pkceForgedErrorCallbackIsIgnored()
    {
        QFETCH(bool, withState);
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        QList<std::pair<QString, QString>> items{{u"error"_s, u"access_denied"_s},
                                                 {u"error_description"_s, u"call +1 555 0100 to sign in"_s}};
        if (withState)
            items.append({u"state"_s, u"forged"_s});
        const BrowserAnswer refused = browse(m_browser, withQuery(pkce->redirectUri, items));
        QCOMPARE(refused.status, 400);
        QTest::qWait(50);
        QVERIFY(!pkce->finished.isFinished());

        browse(m_browser, approve(pkce->authorizeUrl));
        const auto error = test::await(pkce->finished);
        QVERIFY(error);
        QVERIFY2(!error->isError(), qPrintable(error->toString()));
    }

    void pkceCallbackForAnotherHostIsRefused_data()
    {
        QTest::addColumn<QByteArray>("hostHeaders"); // PORT stands for the receiver's port
        QTest::addColumn<bool>("accepted");
        QTest::newRow("redirect URI's own host") << QByteArray("Host: 127.0.0.1:PORT\r\n") << true;
        QTest::newRow("localhost, any case") << QByteArray("host: LocalHost:PORT\r\n") << true;
        QTest::newRow("DNS rebinding name") << QByteArray("Host: rebind.attacker.example:PORT\r\n") << false;
        QTest::newRow("rebinding name without port") << QByteArray("Host: rebind.attacker.example\r\n") << false;
        QTest::newRow("own address, no port") << QByteArray("Host: 127.0.0.1\r\n") << false;
        QTest::newRow("own address, other port") << QByteArray("Host: 127.0.0.1:1\r\n") << false;
        QTest::newRow("no Host header") << QByteArray() << false;
        QTest::newRow("two Host headers")
            << QByteArray("Host: 127.0.0.1:PORT\r\nHost: rebind.attacker.example:PORT\r\n") << false;
    }

    void pkceCallbackForAnotherHostIsRefused()
    {
        QFETCH(QByteArray, hostHeaders);
        QFETCH(bool, accepted);
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        const QUrl redirect = approve(pkce->authorizeUrl);
        QVERIFY(redirect.isValid());
        const quint16 port = quint16(redirect.port());
        hostHeaders.replace("PORT", QByteArray::number(port));

        // The real code and state, sent by a page that reached the port under its own name.
        const int status = sendRaw(port, "GET " + redirect.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) +
                                             " HTTP/1.1\r\n" + hostHeaders + "Connection: close\r\n\r\n");
        if (accepted) {
            QCOMPARE(status, 200);
        } else {
            QCOMPARE(status, 400);
            QTest::qWait(50);
            QVERIFY(!pkce->finished.isFinished());
            QCOMPARE(browse(m_browser, redirect).status, 200);
        }
        const auto error = test::await(pkce->finished);
        QVERIFY(error);
        QVERIFY2(!error->isError(), qPrintable(error->toString()));
    }

    void pkceDeniedInTheBrowser()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        const BrowserAnswer landing =
            browse(m_browser, withQuery(pkce->redirectUri, {{u"error"_s, u"access_denied"_s},
                                                            {u"error_description"_s, u"user cancelled"_s},
                                                            {u"state"_s, stateOf(pkce->authorizeUrl)}}));
        QCOMPARE(landing.status, 200);
        QVERIFY(landing.body.contains("not completed"));
        const auto error = test::await(pkce->finished);
        QVERIFY(error && error->isError());
        QCOMPARE(error->message, u"sign-in was refused: access_denied (user cancelled)"_s);
        QVERIFY(!m_auth->isSignedIn());
    }

    void pkceErrorTextIsSanitised()
    {
        QString problem;
        const auto pkce = m_auth->beginPkceSignIn(QStringLiteral("sandbox-client"), 0, &problem);
        QVERIFY(pkce);
        const QString description =
            u"\x1b[2J\x1b]0;pwned\x07Your org is locked.\r\n\x7f\u0085\u009bcall <b>us</b> "_s + QString(10000, u'A');
        browse(m_browser, withQuery(pkce->redirectUri, {{u"error"_s, u"access_denied\x1b[31m"_s},
                                                        {u"error_description"_s, description},
                                                        {u"state"_s, stateOf(pkce->authorizeUrl)}}));
        const auto error = test::await(pkce->finished);
        QVERIFY(error && error->isError());
        const QString message = error->message;
        QVERIFY2(!hasControlCharacters(message), qPrintable(message.left(200)));
        QVERIFY(
            message.startsWith(u"sign-in was refused: access_denied [31m ([2J ]0;pwned Your org is locked. call"_s));
        QVERIFY(message.endsWith(u"AAA…)"_s));
        QCOMPARE(message.size(), message.indexOf(u'(') + 1 + 300 + 1);
    }

    void refusalMessageIsSafeToPrint_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"invalid_client"_s << u"client authentication failed"_s
                               << u"sign-in was refused by the login service: invalid_client (client authentication "
                                  u"failed)"_s;
        QTest::newRow("escape sequences and newlines")
            << u"invalid_client\x1b[2J"_s << u"line one\nline two\x1b[0m\u009b1m"_s
            << u"sign-in was refused by the login service: invalid_client [2J (line one line two [0m 1m)"_s;
        QTest::newRow("bidi override") << u"invalid_grant"_s << u"expires \u202Etxt.exe"_s
                                       << u"sign-in was refused by the login service: invalid_grant (expires "
                                          u"txt.exe)"_s;
        QTest::newRow("long description capped")
            << u"invalid_grant"_s << QString(10000, u'x')
            << u"sign-in was refused by the login service: invalid_grant ("_s + QString(299, u'x') + u"…)"_s;
    }

    void refusalMessageIsSafeToPrint()
    {
        QFETCH(QString, code);
        QFETCH(QString, description);
        QFETCH(QString, expected);
        const QByteArray body =
            QJsonDocument(QJsonObject{{u"error"_s, code}, {u"error_description"_s, description}}).toJson();
        HttpResponse response;
        response.status = 400;
        response.body = body;
        QCOMPARE(Authenticator::refusalMessage(response), expected);
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
