#include "publicipdetector.h"

#include "httpclient.h"

#include <QHostAddress>
#include <QNetworkInformation>
#include <QPromise>

#include <algorithm>
#include <map>
#include <memory>

namespace alc {

namespace {

// An address is under 50 bytes; an echo service that sends more is not one.
constexpr qint64 MaxAnswerBytes = 4 * 1024;

bool isIpv6Service(const QUrl &url)
{
    return url.host().startsWith(u"api6.") || url.host().startsWith(u"ipv6.");
}

} // namespace

PublicIpDetector::PublicIpDetector(HttpClient *http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{}

QList<QUrl> PublicIpDetector::defaultServices()
{
    return {QUrl(QStringLiteral("https://api.ipify.org")), QUrl(QStringLiteral("https://ipv4.icanhazip.com")),
            QUrl(QStringLiteral("https://checkip.amazonaws.com")), QUrl(QStringLiteral("https://api6.ipify.org"))};
}

PublicIpDetection PublicIpDetector::combine(const QList<IpEchoAnswer> &answers)
{
    PublicIpDetection result;
    result.answers = answers;
    std::map<quint32, QList<QUrl>> votes;
    for (const IpEchoAnswer &answer : answers) {
        if (!answer.error.isEmpty()) {
            if (!isIpv6Service(answer.service)) {
                result.warnings.append(
                    QStringLiteral("%1 did not answer: %2").arg(answer.service.host(), answer.error));
            }
            continue;
        }
        if (const auto v4 = Ipv4Address::parse(answer.address)) {
            votes[v4->toUInt()].append(answer.service);
        } else if (QHostAddress(answer.address).protocol() == QAbstractSocket::IPv6Protocol) {
            if (result.ipv6.isEmpty())
                result.ipv6 = answer.address;
        }
    }
    if (votes.empty()) {
        result.warnings.append(
            QStringLiteral("no echo service returned an IPv4 address; enter your public address by hand"));
        return result;
    }
    const auto best = std::max_element(votes.begin(), votes.end(),
                                       [](const auto &a, const auto &b) { return a.second.size() < b.second.size(); });
    result.ipv4 = Ipv4Address(best->first);
    result.ipv4Candidates.append(*result.ipv4);
    for (const auto &[address, services] : votes) {
        if (address != best->first)
            result.ipv4Candidates.append(Ipv4Address(address));
    }
    int answered = 0;
    for (const auto &[address, services] : votes)
        answered += int(services.size());
    if (votes.size() > 1) {
        QStringList parts;
        for (const auto &[address, services] : votes) {
            QStringList hosts;
            for (const QUrl &url : services)
                hosts.append(url.host());
            parts.append(
                QStringLiteral("%1 (%2)").arg(Ipv4Address(address).toString(), hosts.join(QStringLiteral(", "))));
        }
        result.warnings.append(QStringLiteral("the echo services disagree: %1. A split-tunnel VPN or a proxy sends "
                                              "traffic out through different addresses; the lockout check covers "
                                              "each of them (name yours with --admin-ip, or set it by hand in the "
                                              "window, to check only that one)")
                                   .arg(parts.join(QStringLiteral(" vs "))));
    } else if (answered < 2) {
        result.warnings.append(QStringLiteral("only one echo service answered; the address is not confirmed"));
    }
    result.agreed = votes.size() == 1 && answered >= 2;
    return result;
}

void PublicIpDetector::announce(QPromise<PublicIpDetection> &promise, PublicIpDetection detection)
{
    promise.addResult(detection);
    promise.finish();
    if (detection.sequence <= m_announced) // a later detection answered first: this one is older news
        return;
    m_announced = detection.sequence;
    m_last = detection;
    Q_EMIT detected(m_last);
}

QFuture<PublicIpDetection> PublicIpDetector::detect()
{
    auto promise = std::make_shared<QPromise<PublicIpDetection>>();
    promise->start();
    QFuture<PublicIpDetection> future = promise->future();
    const quint64 sequence = ++m_started;
    if (m_manual) {
        PublicIpDetection manual;
        manual.ipv4 = m_manual;
        manual.ipv4Candidates = {*m_manual};
        manual.manual = true;
        manual.sequence = sequence;
        announce(*promise, manual);
        return future;
    }

    struct Pending
    {
        QList<IpEchoAnswer> answers;
        int remaining = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->remaining = int(m_services.size());
    pending->answers.resize(m_services.size());
    if (m_services.isEmpty()) {
        PublicIpDetection none = combine({});
        none.sequence = sequence;
        announce(*promise, none); // announced too: whoever waits for an answer gets one
        return future;
    }
    for (qsizetype i = 0; i < m_services.size(); ++i) {
        HttpRequest request;
        request.url = m_services.at(i);
        request.timeoutMs = m_timeoutMs;
        request.maxBodyBytes = MaxAnswerBytes;
        request.headers = {{"Accept", "text/plain"}};
        pending->answers[i].service = request.url;
        m_http->send(request).then(this, [this, promise, pending, i, sequence](const HttpResponse &response) {
            IpEchoAnswer &answer = pending->answers[i];
            if (!response.isSuccess()) {
                answer.error =
                    response.hasHttpStatus() ? QStringLiteral("HTTP %1").arg(response.status) : response.errorString;
            } else {
                const QString text = QString::fromLatin1(response.body.left(100)).trimmed();
                if (Ipv4Address::parse(text) || QHostAddress(text).protocol() == QAbstractSocket::IPv6Protocol)
                    answer.address = text;
                else
                    answer.error = QStringLiteral("the answer was not an IP address");
            }
            if (--pending->remaining == 0) {
                PublicIpDetection detection = combine(pending->answers);
                detection.sequence = sequence;
                announce(*promise, detection);
            }
        });
    }
    return future;
}

bool PublicIpDetector::watchNetworkChanges()
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return false;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this, [this] {
        Q_EMIT networkChanged();
        detect();
    });
    return true;
}

} // namespace alc
