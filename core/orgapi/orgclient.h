#pragma once

#include "apierror.h"
#include "regions.h"
#include "retrypolicy.h"

#include <rules/allowlist.h>

#include <QFuture>
#include <QJsonDocument>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace alc {

class Authenticator;
class HttpClient;

// The outcome of one org API call: a value, or an error; the correlation id either way.
template <typename T> struct ApiResult
{
    std::optional<T> value;
    ApiError error;
    QString correlationId;

    bool ok() const { return value.has_value(); }
};

struct Organization
{
    QString id;
    QString name;
};

struct OrgUser
{
    QString id;
    QString name;
    QString email;
};

// One Genesys service range from GET /api/v2/ipranges.
struct IpRange
{
    QString cidr;
    QString service;
    QString region;

    // Offered to the admin as list entries labelled with their service ("api (us-east-1)").
    static QList<AllowlistEntry> toEntries(const QList<IpRange> &ranges);
};

// The org API calls the console needs, with the documented error handling: 401 → one token
// refresh; 429 → wait Retry-After (capped); 5xx except 501 → bounded exponential backoff with
// jitter. PATCH carries only ipAddressAllowlist and replaces the whole list: a retry after a wait
// could overwrite what another admin saved meanwhile, so its caller decides each retry (RetryGate).
class OrgClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrgClient)

public:
    OrgClient(HttpClient *http, Authenticator *authenticator, QObject *parent = nullptr);

    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    const RetryPolicy &retryPolicy() const { return m_policy; }
    // For tests: a fixed jitter in [0, 1] instead of a random one.
    void setJitterSource(std::function<double()> source) { m_jitter = std::move(source); }
    const OrgEndpoint &endpoint() const;

    // maxAttempts: 0 for the policy's; fewer for a read inside another call's wait (RetryGate).
    QFuture<ApiResult<QStringList>> getAllowlist(int maxAttempts = 0);
    // Asked after the wait and before each further attempt of a PATCH whose attempt failed with a
    // 429 or a 5xx (`failed` is that attempt's error): no value lets the next attempt go; a result
    // ends the call with it, and nothing more is sent.
    using RetryGate = std::function<QFuture<std::optional<ApiResult<QStringList>>>(const ApiError &failed)>;
    // Sends exactly {"ipAddressAllowlist": cidrs}; the value is the list the server answered with.
    // Without a gate, a 429 or 5xx is retried like any other call.
    QFuture<ApiResult<QStringList>> patchAllowlist(const QStringList &cidrs, RetryGate beforeRetry = {});
    QFuture<ApiResult<QList<IpRange>>> getIpRanges();
    QFuture<ApiResult<OrgUser>> getMe();
    QFuture<ApiResult<Organization>> getOrganization();

    static QByteArray allowlistPatchBody(const QStringList &cidrs);

    // The parsing of answers, kept apart from the network so it can be tested and fuzzed alone.
    // A success body must be a JSON object (an empty body counts as {}); nullopt otherwise.
    static std::optional<QJsonDocument> parseBody(const QByteArray &body);
    // Each returns nullopt when the object does not have the documented shape.
    static std::optional<QStringList> allowlistFrom(const QJsonDocument &document);
    static std::optional<QList<IpRange>> ipRangesFrom(const QJsonDocument &document);
    static std::optional<OrgUser> userFrom(const QJsonDocument &document);
    static std::optional<Organization> organizationFrom(const QJsonDocument &document);

Q_SIGNALS:
    // A call waits before its next attempt; `reason` says why ("rate limited (429)", "HTTP 503").
    void retryScheduled(const QString &what, const QString &reason, int delayMs, int nextAttempt, int maxAttempts);

private:
    struct Call;
    using RawGate = std::function<QFuture<std::optional<ApiResult<QJsonDocument>>>(const ApiError &failed)>;
    // A call whose answer `read` turns into T; an answer of another shape is an error that says
    // what was being done.
    template <typename T>
    QFuture<ApiResult<T>> callFor(const QByteArray &method, const QString &path, const QByteArray &body,
                                  const QString &what, std::optional<T> (*read)(const QJsonDocument &),
                                  RawGate beforeRetry = {}, int maxAttempts = 0);
    QFuture<ApiResult<QJsonDocument>> call(const QByteArray &method, const QString &path, const QByteArray &body,
                                           const QString &what, RawGate beforeRetry = {}, int maxAttempts = 0);
    void attempt(const std::shared_ptr<Call> &call);
    void handle(const std::shared_ptr<Call> &call, const HttpResponse &response);

    HttpClient *m_http = nullptr;
    Authenticator *m_auth = nullptr;
    RetryPolicy m_policy;
    std::function<double()> m_jitter;
};

} // namespace alc
