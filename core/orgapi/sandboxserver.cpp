#include "sandboxserver.h"

#include "authenticator.h"

#include <rules/cidrparser.h>
#include <rules/validator.h>

#include <QAbstractHttpServer>
#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <limits>
#include <memory>
#include <utility>

namespace alc {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray headerValue(const QList<std::pair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QString htmlEscape(const QString &text)
{
    return text.toHtmlEscaped();
}

// Drops the oldest entries (lowest serial) of a store until at most `cap` are left.
template <typename Store> void dropOldest(Store &store, int cap)
{
    while (store.size() > std::max(cap, 1)) {
        store.erase(std::min_element(store.begin(), store.end(),
                                     [](const auto &a, const auto &b) { return a.serial < b.serial; }));
    }
}

// Appends to a record and keeps only its last `cap` items.
template <typename List, typename Item> void appendCapped(List &list, Item item, int cap)
{
    list.append(std::move(item));
    if (list.size() > std::max(cap, 0))
        list.remove(0, list.size() - std::max(cap, 0));
}

// The largest Content-Length in a request head (request line and header lines), -1 when none.
qint64 declaredLength(const QByteArray &head)
{
    qint64 length = -1;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon < 0 || lines.at(i).left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) != 0)
            continue;
        bool ok = false;
        const qint64 value = lines.at(i).mid(colon + 1).trimmed().toLongLong(&ok);
        length = ok ? std::max(length, value) : std::numeric_limits<qint64>::max();
    }
    return length;
}

constexpr qint64 MaxHeadBytes = 64 * 1024;
constexpr int LingerMs = 2000;

} // namespace

class SandboxServer::Backend final : public QAbstractHttpServer
{
    Q_DISABLE_COPY_MOVE(Backend)

public:
    explicit Backend(SandboxServer *owner)
        : m_owner(owner)
    {}

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_owner->handle(methodName(request.method()), request.url(), request.headers(), request.body(), socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_owner->handle(methodName(request.method()), request.url(), request.headers(), request.body(), socket);
    }

private:
    static QByteArray methodName(QHttpServerRequest::Method method)
    {
        switch (method) {
        case QHttpServerRequest::Method::Get:
            return "GET";
        case QHttpServerRequest::Method::Put:
            return "PUT";
        case QHttpServerRequest::Method::Delete:
            return "DELETE";
        case QHttpServerRequest::Method::Post:
            return "POST";
        case QHttpServerRequest::Method::Head:
            return "HEAD";
        case QHttpServerRequest::Method::Options:
            return "OPTIONS";
        case QHttpServerRequest::Method::Patch:
            return "PATCH";
        default:
            return "OTHER";
        }
    }

    SandboxServer *m_owner;
};

// Qt HttpServer 6.4 reads a whole request, body included, before any handler sees it, and has no
// size limit. This listener makes each connection's socket, so its own readyRead handler runs before
// the server's and can stop a request that is too large before the server reads the rest.
class SandboxServer::Listener final : public QTcpServer
{
    Q_DISABLE_COPY_MOVE(Listener)

public:
    explicit Listener(SandboxServer *owner)
        : m_owner(owner)
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        const qint64 allowed = MaxHeadBytes + std::max<qint64>(m_owner->m_config.maxBodyBytes, 0);
        // A request the server holds unconsumed can then never make Qt read more than this from the OS.
        socket->setReadBufferSize(allowed + MaxHeadBytes);
        auto seen = std::make_shared<Seen>();
        connect(socket, &QTcpSocket::readyRead, this,
                [this, socket, seen, allowed] { inspect(socket, *seen, allowed); });
        addPendingConnection(socket);
    }

