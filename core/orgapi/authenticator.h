#pragma once

#include "apierror.h"
#include "regions.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QUrl>

#include <optional>

namespace alc {

class HttpClient;
class LoopbackReceiver;

// Signs in to a Genesys Cloud org and keeps the access token fresh.
//  - client credentials: POST /oauth/token with Basic base64(id:secret); the audit log names the
//    OAuth client, not a person.
//  - authorization code + PKCE (S256) in the system browser with a loopback redirect: no secret,
//    and the audit log names the signed-in admin.
// Secrets stay in memory here; persisting them is SecretStore's job.
class Authenticator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Authenticator)

public:
    enum class Grant { None, ClientCredentials, AuthorizationCode };

    struct PkceSignIn
    {
        QUrl authorizeUrl;          // open it in the system browser (the CLI prints it)
        QUrl redirectUri;           // http://127.0.0.1:<port>/callback
        QFuture<ApiError> finished; // no error once the code was exchanged for a token
    };

    Authenticator(HttpClient *http, OrgEndpoint endpoint, QObject *parent = nullptr);
    ~Authenticator() override;

    void setRequestTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setPkceTimeoutMs(int ms) { m_pkceTimeoutMs = ms; }
    const OrgEndpoint &endpoint() const { return m_endpoint; }

    QFuture<ApiError> signInWithClientCredentials(const QString &clientId, const QString &clientSecret);
    // Starts the loopback receiver (port 0: any free port) and returns the URL to open.
    std::optional<PkceSignIn> beginPkceSignIn(const QString &clientId, quint16 redirectPort, QString *error);
    // Resumes a PKCE session from a refresh token kept in the keychain.
    QFuture<ApiError> signInWithRefreshToken(const QString &clientId, const QString &refreshToken);
    // A new access token through the same grant; concurrent callers share one request.
    QFuture<ApiError> refresh();
    void signOut();

    bool isSignedIn() const { return !m_accessToken.isEmpty(); }
    Grant grant() const { return m_grant; }
    QString clientId() const { return m_clientId; }
    QString accessToken() const { return m_accessToken; }
    QDateTime expiresAt() const { return m_expiresAt; }
    // Only for SecretStore; never print or log it.
    QString refreshToken() const { return m_refreshToken; }

    // RFC 7636: 43–128 characters from the unreserved set.
    static QString makeCodeVerifier(int length = 64);
    static QString codeChallenge(const QString &verifier); // BASE64URL(SHA256(verifier)), no padding
    static QString makeState();
    static QByteArray formEncode(const QList<std::pair<QString, QString>> &fields);

    // What a token endpoint's 200 answer carries; nullopt when it is not JSON with an access_token.
    struct TokenResponse
    {
        QString accessToken;
        QString refreshToken;
        qint64 expiresInSeconds = 86400;
    };
    static std::optional<TokenResponse> parseTokenResponse(const QByteArray &body);
    // The words for a refused sign-in, from an OAuth error body ({"error", "error_description"}),
    // safe to print (serverText()) and without the secrets the request sent.
    static QString refusalMessage(const HttpResponse &response);

Q_SIGNALS:
    void signedIn();
    void signedOut();
    // The refresh token was issued or rotated; persist it through SecretStore.
    void refreshTokenChanged();

private:
    QFuture<ApiError> requestToken(const QByteArray &form, const HeaderList &extraHeaders, Grant grant);

    HttpClient *m_http = nullptr;
    OrgEndpoint m_endpoint;
    int m_timeoutMs = 30000;
    int m_pkceTimeoutMs = 5 * 60 * 1000;
    Grant m_grant = Grant::None;
    QString m_clientId;
    QString m_clientSecret;
    QString m_accessToken;
    QString m_refreshToken;
    QDateTime m_expiresAt;
    std::optional<QFuture<ApiError>> m_refreshInFlight;
    LoopbackReceiver *m_receiver = nullptr;
};

} // namespace alc
