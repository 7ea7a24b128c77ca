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
    // Slashed dates only one order fits: "26/11/2026" (day first) or "11/26/2026" (month first).
    qint64 dayFirstDates = 0;
    qint64 monthFirstDates = 0;
    qint64 eitherOrderDates = 0; // "05/11/2026": both orders fit
    qint64 loneCrs = 0;          // CSV records that ended in a lone CR (read as a line end)
    qint64 firstLoneCrLine = 0;
    std::array<qint64, BadRowReasonCount> skipped{};
    std::vector<std::pair<qint64, BadRowReason>> examples;
    qint64 minTime = std::numeric_limits<qint64>::max();
    qint64 maxTime = std::numeric_limits<qint64>::min();

    void addBad(qint64 line, BadRowReason reason)
    {
        ++skipped[std::size_t(reason)];
        if (examples.size() < MaxExamples)
            examples.emplace_back(line, reason);
    }
    void noteLoneCr(qint64 line)
    {
        if (loneCrs++ == 0)
            firstLoneCrLine = line;
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

// Aggregates sign-ins as they are parsed: interns users and apps and counts per (IP, user, app) and
// per (IP, day). One builder per worker; workers' builders are merged. Memory grows with distinct
// combinations, not with rows.
//
// Counting is partitioned: rows are first staged as 20-byte records in one of 256 partitions chosen
// by their IP, and a full stage is counted one partition at a time. A partition's tables are a
// 256th of the whole, small enough to stay in the CPU cache while its records are applied, so the
// hash-table lookups that dominate the import hit the cache instead of main memory.
class DatasetBuilder final
{
public:
    // Records staged before they are counted: 20 MB, enough that each partition's share of a
    // stage outweighs loading its tables into the cache. Tests pass tiny limits.
    static constexpr std::size_t DefaultStageLimit = std::size_t(1) << 20;

    explicit DatasetBuilder(std::size_t stageLimit = DefaultStageLimit);

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
    void addIpv4Batch(std::span<const PendingSignIn> rows);

    void merge(DatasetBuilder &&other);
    Dataset build(QList<ImportedFile> files) &&;

private:
    static constexpr int PartitionBits = 8;
    static constexpr std::size_t PartitionCount = std::size_t(1) << PartitionBits;
    static constexpr quint32 FailedBit = 0x80000000u; // in StagedRow::app

    struct StagedRow
    {
        quint32 address, user, app; // app carries FailedBit
        qint32 day;                 // Dataset::UnknownDay without a time
        quint32 lastSeen;           // seconds since 1970, 0 when unknown (SignInGroup::lastSeen)
    };
    struct GroupKey
    {
        quint32 address, user, app;
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
        qint32 day;
        quint32 successful, failed;
        quint32 rank; // the IP's index in the dataset, set by build()
    };
    // Everything about the IPs whose hash falls in one partition. Day groups hold the address
    // in DayGroup::ip until build() ranks the addresses.
    struct Partition
    {
        history::FlatMap<quint32, IpSlot, U32Hash> ips{16};
        history::FlatMap<GroupKey, GroupValue, GroupKeyHash> groups{16};
        std::vector<DayGroup> days;
        std::vector<StagedRow> staged;

        void count();
        void flushPendingDays();
        void absorb(Partition &&other, const std::vector<quint32> &userMap, const std::vector<quint32> &appMap);
    };
    struct Ipv6Counts
    {
        quint64 successful = 0, failed = 0;
    };

    static std::size_t partitionOf(quint32 address)
    {
        return std::size_t(history::mix64(address) >> (64 - PartitionBits));
    }
    quint32 internUser(std::string_view user);
    void countStaged();

    history::StringInterner m_users;
    history::StringInterner m_apps;
    history::StringInterner m_ipv6;
    std::vector<Partition> m_partitions;
    std::size_t m_staged = 0;
    std::size_t m_stageLimit = DefaultStageLimit;
    std::vector<Ipv6Counts> m_ipv6Counts;
    std::vector<quint64> m_userIpv6Rows;
    std::string m_scratch;
    // Rows whose user slots are prefetched together in addIpv4Batch(), and their lower-cased names.
    static constexpr std::size_t PrefetchRows = 32;
    std::array<std::string, PrefetchRows> m_lowered;
};

} // namespace alc