private:
    struct Seen
    {
        QByteArray head; // up to the blank line
        bool headComplete = false;
        qint64 declared = -1; // Content-Length
        qint64 bytes = 0;     // everything received on the connection
    };

    void inspect(QTcpSocket *socket, Seen &seen, qint64 allowed)
    {
        // The server reads all there is at every readyRead, so what is unread now is new.
        const qint64 fresh = socket->bytesAvailable();
        seen.bytes += fresh;
        if (!seen.headComplete) {
            seen.head += socket->peek(std::min<qint64>(fresh, MaxHeadBytes - seen.head.size()));
            const qsizetype end = seen.head.indexOf("\r\n\r\n");
            if (end >= 0) {
                seen.headComplete = true;
                seen.head.truncate(end);
                seen.declared = declaredLength(seen.head);
            } else if (seen.head.size() >= MaxHeadBytes) {
                stop(socket, 431, seen.head);
                return;
            }
        }
        // `allowed` catches a chunked body, or one longer than its Content-Length said.
        if (seen.declared > m_owner->m_config.maxBodyBytes || seen.bytes > allowed)
            stop(socket, 413, seen.head);
    }

    void stop(QTcpSocket *socket, int status, const QByteArray &head)
    {
        // Detach the HTTP server, which would go on buffering, and drop what it holds.
        disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
        if (socket->isTransactionStarted())
            socket->commitTransaction();
        socket->skip(socket->bytesAvailable());
        m_owner->refuse(socket, status, head.left(head.indexOf("\r\n")));
    }

    SandboxServer *m_owner;
};

SandboxConfig SandboxConfig::demoConfig()
{
    SandboxConfig config;
    config.orgName = QStringLiteral("Demo Org (sandbox)");
    config.userName = QStringLiteral("Demo Admin");
    config.userEmail = QStringLiteral("admin@demo.example");
    // Public ranges used only as examples; the caller (the demo admin) sits in the HQ range.
    config.allowlist = {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"),
                        QStringLiteral("185.53.178.0/24"), QStringLiteral("51.15.0.10/32"),
                        QStringLiteral("34.240.17.9/32")}; // the CRM integration the sample draft forgets
    config.callerIp = QStringLiteral("81.2.69.142");
    config.clientId = QStringLiteral("demo-client");
    config.clientSecret = QStringLiteral("demo-secret");
    return config;
}

QList<IpRange> SandboxConfig::sampleIpRanges()
{
    // Sample data in the documented shape, not Genesys's published ranges.
    return {
        {QStringLiteral("52.129.96.0/20"), QStringLiteral("api (sample)"), QStringLiteral("us-east-1")},
        {QStringLiteral("54.82.241.0/24"), QStringLiteral("api (sample)"), QStringLiteral("us-east-1")},
        {QStringLiteral("3.122.208.0/24"), QStringLiteral("media (sample)"), QStringLiteral("eu-central-1")},
        {QStringLiteral("34.250.105.0/24"), QStringLiteral("smtp (sample)"), QStringLiteral("eu-west-1")},
        {QStringLiteral("13.236.161.0/24"), QStringLiteral("webhooks (sample)"), QStringLiteral("ap-southeast-2")},
    };
}

SandboxServer::SandboxServer(SandboxConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_backend(std::make_unique<Backend>(this))
{}

SandboxServer::~SandboxServer() = default;

quint16 SandboxServer::listen(quint16 port)
{
    auto listener = std::make_unique<Listener>(this);
    if (!listener->listen(QHostAddress::LocalHost, port)) {
        m_port = 0;
        return m_port;
    }
    m_port = listener->serverPort();
    m_backend->bind(listener.release()); // the backend owns it from here
    return m_port;
}

QUrl SandboxServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

OrgEndpoint SandboxServer::endpoint() const
{
    return {baseUrl(), baseUrl(), baseUrl().toString()};
}

QUrl SandboxServer::echoUrl() const
{
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/echo"));
    return url;
}

SandboxServer::Reply SandboxServer::error(int status, const QString &message, const QByteArray &code)
{
    QJsonObject object{{QStringLiteral("message"), message},
                       {QStringLiteral("code"), QString::fromLatin1(code)},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("details"), QJsonArray()},
                       {QStringLiteral("errors"), QJsonArray()}};
    return {status, "application/json", json(object), {}};
}

