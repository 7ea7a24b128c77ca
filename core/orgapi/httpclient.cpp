#include "httpclient.h"

#include "regions.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QTimer>

#include <memory>

namespace alc {

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

    auto timer = new QTimer(reply);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(request.timeoutMs);
    // The timeout counts silence, not the whole exchange: it covers connect and every read.
    const auto stillAlive = [timer, ms = request.timeoutMs] {
        timer->start(ms);
    };
    connect(reply, &QNetworkReply::downloadProgress, timer, stillAlive);
    connect(reply, &QNetworkReply::uploadProgress, timer, stillAlive);

    connect(reply, &QNetworkReply::finished, this, [reply, promise, timedOut, url = request.url] {
        HttpResponse response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.headers = reply->rawHeaderPairs();
        if (reply->isOpen())
            response.body = reply->readAll();
        response.networkError = reply->error();
        response.timedOut = *timedOut;
        if (response.timedOut) {
            response.status = 0;
            response.errorString = QStringLiteral("no answer from %1 in time (timed out)").arg(url.host());
        } else if (!response.hasHttpStatus() && reply->error() != QNetworkReply::NoError) {
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
