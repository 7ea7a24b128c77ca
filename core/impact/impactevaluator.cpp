#include "impactevaluator.h"

#include <algorithm>
#include <limits>

namespace alc {

ImpactEvaluator::ImpactEvaluator(std::shared_ptr<const Dataset> dataset)
    : m_dataset(std::move(dataset))
{
    const Dataset &d = *m_dataset;
    m_appRows.assign(std::size_t(d.apps().size()), 0);
    for (const SignInGroup &g : d.groups())
        m_appRows[g.app] += g.total();

    indexDays();

    m_baselineAllowed.assign(d.ips().size(), 1);
    recomputeAll();
}

void ImpactEvaluator::indexDays()
{
    // Distinct days are few (one per calendar day) while day groups run into millions: a table
    // over the span of days finds them without sorting one entry per group.
    const std::vector<DayGroup> &groups = m_dataset->dayGroups();
    bool unknown = false;
    qint64 first = std::numeric_limits<qint64>::max(), last = std::numeric_limits<qint64>::min();
    for (const DayGroup &g : groups) {
        if (g.day == Dataset::UnknownDay) {
            unknown = true;
        } else {
            first = std::min<qint64>(first, g.day);
            last = std::max<qint64>(last, g.day);
        }
    }
    constexpr quint32 Absent = std::numeric_limits<quint32>::max();
    std::vector<quint32> indexOfDay(first <= last ? std::size_t(last - first + 1) : 0, Absent);
    for (const DayGroup &g : groups) {
        if (g.day != Dataset::UnknownDay)
            indexOfDay[std::size_t(g.day - first)] = 0;
    }
    m_days.clear();
    if (unknown)
        m_days.push_back(Dataset::UnknownDay); // the smallest qint32: first, as a sort would put it
    for (std::size_t i = 0; i < indexOfDay.size(); ++i) {
        if (indexOfDay[i] != Absent) {
            indexOfDay[i] = quint32(m_days.size());
            m_days.push_back(qint32(first + qint64(i)));
        }
    }
    m_dayIndexOfGroup.clear();
    m_dayIndexOfGroup.reserve(groups.size());
    for (const DayGroup &g : groups)
        m_dayIndexOfGroup.push_back(g.day == Dataset::UnknownDay ? 0 : indexOfDay[std::size_t(g.day - first)]);
}

void ImpactEvaluator::setBaseline(const std::vector<Ipv4Network> &networks)
{
    computeAllowed(Matcher::fromNetworks(networks), 0, quint32(m_dataset->ips().size()), m_baselineAllowed.data());
    m_hasBaseline = true;
    recomputeAll();
}

void ImpactEvaluator::clearBaseline()
{
    m_baselineAllowed.assign(m_dataset->ips().size(), 1);
    m_hasBaseline = false;
    recomputeAll();
}

void ImpactEvaluator::setList(const std::vector<Ipv4Network> &networks)
{
    std::vector<Ipv4Network> before = m_networks;
    m_networks = networks;
    m_matcher = Matcher::fromNetworks(m_networks);
    m_summary.listIsEmpty = m_networks.empty();
    // Emptiness flips the meaning of every address ("empty allows all"): no shortcut there.
    if (before.empty() != networks.empty()) {
        recomputeAll();
        return;
    }
    // Only addresses inside a network that was added or removed can change state.
    std::vector<Ipv4Network> after = networks;
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    std::vector<Ipv4Network> changed;
    std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                  std::back_inserter(changed));
    std::vector<quint8> fresh;
    for (const Ipv4Network &network : changed) {
        const auto [first, last] = m_dataset->ipRange(network.first().toUInt(), network.last().toUInt());
        if (first == last)
            continue;
        fresh.assign(last - first, 0);
        computeAllowed(m_matcher, first, last, fresh.data());
        for (quint32 i = first; i < last; ++i) {
            if (fresh[i - first] != m_allowed[i])
                applyBlocked(i, fresh[i - first] == 0);
        }
    }
}