bool SandboxServer::rateLimited()
{
    if (m_config.rateLimitRequests <= 0)
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    while (!m_recentRequests.isEmpty() && m_recentRequests.constFirst() <= now - m_config.rateLimitWindowMs)
        m_recentRequests.removeFirst();
    if (m_recentRequests.size() >= m_config.rateLimitRequests)
        return true;
    m_recentRequests.append(now);
    return false;
}

QByteArray SandboxServer::encode(const Reply &reply, const QString &correlationId)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    head += "Content-Type: " + reply.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    head += "inin-correlation-id: " + correlationId.toLatin1() + "\r\n";
    head += "Cache-Control: no-store\r\nConnection: close\r\n";
    for (const auto &[key, value] : reply.headers)
        head += key + ": " + value + "\r\n";
    return head + "\r\n" + reply.body;
}

void SandboxServer::write(QTcpSocket *socket, const Reply &reply, const QString &correlationId)
{
    socket->write(encode(reply, correlationId));
    socket->disconnectFromHost();
}

void SandboxServer::refuse(QTcpSocket *socket, int status, const QByteArray &requestLine)
{
    ++m_requestCount;
    const Reply reply = status == 413
                            ? error(413,
                                    QStringLiteral("The request body is larger than the sandbox accepts (%1 bytes).")
                                        .arg(m_config.maxBodyBytes),
                                    "payload.too.large")
                            : error(431, QStringLiteral("The request headers are too large."), "headers.too.large");
    socket->write(encode(reply, newId()));
    // Read on and discard for a while before closing: a close with unread data resets the
    // connection, and the client could lose the answer before it reads it.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->skip(socket->bytesAvailable()); });
    QTimer::singleShot(LingerMs, socket, [socket] { socket->disconnectFromHost(); });
    const QList<QByteArray> parts = requestLine.split(' ');
    Q_EMIT requestHandled(QString::fromLatin1(parts.value(0)), QUrl::fromEncoded(parts.value(1)).path(), status);
}

void SandboxServer::handle(const QByteArray &method, const QUrl &url,
                           const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body,
                           QTcpSocket *socket)
{
    ++m_requestCount;
    const QString correlationId = newId();
    const bool api = url.path().startsWith(u"/api/");
    QPointer<QTcpSocket> guard(socket);

    Reply reply;
    if (api && m_faults.resets > 0) {
        --m_faults.resets;
        Q_EMIT requestHandled(QString::fromLatin1(method), url.path(), 0);
        // Deferred: the HTTP server still holds the socket while this handler runs.
        QTimer::singleShot(0, this, [guard] {
            if (guard)
                guard->abort();
        });
        return;
    }
    if (api && m_faults.tooManyRequests > 0) {
        --m_faults.tooManyRequests;
        reply = error(429,
                      QStringLiteral("Rate limit exceeded the maximum. Retry the request in [%1] seconds")
                          .arg(m_config.retryAfterSeconds),
                      "too.many.requests");
        reply.headers.emplaceBack("Retry-After", QByteArray::number(m_config.retryAfterSeconds));
    } else if (api && rateLimited()) {
        reply = error(429,
                      QStringLiteral("Rate limit exceeded the maximum. Retry the request in [%1] seconds")
                          .arg(m_config.retryAfterSeconds),
                      "too.many.requests");
        reply.headers.emplaceBack("Retry-After", QByteArray::number(m_config.retryAfterSeconds));
    } else if (api && m_faults.serverErrors > 0) {
        --m_faults.serverErrors;
        reply = error(m_faults.serverErrorStatus,
                      QStringLiteral("The service is temporarily unavailable (sandbox fault)"), "service.unavailable");
    } else if (api && m_faults.unauthorized > 0) {
        --m_faults.unauthorized;
        reply = error(401, QStringLiteral("Invalid login credentials."), "bad.credentials");
    } else if (api && m_faults.forbidden > 0) {
        --m_faults.forbidden;
        reply = error(403, QStringLiteral("You are not authorized to perform the requested action."), "not.authorized");
    } else if (api && m_faults.malformedBodies > 0) {
        --m_faults.malformedBodies;
        reply = {200, "application/json", "{\"ipAddressAllowlist\": [\"81.2.69.0/24\", ", {}};
    } else {
        reply = route(method, url, headers, body);
        if (api && method == "PATCH" && reply.status == 200) {
            m_faults.serverErrors += std::exchange(m_faults.outageAfterPatch, 0);
            if (m_faults.appliedButFailed > 0) {
                --m_faults.appliedButFailed;
                reply =
                    error(502, QStringLiteral("Bad gateway (sandbox fault, after the list was stored)"), "bad.gateway");
            }
        }
    }

    const QString path = url.path();
    const auto send = [this, guard, reply, correlationId, method, path] {
        if (!guard)
            return;
        write(guard, reply, correlationId);
        Q_EMIT requestHandled(QString::fromLatin1(method), path, reply.status, correlationId);
    };
    if (api && m_faults.delayMs > 0)
        QTimer::singleShot(m_faults.delayMs, this, send);
    else
        send();
}

