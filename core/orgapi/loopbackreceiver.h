#pragma once

#include <QObject>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;

namespace alc {

// The one-shot redirect target of the PKCE sign-in: listens on 127.0.0.1 for a single
// GET /callback from the system browser, answers with a short page and stops listening.
class LoopbackReceiver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackReceiver)

public:
    explicit LoopbackReceiver(QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // Port 0 picks a free port; a fixed one must match the OAuth client's registered redirect URI.
    bool listen(quint16 port, QString *error = nullptr);
    bool isListening() const;
    quint16 port() const;
    QUrl redirectUri() const; // http://127.0.0.1:<port>/callback
    void close();

    // What the bytes received so far on one connection are, read without the socket.
    struct Request
    {
        enum class Kind { Incomplete, TooLarge, NotGet, NotCallback, Callback };
        Kind kind = Kind::Incomplete;
        QUrlQuery query; // for Callback: code and state, or error and error_description
    };
    static Request parseRequest(const QByteArray &received);

Q_SIGNALS:
    // The query of the first request to /callback (code and state, or error and error_description).
    void callbackReceived(const QUrlQuery &query);

private:
    void handleConnection();

    QTcpServer *m_server = nullptr;
    bool m_done = false;
};

} // namespace alc
