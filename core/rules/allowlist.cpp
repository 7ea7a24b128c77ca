#include "allowlist.h"

#include <QCryptographicHash>
#include <QSet>

#include <algorithm>

namespace alc {

QDate parseExpiryDate(QStringView text)
{
    if (text.size() != 10 || text.at(4) != u'-' || text.at(7) != u'-')
        return {};
    const auto number = [&](qsizetype from, qsizetype length) {
        int value = 0;
        for (qsizetype i = from; i < from + length; ++i) {
            if (text.at(i) < u'0' || text.at(i) > u'9')
                return -1;
            value = value * 10 + (text.at(i).unicode() - u'0');
        }
        return value;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    return year < 0 || month < 0 || day < 0 ? QDate() : QDate(year, month, day);
}

Allowlist Allowlist::fromCidrs(const QStringList &cidrs)
{
    QList<AllowlistEntry> entries;
    entries.reserve(cidrs.size());
    for (const QString &cidr : cidrs)
        entries.append(AllowlistEntry{cidr.trimmed(), {}, {}, {}, 0, {}});
    return Allowlist(std::move(entries));
}

std::vector<Ipv4Network> Allowlist::networks() const
{
    std::vector<Ipv4Network> result;
    result.reserve(size_t(m_entries.size()));
    for (const AllowlistEntry &entry : m_entries) {
        const ParsedCidr parsed = entry.parsed();
        if (parsed.isIpv4())
            result.push_back(parsed.network);
    }
    return result;
}

quint64 Allowlist::admittedAddresses(std::vector<Ipv4Network> networks)
{
    std::sort(networks.begin(), networks.end(),
              [](const Ipv4Network &a, const Ipv4Network &b) { return a.first().toUInt() < b.first().toUInt(); });
    quint64 total = 0;
    quint64 coveredUpTo = 0; // one past the last address counted so far
    for (const Ipv4Network &network : networks) {
        const quint64 first = network.first().toUInt();
        const quint64 end = quint64(network.last().toUInt()) + 1;
        if (end > coveredUpTo) {
            total += end - std::max(first, coveredUpTo);
            coveredUpTo = end;
        }
    }
    return total;
}

QStringList Allowlist::canonicalCidrs() const
{
    QStringList result;
    QSet<QString> seen;
    for (const Ipv4Network &network : networks()) {
        QString text = network.toString();
        if (!seen.contains(text)) {
            seen.insert(text);
            result.append(std::move(text));
        }
    }
    return result;
}

QString Allowlist::fingerprint() const
{
    return fingerprintOf(canonicalCidrs());
}

QString Allowlist::fingerprintOf(QStringList canonicalCidrs)
{
    // Sort by numeric network order so the text is the same whatever the entry order.
    std::vector<Ipv4Network> parsed;
    for (const QString &cidr : canonicalCidrs) {
        const ParsedCidr p = CidrParser::parse(cidr);
        if (p.isIpv4())
            parsed.push_back(p.network);
    }
    std::sort(parsed.begin(), parsed.end());
    parsed.erase(std::unique(parsed.begin(), parsed.end()), parsed.end());
    QByteArray text;
    for (const Ipv4Network &network : parsed)
        text += network.toString().toLatin1() + '\n';
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

} // namespace alc