SandboxServer::Reply SandboxServer::route(const QByteArray &method, const QUrl &url,
                                          const QList<std::pair<QByteArray, QByteArray>> &headers,
                                          const QByteArray &body)
{
    const QString path = url.path();
    if (path == u"/oauth/token")
        return method == "POST" ? token(headers, body) : error(405, QStringLiteral("POST only"));
    if (path == u"/oauth/authorize")
        return authorize(method, url, body);
    if (path == u"/echo" && method == "GET")
        return {200, "text/plain", m_config.callerIp.toLatin1() + '\n', {}};
    if (!path.startsWith(u"/api/"))
        return error(404, QStringLiteral("Not found"), "not.found");

    // Every API call needs a live bearer token.
    const QByteArray authorization = headerValue(headers, "Authorization");
    const QString tokenText =
        QString::fromLatin1(authorization.startsWith("Bearer ") ? authorization.mid(7) : QByteArray());
    const auto tokenIt = m_tokens.constFind(tokenText);
    if (tokenIt == m_tokens.cend() || tokenIt->expires < QDateTime::currentDateTimeUtc())
        return error(401, QStringLiteral("Invalid login credentials."), "bad.credentials");

    if (path == u"/api/v2/organizations/authentication/settings") {
        if (method == "GET")
            return settings();
        if (method == "PATCH")
            return patchSettings(body);
        return error(405, QStringLiteral("Method not allowed"));
    }
    if (path == u"/api/v2/ipranges" && method == "GET") {
        QJsonArray entities;
        for (const IpRange &range : m_config.ipRanges)
            entities.append(QJsonObject{{QStringLiteral("cidr"), range.cidr},
                                        {QStringLiteral("service"), range.service},
                                        {QStringLiteral("awsRegion"), range.region}});
        return {200, "application/json", json({{QStringLiteral("entities"), entities}}), {}};
    }
    if (path == u"/api/v2/users/me" && method == "GET") {
        if (!tokenIt->user)
            return error(400,
                         QStringLiteral("This request requires a user context. Client credentials cannot be used for "
                                        "requests to this resource."));
        return {200,
                "application/json",
                json({{QStringLiteral("id"), m_config.userId},
                      {QStringLiteral("name"), m_config.userName},
                      {QStringLiteral("email"), m_config.userEmail},
                      {QStringLiteral("state"), QStringLiteral("active")}}),
                {}};
    }
    if (path == u"/api/v2/organizations/me" && method == "GET") {
        return {200,
                "application/json",
                json({{QStringLiteral("id"), m_config.orgId},
                      {QStringLiteral("name"), m_config.orgName},
                      {QStringLiteral("state"), QStringLiteral("active")}}),
                {}};
    }
    return error(404, QStringLiteral("The requested resource was not found (sandbox)."), "not.found");
}

SandboxServer::Reply SandboxServer::settings() const
{
    // The other OrgAuthSettings fields exist so a client that echoes them back is caught.
    QJsonObject object{{QStringLiteral("multifactorAuthenticationRequired"), false},
                       {QStringLiteral("domainAllowlistEnabled"), false},
                       {QStringLiteral("domainAllowlist"), QJsonArray()},
                       {QStringLiteral("ipAddressAllowlist"), QJsonArray::fromStringList(m_config.allowlist)},
                       {QStringLiteral("passwordRequirements"), QJsonObject{{QStringLiteral("minimumLength"), 8}}}};
    return {200, "application/json", json(object), {}};
}

