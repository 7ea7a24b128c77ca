#pragma once

#include "dataset.h"
#include "interning.h"

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace alc {

// What one parser saw of one file (or of its share of one file).
struct FileStats
{
    static constexpr int MaxExamples = 10;
    static constexpr qint64 NoTime = std::numeric_limits<qint64>::min();

    qint64 rows = 0;
    qint64 ipv6Rows = 0;
    qint64 ignored = 0;
    qint64 lines = 0; // physical lines consumed, to turn a worker's local line numbers into file ones
    std::array<qint64, 4> skipped{};
    std::vector<std::pair<qint64, BadRowReason>> examples;
    qint64 minTime = std::numeric_limits<qint64>::max();
    qint64 maxTime = std::numeric_limits<qint64>::min();

    void addBad(qint64 line, BadRowReason reason)
    {
        ++skipped[std::size_t(reason)];
        if (examples.size() < MaxExamples)
            examples.emplace_back(line, reason);
    }
    void noteTime(qint64 t)
    {
        if (t == NoTime)
            return;
        minTime = std::min(minTime, t);
        maxTime = std::max(maxTime, t);
    }
    // Appends a later share of the same file whose line numbers start after this one's.
    void append(const FileStats &later);
    qint64 skippedTotal() const;
    void fillInto(ImportedFile &file) const;
};

// Aggregates sign-ins as they are parsed: interns IPs, users and apps and counts per
// (IP, user, app) and per (IP, day). One builder per worker; workers' builders are merged.
// Memory grows with distinct combinations, not with rows.
class DatasetBuilder final
{
public:
    DatasetBuilder();

    // time: UTC seconds since 1970, or FileStats::NoTime.
    void addIpv4(quint32 address, std::string_view user, std::string_view app, qint64 time, bool failed);
    void addIpv6(std::string_view address, std::string_view user, bool failed);

    // A sign-in already validated, waiting in a batch.
    struct PendingSignIn
    {
        quint32 address;
        std::string_view user;
        std::string_view app;
        qint64 time;
        bool failed;
    };
    // Same as addIpv4 for each row, but the table slots of the whole batch are prefetched first:
    // the lookups are cache misses, and overlapping them is most of the import's speed.
    void addIpv4Batch(std::span<const PendingSignIn> rows);

    void merge(DatasetBuilder &&other);
    Dataset build(QList<ImportedFile> files) &&;

private:
    struct GroupKey
    {
        quint32 address, user, app; // the address, not its id: the two lookups can overlap
        friend bool operator==(const GroupKey &, const GroupKey &) = default;
    };
    struct GroupKeyHash
    {
        std::size_t operator()(const GroupKey &k) const
        {
            return std::size_t(
                history::mix64((quint64(k.address) << 32 | k.user) ^ (quint64(k.app) * 0x9e3779b97f4a7c15ULL)));
        }
    };
    struct GroupValue
    {
        quint32 successful, failed, lastSeen;
    };
    struct U32Hash
    {
        std::size_t operator()(quint32 k) const { return std::size_t(history::mix64(k)); }
    };
    // Per-IP slot. Logs are mostly chronological, so the IP's counts for its current day are kept
    // right here and written out when its day changes: no second table lookup per row.
    static constexpr qint32 NoPendingDay = std::numeric_limits<qint32>::max();
    struct IpSlot
    {
        quint32 id;
        qint32 day;
        quint32 successful, failed;
    };
    struct Ipv6Counts
    {
        quint64 successful = 0, failed = 0;
    };

    quint32 internUser(std::string_view user);
    IpSlot &internIp(quint32 address);
    void flushPendingDays();

    history::StringInterner m_users;
    history::StringInterner m_apps;
    history::StringInterner m_ipv6;
    history::FlatMap<quint32, IpSlot, U32Hash> m_ipIds;
    std::vector<quint32> m_ipValues; // by local id
    history::FlatMap<GroupKey, GroupValue, GroupKeyHash> m_groups;
    std::vector<DayGroup> m_dayGroups; // local IP ids; the same (ip, day) may appear more than once
    std::vector<Ipv6Counts> m_ipv6Counts;
    std::vector<quint64> m_userIpv6Rows;
    qint64 m_ipv4Rows = 0;
    qint64 m_ipv6Rows = 0;
    std::string m_scratch;
    std::vector<std::string> m_batchUsers; // lower-cased copies for one batch
    struct BatchState
    {
        quint64 userHash, appHash;
        std::string_view user, app;
        quint32 userId, appId;
        std::size_t ipHash, groupHash;
    };
    std::vector<BatchState> m_batch;
};

} // namespace alc
