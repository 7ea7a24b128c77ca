#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <functional>
#include <memory>

namespace alc::test {

// A raw HTTP server on 127.0.0.1 for answers no well-behaved server gives: once a request's head
// has arrived it sends `head`, then `chunk` every `intervalMs` until `total` body bytes are out.
class ScriptedServer final
{
    Q_DISABLE_COPY_MOVE(ScriptedServer)

public:
    struct Script
    {
        QByteArray head;
        QByteArray chunk;
        int intervalMs = 0;
        qint64 total = 0;
    };

    explicit ScriptedServer(Script script)
        : m_script(std::move(script))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort())); }

private:
    void serve(QTcpSocket *socket)
    {
        auto request = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
            const bool started = request->contains("\r\n\r\n");
            *request += socket->readAll();
            if (!started && request->contains("\r\n\r\n"))
                answer(socket);
        });
    }

    void answer(QTcpSocket *socket)
    {
        socket->write(m_script.head);
        auto sent = std::make_shared<qint64>(0);
        auto timer = new QTimer(socket);
        QObject::connect(timer, &QTimer::timeout, socket, [this, socket, sent, timer] {
            if (socket->bytesToWrite() > 1024 * 1024)
                return; // the client is not reading; hold back instead of queueing here
            const QByteArray piece =
                m_script.chunk.left(std::min<qint64>(m_script.chunk.size(), m_script.total - *sent));
            socket->write(piece);
            *sent += piece.size();
            if (*sent >= m_script.total) {
                timer->stop();
                socket->disconnectFromHost();
            }
        });
        timer->start(m_script.intervalMs);
    }

    Script m_script;
    QTcpServer m_server;
};

// A raw HTTP server on 127.0.0.1 that answers each whole request (head and Content-Length body)
// with what `answer` makes of it: for servers that echo what they were sent.
class EchoServer final
{
    Q_DISABLE_COPY_MOVE(EchoServer)

public:
    using Answer = std::function<QByteArray(const QByteArray &request)>;

    explicit EchoServer(Answer answer)
        : m_answer(std::move(answer))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort())); }

    // An HTTP/1.1 answer with this status and JSON body, and extra header lines ("Name: value\r\n").
    static QByteArray response(int status, const QByteArray &json, const QByteArray &headers = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " Status\r\nContent-Type: application/json\r\n" + headers +
               "Content-Length: " + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json;
    }

private:
    void serve(QTcpSocket *socket)
    {
        auto request = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
            *request += socket->readAll();
            const qsizetype headEnd = request->indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            qint64 length = 0;
            for (const QByteArray &line : request->left(headEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (request->size() < headEnd + 4 + length)
                return;
            socket->write(m_answer(*request));
            socket->disconnectFromHost();
        });
    }

    Answer m_answer;
    QTcpServer m_server;
};

} // namespace alc::test
