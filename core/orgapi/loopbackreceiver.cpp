#include "loopbackreceiver.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace alc {

namespace {

constexpr qsizetype MaxRequestBytes = qsizetype(16) * 1024;

void answer(QTcpSocket *socket, QByteArrayView status, QByteArrayView message)
{
    const QByteArray body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Allowlist Console</title></head>"
                            "<body><p>" +
                            message.toByteArray() + "</p></body></html>";
    socket->write("HTTP/1.1 " + status.toByteArray() +
                  "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size()) +
                  "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n" + body);
    socket->disconnectFromHost();
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::handleConnection);
}

LoopbackReceiver::~LoopbackReceiver() = default;

bool LoopbackReceiver::listen(quint16 port, QString *error)
{
    m_done = false;
    if (m_server->listen(QHostAddress::LocalHost, port))
        return true;
    if (error)
        *error = QStringLiteral("cannot listen on 127.0.0.1:%1 for the sign-in redirect: %2")
                     .arg(port)
                     .arg(m_server->errorString());
    return false;
}

bool LoopbackReceiver::isListening() const
{
    return m_server->isListening();
}

quint16 LoopbackReceiver::port() const
{
    return m_server->serverPort();
}

QUrl LoopbackReceiver::redirectUri() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(QStringLiteral("/callback"));
    return url;
}

void LoopbackReceiver::close()
{
    m_server->close();
}

bool LoopbackReceiver::isOwnHost(const QByteArray &host) const
{
    // The redirect URI's own host and port, or the same address by its reserved name.
    const QByteArray suffix = QByteArray(":") + QByteArray::number(port());
    return host == QByteArray("127.0.0.1" + suffix) ||
           host.compare(QByteArray("localhost" + suffix), Qt::CaseInsensitive) == 0;
}

LoopbackReceiver::Request LoopbackReceiver::parseRequest(const QByteArray &received)
{
    Request request;
    if (received.size() > MaxRequestBytes) {
        request.kind = Request::Kind::TooLarge;
        return request;
    }
    if (received.indexOf("\r\n\r\n") < 0)
        return request;
    const QList<QByteArray> requestLine = received.left(received.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || requestLine.at(0) != "GET") {
        request.kind = Request::Kind::NotGet;
        return request;
    }
    int hostHeaders = 0;
    const QList<QByteArray> headerLines = received.left(received.indexOf("\r\n\r\n")).split('\n');
    for (qsizetype i = 1; i < headerLines.size(); ++i) {
        const QByteArray &line = headerLines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).compare("host", Qt::CaseInsensitive) == 0) {
            request.host = line.mid(colon + 1).trimmed();
            ++hostHeaders;
        }
    }
    if (hostHeaders != 1)
        request.host.clear();
    const QUrl target(QString::fromLatin1(requestLine.at(1)));
    if (target.path() != u"/callback") {
        request.kind = Request::Kind::NotCallback;
        return request;
    }
    request.kind = Request::Kind::Callback;
    request.query = QUrlQuery(target);
    return request;
}

void LoopbackReceiver::handleConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A browser that opens a connection and never sends a request must not hold it forever.
        QTimer::singleShot(10000, socket, [socket] { socket->abort(); });
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const Request request = parseRequest(*buffer);
            switch (request.kind) {
            case Request::Kind::Incomplete:
                return;
            case Request::Kind::TooLarge:
                answer(socket, "431 Request Header Fields Too Large", "Request too large.");
                return;
            case Request::Kind::NotGet:
                answer(socket, "405 Method Not Allowed", "Only the sign-in redirect is served here.");
                return;
            case Request::Kind::NotCallback:
            case Request::Kind::Callback:
                break;
            }
            // A web page can reach this port under its own name (DNS rebinding); the browser then
            // sends that name, never 127.0.0.1 or localhost.
            if (!isOwnHost(request.host)) {
                answer(socket, "400 Bad Request", "This address only serves the console's own sign-in redirect.");
                return;
            }
            if (request.kind == Request::Kind::NotCallback || m_done) {
                answer(socket, "404 Not Found", "Nothing here.");
                return;
            }
            const QUrlQuery &query = request.query;
            // A stale tab or another process must not end the sign-in: the real redirect may still come.
            if (m_expectedState.isEmpty() ||
                query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != m_expectedState) {
                answer(socket, "400 Bad Request",
                       "This sign-in link is not the one the console started; it was ignored. If you are signing "
                       "in, use the address the console shows.");
                return;
            }
            m_done = true;
            if (query.hasQueryItem(QStringLiteral("error")))
                answer(socket, "200 OK",
                       "Sign-in was not completed. You can close this window and return to Allowlist Console.");
            else
                answer(socket, "200 OK", "Signed in. You can close this window and return to Allowlist Console.");
            m_server->close();
            Q_EMIT callbackReceived(query);
        });
    }
}

} // namespace alc
