#pragma once

#include <QObject>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;

namespace alc {

// The one-shot redirect target of the PKCE sign-in: listens on 127.0.0.1 for the GET /callback
// from the system browser, answers with a short page and stops listening. Any local process or web
// page can reach the port, so only a callback with the expected state and a loopback Host header
// ends the wait; others get a 400 and are ignored.
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
    // The state the sign-in sent to the authorize endpoint; while it is empty, no callback is accepted.
    void setExpectedState(const QString &state) { m_expectedState = state; }

    // What the bytes received so far on one connection are, read without the socket.
    struct Request
    {
        enum class Kind { Incomplete, TooLarge, NotGet, NotCallback, Callback };
        Kind kind = Kind::Incomplete;
        QUrlQuery query; // for Callback: code and state, or error and error_description
        QByteArray host; // the Host header's value; empty when missing or sent more than once
    };
    static Request parseRequest(const QByteArray &received);

Q_SIGNALS:
    // The query of the first request to /callback with the expected state (code and state, or error,
    // error_description and state).
    void callbackReceived(const QUrlQuery &query);

private:
    void handleConnection();
    bool isOwnHost(const QByteArray &host) const;

    QTcpServer *m_server = nullptr;
    bool m_done = false;
    QString m_expectedState;
};

} // namespace alc
