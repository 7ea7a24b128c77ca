#include "httpclient.h"

#include "regions.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace alc {

namespace {

// Enough to keep a fast answer flowing; small enough that an unread answer cannot pile up.
constexpr qint64 ReadBufferBytes = 256 * 1024;

struct Exchange
{
    QByteArray body;
    bool timedOut = false;
    bool tooLarge = false;
};

QString sizeText(qint64 bytes)
{
    constexpr qint64 KiB = 1024;
    if (bytes >= KiB * KiB && bytes % (KiB * KiB) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (KiB * KiB));
    if (bytes >= KiB && bytes % KiB == 0)
        return QStringLiteral("%1 KiB").arg(bytes / KiB);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpResponse::correlationId() const
{
    return QString::fromLatin1(header("inin-correlation-id")).trimmed();
}

HttpClient::HttpClient(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpClient::~HttpClient()
{
    abortAll();
}

QFuture<HttpResponse> HttpClient::send(const HttpRequest &request)
{
    auto promise = std::make_shared<QPromise<HttpResponse>>();
    promise->start();
    QFuture<HttpResponse> future = promise->future();

    QString urlError;
    if (!OrgEndpoint::isAcceptableUrl(request.url, &urlError)) {
        HttpResponse response;
        response.networkError = QNetworkReply::ProtocolUnknownError;
        response.errorString = urlError;
        promise->addResult(response);
        promise->finish();
        return future;
    }

    QNetworkRequest networkRequest(request.url);
    for (const auto &[key, value] : request.headers)
        networkRequest.setRawHeader(key, value);
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);

    QNetworkReply *reply = request.body.isEmpty() && request.method == "GET"
                               ? m_manager->get(networkRequest)
                               : m_manager->sendCustomRequest(networkRequest, request.method, request.body);
    reply->setParent(this);

    // What arrives is taken out of the reply at once, so the cap bounds the memory held; the read
    // buffer makes Qt's HTTP thread wait for us instead of queueing an answer of any size.
    reply->setReadBufferSize(std::min<qint64>(request.maxBodyBytes + 1, ReadBufferBytes));
    auto state = std::make_shared<Exchange>();
    const qint64 limit = request.maxBodyBytes;
    const auto refuse = [reply, state] {
        state->tooLarge = true;
        state->body.clear();
        reply->abort();
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, limit, refuse] {
        bool known = false;
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        if (known && length > limit)
            refuse();
    });
    connect(reply, &QNetworkReply::readyRead, this, [reply, state, limit, refuse] {
        if (state->tooLarge)
            return;
        state->body += reply->read(limit + 1 - state->body.size());
        if (state->body.size() > limit)
            refuse();
    });

    // A deadline for the whole exchange, not for silence: a server trickling a byte at a time must
    // not keep the request alive.
    auto timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [reply, state] {
        if (reply->isFinished())
            return;
        state->timedOut = true;
        reply->abort();
    });
    timer->start(request.timeoutMs);

    connect(reply, &QNetworkReply::finished, this, [reply, promise, state, timer, limit, url = request.url] {
        timer->stop();
        if (!state->tooLarge && reply->isOpen()) {
            state->body += reply->read(limit + 1 - state->body.size());
            state->tooLarge = state->body.size() > limit;
        }
        HttpResponse response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.headers = reply->rawHeaderPairs();
        response.networkError = reply->error();
        response.timedOut = state->timedOut;
        response.tooLarge = state->tooLarge;
        if (response.tooLarge) {
            // Not an HTTP answer the caller may act on (or retry): only the refusal is reported.
            response.status = 0;
            response.errorString =
                QStringLiteral("the answer from %1 was larger than the %2 limit").arg(url.host(), sizeText(limit));
        } else if (response.timedOut) {
            response.status = 0;
            response.errorString = QStringLiteral("no answer from %1 in time (timed out)").arg(url.host());
        } else {
            response.body = std::move(state->body);
            if (!response.hasHttpStatus() && reply->error() != QNetworkReply::NoError)
                response.errorString = reply->errorString();
        }
        promise->addResult(response);
        promise->finish();
        reply->deleteLater();
    });
    return future;
}

void HttpClient::abortAll()
{
    const auto replies = findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly);
    for (QNetworkReply *reply : replies)
        reply->abort();
}

} // namespace alc