SandboxServer::Reply SandboxServer::patchSettings(const QByteArray &body)
{
    appendCapped(m_patchBodies, body, m_config.maxRecordedPatches);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(400, QStringLiteral("The request body could not be parsed as JSON."));
    const QJsonObject object = document.object();
    // Stricter than the service on purpose: the console must never send other settings.
    if (object.size() != 1 || !object.contains(u"ipAddressAllowlist"))
        return error(400, QStringLiteral("Sandbox: only ipAddressAllowlist may be sent; other OrgAuthSettings fields "
                                         "would overwrite the org's settings."));
    const QJsonValue value = object.value(u"ipAddressAllowlist");
    if (!value.isArray())
        return error(400, QStringLiteral("ipAddressAllowlist must be a list of CIDR strings."));
    const QJsonArray array = value.toArray();
    if (array.size() > Allowlist::MaxEntries)
        return error(400, QStringLiteral("The IP address allowlist may contain at most %1 entries; %2 were given.")
                              .arg(Allowlist::MaxEntries)
                              .arg(array.size()));
    QStringList list;
    std::vector<Ipv4Network> networks;
    for (const QJsonValue item : array) {
        const QString text = item.toString();
        const ParsedCidr parsed = CidrParser::parse(text);
        if (parsed.kind == ParsedCidr::Kind::Ipv6 || CidrParser::looksLikeIpv6(text))
            return error(400,
                         QStringLiteral("IPv6 addresses are not supported in the IP address allowlist: %1").arg(text));
        if (!item.isString() || !parsed.isIpv4() || text.trimmed() != text)
            return error(400, QStringLiteral("'%1' is not a valid IPv4 address or CIDR range.").arg(text));
        list.append(text);
        networks.push_back(parsed.network);
    }
    const auto caller = Ipv4Address::parse(m_config.callerIp);
    if (caller && !Validator::covers(networks, *caller))
        return error(400, QStringLiteral("The IP address allowlist must include the IP address of the caller (%1); "
                                         "otherwise you would be locked out.")
                              .arg(m_config.callerIp));
    if (m_faults.alterStoredList && !list.isEmpty())
        list.removeLast();
    m_config.allowlist = list;
    return settings();
}

SandboxServer::Reply SandboxServer::issueToken(bool user)
{
    const QString accessToken = QStringLiteral("sbx-at-") + newId();
    m_tokens.insert(accessToken,
                    {user, QDateTime::currentDateTimeUtc().addSecs(m_config.tokenLifetimeSeconds), ++m_nextSerial});
    dropOldest(m_tokens, m_config.maxTokens);
    appendCapped(m_issuedTokens, accessToken, 2 * m_config.maxTokens);
    QJsonObject object{{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("bearer")},
                       {QStringLiteral("expires_in"), m_config.tokenLifetimeSeconds}};
    if (user) {
        const QString refreshToken = QStringLiteral("sbx-rt-") + newId();
        m_refreshTokens.insert(refreshToken, {m_config.clientId, ++m_nextSerial});
        dropOldest(m_refreshTokens, m_config.maxTokens);
        appendCapped(m_issuedTokens, refreshToken, 2 * m_config.maxTokens);
        object.insert(QStringLiteral("refresh_token"), refreshToken);
    }
    return {200, "application/json", json(object), {}};
}