void ImpactEvaluator::computeAllowed(const Matcher &matcher, quint32 first, quint32 last, quint8 *out) const
{
    const std::vector<quint32> &ips = m_dataset->ips();
    if (first >= last)
        return;
    if (matcher.isEmpty()) {
        std::fill(out, out + (last - first), quint8(1));
        return;
    }
    // Both sides are sorted: one merge walk instead of a lookup per address.
    const std::vector<Matcher::Interval> intervals = matcher.mergedIntervals();
    auto it = std::lower_bound(intervals.begin(), intervals.end(), ips[first],
                               [](const Matcher::Interval &i, quint32 a) { return i.last < a; });
    for (quint32 i = first; i < last; ++i) {
        const quint32 address = ips[i];
        while (it != intervals.end() && it->last < address)
            ++it;
        out[i - first] = it != intervals.end() && it->first <= address ? 1 : 0;
    }
}

void ImpactEvaluator::recomputeAll()
{
    const Dataset &d = *m_dataset;
    const quint32 ipCount = quint32(d.ips().size());
    m_allowed.assign(ipCount, 1);
    m_userBlocked.assign(std::size_t(d.users().size()), 0);
    m_userNewlyBlocked.assign(std::size_t(d.users().size()), 0);
    m_userNewlyAllowed.assign(std::size_t(d.users().size()), 0);
    m_userBlockedSuccessful.assign(std::size_t(d.users().size()), 0);
    m_appBlocked.assign(std::size_t(d.apps().size()), 0);
    m_dayBlocked.assign(m_days.size(), 0);
    m_dayBlockedFailed.assign(m_days.size(), 0);

    ImpactSummary s;
    s.rows = d.rows();
    s.ipv6Rows = d.ipv6Rows();
    s.skippedRows = d.skippedRows();
    s.users = d.users().size();
    s.apps = d.apps().size();
    s.distinctIps = ipCount;
    s.hasBaseline = m_hasBaseline;
    s.listIsEmpty = m_networks.empty();
    // Start from "everything allowed" and block what the list does not cover.
    for (quint32 i = 0; i < ipCount; ++i) {
        s.allowed += qint64(d.ipRows(i));
        s.allowedSuccessful += qint64(d.ipSuccessful(i));
        s.allowedFailed += qint64(d.ipFailed(i));
        if (m_hasBaseline && !m_baselineAllowed[i])
            s.newlyAllowed += qint64(d.ipRows(i));
    }
    m_summary = s;
    // Everything allowed so far: what the baseline refuses is newly allowed, user by user.
    for (quint32 i = 0; m_hasBaseline && i < ipCount; ++i) {
        if (!m_baselineAllowed[i]) {
            for (const SignInGroup &g : d.groupsOfIp(i))
                addUserNewlyAllowed(g.user, qint64(g.total()));
        }
    }

    std::vector<quint8> allowed(ipCount, 1);
    if (ipCount > 0)
        computeAllowed(m_matcher, 0, ipCount, allowed.data());
    for (quint32 i = 0; i < ipCount; ++i) {
        if (!allowed[i])
            applyBlocked(i, true);
    }
}

void ImpactEvaluator::applyBlocked(quint32 ip, bool blocked)
{
    const Dataset &d = *m_dataset;
    const qint64 sign = blocked ? 1 : -1;
    const auto rows = qint64(d.ipRows(ip));
    const auto successful = qint64(d.ipSuccessful(ip));
    const auto failed = qint64(d.ipFailed(ip));
    m_allowed[ip] = blocked ? 0 : 1;

    ImpactSummary &s = m_summary;
    s.blocked += sign * rows;
    s.allowed -= sign * rows;
    s.blockedSuccessful += sign * successful;
    s.allowedSuccessful -= sign * successful;
    s.blockedFailed += sign * failed;
    s.allowedFailed -= sign * failed;
    s.ipsBlocked += sign;

    const bool baselineAllowed = m_baselineAllowed[ip] != 0;
    if (m_hasBaseline) {
        if (baselineAllowed)
            s.newlyBlocked += sign * rows;
        else
            s.newlyAllowed -= sign * rows;
    }
    for (const SignInGroup &g : d.groupsOfIp(ip)) {
        const qint64 delta = sign * qint64(g.total());
        addUserBlocked(g.user, delta, sign * qint64(g.successful));
        addAppBlocked(g.app, delta);
        if (m_hasBaseline && baselineAllowed)
            addUserNewlyBlocked(g.user, delta);
        else if (m_hasBaseline)
            addUserNewlyAllowed(g.user, -delta);
    }
    const std::span<const DayGroup> dayGroups = d.dayGroupsOfIp(ip);
    const std::size_t firstDayGroup = std::size_t(dayGroups.data() - d.dayGroups().data());
    for (std::size_t k = 0; k < dayGroups.size(); ++k) {
        const quint32 day = m_dayIndexOfGroup[firstDayGroup + k];
        m_dayBlocked[day] += quint64(sign * qint64(quint64(dayGroups[k].successful) + dayGroups[k].failed));
        m_dayBlockedFailed[day] += quint64(sign * qint64(dayGroups[k].failed));
    }
}

