#include "secretstore.h"

#include <qt6keychain/keychain.h>

#include <QPromise>

#include <memory>

namespace alc {

namespace {

template <typename T> QFuture<T> ready(T value)
{
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

QString unavailable(const QKeychain::Job *job)
{
    return QStringLiteral("no keychain service is available (%1)").arg(job->errorString());
}

QString keptInMemory(const QKeychain::Job *job)
{
    return unavailable(job) + QStringLiteral("; the secret is kept in memory for this session only");
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

namespace {

QString loginService(const QUrl &loginBase)
{
    const QString host = loginBase.host().toLower();
    return loginBase.port() == -1 ? host : host + u':' + QString::number(loginBase.port());
}

} // namespace

QString SecretStore::clientSecretKey(const QUrl &loginBase, const QString &clientId)
{
    return QStringLiteral("client-secret/") + loginService(loginBase) + u'/' + clientId;
}

QString SecretStore::refreshTokenKey(const QUrl &loginBase, const QString &clientId)
{
    return QStringLiteral("refresh-token/") + loginService(loginBase) + u'/' + clientId;
}

QFuture<SecretStore::ReadResult> SecretStore::read(const QString &key)
{
    if (!m_keychainEnabled) {
        const auto it = m_memory.constFind(key);
        return ready(ReadResult{it == m_memory.cend() ? std::nullopt : std::optional<QString>(*it), false, {}});
    }
    auto promise = std::make_shared<QPromise<ReadResult>>();
    promise->start();
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, promise, key](QKeychain::Job *finished) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
        ReadResult result;
        switch (readJob->error()) {
        case QKeychain::NoError:
            result.secret = readJob->textData();
            break;
        case QKeychain::EntryNotFound:
            break;
        default: {
            result.persistent = false;
            result.warning = unavailable(readJob);
            const auto it = m_memory.constFind(key);
            if (it != m_memory.cend())
                result.secret = *it;
            Q_EMIT memoryOnly(result.warning);
        }
        }
        promise->addResult(result);
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<SecretStore::WriteResult> SecretStore::write(const QString &key, const QString &secret)
{
    if (!m_keychainEnabled) {
        m_memory.insert(key, secret);
        return ready(WriteResult{
            false, QStringLiteral("the keychain is off; the secret is kept in memory for this session only")});
    }
    auto promise = std::make_shared<QPromise<WriteResult>>();
    promise->start();
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, promise, key, secret](QKeychain::Job *finished) {
        WriteResult result;
        if (finished->error() != QKeychain::NoError) {
            m_memory.insert(key, secret);
            result.persistent = false;
            result.warning = keptInMemory(finished);
            Q_EMIT memoryOnly(result.warning);
        } else {
            m_memory.remove(key);
        }
        promise->addResult(result);
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<SecretStore::WriteResult> SecretStore::remove(const QString &key)
{
    m_memory.remove(key);
    if (!m_keychainEnabled)
        return ready(WriteResult{false, {}});
    auto promise = std::make_shared<QPromise<WriteResult>>();
    promise->start();
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [promise](QKeychain::Job *finished) {
        const bool ok = finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound;
        promise->addResult(WriteResult{ok, ok ? QString() : unavailable(finished)});
        promise->finish();
    });
    job->start();
    return promise->future();
}

} // namespace alc
