#include "dataset.h"

#include <algorithm>
#include <numeric>

namespace alc {

QString badRowReasonText(BadRowReason reason)
{
    switch (reason) {
    case BadRowReason::MissingIp:
        return QStringLiteral("no IP address");
    case BadRowReason::InvalidIp:
        return QStringLiteral("not an IP address");
    case BadRowReason::InvalidTimestamp:
        return QStringLiteral("timestamp not understood");
    case BadRowReason::MalformedRecord:
        return QStringLiteral("malformed record");
    case BadRowReason::UnclosedQuote:
        return QStringLiteral("unclosed quote");
    case BadRowReason::MissingTimestamp:
        return QStringLiteral("no timestamp");
    case BadRowReason::MissingResult:
        return QStringLiteral("no result");
    case BadRowReason::InvalidResult:
        return QStringLiteral("result not understood");
    }
    return {};
}

std::span<const SignInGroup> Dataset::groupsOfIp(quint32 ip) const
{
    return std::span<const SignInGroup>(m_groups).subspan(m_groupOffsets[ip],
                                                          m_groupOffsets[ip + 1] - m_groupOffsets[ip]);
}

std::span<const DayGroup> Dataset::dayGroupsOfIp(quint32 ip) const
{
    return std::span<const DayGroup>(m_dayGroups).subspan(m_dayOffsets[ip], m_dayOffsets[ip + 1] - m_dayOffsets[ip]);
}

std::span<const quint32> Dataset::groupIndexesOfUser(quint32 user) const
{
    return std::span<const quint32>(m_userGroupIndexes)
        .subspan(m_userOffsets[user], m_userOffsets[user + 1] - m_userOffsets[user]);
}

std::pair<quint32, quint32> Dataset::ipRange(quint32 from, quint32 to) const
{
    const auto first = std::lower_bound(m_ips.begin(), m_ips.end(), from);
    const auto last = std::upper_bound(first, m_ips.end(), to);
    return {quint32(first - m_ips.begin()), quint32(last - m_ips.begin())};
}

qint64 Dataset::indexOfIp(Ipv4Address address) const
{
    const auto it = std::lower_bound(m_ips.begin(), m_ips.end(), address.toUInt());
    return it != m_ips.end() && *it == address.toUInt() ? qint64(it - m_ips.begin()) : -1;
}

qint64 Dataset::skippedRows() const
{
    return std::accumulate(m_files.begin(), m_files.end(), qint64(0),
                           [](qint64 sum, const ImportedFile &f) { return sum + f.skipped; });
}

qint64 Dataset::ignoredRows() const
{
    return std::accumulate(m_files.begin(), m_files.end(), qint64(0),
                           [](qint64 sum, const ImportedFile &f) { return sum + f.ignored; });
}

std::vector<Ipv6Source> topIpv6Sources(const Dataset &dataset, int count)
{
    std::vector<Ipv6Source> sources = dataset.ipv6Sources();
    const auto n = std::min(sources.size(), std::size_t(std::max(count, 0)));
    std::partial_sort(sources.begin(), sources.begin() + qsizetype(n), sources.end(),
                      [](const Ipv6Source &a, const Ipv6Source &b) {
                          const quint64 x = a.successful + a.failed, y = b.successful + b.failed;
                          return x != y ? x > y : a.address < b.address;
                      });
    sources.resize(n);
    return sources;
}

void Dataset::buildIndexes()
{
    const std::size_t ipCount = m_ips.size();
    m_groupOffsets.assign(ipCount + 1, 0);
    m_ipSuccessful.assign(ipCount, 0);
    m_ipFailed.assign(ipCount, 0);
    m_userRows.assign(std::size_t(m_users.size()), 0);
    m_userIpv6Rows.resize(std::size_t(m_users.size()), 0);
    std::vector<quint32> perUser(std::size_t(m_users.size()) + 1, 0);
    m_ipv4Rows = 0;
    for (const SignInGroup &g : m_groups) {
        ++m_groupOffsets[g.ip + 1];
        m_ipSuccessful[g.ip] += g.successful;
        m_ipFailed[g.ip] += g.failed;
        m_userRows[g.user] += g.total();
        ++perUser[g.user + 1];
        m_ipv4Rows += qint64(g.total());
    }
    std::partial_sum(m_groupOffsets.begin(), m_groupOffsets.end(), m_groupOffsets.begin());
    std::partial_sum(perUser.begin(), perUser.end(), perUser.begin());
    m_userOffsets = perUser;
    m_userGroupIndexes.assign(m_groups.size(), 0);
    for (quint32 i = 0; i < m_groups.size(); ++i)
        m_userGroupIndexes[perUser[m_groups[i].user]++] = i;

    m_dayOffsets.assign(ipCount + 1, 0);
    for (const DayGroup &d : m_dayGroups)
        ++m_dayOffsets[d.ip + 1];
    std::partial_sum(m_dayOffsets.begin(), m_dayOffsets.end(), m_dayOffsets.begin());

    m_ipv6Rows = 0;
    for (const Ipv6Source &s : m_ipv6Sources)
        m_ipv6Rows += qint64(s.successful + s.failed);
}

} // namespace alc
