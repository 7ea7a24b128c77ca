#pragma once

#include <orgapi/apierror.h>
#include <orgapi/regions.h>

#include <QFuture>
#include <QObject>
#include <QUrl>

#include <memory>

namespace alc {
class Authenticator;
class HttpClient;
class Journal;
class OrgClient;
class OrgSession;
class SecretStore;
} // namespace alc

namespace alc::ui {

// A connection profile as the user picks it; no secret in it, so it can live in QSettings.
struct OrgProfile
{
    QString region; // a region domain, or empty with explicit URLs (sandbox)
    QUrl apiUrl;
    QUrl loginUrl;
    QString clientId;
    bool pkce = false;
    quint16 redirectPort = 8085;
    QString displayName() const;
};

// The window's live connection to one org: the core objects for one endpoint, created on
// connect. Thin glue: the work is in core's Authenticator, OrgClient and OrgSession.
class OrgConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrgConnection)

public:
    OrgConnection(HttpClient *http, Journal *journal, SecretStore *secrets, QObject *parent = nullptr);
    ~OrgConnection() override;

    // Signs in (client credentials with the secret, or PKCE in the browser) and identifies the org.
    // Client credentials: a typed secret that signs in is kept in the OS keychain (in memory when
    // none runs: secretKeptInMemory says so) unless `rememberSecret` is false (the demo's); with no
    // secret typed, the one kept for that client id is used.
    QFuture<ApiError> connectTo(const OrgProfile &profile, const QString &clientSecret, bool rememberSecret = true);
    void disconnectFromOrg();
    bool isConnected() const { return m_connected; }
    const OrgProfile &profile() const { return m_profile; }

    OrgSession *session() const { return m_session; }
    OrgClient *client() const { return m_client; }
    Journal *journal() const { return m_journal; }
    SecretStore *secrets() const { return m_secrets; }

Q_SIGNALS:
    // PKCE: open this URL in the system browser (the window uses QDesktopServices).
    void browserSignInRequested(const QUrl &url);
    void connectionChanged();
    // The client secret could not go to the keychain: kept in memory until the app closes.
    void secretKeptInMemory(const QString &reason);
    // The org client waits before retrying (429 Retry-After, 5xx backoff): for a countdown.
    void retryScheduled(const QString &what, const QString &reason, int delayMs, int nextAttempt, int maxAttempts);

private:
    HttpClient *m_http;
    Journal *m_journal;
    SecretStore *m_secrets;
    OrgProfile m_profile;
    Authenticator *m_auth = nullptr;
    OrgClient *m_client = nullptr;
    OrgSession *m_session = nullptr;
    bool m_connected = false;
};

} // namespace alc::ui
