#include "datasetbuilder.h"

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace alc {

namespace {

const std::string_view unknownName = "(unknown)";

qint32 dayOf(qint64 time)
{
    if (time == FileStats::NoTime)
        return Dataset::UnknownDay;
    return qint32(time >= 0 ? time / 86400 : (time - 86399) / 86400);
}

quint32 lastSeenOf(qint64 time)
{
    if (time == FileStats::NoTime || time <= 0)
        return 0;
    return time > qint64(0xffffffffu) ? 0xffffffffu : quint32(time);
}

// UPNs and e-mail addresses are case-insensitive: "Alice@x" and "alice@x" are one person.
// Returns user itself when it has no upper case, else a lower-cased copy kept in storage.
std::string_view userKey(std::string_view user, std::string &storage)
{
    if (user.empty())
        return unknownName;
    if (std::none_of(user.begin(), user.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return user;
    storage.assign(user);
    for (char &c : storage) {
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
    }
    return storage;
}

QString fromView(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

void FileStats::append(const FileStats &later)
{
    rows += later.rows;
    ipv6Rows += later.ipv6Rows;
    ignored += later.ignored;
    for (std::size_t i = 0; i < skipped.size(); ++i)
        skipped[i] += later.skipped[i];
    for (const auto &[line, reason] : later.examples) {
        if (examples.size() < MaxExamples)
            examples.emplace_back(lines + line, reason);
    }
    lines += later.lines;
    minTime = std::min(minTime, later.minTime);
    maxTime = std::max(maxTime, later.maxTime);
}

qint64 FileStats::skippedTotal() const
{
    qint64 total = 0;
    for (qint64 s : skipped)
        total += s;
    return total;
}

void FileStats::fillInto(ImportedFile &file) const
{
    file.rows = rows;
    file.ipv6Rows = ipv6Rows;
    file.ignored = ignored;
    file.skipped = skippedTotal();
    for (std::size_t i = 0; i < skipped.size(); ++i) {
        if (skipped[i] > 0)
            file.skippedByReason.insert(badRowReasonText(BadRowReason(i)), skipped[i]);
    }
    for (const auto &[line, reason] : examples)
        file.badRowExamples.append({line, badRowReasonText(reason)});
    if (minTime <= maxTime) {
        file.first = QDateTime::fromSecsSinceEpoch(minTime, Qt::UTC);
        file.last = QDateTime::fromSecsSinceEpoch(maxTime, Qt::UTC);
    }
}

DatasetBuilder::DatasetBuilder()
    : m_ipIds(1 << 14)
    , m_groups(1 << 14)
{}

quint32 DatasetBuilder::internUser(std::string_view user)
{
    return m_users.intern(userKey(user, m_scratch));
}

DatasetBuilder::IpSlot &DatasetBuilder::internIp(quint32 address)
{
    bool inserted = false;
    IpSlot &slot = m_ipIds.find(address, inserted);
    if (inserted) {
        slot = {quint32(m_ipValues.size()), NoPendingDay, 0, 0};
        m_ipValues.push_back(address);
    }
    return slot;
}

void DatasetBuilder::flushPendingDays()
{
    m_ipIds.forEach([this](quint32, IpSlot &slot) {
        if (slot.day != NoPendingDay)
            m_dayGroups.push_back({slot.id, slot.day, slot.successful, slot.failed});
        slot.day = NoPendingDay;
        slot.successful = slot.failed = 0;
    });
}

void DatasetBuilder::addIpv4(quint32 address, std::string_view user, std::string_view app, qint64 time, bool failed)
{
    const PendingSignIn row{address, user, app, time, failed};
    addIpv4Batch({&row, 1});
}

void DatasetBuilder::addIpv4Batch(std::span<const PendingSignIn> rows)
{
    const std::size_t n = rows.size();
    m_batch.resize(n);
    if (m_batchUsers.size() < n)
        m_batchUsers.resize(n);
    // Stage 1: hash the names, start loading the user, app and IP slots.
    for (std::size_t k = 0; k < n; ++k) {
        BatchState &b = m_batch[k];
        b.user = userKey(rows[k].user, m_batchUsers[k]);
        b.app = rows[k].app.empty() ? unknownName : rows[k].app;
        b.userHash = history::hashBytes(b.user);
        b.appHash = history::hashBytes(b.app);
        b.ipHash = U32Hash{}(rows[k].address);
        m_users.prefetch(b.userHash);
        m_ipIds.prefetch(b.ipHash);
    }
    for (std::size_t k = 0; k < n; ++k)
        m_users.prefetchEntry(m_batch[k].userHash);
    for (std::size_t k = 0; k < n; ++k)
        m_users.prefetchBytes(m_batch[k].userHash);
    // Stage 2: intern the names, start loading the group slots.
    for (std::size_t k = 0; k < n; ++k) {
        BatchState &b = m_batch[k];
        b.userId = m_users.intern(b.user, b.userHash);
        b.appId = m_apps.intern(b.app, b.appHash);
        b.groupHash = GroupKeyHash{}(GroupKey{rows[k].address, b.userId, b.appId});
        m_groups.prefetch(b.groupHash);
    }
    // Stage 3: count.
    for (std::size_t k = 0; k < n; ++k) {
        const PendingSignIn &row = rows[k];
        const BatchState &b = m_batch[k];
        bool inserted = false;
        IpSlot &slot = m_ipIds.find(row.address, b.ipHash, inserted);
        if (inserted) {
            slot = {quint32(m_ipValues.size()), NoPendingDay, 0, 0};
            m_ipValues.push_back(row.address);
        }
        const qint32 day = dayOf(row.time);
        if (slot.day != day) {
            if (slot.day != NoPendingDay)
                m_dayGroups.push_back({slot.id, slot.day, slot.successful, slot.failed});
            slot.day = day;
            slot.successful = slot.failed = 0;
        }
        (row.failed ? slot.failed : slot.successful) += 1;
        GroupValue &g = m_groups.find(GroupKey{row.address, b.userId, b.appId}, b.groupHash, inserted);
        (row.failed ? g.failed : g.successful) += 1;
        g.lastSeen = std::max(g.lastSeen, lastSeenOf(row.time));
    }
    m_ipv4Rows += qint64(n);
}

void DatasetBuilder::addIpv6(std::string_view address, std::string_view user, bool failed)
{
    const quint32 id = m_ipv6.intern(address);
    if (id >= m_ipv6Counts.size())
        m_ipv6Counts.resize(id + 1);
    (failed ? m_ipv6Counts[id].failed : m_ipv6Counts[id].successful) += 1;
    const quint32 userId = internUser(user);
    if (userId >= m_userIpv6Rows.size())
        m_userIpv6Rows.resize(userId + 1, 0);
    ++m_userIpv6Rows[userId];
    ++m_ipv6Rows;
}

void DatasetBuilder::merge(DatasetBuilder &&other)
{
    std::vector<quint32> userMap(other.m_users.size());
    for (quint32 i = 0; i < userMap.size(); ++i)
        userMap[i] = m_users.intern(other.m_users.at(i));
    std::vector<quint32> appMap(other.m_apps.size());
    for (quint32 i = 0; i < appMap.size(); ++i)
        appMap[i] = m_apps.intern(other.m_apps.at(i));
    other.flushPendingDays();
    std::vector<quint32> ipMap(other.m_ipValues.size());
    for (quint32 i = 0; i < ipMap.size(); ++i)
        ipMap[i] = internIp(other.m_ipValues[i]).id;
    other.m_ipIds.clear();

    other.m_groups.forEach([&](const GroupKey &k, const GroupValue &v) {
        GroupValue &g = m_groups[GroupKey{k.address, userMap[k.user], appMap[k.app]}];
        g.successful += v.successful;
        g.failed += v.failed;
        g.lastSeen = std::max(g.lastSeen, v.lastSeen);
    });
    other.m_groups.clear();
    for (const DayGroup &g : other.m_dayGroups)
        m_dayGroups.push_back({ipMap[g.ip], g.day, g.successful, g.failed});
    std::vector<DayGroup>().swap(other.m_dayGroups);

    for (quint32 i = 0; i < other.m_ipv6Counts.size(); ++i) {
        const quint32 id = m_ipv6.intern(other.m_ipv6.at(i));
        if (id >= m_ipv6Counts.size())
            m_ipv6Counts.resize(id + 1);
        m_ipv6Counts[id].successful += other.m_ipv6Counts[i].successful;
        m_ipv6Counts[id].failed += other.m_ipv6Counts[i].failed;
    }
    for (quint32 i = 0; i < other.m_userIpv6Rows.size(); ++i) {
        if (!other.m_userIpv6Rows[i])
            continue;
        const quint32 id = userMap[i];
        if (id >= m_userIpv6Rows.size())
            m_userIpv6Rows.resize(id + 1, 0);
        m_userIpv6Rows[id] += other.m_userIpv6Rows[i];
    }
    m_ipv4Rows += other.m_ipv4Rows;
    m_ipv6Rows += other.m_ipv6Rows;
}

Dataset DatasetBuilder::build(QList<ImportedFile> files) &&
{
    Dataset d;
    d.m_files = std::move(files);
    flushPendingDays();

    // IP indexes follow address order so that a network is one contiguous index range.
    std::vector<std::pair<quint32, quint32>> byAddress(m_ipValues.size());
    for (quint32 i = 0; i < m_ipValues.size(); ++i)
        byAddress[i] = {m_ipValues[i], i};
    std::sort(byAddress.begin(), byAddress.end());
    std::vector<quint32> rank(m_ipValues.size());
    d.m_ips.resize(m_ipValues.size());
    for (quint32 i = 0; i < byAddress.size(); ++i) {
        d.m_ips[i] = byAddress[i].first;
        rank[byAddress[i].second] = i;
    }
    std::vector<quint32>().swap(m_ipValues);

    d.m_groups.reserve(m_groups.size());
    m_groups.forEach([&](const GroupKey &k, const GroupValue &v) {
        d.m_groups.push_back({rank[internIp(k.address).id], k.user, k.app, v.successful, v.failed, v.lastSeen});
    });
    m_groups.clear();
    m_ipIds.clear();
    // The sorts run while the other core would otherwise idle: days on a pool thread, groups in
    // two halves merged afterwards.
    for (DayGroup &g : m_dayGroups)
        g.ip = rank[g.ip];
    QFuture<void> days = QtConcurrent::run([this, &d] {
        std::sort(m_dayGroups.begin(), m_dayGroups.end(),
                  [](const DayGroup &a, const DayGroup &b) { return std::tie(a.ip, a.day) < std::tie(b.ip, b.day); });
        // Out-of-order logs leave several partial counts for one (ip, day): add them up.
        for (const DayGroup &g : m_dayGroups) {
            if (!d.m_dayGroups.empty() && d.m_dayGroups.back().ip == g.ip && d.m_dayGroups.back().day == g.day) {
                d.m_dayGroups.back().successful += g.successful;
                d.m_dayGroups.back().failed += g.failed;
            } else {
                d.m_dayGroups.push_back(g);
            }
        }
        std::vector<DayGroup>().swap(m_dayGroups);
    });
    auto byKey = [](const SignInGroup &a, const SignInGroup &b) {
        return std::tie(a.ip, a.user, a.app) < std::tie(b.ip, b.user, b.app);
    };
    const auto middle = d.m_groups.begin() + qsizetype(d.m_groups.size() / 2);
    QFuture<void> firstHalf = QtConcurrent::run([&d, middle, byKey] { std::sort(d.m_groups.begin(), middle, byKey); });
    std::sort(middle, d.m_groups.end(), byKey);
    firstHalf.waitForFinished();
    std::inplace_merge(d.m_groups.begin(), middle, d.m_groups.end(), byKey);
    days.waitForFinished();

    d.m_users.reserve(qsizetype(m_users.size()));
    for (quint32 i = 0; i < m_users.size(); ++i)
        d.m_users.append(fromView(m_users.at(i)));
    d.m_apps.reserve(qsizetype(m_apps.size()));
    for (quint32 i = 0; i < m_apps.size(); ++i)
        d.m_apps.append(fromView(m_apps.at(i)));
    d.m_ipv6Sources.reserve(m_ipv6Counts.size());
    for (quint32 i = 0; i < m_ipv6Counts.size(); ++i)
        d.m_ipv6Sources.push_back({fromView(m_ipv6.at(i)), m_ipv6Counts[i].successful, m_ipv6Counts[i].failed});
    d.m_userIpv6Rows = std::move(m_userIpv6Rows);
    d.buildIndexes();
    return d;
}

} // namespace alc
