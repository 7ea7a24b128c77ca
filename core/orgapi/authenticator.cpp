#include "authenticator.h"

#include "httpclient.h"
#include "loopbackreceiver.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

namespace alc {

namespace {

QFuture<ApiError> readyFuture(ApiError error)
{
    QPromise<ApiError> promise;
    promise.start();
    promise.addResult(std::move(error));
    promise.finish();
    return promise.future();
}

QString randomUnreserved(int length)
{
    static constexpr char16_t alphabet[] = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    constexpr int alphabetSize = int(std::size(alphabet)) - 1;
    QString result(length, Qt::Uninitialized);
    for (int i = 0; i < length; ++i)
        result[i] = QChar(alphabet[QRandomGenerator::system()->bounded(alphabetSize)]);
    return result;
}

} // namespace

Authenticator::Authenticator(HttpClient *http, OrgEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_endpoint(std::move(endpoint))
{}

Authenticator::~Authenticator() = default;

QString Authenticator::makeCodeVerifier(int length)
{
    return randomUnreserved(std::clamp(length, 43, 128));
}

QString Authenticator::codeChallenge(const QString &verifier)
{
    const QByteArray hash = QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256);
    return QString::fromLatin1(hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString Authenticator::makeState()
{
    return randomUnreserved(32);
}

QByteArray Authenticator::formEncode(const QList<std::pair<QString, QString>> &fields)
{
    QByteArray result;
    for (const auto &[key, value] : fields) {
        if (!result.isEmpty())
            result += '&';
        result += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return result;
}

QFuture<ApiError> Authenticator::signInWithClientCredentials(const QString &clientId, const QString &clientSecret)
{
    m_clientId = clientId;
    m_clientSecret = clientSecret;
    const QByteArray basic = QByteArray(clientId.toUtf8() + ':' + clientSecret.toUtf8()).toBase64();
    return requestToken(formEncode({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}),
                        {{"Authorization", "Basic " + basic}}, Grant::ClientCredentials);
}

std::optional<Authenticator::PkceSignIn> Authenticator::beginPkceSignIn(const QString &clientId, quint16 redirectPort,
                                                                        QString *error)
{
    delete m_receiver;
    m_receiver = new LoopbackReceiver(this);
    if (!m_receiver->listen(redirectPort, error))
        return std::nullopt;

    m_clientId = clientId;
    m_clientSecret.clear();
    const QString verifier = makeCodeVerifier();
    const QString state = makeState();
    m_receiver->setExpectedState(state);
    const QUrl redirectUri = m_receiver->redirectUri();

    QUrl authorize = m_endpoint.loginBase;
    authorize.setPath(QStringLiteral("/oauth/authorize"));
    QUrlQuery query;
    const auto add = [&query](const QString &key, const QString &value) {
        query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(QStringLiteral("response_type"), QStringLiteral("code"));
    add(QStringLiteral("client_id"), clientId);
    add(QStringLiteral("redirect_uri"), redirectUri.toString());
    add(QStringLiteral("code_challenge"), codeChallenge(verifier));
    add(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    add(QStringLiteral("state"), state);
    authorize.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);

    auto promise = std::make_shared<QPromise<ApiError>>();
    promise->start();
    auto settled = std::make_shared<bool>(false);
    const auto settle = [promise, settled](ApiError result) {
        if (*settled)
            return;
        *settled = true;
        promise->addResult(std::move(result));
        promise->finish();
    };

    LoopbackReceiver *receiver = m_receiver;
    QTimer::singleShot(m_pkceTimeoutMs, receiver, [receiver, settle] {
        receiver->close();
        settle({ApiError::Kind::SignIn, 0, QStringLiteral("sign-in timed out: the browser did not come back"), {}});
    });
    connect(
        receiver, &LoopbackReceiver::callbackReceived, this,
        [this, settle, verifier, state, redirectUri, clientId](const QUrlQuery &callback) {
            // The receiver passes on only this state; checked again since a code must never come from
            // another sign-in.
            if (callback.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != state) {
                settle({ApiError::Kind::SignIn,
                        0,
                        QStringLiteral("sign-in refused: the redirect's state does not match this sign-in "
                                       "(a stale or forged browser request)"),
                        {}});
                return;
            }
            if (callback.hasQueryItem(QStringLiteral("error"))) {
                const QString description =
                    serverText(callback.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded));
                settle({ApiError::Kind::SignIn,
                        0,
                        QStringLiteral("sign-in was refused: %1%2")
                            .arg(serverText(callback.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded), 100),
                                 description.isEmpty() ? QString() : QStringLiteral(" (") + description + u')'),
                        {}});
                return;
            }
            const QString code = callback.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
            if (code.isEmpty()) {
                settle({ApiError::Kind::SignIn, 0, QStringLiteral("sign-in failed: the redirect carried no code"), {}});
                return;
            }
            const QByteArray form = formEncode({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                                {QStringLiteral("code"), code},
                                                {QStringLiteral("redirect_uri"), redirectUri.toString()},
                                                {QStringLiteral("client_id"), clientId},
                                                {QStringLiteral("code_verifier"), verifier}});
            requestToken(form, {}, Grant::AuthorizationCode).then(this, [settle](const ApiError &result) {
                settle(result);
            });
        });
    return PkceSignIn{authorize, redirectUri, promise->future()};
}

QFuture<ApiError> Authenticator::signInWithRefreshToken(const QString &clientId, const QString &refreshToken)
{
    m_clientId = clientId;
    m_clientSecret.clear();
    m_refreshToken = refreshToken;
    m_grant = Grant::AuthorizationCode;
    return refresh();
}

QFuture<ApiError> Authenticator::refresh()
{
    if (m_refreshInFlight && !m_refreshInFlight->isFinished())
        return *m_refreshInFlight;
    QFuture<ApiError> future;
    if (m_grant == Grant::ClientCredentials && !m_clientSecret.isEmpty()) {
        future = signInWithClientCredentials(m_clientId, m_clientSecret);
    } else if (m_grant == Grant::AuthorizationCode && !m_refreshToken.isEmpty()) {
        future = requestToken(formEncode({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                          {QStringLiteral("refresh_token"), m_refreshToken},
                                          {QStringLiteral("client_id"), m_clientId}}),
                              {}, Grant::AuthorizationCode);
    } else {
        return readyFuture({ApiError::Kind::SignIn, 0, QStringLiteral("the session has expired; sign in again"), {}});
    }
    m_refreshInFlight = future;
    return future;
}

void Authenticator::signOut()
{
    m_accessToken.clear();
    m_refreshToken.clear();
    m_clientSecret.clear();
    m_grant = Grant::None;
    Q_EMIT signedOut();
}

std::optional<Authenticator::TokenResponse> Authenticator::parseTokenResponse(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject object = document.object();
    TokenResponse token;
    token.accessToken = object.value(u"access_token").toString();
    if (parseError.error != QJsonParseError::NoError || token.accessToken.isEmpty())
        return std::nullopt;
    token.refreshToken = object.value(u"refresh_token").toString();
    token.expiresInSeconds = object.value(u"expires_in").toInteger(86400);
    return token;
}

QString Authenticator::refusalMessage(const HttpResponse &response)
{
    // OAuth errors: {"error": "invalid_client", "description"/"error_description": "..."}
    const QJsonObject object = QJsonDocument::fromJson(response.body).object();
    const QString code = response.shown(object.value(u"error").toString(), 100);
    QString description = object.value(u"error_description").toString();
    if (description.isEmpty())
        description = object.value(u"description").toString();
    description = response.shown(description);
    return QStringLiteral("sign-in was refused by the login service%1%2")
        .arg(code.isEmpty() ? QString() : QStringLiteral(": ") + code,
             description.isEmpty() ? QString() : QStringLiteral(" (") + description + u')');
}

QFuture<ApiError> Authenticator::requestToken(const QByteArray &form, const HeaderList &extraHeaders, Grant grant)
{
    HttpRequest request;
    request.method = "POST";
    request.url = m_endpoint.loginBase;
    request.url.setPath(QStringLiteral("/oauth/token"));
    request.headers = extraHeaders;
    request.headers.emplaceBack("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplaceBack("Accept", "application/json");
    request.body = form;
    request.timeoutMs = m_timeoutMs;

    return m_http->send(request).then(this, [this, grant](const HttpResponse &response) {
        if (!response.isSuccess()) {
            ApiError error = ApiError::fromResponse(response, QStringLiteral("signing in"));
            if (response.hasHttpStatus() && response.status < 500) {
                error.kind = ApiError::Kind::SignIn;
                error.message = refusalMessage(response);
            }
            return error;
        }
        const std::optional<TokenResponse> token = parseTokenResponse(response.body);
        if (!token) {
            return ApiError{ApiError::Kind::BadResponse, response.status,
                            QStringLiteral("signing in failed: the login service's answer was not a token"),
                            response.correlationId()};
        }
        m_grant = grant;
        m_accessToken = token->accessToken;
        m_expiresAt = QDateTime::currentDateTimeUtc().addSecs(token->expiresInSeconds);
        const QString &refreshToken = token->refreshToken;
        if (!refreshToken.isEmpty() && refreshToken != m_refreshToken) {
            m_refreshToken = refreshToken;
            Q_EMIT refreshTokenChanged();
        }
        Q_EMIT signedIn();
        return ApiError{};
    });
}

} // namespace alc
