#include "datasetbuilder.h"

#include "fieldparsing.h"

#include <QFuture>
#include <QStringDecoder>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace alc {

namespace {

const std::string_view unknownName = "(unknown)";

// Days since 1970-01-01 (before it too: a time on 1970-01-01 with a positive UTC offset is earlier).
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

// UPNs and e-mail addresses are case-insensitive: "Alice@x" and "alice@x" are one person, and so
// are "ÉLODIE@x" and "élodie@x". Returns user itself when it has nothing to lower, else a
// lower-cased copy kept in storage. Names that are not UTF-8 have only their ASCII letters lowered.
std::string_view userKey(std::string_view user, std::string &storage)
{
    if (user.empty())
        return unknownName;
    // Eight bytes at a time (every row's user passes here): a byte of 0x80 or more is not ASCII;
    // for ASCII bytes, b + 0x3f sets the top bit from 'A' up and b + 0x25 from past 'Z' up, with no
    // carry into the next byte.
    constexpr quint64 ones = 0x0101010101010101ULL, tops = ones * 0x80;
    quint64 high = 0, upper = 0;
    std::size_t i = 0;
    for (; i + 8 <= user.size(); i += 8) {
        quint64 w;
        std::memcpy(&w, user.data() + i, 8);
        high |= w & tops;
        upper |= (w + ones * 0x3f) & ~(w + ones * 0x25) & tops;
    }
    for (; i < user.size(); ++i) {
        const auto c = uchar(user[i]);
        high |= c & 0x80;
        upper |= c >= 'A' && c <= 'Z';
    }
    const bool nonAscii = high != 0;
    if (!upper && !nonAscii)
        return user;
    if (nonAscii) {
        QStringDecoder decode(QStringDecoder::Utf8);
        const QString text = decode(QByteArrayView(user.data(), qsizetype(user.size())));
        if (!decode.hasError()) {
            const QByteArray lowered = text.toLower().toUtf8();
            storage.assign(lowered.constData(), std::size_t(lowered.size()));
            return storage;
        }
    }
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

// The ids of interned names in name order, and (rank) each old id's new one. Ids handed out in
// the order names were first met depend on how an import was split and batched; in name order the
// dataset is the same however it was read.
std::vector<quint32> nameOrder(const history::StringInterner &names, std::vector<quint32> &rank)
{
    std::vector<quint32> order(names.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&names](quint32 a, quint32 b) { return names.at(a) < names.at(b); });
    rank.resize(order.size());
    for (quint32 i = 0; i < order.size(); ++i)
        rank[order[i]] = i;
    return order;
}

} // namespace

