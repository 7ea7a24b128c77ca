#include "orgconnection.h"

#include <journal/journal.h>
#include <orgapi/authenticator.h>
#include <orgapi/orgclient.h>
#include <orgapi/orgsession.h>
#include <orgapi/secretstore.h>

#include <QPromise>

namespace alc::ui {

QString OrgProfile::displayName() const
{
    const QString where = region.isEmpty() ? apiUrl.toString() : region;
    return QStringLiteral("%1 @ %2 (%3)")
        .arg(clientId, where, pkce ? QStringLiteral("PKCE") : QStringLiteral("client credentials"));
}

OrgConnection::OrgConnection(HttpClient *http, Journal *journal, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_journal(journal)
    , m_secrets(secrets)
{}

OrgConnection::~OrgConnection() = default;

void OrgConnection::disconnectFromOrg()
{
    delete m_session;
    delete m_client;
    delete m_auth;
    m_session = nullptr;
    m_client = nullptr;
    m_auth = nullptr;
    m_connected = false;
    Q_EMIT connectionChanged();
}

QFuture<ApiError> OrgConnection::connectTo(const OrgProfile &profile, const QString &clientSecret, bool rememberSecret)
{
    disconnectFromOrg();
    m_profile = profile;
    QString problem;
    const std::optional<OrgEndpoint> endpoint =
        OrgEndpoint::make(profile.region, profile.apiUrl, profile.loginUrl, &problem);
    if (!endpoint) {
        ApiError error;
        error.kind = ApiError::Kind::Insecure;
        error.message = problem;
        return QtFuture::makeReadyFuture(error);
    }
    m_auth = new Authenticator(m_http, *endpoint, this);
    m_client = new OrgClient(m_http, m_auth, this);
    m_session = new OrgSession(m_client, m_auth, m_journal, this);
    connect(m_client, &OrgClient::retryScheduled, this, &OrgConnection::retryScheduled);

    QFuture<ApiError> signedIn;
    if (profile.pkce) {
        const std::optional<Authenticator::PkceSignIn> pkce =
            m_auth->beginPkceSignIn(profile.clientId, profile.redirectPort, &problem);
        if (!pkce) {
            ApiError error;
            error.kind = ApiError::Kind::SignIn;
            error.message = problem;
            return QtFuture::makeReadyFuture(error);
        }
        Q_EMIT browserSignInRequested(pkce->authorizeUrl);
        signedIn = pkce->finished;
    } else if (clientSecret.isEmpty()) {
        signedIn = m_secrets->read(SecretStore::clientSecretKey(endpoint->loginBase, profile.clientId))
                       .then(this,
                             [this, clientId = profile.clientId](const SecretStore::ReadResult &read) {
                                 if (!read.secret) {
                                     ApiError error;
                                     error.kind = ApiError::Kind::SignIn;
                                     error.message =
                                         tr("no client secret was typed, and none is kept for client %1").arg(clientId);
                                     return QtFuture::makeReadyFuture(error);
                                 }
                                 return m_auth->signInWithClientCredentials(clientId, *read.secret);
                             })
                       .unwrap();
    } else {
        signedIn = m_auth->signInWithClientCredentials(profile.clientId, clientSecret);
        if (rememberSecret) {
            // Kept only once it has signed in: a mistyped secret is not remembered.
            signedIn = signedIn.then(
                this, [this, profile, clientSecret, loginBase = endpoint->loginBase](const ApiError &error) {
                    if (!error.isError()) {
                        m_secrets->write(SecretStore::clientSecretKey(loginBase, profile.clientId), clientSecret)
                            .then(this, [this](const SecretStore::WriteResult &written) {
                                if (!written.persistent)
                                    Q_EMIT secretKeptInMemory(written.warning);
                            });
                    }
                    return error;
                });
        }
    }
    return signedIn
        .then(this,
              [this](const ApiError &error) {
                  if (error.isError())
                      return QtFuture::makeReadyFuture(error);
                  return m_session->identify();
              })
        .unwrap()
        .then(this, [this](const ApiError &error) {
            m_connected = !error.isError();
            Q_EMIT connectionChanged();
            return error;
        });
}

} // namespace alc::ui
