#include "testsupport.h"

#include <orgapi/secretstore.h>

#include <QSignalSpy>
#include <QTest>

using namespace alc;

class TestSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void memoryOnlyWhenTheKeychainIsOff()
    {
        SecretStore store;
        store.setKeychainEnabled(false);
        const auto written = test::await(store.write(
            SecretStore::clientSecretKey(QUrl(QStringLiteral("https://login.mypurecloud.ie")), QStringLiteral("c")),
            QStringLiteral("s")));
        QVERIFY(written && !written->persistent);
        QVERIFY(written->warning.contains(u"memory"));
        const auto read = test::await(store.read(
            SecretStore::clientSecretKey(QUrl(QStringLiteral("https://login.mypurecloud.ie")), QStringLiteral("c"))));
        QVERIFY(read && read->secret);
        QCOMPARE(*read->secret, QStringLiteral("s"));
        QVERIFY(!read->persistent);
        test::await(store.remove(
            SecretStore::clientSecretKey(QUrl(QStringLiteral("https://login.mypurecloud.ie")), QStringLiteral("c"))));
        QVERIFY(!test::await(store.read(SecretStore::clientSecretKey(
                                 QUrl(QStringLiteral("https://login.mypurecloud.ie")), QStringLiteral("c"))))
                     ->secret);
    }

    void keysNameTheClientAndTheLoginHost()
    {
        const QUrl region(QStringLiteral("https://Login.mypurecloud.ie/"));
        QCOMPARE(SecretStore::clientSecretKey(region, QStringLiteral("abc")),
                 QStringLiteral("client-secret/login.mypurecloud.ie/abc"));
        QCOMPARE(SecretStore::refreshTokenKey(region, QStringLiteral("abc")),
                 QStringLiteral("refresh-token/login.mypurecloud.ie/abc"));
        // Another port is another service: a secret kept for one is never sent to the other.
        QCOMPARE(SecretStore::clientSecretKey(QUrl(QStringLiteral("http://127.0.0.1:9999")), QStringLiteral("abc")),
                 QStringLiteral("client-secret/127.0.0.1:9999/abc"));
    }

    // Whatever this machine offers, the secret comes back and the caller learns where it lives.
    void keychainOrAnnouncedFallback()
    {
        SecretStore store(QStringLiteral("allowlist-console-test"));
        QSignalSpy memoryOnly(&store, &SecretStore::memoryOnly);
        const QString key = QStringLiteral("test/") + QString::number(QCoreApplication::applicationPid());
        const auto written = test::await(store.write(key, QStringLiteral("value")), 30000);
        QVERIFY(written);
        if (!written->persistent) {
            QVERIFY(written->warning.contains(u"memory for this session only"));
            QCOMPARE(memoryOnly.size(), 1);
        }
        const auto read = test::await(store.read(key), 30000);
        QVERIFY(read && read->secret);
        QCOMPARE(*read->secret, QStringLiteral("value"));
        test::await(store.remove(key), 30000);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