void FileStats::append(const FileStats &later)
{
    rows += later.rows;
    ipv6Rows += later.ipv6Rows;
    dayFirstDates += later.dayFirstDates;
    monthFirstDates += later.monthFirstDates;
    eitherOrderDates += later.eitherOrderDates;
    ignored += later.ignored;
    if (loneCrs == 0 && later.loneCrs > 0)
        firstLoneCrLine = lines + later.firstLoneCrLine;
    loneCrs += later.loneCrs;
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

DatasetBuilder::DatasetBuilder(std::size_t stageLimit)
    : m_partitions(PartitionCount)
    , m_stageLimit(std::max<std::size_t>(stageLimit, 1))
{}

quint32 DatasetBuilder::internUser(std::string_view user)
{
    return m_users.intern(userKey(user, m_scratch));
}

void DatasetBuilder::addIpv4(quint32 address, std::string_view user, std::string_view app, qint64 time, bool failed)
{
    const PendingSignIn row{address, user, app, time, failed};
    addIpv4Batch({&row, 1});
}

void DatasetBuilder::addIpv4Batch(std::span<const PendingSignIn> rows)
{
    // Users are the one interned name with many distinct values; start loading their table slots
    // for the whole batch before looking any of them up.
    std::array<std::string_view, PrefetchRows> users;
    std::array<quint64, PrefetchRows> hashes;
    for (std::size_t first = 0; first < rows.size(); first += PrefetchRows) {
        const std::size_t n = std::min(PrefetchRows, rows.size() - first);
        for (std::size_t k = 0; k < n; ++k) {
            users[k] = userKey(rows[first + k].user, m_lowered[k]);
            hashes[k] = history::hashBytes(users[k]);
            m_users.prefetch(hashes[k]);
        }
        for (std::size_t k = 0; k < n; ++k) {
            const PendingSignIn &row = rows[first + k];
            const quint32 user = m_users.intern(users[k], hashes[k]);
            const quint32 app = m_apps.intern(row.app.empty() ? unknownName : row.app);
            m_partitions[partitionOf(row.address)].staged.push_back(
                {row.address, user, app | (row.failed ? FailedBit : 0), dayOf(row.time), lastSeenOf(row.time)});
        }
        m_staged += n;
        if (m_staged >= m_stageLimit)
            countStaged();
    }
}

void DatasetBuilder::countStaged()
{
    for (Partition &p : m_partitions)
        p.count();
    m_staged = 0;
}

void DatasetBuilder::Partition::count()
{
    for (const StagedRow &row : staged) {
        bool inserted = false;
        IpSlot &slot = ips.find(row.address, inserted);
        if (inserted)
            slot = {NoPendingDay, 0, 0, 0};
        const bool failed = row.app & FailedBit;
        const qint32 day = row.day;
        if (slot.day != day) {
            if (slot.day != NoPendingDay)
                days.push_back({row.address, slot.day, slot.successful, slot.failed});
            slot.day = day;
            slot.successful = slot.failed = 0;
        }
        (failed ? slot.failed : slot.successful) += 1;
        GroupValue &g = groups.find(GroupKey{row.address, row.user, row.app & ~FailedBit}, inserted);
        (failed ? g.failed : g.successful) += 1;
        g.lastSeen = std::max(g.lastSeen, row.lastSeen);
    }
    staged.clear();
}

void DatasetBuilder::Partition::flushPendingDays()
{
    ips.forEach([this](quint32 address, IpSlot &slot) {
        if (slot.day != NoPendingDay)
            days.push_back({address, slot.day, slot.successful, slot.failed});
        slot.day = NoPendingDay;
        slot.successful = slot.failed = 0;
    });
}

void DatasetBuilder::Partition::absorb(Partition &&other, const std::vector<quint32> &userMap,
                                       const std::vector<quint32> &appMap)
{
    other.flushPendingDays();
    other.ips.forEach([this](quint32 address, IpSlot &) {
        bool inserted = false;
        IpSlot &slot = ips.find(address, inserted);
        if (inserted)
            slot = {NoPendingDay, 0, 0, 0};
    });
    other.groups.forEach([&](const GroupKey &k, const GroupValue &v) {
        GroupValue &g = groups[GroupKey{k.address, userMap[k.user], appMap[k.app]}];
        g.successful += v.successful;
        g.failed += v.failed;
        g.lastSeen = std::max(g.lastSeen, v.lastSeen);
    });
    days.insert(days.end(), other.days.begin(), other.days.end());
    other = Partition{};
}

void DatasetBuilder::addIpv6(std::string_view address, std::string_view user, bool failed)
{
    // One source per address, however it was written ("2A01:E0A::5", "2a01:0e0a:0:0:0:0:0:5").
    std::array<quint16, 8> groups;
    const std::string canonical =
        history::parseIpv6(address, groups) ? history::canonicalIpv6(groups) : std::string(address);
    const quint32 id = m_ipv6.intern(canonical);
    if (id >= m_ipv6Counts.size())
        m_ipv6Counts.resize(id + 1);
    (failed ? m_ipv6Counts[id].failed : m_ipv6Counts[id].successful) += 1;
    const quint32 userId = internUser(user);
    if (userId >= m_userIpv6Rows.size())
        m_userIpv6Rows.resize(userId + 1, 0);
    ++m_userIpv6Rows[userId];
}

void DatasetBuilder::merge(DatasetBuilder &&other)
{
    // Both builders count what they still have staged, one on a pool thread.
    QFuture<void> otherStaged = QtConcurrent::run([&other] { other.countStaged(); });
    countStaged();
    otherStaged.waitForFinished();
    std::vector<quint32> userMap(other.m_users.size());
    for (quint32 i = 0; i < userMap.size(); ++i)
        userMap[i] = m_users.intern(other.m_users.at(i));
    std::vector<quint32> appMap(other.m_apps.size());
    for (quint32 i = 0; i < appMap.size(); ++i)
        appMap[i] = m_apps.intern(other.m_apps.at(i));

    // Partitions are independent: half of them on a pool thread, half here.
    auto absorbRange = [&](std::size_t from, std::size_t to) {
        for (std::size_t p = from; p < to; ++p)
            m_partitions[p].absorb(std::move(other.m_partitions[p]), userMap, appMap);
    };
    QFuture<void> firstHalf = QtConcurrent::run([&] { absorbRange(0, PartitionCount / 2); });
    absorbRange(PartitionCount / 2, PartitionCount);
    firstHalf.waitForFinished();

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
    const DatasetBuilder drained = std::move(other); // gives its memory back now
}

Dataset DatasetBuilder::build(QList<ImportedFile> files) &&
{
    Dataset d;
    d.m_files = std::move(files);
    countStaged();

    // IP indexes follow address order so that a network is one contiguous index range.
    std::size_t ipCount = 0;
    for (Partition &p : m_partitions) {
        p.flushPendingDays();
        ipCount += p.ips.size();
    }
    // Each slot learns its rank from one sort of (address, slot) pairs.
    std::vector<std::pair<quint32, IpSlot *>> order;
    order.reserve(ipCount);
    for (Partition &p : m_partitions)
        p.ips.forEach([&order](quint32 address, IpSlot &slot) { order.emplace_back(address, &slot); });
    std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    d.m_ips.resize(ipCount);
    for (std::size_t i = 0; i < ipCount; ++i) {
        d.m_ips[i] = order[i].first;
        order[i].second->rank = quint32(i);
    }
    std::vector<std::pair<quint32, IpSlot *>>().swap(order);

    std::vector<quint32> userRank, appRank;
    const std::vector<quint32> users = nameOrder(m_users, userRank);
    const std::vector<quint32> apps = nameOrder(m_apps, appRank);
    m_users.dropTable(); // nothing more is interned: only the names are needed from here on
    m_apps.dropTable();
    m_ipv6.dropTable();

    // Groups and days are placed by IP with a counting sort (one pass to count, one to place),
    // then each IP's few entries are sorted: groups on a pool thread, days here.
    QFuture<void> groups = QtConcurrent::run([this, &d, ipCount, &userRank, &appRank] {
        // The first pass keeps each group's IP rank, in table order, for the second.
        std::vector<quint32> offsets(ipCount + 1, 0);
        std::vector<std::vector<quint32>> ranks(m_partitions.size());
        for (std::size_t i = 0; i < m_partitions.size(); ++i) {
            Partition &p = m_partitions[i];
            ranks[i].reserve(p.groups.size());
            p.groups.forEach([&](const GroupKey &k, const GroupValue &) {
                const quint32 ip = p.ips.at(k.address).rank;
                ranks[i].push_back(ip);
                ++offsets[ip + 1];
            });
        }
        std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
        d.m_groups.resize(offsets.back());
        std::vector<quint32> next(offsets.begin(), offsets.end() - 1);
        for (std::size_t i = 0; i < m_partitions.size(); ++i) {
            const quint32 *ip = ranks[i].data();
            m_partitions[i].groups.forEach([&](const GroupKey &k, const GroupValue &v) {
                d.m_groups[next[*ip]++] = {*ip, userRank[k.user], appRank[k.app], v.successful, v.failed, v.lastSeen};
                ++ip;
            });
            m_partitions[i].groups.clear();
            std::vector<quint32>().swap(ranks[i]);
        }
        for (std::size_t ip = 0; ip < ipCount; ++ip) {
            std::sort(d.m_groups.begin() + offsets[ip], d.m_groups.begin() + offsets[ip + 1],
                      [](const SignInGroup &a, const SignInGroup &b) {
                          return std::tie(a.user, a.app) < std::tie(b.user, b.app);
                      });
        }
    });
    {
        std::vector<quint32> offsets(ipCount + 1, 0);
        for (Partition &p : m_partitions) {
            for (DayGroup &g : p.days) {
                g.ip = p.ips.at(g.ip).rank;
                ++offsets[g.ip + 1];
            }
        }
        std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
        std::vector<DayGroup> placed(offsets.back());
        std::vector<quint32> next(offsets.begin(), offsets.end() - 1);
        for (Partition &p : m_partitions) {
            for (const DayGroup &g : p.days)
                placed[next[g.ip]++] = g;
            std::vector<DayGroup>().swap(p.days);
        }
        // Out-of-order logs leave several partial counts for one (ip, day): add them up.
        d.m_dayGroups.reserve(placed.size());
        for (std::size_t ip = 0; ip < ipCount; ++ip) {
            const auto first = placed.begin() + offsets[ip], last = placed.begin() + offsets[ip + 1];
            std::sort(first, last, [](const DayGroup &a, const DayGroup &b) { return a.day < b.day; });
            for (auto it = first; it != last; ++it) {
                if (it != first && d.m_dayGroups.back().day == it->day) {
                    d.m_dayGroups.back().successful += it->successful;
                    d.m_dayGroups.back().failed += it->failed;
                } else {
                    d.m_dayGroups.push_back(*it);
                }
            }
        }
    }
    groups.waitForFinished();
    m_partitions.clear();

    d.m_users.reserve(qsizetype(users.size()));
    for (quint32 id : users)
        d.m_users.append(fromView(m_users.at(id)));
    d.m_apps.reserve(qsizetype(apps.size()));
    for (quint32 id : apps)
        d.m_apps.append(fromView(m_apps.at(id)));
    d.m_userIpv6Rows.assign(users.size(), 0);
    for (quint32 id = 0; id < m_userIpv6Rows.size(); ++id)
        d.m_userIpv6Rows[userRank[id]] = m_userIpv6Rows[id];
    std::vector<quint32> ipv6Rank;
    for (quint32 id : nameOrder(m_ipv6, ipv6Rank))
        d.m_ipv6Sources.push_back({fromView(m_ipv6.at(id)), m_ipv6Counts[id].successful, m_ipv6Counts[id].failed});
    d.buildIndexes();
    return d;
}

} // namespace alc
