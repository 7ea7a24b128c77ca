#pragma once

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace alc {

// Client secrets and refresh tokens in the OS keychain (QtKeychain). Where no keychain service
// runs, they are kept in memory for this session only and the caller is told through
// `persistent == false` and the memoryOnly() signal. Secrets never go to QSettings or files.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    struct ReadResult
    {
        std::optional<QString> secret;
        bool persistent = true; // false: the keychain was unavailable, only memory was consulted
        QString warning;
    };
    struct WriteResult
    {
        bool persistent = true; // false: kept in memory for this session only
        QString warning;
    };

    explicit SecretStore(QString service = QStringLiteral("allowlist-console"), QObject *parent = nullptr);

    // Off: memory only (tests, or a user who refuses the keychain).
    void setKeychainEnabled(bool enabled) { m_keychainEnabled = enabled; }
    bool isKeychainEnabled() const { return m_keychainEnabled; }

    QFuture<ReadResult> read(const QString &key);
    QFuture<WriteResult> write(const QString &key, const QString &secret);
    QFuture<WriteResult> remove(const QString &key);

    // Keys used by the console: "client-secret/<login host>/<client id>" and
    // "refresh-token/<login host>/<client id>", the host with its port when it has one. A secret is
    // only ever sent to the login service it was kept for: a profile whose login URL was changed
    // (in the settings file, say) finds none.
    static QString clientSecretKey(const QUrl &loginBase, const QString &clientId);
    static QString refreshTokenKey(const QUrl &loginBase, const QString &clientId);

Q_SIGNALS:
    void memoryOnly(const QString &reason);

private:
    QString m_service;
    bool m_keychainEnabled = true;
    QHash<QString, QString> m_memory;
};

} // namespace alc
