#pragma once

#include "historyformat.h"

#include <rules/ipv4address.h>

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

namespace alc {

// Why a row of a history file could not be used.
enum class BadRowReason : quint8 {
    MissingIp,        // the IP column is empty or the row is too short to have one
    InvalidIp,        // the IP column holds something that is neither IPv4 nor IPv6
    InvalidTimestamp, // a timestamp is present but not in a format we read
    MalformedRecord,  // JSON that does not parse, a record that is not an object, a CSV record over 1 MiB
    UnclosedQuote,    // a CSV quoted field that does not close where a sign-in field can end (a stray quote)
    MissingTimestamp, // a JSON record without its export's time field (missing, null or empty)
    MissingResult,    // a JSON record without its export's outcome (Entra status.errorCode, Okta outcome.result)
    InvalidResult,    // an outcome of the wrong type or with a value the export does not use
};
inline constexpr std::size_t BadRowReasonCount = std::size_t(BadRowReason::InvalidResult) + 1;
QString badRowReasonText(BadRowReason reason);

struct BadRowExample
{
    qint64 line = 0; // 1-based line in the file (JSON: the line where the record starts)
    QString reason;
    friend bool operator==(const BadRowExample &, const BadRowExample &) = default;
};

// One imported file, as the report shows it.
struct ImportedFile
{
    QString name; // file name without the directory
    QString path;
    QString sha256; // hex
    HistoryFormat format = HistoryFormat::Auto;
    qint64 bytes = 0;
    qint64 rows = 0;     // sign-ins kept, IPv4 and IPv6
    qint64 ipv6Rows = 0; // of which with an IPv6 source
    qint64 skipped = 0;  // bad rows
    qint64 ignored = 0;  // well-formed events that are not sign-ins (Okta event types)
    QDateTime first;     // UTC range of the timestamps; invalid when the file has none
    QDateTime last;
    QMap<QString, qint64> skippedByReason;
    QList<BadRowExample> badRowExamples; // the first few, in line order
    bool dayFirstDates = false;          // slashed dates read as D/M/YYYY (no M/D/YYYY one fits the file)
    bool ambiguousDates = false;         // slashed dates all fit both orders: read M/D/YYYY, a guess
    // The file says which sign-ins failed (a result column or field). Without it every sign-in
    // counts as successful: a password spray looks like people, and may be suggested.
    bool outcomes = true;
};

// All sign-ins of one user from one IPv4 address through one application.
struct SignInGroup
{
    quint32 ip = 0;         // index into Dataset::ips()
    quint32 user = 0;       // index into Dataset::users()
    quint32 app = 0;        // index into Dataset::apps()
    quint32 successful = 0; // rows whose outcome is not a failure (success or unknown)
    quint32 failed = 0;
    quint32 lastSeen = 0; // latest timestamp, UTC seconds since 1970; 0 when unknown

    quint64 total() const { return quint64(successful) + failed; }
};

// Sign-ins from one IPv4 address on one UTC day.
struct DayGroup
{
    quint32 ip = 0;
    qint32 day = 0; // days since 1970-01-01, or Dataset::UnknownDay
    quint32 successful = 0;
    quint32 failed = 0;
};

// A distinct IPv6 source: an IPv4-only allowlist can never admit it.
struct Ipv6Source
{
    QString address;
    quint64 successful = 0;
    quint64 failed = 0;
};

// The aggregated, interned history that impact is computed from; immutable once built, so any
// number of lists can be evaluated against it without re-reading files. Groups are sorted by IP
// index, and IP indexes follow address order, so a network maps to one contiguous index range.
class Dataset final
{
public:
    static constexpr qint32 UnknownDay = std::numeric_limits<qint32>::min();

    Dataset() = default;

    const QList<ImportedFile> &files() const { return m_files; }
    // Every file tells failed sign-ins from successful ones (see ImportedFile::outcomes).
    bool outcomesKnown() const
    {
        return std::all_of(m_files.cbegin(), m_files.cend(), [](const ImportedFile &f) { return f.outcomes; });
    }

    const std::vector<quint32> &ips() const { return m_ips; } // sorted, distinct
    // Users (lower-cased; "(unknown)" when absent) and apps are in name order (UTF-8 bytes), as are
    // IPv6 sources: the dataset does not depend on how an import was split between threads.
    const QStringList &users() const { return m_users; }
    const QStringList &apps() const { return m_apps; }
    const std::vector<SignInGroup> &groups() const { return m_groups; }
    const std::vector<DayGroup> &dayGroups() const { return m_dayGroups; }
    const std::vector<Ipv6Source> &ipv6Sources() const { return m_ipv6Sources; }

    std::span<const SignInGroup> groupsOfIp(quint32 ip) const;
    std::span<const DayGroup> dayGroupsOfIp(quint32 ip) const;
    // Indexes into groups() of one user's groups.
    std::span<const quint32> groupIndexesOfUser(quint32 user) const;

    quint64 ipSuccessful(quint32 ip) const { return m_ipSuccessful[ip]; }
    quint64 ipFailed(quint32 ip) const { return m_ipFailed[ip]; }
    quint64 ipRows(quint32 ip) const { return m_ipSuccessful[ip] + m_ipFailed[ip]; }
    // IPv4 sign-ins of a user, and IPv6 ones.
    quint64 userRows(quint32 user) const { return m_userRows[user]; }
    quint64 userIpv6Rows(quint32 user) const { return m_userIpv6Rows[user]; }

    // The half-open index range [first, last) of the IPs inside [from, to].
    std::pair<quint32, quint32> ipRange(quint32 from, quint32 to) const;
    // Index of an address, or -1.
    qint64 indexOfIp(Ipv4Address address) const;

    qint64 rows() const { return m_ipv4Rows + m_ipv6Rows; }
    qint64 ipv4Rows() const { return m_ipv4Rows; }
    qint64 ipv6Rows() const { return m_ipv6Rows; }
    qint64 skippedRows() const;
    qint64 ignoredRows() const;
    bool isEmpty() const { return rows() == 0; }

private:
    friend class DatasetBuilder; // the only writer; keeps Dataset immutable for its readers
    void buildIndexes();

    QList<ImportedFile> m_files;
    std::vector<quint32> m_ips;
    QStringList m_users;
    QStringList m_apps;
    std::vector<SignInGroup> m_groups;
    std::vector<DayGroup> m_dayGroups;
    std::vector<Ipv6Source> m_ipv6Sources;
    std::vector<quint64> m_userIpv6Rows;

    std::vector<quint32> m_groupOffsets; // per IP, size ips + 1
    std::vector<quint32> m_dayOffsets;
    std::vector<quint32> m_userGroupIndexes;
    std::vector<quint32> m_userOffsets;
    std::vector<quint64> m_ipSuccessful;
    std::vector<quint64> m_ipFailed;
    std::vector<quint64> m_userRows;
    qint64 m_ipv4Rows = 0;
    qint64 m_ipv6Rows = 0;
};

// The IPv6 sources with the most sign-ins, most first.
std::vector<Ipv6Source> topIpv6Sources(const Dataset &dataset, int count);

} // namespace alc