void ImpactEvaluator::addUserBlocked(quint32 user, qint64 delta, qint64 successfulDelta)
{
    const quint64 rows = m_dataset->userRows(user);
    const quint64 before = m_userBlocked[user];
    const quint64 after = quint64(qint64(before) + delta);
    m_userBlocked[user] = after;
    m_summary.usersBlocked += qint64(after > 0) - qint64(before > 0);
    m_summary.usersFullyBlocked += qint64(rows > 0 && after == rows) - qint64(rows > 0 && before == rows);
    const quint64 successfulBefore = m_userBlockedSuccessful[user];
    const quint64 successfulAfter = quint64(qint64(successfulBefore) + successfulDelta);
    m_userBlockedSuccessful[user] = successfulAfter;
    m_summary.usersBlockedSuccessful += qint64(successfulAfter > 0) - qint64(successfulBefore > 0);
}

void ImpactEvaluator::addUserNewlyBlocked(quint32 user, qint64 delta)
{
    const quint64 before = m_userNewlyBlocked[user];
    const quint64 after = quint64(qint64(before) + delta);
    m_userNewlyBlocked[user] = after;
    m_summary.usersNewlyBlocked += qint64(after > 0) - qint64(before > 0);
}

void ImpactEvaluator::addUserNewlyAllowed(quint32 user, qint64 delta)
{
    const quint64 before = m_userNewlyAllowed[user];
    const quint64 after = quint64(qint64(before) + delta);
    m_userNewlyAllowed[user] = after;
    m_summary.usersNewlyAllowed += qint64(after > 0) - qint64(before > 0);
}

void ImpactEvaluator::addAppBlocked(quint32 app, qint64 delta)
{
    const quint64 before = m_appBlocked[app];
    const quint64 after = quint64(qint64(before) + delta);
    m_appBlocked[app] = after;
    m_summary.appsBlocked += qint64(after > 0) - qint64(before > 0);
}

UserImpact ImpactEvaluator::user(quint32 index) const
{
    const Dataset &d = *m_dataset;
    UserImpact u;
    u.index = index;
    u.user = d.users().at(index);
    u.signIns = d.userRows(index);
    u.blocked = m_userBlocked[index];
    u.newlyBlocked = m_userNewlyBlocked[index];
    u.ipv6SignIns = d.userIpv6Rows(index);
    quint32 lastBlocked = 0;
    for (const quint32 g : d.groupIndexesOfUser(index)) {
        const SignInGroup &group = d.groups()[g];
        if (m_allowed[group.ip])
            continue;
        u.blockedFailed += group.failed;
        lastBlocked = std::max(lastBlocked, group.lastSeen);
        const Ipv4Address address(d.ips()[group.ip]);
        if (u.blockedIps.isEmpty() || u.blockedIps.constLast() != address)
            u.blockedIps.append(address);
    }
    if (lastBlocked > 0)
        u.lastBlocked = QDateTime::fromSecsSinceEpoch(lastBlocked, Qt::UTC);
    return u;
}

std::vector<UserImpact> ImpactEvaluator::users(bool blockedOnly) const
{
    std::vector<UserImpact> result;
    for (quint32 i = 0; i < quint32(m_dataset->users().size()); ++i) {
        if (!blockedOnly || m_userBlocked[i] > 0)
            result.push_back(user(i));
    }
    return result;
}

