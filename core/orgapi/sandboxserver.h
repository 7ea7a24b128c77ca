#pragma once

#include "orgclient.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

class QTcpSocket;

namespace alc {

// What the sandbox org is: its name, the credentials it accepts, its list and its rules.
struct SandboxConfig
{
    QString orgId = QStringLiteral("00000000-0000-4000-8000-000000000001");
    QString orgName = QStringLiteral("Sandbox Org");
    QString clientId = QStringLiteral("sandbox-client");
    QString clientSecret = QStringLiteral("sandbox-secret"); // for client credentials; PKCE needs none
    QString userId = QStringLiteral("00000000-0000-4000-8000-0000000000aa");
    QString userName = QStringLiteral("Sandbox Admin");
    QString userEmail = QStringLiteral("admin@sandbox.example");
    QString callerIp = QStringLiteral("81.2.69.142"); // the address the sandbox pretends callers use
    QStringList allowlist;
    QList<IpRange> ipRanges = sampleIpRanges();
    int rateLimitRequests = 0; // API requests allowed per window; 0: unlimited
    int rateLimitWindowMs = 1000;
    int retryAfterSeconds = 1; // sent with every 429
    int tokenLifetimeSeconds = 86400;
    bool autoApprove = false; // GET /oauth/authorize redirects at once instead of showing the page
    // Bounds, since any web page can POST to a server on 127.0.0.1 and --demo runs it in the GUI.
    qint64 maxBodyBytes = 1024 * 1024; // a larger request body is answered 413 and not read
    int maxTokens = 1000;              // live access tokens, refresh tokens and sign-in codes, each; oldest dropped
    int maxRecordedPatches = 100;      // patchBodies() keeps the last ones

    // "Demo Org (sandbox)": a sample list of documentation/example ranges and a caller IP inside one.
    static SandboxConfig demoConfig();
    // Sample data in the shape of GET /api/v2/ipranges; not Genesys's real ranges.
    static QList<IpRange> sampleIpRanges();
};

// Failures to inject, for tests; each counter is consumed by the next API requests (/api/…).
struct SandboxFaults
{
    int delayMs = 0;         // every API answer waits this long
    int resets = 0;          // close the connection without an answer
    int tooManyRequests = 0; // 429 with Retry-After: retryAfterSeconds
    int serverErrors = 0;    // answer serverErrorStatus
    int serverErrorStatus = 503;
    int unauthorized = 0;         // 401, as if the token had expired
    int forbidden = 0;            // 403, as if the permission were missing
    int malformedBodies = 0;      // 200 with a truncated JSON body
    bool alterStoredList = false; // PATCH stores the list without its last entry (a verify mismatch)
    int appliedButFailed = 0;     // a PATCH stores the list, then answers 502 (a gateway lost the answer)
    // Once the next PATCH has stored the list, the next N API requests answer serverErrorStatus:
    // with appliedButFailed, the push cannot read the list before sending again (outcome unknown).
    int outageAfterPatch = 0;
};

// A local, documented-behaviour stand-in for a Genesys Cloud org on 127.0.0.1: OAuth (client
// credentials, authorization code + PKCE with a local sign-in page, refresh), GET/PATCH
// authentication settings with the allowlist rules, GET ipranges, users/me, organizations/me.
// Also GET /echo, which answers the configured caller IP like a public-IP echo service.
class SandboxServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxServer)

public:
    explicit SandboxServer(SandboxConfig config = {}, QObject *parent = nullptr);
    ~SandboxServer() override;

    // Listens on 127.0.0.1; port 0 picks a free one. Returns the port, 0 on failure.
    quint16 listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // http://127.0.0.1:<port>; both --api-url and --login-url
    // The endpoint to give Authenticator/OrgClient, labelled with the org name.
    OrgEndpoint endpoint() const;
    // Its public-IP echo (answers the caller IP), for PublicIpDetector::setServices().
    QUrl echoUrl() const;

    SandboxConfig &config() { return m_config; }
    const SandboxConfig &config() const { return m_config; }
    SandboxFaults &faults() { return m_faults; }

    QStringList allowlist() const { return m_config.allowlist; }
    void setAllowlist(const QStringList &list) { m_config.allowlist = list; }
    // The last PATCH bodies received (config().maxRecordedPatches), verbatim, for tests that check
    // what was sent.
    const QList<QByteArray> &patchBodies() const { return m_patchBodies; }
    int requestCount() const { return m_requestCount; }
    // The access and refresh tokens issued so far (the last 2 × config().maxTokens), for tests that
    // check none is written anywhere.
    const QStringList &issuedTokens() const { return m_issuedTokens; }

Q_SIGNALS:
    // correlationId: the inin-correlation-id the answer carried (empty when there was none).
    void requestHandled(const QString &method, const QString &path, int status, const QString &correlationId = {});

private:
    class Backend;
    class Listener;
    struct Reply
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    // `serial` orders the entries of a store by age, so the oldest is the one dropped at the cap.
    struct Token
    {
        bool user = false; // authorization code grant: a user context exists
        QDateTime expires;
        quint64 serial = 0;
    };
    struct RefreshToken
    {
        QString clientId;
        quint64 serial = 0;
    };
    struct PendingCode
    {
        QString clientId;
        QString redirectUri;
        QString challenge;
        quint64 serial = 0;
    };

    void handle(const QByteArray &method, const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                const QByteArray &body, QTcpSocket *socket);
    Reply route(const QByteArray &method, const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                const QByteArray &body);
    Reply token(const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    Reply authorize(const QByteArray &method, const QUrl &url, const QByteArray &body);
    Reply patchSettings(const QByteArray &body);
    Reply settings() const;
    Reply issueToken(bool user);
    static Reply error(int status, const QString &message, const QByteArray &code = "bad.request");
    bool rateLimited();
    static QByteArray encode(const Reply &reply, const QString &correlationId);
    void write(QTcpSocket *socket, const Reply &reply, const QString &correlationId);
    // Answers a request the listener stopped before it was read whole (413, 431).
    void refuse(QTcpSocket *socket, int status, const QByteArray &requestLine);

    SandboxConfig m_config;
    SandboxFaults m_faults;
    std::unique_ptr<Backend> m_backend;
    quint16 m_port = 0;
    QHash<QString, Token> m_tokens;
    QHash<QString, RefreshToken> m_refreshTokens;
    QHash<QString, PendingCode> m_codes;
    quint64 m_nextSerial = 0;
    QList<QByteArray> m_patchBodies;
    QStringList m_issuedTokens;
    QList<qint64> m_recentRequests; // ms timestamps for the rate limit
    int m_requestCount = 0;
};

} // namespace alc
