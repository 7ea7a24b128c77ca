#include "httpclient.h"

#include "regions.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QTimer>
#include <QUrlQuery>

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
    QString id = QString::fromLatin1(header("inin-correlation-id")).trimmed();
    id.removeIf([](QChar c) { return c.unicode() < 0x21 || c.unicode() > 0x7e; });
    // Redacted again once the spaces are out: "s 3 c r e t" would otherwise become the secret.
    return redacted(id).left(100);
}

namespace {

// The forms in which an echo may carry a secret: as sent, percent-encoded (either hex case: the
// replacement ignores case), form-encoded with '+' for spaces, with JSON's escaped slash, base64
// (standard and URL-safe, with and without padding), and its UTF-8 bytes read as Latin-1 (a
// header value). Longest first, so no shorter form leaves part of a longer one readable.
QStringList formsOf(const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    QStringList forms{secret, QString::fromLatin1(QUrl::toPercentEncoding(secret)),
                      QString::fromLatin1(QUrl::toPercentEncoding(secret, " ")).replace(u' ', u'+'),
                      QString(secret).replace(u'/', QStringLiteral("\\/")), QString::fromLatin1(utf8)};
    const QByteArray::Base64Options encodings[] = {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding,
                                                   QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals,
                                                   QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals};
    for (const QByteArray::Base64Options options : encodings)
        forms.append(QString::fromLatin1(utf8.toBase64(options)));
    forms.removeDuplicates();
    std::stable_sort(forms.begin(), forms.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return forms;
}

// Every form of every secret, in the order they are replaced.
QStringList formsOf(const QStringList &secrets)
{
    QStringList forms;
    for (const QString &secret : secrets)
        forms += formsOf(secret);
    return forms;
}

QString redactedWith(QString text, const QStringList &forms)
{
    for (const QString &form : forms)
        text.replace(form, QStringLiteral("***"), Qt::CaseInsensitive);
    return text;
}

} // namespace

QString HttpResponse::redacted(QString text) const
{
    return redactedWith(std::move(text), formsOf(sentSecrets));
}

QString HttpResponse::shown(const QString &text, qsizetype maxChars) const
{
    return serverText(redacted(text), maxChars);
}

QStringList secretsOf(const HttpRequest &request)
{
    QStringList secrets;
    for (const auto &[key, value] : request.headers) {
        if (key.compare("Authorization", Qt::CaseInsensitive) != 0)
            continue;
        const qsizetype space = value.indexOf(' ');
        const QByteArray credentials = value.mid(space + 1).trimmed();
        secrets.append(QString::fromLatin1(credentials));
        if (value.left(space).compare("Basic", Qt::CaseInsensitive) == 0) {
            const QString decoded = QString::fromUtf8(QByteArray::fromBase64(credentials));
            secrets.append(decoded);
            if (const qsizetype colon = decoded.indexOf(u':'); colon >= 0)
                secrets.append(decoded.mid(colon + 1));
        }
    }
    static const QStringList secretFields = {QStringLiteral("client_secret"),   QStringLiteral("code"),
                                             QStringLiteral("code_verifier"),   QStringLiteral("refresh_token"),
                                             QStringLiteral("password"),        QStringLiteral("assertion"),
                                             QStringLiteral("client_assertion")};
    const QUrlQuery form(QString::fromLatin1(request.body));
    for (const QString &field : secretFields) {
        for (const QString &value : form.allQueryItemValues(field, QUrl::FullyDecoded))
            secrets.append(value);
    }
    secrets.removeAll(QString());
    secrets.removeDuplicates();
    // Longest first, so a secret inside a longer one (the secret inside "id:secret") is not
    // replaced first and leaves the rest of the longer one readable.
    std::stable_sort(secrets.begin(), secrets.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return secrets;
}

QString serverText(const QString &text, qsizetype maxChars)
{
    QString result = text;
    for (QChar &c : result) {
        switch (c.category()) {
        case QChar::Other_Control: // C0 (ESC starts terminal sequences), DEL, C1
        case QChar::Other_Format:  // bidi overrides and zero-width characters that disguise text
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            c = u' ';
            break;
        default:
            break;
        }
    }
    result = result.simplified();
    if (result.size() <= maxChars)
        return result;
    qsizetype cut = std::max<qsizetype>(maxChars - 1, 0);
    if (cut > 0 && result.at(cut - 1).isHighSurrogate())
        --cut; // keep a character outside the BMP whole
    return result.left(cut) + u'…';
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

    const QStringList secrets = secretsOf(request);
    connect(reply, &QNetworkReply::finished, this, [reply, promise, state, timer, limit, url = request.url, secrets] {
        timer->stop();
        if (!state->tooLarge && reply->isOpen()) {
            state->body += reply->read(limit + 1 - state->body.size());
            state->tooLarge = state->body.size() > limit;
        }
        HttpResponse response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.headers = reply->rawHeaderPairs();
        response.sentSecrets = secrets;
        const QStringList forms = formsOf(secrets); // once for all the headers
        for (auto &[key, value] : response.headers)
            value = redactedWith(QString::fromLatin1(value), forms).toLatin1();
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
