#include <orgapi/retrypolicy.h>

#include <QTest>

using namespace alc;

class TestRetryPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backoffDoublesWithJitterAndCap_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<double>("jitter");
        QTest::addColumn<int>("expected");
        QTest::newRow("first, no jitter: half the base") << 1 << 0.0 << 500;
        QTest::newRow("first, full jitter: the base") << 1 << 1.0 << 1000;
        QTest::newRow("second doubles") << 2 << 1.0 << 2000;
        QTest::newRow("third doubles again") << 3 << 0.5 << 3000;
        QTest::newRow("capped at 30 s") << 10 << 1.0 << 30000;
        QTest::newRow("huge attempt stays capped") << 1000 << 1.0 << 30000;
    }

    void backoffDoublesWithJitterAndCap()
    {
        QFETCH(int, attempt);
        QFETCH(double, jitter);
        QFETCH(int, expected);
        QCOMPARE(RetryPolicy().backoffDelayMs(attempt, jitter), expected);
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("expected");
        QTest::newRow("seconds") << QByteArray("5") << 5000;
        QTest::newRow("capped at 180 s") << QByteArray("3600") << 180000;
        QTest::newRow("negative is now") << QByteArray("-3") << 0;
        QTest::newRow("HTTP date") << QByteArray("Fri, 27 Nov 2026 12:00:30 GMT") << 30000;
        QTest::newRow("missing: backoff") << QByteArray() << 1000;
        QTest::newRow("garbage: backoff") << QByteArray("soon") << 1000;
    }

    void retryAfter()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, expected);
        const QDateTime now(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);
        QCOMPARE(RetryPolicy().retryAfterDelayMs(header, 1, 1.0, now), expected);
    }

    void scaleShrinksEveryWait()
    {
        RetryPolicy policy;
        policy.scale = 0.001;
        QCOMPARE(policy.retryAfterDelayMs("120", 1, 0.0), 120);
        QCOMPARE(policy.backoffDelayMs(4, 1.0), 8);
    }

    void retryableStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retryable");
        QTest::newRow("429") << 429 << true;
        QTest::newRow("500") << 500 << true;
        QTest::newRow("503") << 503 << true;
        QTest::newRow("501 is not") << 501 << false;
        QTest::newRow("400 is not") << 400 << false;
        QTest::newRow("401 is handled by refresh") << 401 << false;
    }

    void retryableStatuses()
    {
        QFETCH(int, status);
        QFETCH(bool, retryable);
        QCOMPARE(RetryPolicy::isRetryableStatus(status), retryable);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
