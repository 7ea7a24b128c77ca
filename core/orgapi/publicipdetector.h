#pragma once

#include <rules/ipv4address.h>

#include <QFuture>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace alc {

class HttpClient;

struct IpEchoAnswer
{
    QUrl service;
    QString address; // as the service returned it, trimmed; empty on failure
    QString error;
};

struct PublicIpDetection
{
    std::optional<Ipv4Address> ipv4; // the address most services agree on
    // Every IPv4 address a service returned, the most votes first (ipv4 first). When services
    // disagree, Genesys may see any of them: a lockout check must cover them all.
    QList<Ipv4Address> ipv4Candidates;
    QString ipv6;        // when an IPv6-capable service answered
    bool agreed = false; // two or more services answered and all IPv4 answers match
    bool manual = false; // the admin typed it; no service was asked
    QList<IpEchoAnswer> answers;
    QStringList warnings; // disagreement, single answer, failures
    // Which detect() this answers, counting from 1 in the order they started: answers can arrive
    // in another order (each waits for its slowest service), and an older one must not win.
    quint64 sequence = 0;

    bool ok() const { return ipv4.has_value(); }
};

// Finds the admin's public address by asking several independent HTTPS echo services in parallel.
// Disagreement (split-tunnel VPN, proxies) is a warning, never silently resolved.
class PublicIpDetector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublicIpDetector)

public:
    explicit PublicIpDetector(HttpClient *http, QObject *parent = nullptr);

    // https://api.ipify.org, https://ipv4.icanhazip.com, https://checkip.amazonaws.com,
    // https://api6.ipify.org (IPv6; its failure on an IPv4-only network is not a warning).
    static QList<QUrl> defaultServices();

    void setServices(const QList<QUrl> &services) { m_services = services; }
    const QList<QUrl> &services() const { return m_services; }
    // The whole exchange with each service; they are asked in parallel. Answers over 4 KiB are refused.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // A typed address replaces detection until cleared.
    void setManualAddress(std::optional<Ipv4Address> address) { m_manual = address; }
    std::optional<Ipv4Address> manualAddress() const { return m_manual; }

    // Every call starts a detection of its own; its future always gets its answer. `detected` is
    // emitted for an answer only when no detection started after it has answered already.
    QFuture<PublicIpDetection> detect();
    // The sequence of the latest detect() call (0: none yet).
    quint64 lastStartedSequence() const { return m_started; }
    const PublicIpDetection &lastDetection() const { return m_last; }

    // Re-detects whenever the OS reports a reachability change (needs a QNetworkInformation backend).
    bool watchNetworkChanges();

    static PublicIpDetection combine(const QList<IpEchoAnswer> &answers);

Q_SIGNALS:
    void detected(const alc::PublicIpDetection &detection);
    void networkChanged();

private:
    HttpClient *m_http = nullptr;
    QList<QUrl> m_services = defaultServices();
    int m_timeoutMs = 5000;
    std::optional<Ipv4Address> m_manual;
    PublicIpDetection m_last;
    quint64 m_started = 0;
    quint64 m_announced = 0; // the newest sequence `detected` was emitted for

    void announce(QPromise<PublicIpDetection> &promise, PublicIpDetection detection);
};

} // namespace alc
