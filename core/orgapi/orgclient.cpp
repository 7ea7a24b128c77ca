#include "orgclient.h"

#include "authenticator.h"
#include "httpclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPromise>
#include <QRandomGenerator>
#include <QTimer>

namespace alc {

namespace {

const QString SettingsPath = QStringLiteral("/api/v2/organizations/authentication/settings");

template <typename T> ApiResult<T> failure(const ApiResult<QJsonDocument> &raw)
{
    return ApiResult<T>{std::nullopt, raw.error, raw.correlationId};
}

template <typename T> ApiResult<T> badShape(const ApiResult<QJsonDocument> &raw, const QString &what)
{
    return ApiResult<T>{std::nullopt,
                        {ApiError::Kind::BadResponse, 200,
                         QStringLiteral("%1 failed: the answer did not have the documented shape").arg(what),
                         raw.correlationId},
                        raw.correlationId};
}

} // namespace

QList<AllowlistEntry> IpRange::toEntries(const QList<IpRange> &ranges)
{
    QList<AllowlistEntry> entries;
    for (const IpRange &range : ranges) {
        AllowlistEntry entry;
        entry.text = range.cidr.trimmed();
        entry.label =
            range.region.isEmpty() ? range.service : QStringLiteral("%1 (%2)").arg(range.service, range.region);
        entries.append(entry);
    }
    return entries;
}

struct OrgClient::Call
{
    QByteArray method;
    QString path;
    QByteArray body;
    QString what;
    int attempts = 0;
    int maxAttempts = 0; // of this call: the policy's unless the caller asked for fewer
    bool refreshed = false;
    RawGate beforeRetry;
    QPromise<ApiResult<QJsonDocument>> promise;
};

OrgClient::OrgClient(HttpClient *http, Authenticator *authenticator, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_auth(authenticator)
    , m_jitter([] { return QRandomGenerator::global()->generateDouble(); })
{}

const OrgEndpoint &OrgClient::endpoint() const
{
    return m_auth->endpoint();
}

std::optional<QJsonDocument> OrgClient::parseBody(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return QJsonDocument(QJsonObject());
    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document;
}

std::optional<QStringList> OrgClient::allowlistFrom(const QJsonDocument &document)
{
    const QJsonValue value = document.object().value(u"ipAddressAllowlist");
    if (value.isUndefined() || value.isNull())
        return QStringList{}; // Genesys omits the field when the list is empty
    if (!value.isArray())
        return std::nullopt;
    QStringList result;
    for (const QJsonValue item : value.toArray()) {
        if (!item.isString())
            return std::nullopt;
        // Printed by pull, shown in the window, journalled: safe to print like any server text (an
        // entry with a terminal escape or a bidi override is no network either way).
        result.append(serverText(item.toString(), 100));
    }
    return result;
}

std::optional<QList<IpRange>> OrgClient::ipRangesFrom(const QJsonDocument &document)
{
    const QJsonValue entities = document.object().value(u"entities");
    if (!entities.isArray())
        return std::nullopt;
    QList<IpRange> ranges;
    for (const QJsonValue item : entities.toArray()) {
        const QJsonObject object = item.toObject();
        ranges.append({object.value(u"cidr").toString(), object.value(u"service").toString(),
                       object.value(u"awsRegion").toString()});
    }
    return ranges;
}

std::optional<OrgUser> OrgClient::userFrom(const QJsonDocument &document)
{
    const QJsonObject object = document.object();
    // Shown in the window, printed and journalled: made safe to print like any server text. An id
    // of control characters only is no id.
    const QString id = serverText(object.value(u"id").toString(), 100);
    if (id.isEmpty())
        return std::nullopt;
    return OrgUser{id, serverText(object.value(u"name").toString(), 200),
                   serverText(object.value(u"email").toString(), 200)};
}

std::optional<Organization> OrgClient::organizationFrom(const QJsonDocument &document)
{
    const QJsonObject object = document.object();
    const QString id = serverText(object.value(u"id").toString(), 100);
    if (id.isEmpty())
        return std::nullopt;
    return Organization{id, serverText(object.value(u"name").toString(), 200)};
}

QByteArray OrgClient::allowlistPatchBody(const QStringList &cidrs)
{
    QJsonObject object;
    object.insert(QStringLiteral("ipAddressAllowlist"), QJsonArray::fromStringList(cidrs));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

template <typename T>
QFuture<ApiResult<T>> OrgClient::callFor(const QByteArray &method, const QString &path, const QByteArray &body,
                                         const QString &what, std::optional<T> (*read)(const QJsonDocument &),
                                         RawGate beforeRetry, int maxAttempts)
{
    return call(method, path, body, what, std::move(beforeRetry), maxAttempts)
        .then(this, [what, read](const ApiResult<QJsonDocument> &raw) {
            if (!raw.ok())
                return failure<T>(raw);
            const std::optional<T> value = read(*raw.value);
            if (!value)
                return badShape<T>(raw, what);
            return ApiResult<T>{value, {}, raw.correlationId};
        });
}

QFuture<ApiResult<QStringList>> OrgClient::getAllowlist(int maxAttempts)
{
    return callFor("GET", SettingsPath, {}, QStringLiteral("reading the allowlist"), &OrgClient::allowlistFrom, {},
                   maxAttempts);
}

QFuture<ApiResult<QStringList>> OrgClient::patchAllowlist(const QStringList &cidrs, RetryGate beforeRetry)
{
    RawGate raw;
    if (beforeRetry) {
        // The gate speaks lists; the call speaks JSON: a list it ends the call with is written as the
        // answer a PATCH would have given, and read back below like one.
        raw = [this, beforeRetry = std::move(beforeRetry)](const ApiError &failed) {
            return beforeRetry(failed).then(
                this,
                [](const std::optional<ApiResult<QStringList>> &decided) -> std::optional<ApiResult<QJsonDocument>> {
                    if (!decided)
                        return std::nullopt;
                    if (!decided->ok())
                        return ApiResult<QJsonDocument>{std::nullopt, decided->error, decided->correlationId};
                    return ApiResult<QJsonDocument>{
                        QJsonDocument::fromJson(allowlistPatchBody(*decided->value)), {}, decided->correlationId};
                });
        };
    }
    return callFor("PATCH", SettingsPath, allowlistPatchBody(cidrs), QStringLiteral("saving the allowlist"),
                   &OrgClient::allowlistFrom, std::move(raw));
}

QFuture<ApiResult<QList<IpRange>>> OrgClient::getIpRanges()
{
    return callFor("GET", QStringLiteral("/api/v2/ipranges"), {}, QStringLiteral("reading the Genesys service ranges"),
                   &OrgClient::ipRangesFrom);
}

QFuture<ApiResult<OrgUser>> OrgClient::getMe()
{
    return callFor("GET", QStringLiteral("/api/v2/users/me"), {}, QStringLiteral("reading the signed-in user"),
                   &OrgClient::userFrom);
}

QFuture<ApiResult<Organization>> OrgClient::getOrganization()
{
    return callFor("GET", QStringLiteral("/api/v2/organizations/me"), {}, QStringLiteral("reading the organization"),
                   &OrgClient::organizationFrom);
}

QFuture<ApiResult<QJsonDocument>> OrgClient::call(const QByteArray &method, const QString &path, const QByteArray &body,
                                                  const QString &what, RawGate beforeRetry, int maxAttempts)
{
    auto state = std::make_shared<Call>();
    state->method = method;
    state->path = path;
    state->body = body;
    state->what = what;
    state->beforeRetry = std::move(beforeRetry);
    state->maxAttempts = maxAttempts > 0 ? std::min(maxAttempts, m_policy.maxAttempts) : m_policy.maxAttempts;
    state->promise.start();
    QFuture<ApiResult<QJsonDocument>> future = state->promise.future();
    if (!m_auth->isSignedIn()) {
        state->promise.addResult(ApiResult<QJsonDocument>{
            std::nullopt, {ApiError::Kind::SignIn, 0, what + QStringLiteral(" failed: not signed in"), {}}, {}});
        state->promise.finish();
        return future;
    }
    attempt(state);
    return future;
}

void OrgClient::attempt(const std::shared_ptr<Call> &call)
{
    ++call->attempts;
    HttpRequest request;
    request.method = call->method;
    request.url = m_auth->endpoint().apiBase;
    request.url.setPath(call->path);
    request.body = call->body;
    request.timeoutMs = m_policy.requestTimeoutMs;
    request.headers = {{"Authorization", "Bearer " + m_auth->accessToken().toLatin1()}, {"Accept", "application/json"}};
    if (!call->body.isEmpty())
        request.headers.emplaceBack("Content-Type", "application/json");
    m_http->send(request).then(this, [this, call](const HttpResponse &response) { handle(call, response); });
}

void OrgClient::handle(const std::shared_ptr<Call> &call, const HttpResponse &response)
{
    const QString correlationId = response.correlationId();
    const auto finish = [&call](ApiResult<QJsonDocument> result) {
        call->promise.addResult(std::move(result));
        call->promise.finish();
    };

    if (response.isSuccess()) {
        std::optional<QJsonDocument> document = parseBody(response.body);
        if (!document) {
            finish({std::nullopt,
                    {ApiError::Kind::BadResponse, response.status,
                     QStringLiteral("%1 failed: the answer was not valid JSON").arg(call->what), correlationId},
                    correlationId});
            return;
        }
        finish({std::move(document), {}, correlationId});
        return;
    }

    if (response.status == 401 && !call->refreshed) {
        call->refreshed = true;
        m_auth->refresh().then(this, [this, call, response](const ApiError &error) {
            if (error.isError()) {
                ApiError signIn = ApiError::fromResponse(response, call->what);
                signIn.message += QStringLiteral("; refreshing the sign-in failed too: ") + error.message;
                call->promise.addResult(ApiResult<QJsonDocument>{std::nullopt, signIn, signIn.correlationId});
                call->promise.finish();
                return;
            }
            --call->attempts; // the refreshed attempt does not count against the retry budget
            attempt(call);
        });
        return;
    }

    if (RetryPolicy::isRetryableStatus(response.status) && call->attempts < call->maxAttempts) {
        const bool rateLimited = response.status == 429;
        const int delay = rateLimited
                              ? m_policy.retryAfterDelayMs(response.header("Retry-After"), call->attempts, m_jitter())
                              : m_policy.backoffDelayMs(call->attempts, m_jitter());
        const QString reason = rateLimited ? QStringLiteral("rate limited (HTTP 429)")
                                           : QStringLiteral("service error (HTTP %1)").arg(response.status);
        Q_EMIT retryScheduled(call->what, reason, delay, call->attempts + 1, call->maxAttempts);
        const ApiError failed = ApiError::fromResponse(response, call->what);
        QTimer::singleShot(delay, this, [this, call, failed] {
            if (!call->beforeRetry) {
                attempt(call);
                return;
            }
            call->beforeRetry(failed).then(this, [this, call](const std::optional<ApiResult<QJsonDocument>> &decided) {
                if (!decided) {
                    attempt(call);
                    return;
                }
                call->promise.addResult(*decided);
                call->promise.finish();
            });
        });
        return;
    }

    const ApiError error = ApiError::fromResponse(response, call->what);
    finish({std::nullopt, error, error.correlationId});
}

} // namespace alc
