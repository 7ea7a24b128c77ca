#include "scriptedserver.h"
#include "testsupport.h"

#include <orgapi/apierror.h>
#include <orgapi/authenticator.h>
#include <orgapi/httpclient.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <QTest>

#include <algorithm>

using namespace alc;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 KiB = 1024;

HttpRequest get(const QUrl &url, int timeoutMs, qint64 maxBodyBytes = HttpRequest::DefaultMaxBodyBytes)
{
    HttpRequest request;
    request.url = url;
    request.timeoutMs = timeoutMs;
    request.maxBodyBytes = maxBodyBytes;
    return request;
}

} // namespace

class TestHttpClient final : public QObject
{
    Q_OBJECT

private:
    HttpClient m_http;

private Q_SLOTS:
    void secretsOfARequest()
    {
        HttpRequest basic;
        basic.headers = {{"Authorization", "Basic " + QByteArray("client-7:s3cret-canary").toBase64()}};
        basic.body = "grant_type=client_credentials";
        QCOMPARE(secretsOf(basic),
                 (QStringList{u"Y2xpZW50LTc6czNjcmV0LWNhbmFyeQ=="_s, u"client-7:s3cret-canary"_s, u"s3cret-canary"_s}));
        HttpRequest code;
        code.body = Authenticator::formEncode({{u"grant_type"_s, u"authorization_code"_s},
                                               {u"code"_s, u"c0de+canary/1"_s},
                                               {u"redirect_uri"_s, u"http://127.0.0.1:8791/callback"_s},
                                               {u"client_id"_s, u"client-7"_s},
                                               {u"code_verifier"_s, u"v3rifier~canary.x_y-z"_s}});
        QCOMPARE(secretsOf(code), (QStringList{u"v3rifier~canary.x_y-z"_s, u"c0de+canary/1"_s}));
        HttpRequest refresh;
        refresh.headers = {{"Authorization", "Bearer at-canary"}};
        refresh.body = "grant_type=refresh_token&refresh_token=rt-canary&client_id=client-7";
        QCOMPARE(secretsOf(refresh), (QStringList{u"at-canary"_s, u"rt-canary"_s}));
        QVERIFY(secretsOf(get(QUrl(u"http://127.0.0.1:1/"_s), 1000)).isEmpty());
    }