SandboxServer::Reply SandboxServer::token(const QList<std::pair<QByteArray, QByteArray>> &headers,
                                          const QByteArray &body)
{
    const QUrlQuery form(QString::fromUtf8(body));
    const auto field = [&form](const char16_t *name) {
        return form.queryItemValue(QString::fromUtf16(name), QUrl::FullyDecoded);
    };
    const auto oauthError = [](int status, const QString &code, const QString &description) {
        return Reply{status,
                     "application/json",
                     json({{QStringLiteral("error"), code},
                           {QStringLiteral("description"), description},
                           {QStringLiteral("error_description"), description}}),
                     {}};
    };
    const QString grant = field(u"grant_type");
    if (grant == u"client_credentials") {
        const QByteArray authorization = headerValue(headers, "Authorization");
        const QByteArray expected =
            "Basic " + QByteArray(m_config.clientId.toUtf8() + ':' + m_config.clientSecret.toUtf8()).toBase64();
        if (authorization != expected)
            return oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("client authentication failed"));
        return issueToken(false);
    }
    if (grant == u"authorization_code") {
        if (!m_codes.contains(field(u"code")))
            return oauthError(400, QStringLiteral("invalid_grant"),
                              QStringLiteral("unknown or used authorization code"));
        const PendingCode pending = m_codes.take(field(u"code")); // one use only
        const QString verifier = field(u"code_verifier");
        if (field(u"client_id") != pending.clientId || field(u"redirect_uri") != pending.redirectUri)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("client or redirect URI mismatch"));
        if (verifier.size() < 43 || verifier.size() > 128 ||
            Authenticator::codeChallenge(verifier) != pending.challenge)
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("PKCE verification failed"));
        return issueToken(true);
    }
    if (grant == u"refresh_token") {
        const auto it = m_refreshTokens.constFind(field(u"refresh_token"));
        if (it == m_refreshTokens.cend() || it->clientId != field(u"client_id"))
            return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown refresh token"));
        m_refreshTokens.erase(it); // rotated
        return issueToken(true);
    }
    return oauthError(400, QStringLiteral("unsupported_grant_type"), QStringLiteral("unsupported grant type"));
}

SandboxServer::Reply SandboxServer::authorize(const QByteArray &method, const QUrl &url, const QByteArray &body)
{
    const QUrlQuery query = method == "POST" ? QUrlQuery(QString::fromUtf8(body)) : QUrlQuery(url);
    const auto field = [&query](const char16_t *name) {
        return query.queryItemValue(QString::fromUtf16(name), QUrl::FullyDecoded);
    };
    const QString clientId = field(u"client_id");
    const QUrl redirect(field(u"redirect_uri"));
    if (clientId != m_config.clientId)
        return {400, "text/html", "<p>Unknown OAuth client.</p>", {}};
    if (redirect.scheme() != u"http" || !OrgEndpoint::isLoopbackHost(redirect.host()) ||
        redirect.path() != u"/callback")
        return {400, "text/html", "<p>The redirect URI is not registered for this client.</p>", {}};
    if (field(u"response_type") != u"code" || field(u"code_challenge_method") != u"S256" ||
        field(u"code_challenge").isEmpty())
        return {400, "text/html", "<p>PKCE with S256 is required.</p>", {}};

    if (method == "GET" && !m_config.autoApprove) {
        QString hidden;
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
            hidden += QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">")
                          .arg(htmlEscape(key), htmlEscape(value));
        const QString page = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sandbox "
                                            "sign-in</title></head><body>"
                                            "<h1>%1</h1><p>Local sandbox sign-in. No real org, no password.</p>"
                                            "<form method=\"post\" action=\"/oauth/authorize\">%2"
                                            "<button type=\"submit\">Sign in as %3</button></form></body></html>")
                                 .arg(htmlEscape(m_config.orgName), hidden, htmlEscape(m_config.userName));
        return {200, "text/html; charset=utf-8", page.toUtf8(), {}};
    }

    const QString code = QStringLiteral("sbx-code-") + newId();
    m_codes.insert(code, {clientId, redirect.toString(), field(u"code_challenge"), ++m_nextSerial});
    dropOldest(m_codes, m_config.maxTokens);
    QUrl target = redirect;
    QUrlQuery result;
    result.addQueryItem(QStringLiteral("code"), code);
    result.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(field(u"state"))));
    target.setQuery(result);
    return {302, "text/html", "<p>Redirecting…</p>", {{"Location", target.toEncoded()}}};
}

} // namespace alc
