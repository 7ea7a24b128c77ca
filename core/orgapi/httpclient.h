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

    // What the request carried that must never be shown (its credentials and secret form fields,
    // see secretsOf()). A server may echo them in an error (a proxy, a WAF, a hostile URL): the
    // header values above already have them replaced, and text taken from the body for the user
    // goes through redacted().
    QStringList sentSecrets;

    bool hasHttpStatus() const { return status > 0; }
    bool isSuccess() const { return status >= 200 && status < 300; }
    QByteArray header(QByteArrayView name) const; // case-insensitive, empty when absent
    // The support reference Genesys puts on every response: printable ASCII only, at most 100.
    QString correlationId() const;
    // text with every sent secret replaced by ***: as sent, percent- or form-encoded, with JSON's
    // escaped slash, in base64 or base64url, as UTF-8 read as Latin-1; case is ignored.
    QString redacted(QString text) const;
    // Text taken from this answer for the user: redacted, then made safe to print (serverText()).
    QString shown(const QString &text, qsizetype maxChars = 300) const;
};

// The secrets a request carries: the credentials of its Authorization header (for Basic also the
// decoded "id:secret" and the secret), and the values of the form fields client_secret, code,
// code_verifier, refresh_token, password, assertion and client_assertion.
QStringList secretsOf(const HttpRequest &request);

// Text from a server or a redirect (error codes, descriptions, names), safe to print: control
// characters (C0 with ESC, DEL, C1) and invisible format characters become spaces, runs of spaces
// one, and longer text is cut to maxChars characters, the last an ellipsis.
QString serverText(const QString &text, qsizetype maxChars = 300);

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