    // The forms a server may echo a secret in (review): lowercase percent-encoding, '+' for a
    // space, JSON's escaped slash, base64 of the bare secret; and a correlation id spelled with
    // spaces between the characters, which the filter for printable characters closed up.
    void everyFormOfASecretIsRedacted()
    {
        const QString secret = u"s3cr/t Key=Z~x\u00e9"_s;
        HttpResponse response;
        response.sentSecrets = {secret};
        const QByteArray utf8 = secret.toUtf8();
        const QStringList echoes{
            secret,
            secret.toUpper(),
            QString::fromLatin1(QUrl::toPercentEncoding(secret)),
            QString::fromLatin1(QUrl::toPercentEncoding(secret)).toLower(),
            QString::fromLatin1(QUrl::toPercentEncoding(secret, " ")).replace(u' ', u'+'),
            QString(secret).replace(u'/', u"\\/"_s),
            QString::fromLatin1(utf8),
            QString::fromLatin1(utf8.toBase64()),
            QString::fromLatin1(utf8.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)),
        };
        for (const QString &echo : echoes) {
            const QString shown = response.redacted(u"you sent <"_s + echo + u">"_s);
            QVERIFY2(shown == u"you sent <***>"_s, qPrintable(echo + u" -> "_s + shown));
        }
        QString spaced;
        for (const QChar c : u"s3cr/t+Key=Z~x"_s)
            spaced += c + u' ';
        response.sentSecrets = {u"s3cr/t+Key=Z~x"_s};
        response.headers = {{"inin-correlation-id", spaced.toLatin1()}};
        QCOMPARE(response.correlationId(), u"***"_s);
    }

    // A proxy, a WAF or a hostile URL may answer with the request it got. What the app prints of the
    // answer (the error message, the refusal, the correlation id) then carries none of its secrets,
    // as sent or percent-encoded, and no control character.
    void anAnswerEchoingTheRequestShowsNoSecret_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("secrets");
        QTest::newRow("client credentials")
            << "Basic " + QByteArray("client-7:s3cret-canary").toBase64() << QByteArray("grant_type=client_credentials")
            << QStringList{u"s3cret-canary"_s, u"client-7:s3cret-canary"_s,
                           QString::fromLatin1(QByteArray("client-7:s3cret-canary").toBase64())};
        QTest::newRow("authorization code with PKCE")
            << QByteArray()
            << QByteArray("grant_type=authorization_code&code=c0de%2Bcanary&client_id=client-7&"
                          "code_verifier=v3rifier-canary")
            << QStringList{u"c0de%2Bcanary"_s, u"v3rifier-canary"_s};
        QTest::newRow("bearer token") << QByteArray("Bearer at-canary-123") << QByteArray()
                                      << QStringList{u"at-canary-123"_s};
    }

    void anAnswerEchoingTheRequestShowsNoSecret()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, body);
        QFETCH(QStringList, secrets);
        for (const int status : {400, 401, 503}) {
            test::EchoServer echo([status](const QByteArray &request) {
                // The request as it came, and the credentials of a Basic header decoded.
                QByteArray text = "you sent \x1b[31m" + request;
                if (const qsizetype basic = request.indexOf("Basic "); basic >= 0)
                    text += " as " +
                            QByteArray::fromBase64(request.mid(basic + 6, request.indexOf('\r', basic) - basic - 6));
                const QByteArray json = QJsonDocument(QJsonObject{{u"message"_s, QString::fromLatin1(text)},
                                                                  {u"error"_s, u"invalid_client"_s},
                                                                  {u"error_description"_s, QString::fromLatin1(text)},
                                                                  {u"contextId"_s, QString::fromLatin1(text)}})
                                            .toJson(QJsonDocument::Compact);
                const qsizetype at = request.indexOf("Authorization: ");
                const QByteArray echoed = at < 0 ? "none" : request.mid(at + 15, request.indexOf('\r', at) - at - 15);
                return test::EchoServer::response(status, json, "inin-correlation-id: \x1b]0;" + echoed + "\r\n");
            });
            HttpRequest request;
            request.method = "POST";
            request.url = echo.url();
            if (!authorization.isEmpty())
                request.headers = {{"Authorization", authorization}};
            request.headers.emplaceBack("Content-Type", "application/x-www-form-urlencoded");
            request.body = body;
            const auto response = test::await(m_http.send(request), 5000);
            QVERIFY(response);
            QCOMPARE(response->status, status);
            // The echo is there, to be kept out of what is shown.
            QVERIFY(std::all_of(secrets.cbegin(), secrets.cend(), [&response](const QString &secret) {
                return response->body.contains(secret.toLatin1());
            }));
            const ApiError error = ApiError::fromResponse(*response, u"reading the allowlist"_s);
            const QString shown = error.toString() + u'\n' + Authenticator::refusalMessage(*response) + u'\n' +
                                  response->correlationId() + u'\n' +
                                  QString::fromLatin1(response->header("inin-correlation-id"));
            for (const QString &secret : secrets)
                QVERIFY2(!shown.contains(secret), qPrintable(u"shows "_s + secret + u":\n"_s + shown));
            QVERIFY2(shown.contains(u"***"_s), qPrintable(shown));
            QVERIFY2(!error.toString().contains(QChar(0x1b)) && !response->correlationId().contains(QChar(0x1b)),
                     qPrintable(shown));
        }
    }

    void tricklingAnswerHitsTheDeadline()
    {
        // A byte every 100 ms: never 500 ms of silence, so only a deadline for the whole exchange ends it.
        test::ScriptedServer trickle(
            {"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n", "1", 100, 1000});
        const auto response = test::await(m_http.send(get(trickle.url(), 500)), 5000);
        QVERIFY2(response, "the request was still running after 5 s");
        QVERIFY(response->timedOut);
        QCOMPARE(response->status, 0);
        const ApiError error = ApiError::fromResponse(*response, QStringLiteral("reading the allowlist"));
        QCOMPARE(error.kind, ApiError::Kind::Timeout);
        QVERIFY(error.message.contains(u"timed out"));
    }

    void oversizedAnswerIsRefused_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::newRow("declared by Content-Length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4194304\r\n\r\n");
        QTest::newRow("streamed without a length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
        QTest::newRow("streamed in chunks")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
        QTest::newRow("an error status with a large body")
            << QByteArray("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4194304\r\n\r\n");
    }

    void oversizedAnswerIsRefused()
    {
        QFETCH(QByteArray, head);
        const bool chunked = head.contains("chunked");
        // 4 MiB in all, sent as fast as the client reads; the client allows 64 KiB.
        const QByteArray piece(64 * KiB, 'x');
        const QByteArray chunk = chunked ? QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n" : piece;
        test::ScriptedServer big({head, chunk, 1, 64 * chunk.size()});
        const auto response = test::await(m_http.send(get(big.url(), 10000, 64 * KiB)));
        QVERIFY(response);
        QVERIFY(response->tooLarge);
        QVERIFY(!response->timedOut);
        QCOMPARE(response->status, 0); // not a status the caller could act on, or retry
        QVERIFY(response->body.isEmpty());
        const ApiError error = ApiError::fromResponse(*response, QStringLiteral("reading the allowlist"));
        QCOMPARE(error.kind, ApiError::Kind::BadResponse);
        QVERIFY2(error.message.contains(u"larger than the 64 KiB limit"), qPrintable(error.message));
    }

    void answerAtTheLimitIsKept()
    {
        test::ScriptedServer exact({"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 65536\r\n\r\n",
                                    QByteArray(16 * KiB, 'x'), 1, 64 * KiB});
        const auto response = test::await(m_http.send(get(exact.url(), 10000, 64 * KiB)));
        QVERIFY(response);
        QVERIFY(!response->tooLarge);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body.size(), 64 * KiB);
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