IpImpact ImpactEvaluator::ip(quint32 index) const
{
    const Dataset &d = *m_dataset;
    IpImpact r;
    r.index = index;
    r.address = Ipv4Address(d.ips()[index]);
    r.successful = d.ipSuccessful(index);
    r.failed = d.ipFailed(index);
    r.signIns = r.successful + r.failed;
    r.allowed = m_allowed[index] != 0;
    r.baselineAllowed = m_baselineAllowed[index] != 0;
    const std::span<const SignInGroup> groups = d.groupsOfIp(index);
    for (std::size_t k = 0; k < groups.size(); ++k) {
        if (k == 0 || groups[k].user != groups[k - 1].user)
            ++r.users;
    }
    if (r.allowed && !m_matcher.isEmpty()) {
        const std::span<const int> entries = m_matcher.entriesCovering(r.address);
        if (!entries.empty())
            r.admittedBy = m_networks[std::size_t(entries.front())].toString();
    }
    return r;
}

std::vector<IpImpact> ImpactEvaluator::ips(bool blockedOnly) const
{
    std::vector<IpImpact> result;
    for (quint32 i = 0; i < quint32(m_allowed.size()); ++i) {
        if (!blockedOnly || !m_allowed[i])
            result.push_back(ip(i));
    }
    return result;
}

std::vector<IpImpact> ImpactEvaluator::topBlockedIps(int count) const
{
    std::vector<quint32> blocked;
    for (quint32 i = 0; i < quint32(m_allowed.size()); ++i) {
        if (!m_allowed[i])
            blocked.push_back(i);
    }
    const auto n = std::min<std::size_t>(blocked.size(), std::size_t(std::max(count, 0)));
    const Dataset &d = *m_dataset;
    std::partial_sort(blocked.begin(), blocked.begin() + qsizetype(n), blocked.end(), [&d](quint32 a, quint32 b) {
        return d.ipRows(a) != d.ipRows(b) ? d.ipRows(a) > d.ipRows(b) : a < b;
    });
    std::vector<IpImpact> result;
    for (std::size_t k = 0; k < n; ++k)
        result.push_back(ip(blocked[k]));
    return result;
}

std::vector<AppImpact> ImpactEvaluator::apps() const
{
    const Dataset &d = *m_dataset;
    std::vector<AppImpact> result(std::size_t(d.apps().size()));
    std::vector<std::pair<quint32, quint32>> appUsers;
    std::vector<std::pair<quint32, quint32>> blockedAppUsers;
    for (const SignInGroup &g : d.groups()) {
        appUsers.emplace_back(g.app, g.user);
        if (!m_allowed[g.ip]) {
            result[g.app].blockedFailed += g.failed;
            blockedAppUsers.emplace_back(g.app, g.user);
        }
    }
    for (auto *pairs : {&appUsers, &blockedAppUsers}) {
        std::sort(pairs->begin(), pairs->end());
        pairs->erase(std::unique(pairs->begin(), pairs->end()), pairs->end());
    }
    for (const auto &[app, user] : appUsers)
        ++result[app].users;
    for (const auto &[app, user] : blockedAppUsers)
        ++result[app].usersBlocked;
    for (quint32 a = 0; a < result.size(); ++a) {
        result[a].app = d.apps().at(a);
        result[a].signIns = m_appRows[a];
        result[a].blocked = m_appBlocked[a];
    }
    return result;
}

std::vector<DayImpact> ImpactEvaluator::days() const
{
    const Dataset &d = *m_dataset;
    std::vector<DayImpact> result(m_days.size());
    for (std::size_t k = 0; k < d.dayGroups().size(); ++k)
        result[m_dayIndexOfGroup[k]].signIns += quint64(d.dayGroups()[k].successful) + d.dayGroups()[k].failed;
    for (std::size_t i = 0; i < m_days.size(); ++i) {
        if (m_days[i] != Dataset::UnknownDay)
            result[i].day = QDate(1970, 1, 1).addDays(m_days[i]);
        result[i].blocked = m_dayBlocked[i];
        result[i].blockedFailed = m_dayBlockedFailed[i];
    }
    return result;
}

} // namespace alc
