#include "scriptedserver.h"
#include "testsupport.h"

#include <orgapi/apierror.h>
#include <orgapi/httpclient.h>

#include <QTest>

using namespace alc;

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
