#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>

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

} // namespace alc::test
