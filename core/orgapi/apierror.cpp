#include "apierror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace alc {

QString ApiError::toString() const
{
    QStringList details;
    if (httpStatus > 0)
        details.append(QStringLiteral("HTTP %1").arg(httpStatus));
    if (!correlationId.isEmpty())
        details.append(QStringLiteral("inin-correlation-id: %1").arg(correlationId));
    return details.isEmpty() ? message : message + QStringLiteral(" (") + details.join(QStringLiteral(", ")) + u')';
}

ApiError ApiError::fromResponse(const HttpResponse &response, const QString &what)
{
    ApiError error;
    error.httpStatus = response.status;
    error.correlationId = response.correlationId();

    // Genesys error bodies: {"message": "...", "code": "...", "status": 400, "contextId": "..."}.
    QString serverMessage;
    const QJsonDocument document = QJsonDocument::fromJson(response.body);
    if (document.isObject()) {
        const QJsonObject object = document.object();
        serverMessage = response.shown(object.value(u"message").toString(), 500);
        if (error.correlationId.isEmpty())
            error.correlationId = response.shown(object.value(u"contextId").toString(), 100);
    }

    if (!response.hasHttpStatus()) {
        if (response.networkError == QNetworkReply::ProtocolUnknownError && response.errorString.contains(u"HTTPS")) {
            error.kind = Kind::Insecure;
            error.message = QStringLiteral("%1 refused: %2").arg(what, response.errorString);
        } else if (response.tooLarge) {
            error.kind = Kind::BadResponse;
            error.message = QStringLiteral("%1 failed: %2").arg(what, response.errorString);
        } else if (response.timedOut) {
            error.kind = Kind::Timeout;
            error.message = QStringLiteral("%1 failed: %2").arg(what, response.errorString);
        } else if (response.networkError == QNetworkReply::SslHandshakeFailedError ||
                   response.errorString.contains(u"SSL", Qt::CaseInsensitive) ||
                   response.errorString.contains(u"TLS", Qt::CaseInsensitive)) {
            error.kind = Kind::Tls;
            error.message = QStringLiteral("%1 failed: the secure connection could not be established (%2)")
                                .arg(what, response.errorString);
        } else if (response.networkError == QNetworkReply::OperationCanceledError) {
            error.kind = Kind::Cancelled;
            error.message = QStringLiteral("%1 was cancelled").arg(what);
        } else {
            error.kind = Kind::Network;
            error.message = QStringLiteral("%1 failed: %2").arg(what, response.errorString);
        }
        return error;
    }

    const QString suffix = serverMessage.isEmpty() ? QString() : QStringLiteral(": ") + serverMessage;
    switch (response.status) {
    case 401:
        error.kind = Kind::SignIn;
        error.message =
            QStringLiteral("%1 failed: the sign-in was refused or has expired; sign in again%2").arg(what, suffix);
        break;
    case 403:
        error.kind = Kind::Forbidden;
        error.message = QStringLiteral("%1 failed: the signed-in client or user lacks the permission %2%3")
                            .arg(what, RequiredPermission.toString(), suffix);
        break;
    case 429:
        error.kind = Kind::RateLimited;
        error.message =
            QStringLiteral("%1 failed: Genesys Cloud kept answering 'too many requests'; try again later").arg(what);
        break;
    default:
        if (response.status >= 500) {
            error.kind = Kind::Server;
            error.message = QStringLiteral("%1 failed: the Genesys Cloud service had an error%2").arg(what, suffix);
        } else {
            error.kind = Kind::Rejected;
            error.message = QStringLiteral("%1 was refused by Genesys Cloud%2").arg(what, suffix);
        }
    }
    return error;
}

} // namespace alc
