#pragma once

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QUrl>

#include <utility>

class QNetworkAccessManager;

namespace alc {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest
{
    static constexpr qint64 DefaultMaxBodyBytes = 16 * 1024 * 1024;

    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    int timeoutMs = 30000; // the whole exchange: connecting, sending and reading the last byte
    // A longer answer is cut off and reported (HttpResponse::tooLarge), whatever its status.
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
};

struct HttpResponse
{
    int status = 0; // 0 when no HTTP response arrived (refused, reset, timeout, TLS)
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString; // transport failure in words; never contains request headers or bodies
    bool timedOut = false;
    bool tooLarge = false; // the body passed HttpRequest::maxBodyBytes; status and body are dropped
    HeaderList headers;
    QByteArray body;

    bool hasHttpStatus() const { return status > 0; }
    bool isSuccess() const { return status >= 200 && status < 300; }
    QByteArray header(QByteArrayView name) const; // case-insensitive, empty when absent
    // The support reference Genesys puts on every response.
    QString correlationId() const;
};

// The application's one QNetworkAccessManager behind a small request/response API. Redirects are
// not followed (a bearer token must not travel to another host) and plain HTTP is refused except
// for loopback hosts.
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    QFuture<HttpResponse> send(const HttpRequest &request);
    // Aborts every reply in flight; their futures finish with an "operation cancelled" response.
    void abortAll();

private:
    QNetworkAccessManager *m_manager = nullptr;
};

} // namespace alc
