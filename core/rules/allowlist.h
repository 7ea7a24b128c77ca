#pragma once

#include "cidrparser.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace alc {

// An expiry date as lists, CSV lists and sessions write it: exactly YYYY-MM-DD. Anything else
// ("2027/03/31", "2027-03-31junk", which QDate's ISO reading takes) gives an invalid date.
QDate parseExpiryDate(QStringView text);

// One line of an allowlist: the CIDR as typed plus local metadata Genesys does not store.
struct AllowlistEntry
{
    QString text; // as typed, trimmed
    QString label;
    QString owner;
    QDate expiry;               // invalid when the entry does not expire
    int sourceLine = 0;         // 1-based line in the file it was read from; 0 when typed in the app
    QStringList commentsBefore; // comment and blank lines above it, kept for round trips

    ParsedCidr parsed() const { return CidrParser::parse(text); }
    // The line the admin knows this entry by: its file's line, or (typed in the app) its row,
    // given its 0-based index in the list.
    int lineAt(qsizetype index) const { return sourceLine > 0 ? sourceLine : int(index + 1); }
    friend bool operator==(const AllowlistEntry &, const AllowlistEntry &) = default;
};

// An ordered allowlist document; the value behind the table, the CLI and reports.
class Allowlist final
{
public:
    Allowlist() = default;
    explicit Allowlist(QList<AllowlistEntry> entries)
        : m_entries(std::move(entries))
    {}
    static Allowlist fromCidrs(const QStringList &cidrs);

    static constexpr int MaxEntries = 150;

    const QList<AllowlistEntry> &entries() const { return m_entries; }
    QList<AllowlistEntry> &entries() { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    QStringList trailingComments() const { return m_trailingComments; }
    void setTrailingComments(const QStringList &lines) { m_trailingComments = lines; }

    // Canonical networks of every entry that parses as IPv4 (host bits masked), in list order.
    std::vector<Ipv4Network> networks() const;
    // How many IPv4 addresses the networks admit, overlaps counted once (0 for none; Genesys reads an
    // empty list as "every address").
    static quint64 admittedAddresses(std::vector<Ipv4Network> networks);
    // Half of all IPv4 addresses or more (0.0.0.0/0, a /1): in effect no restriction at all.
    static constexpr quint64 WideOpenAddresses = quint64(1) << 31;
    bool isWideOpen() const { return admittedAddresses(networks()) >= WideOpenAddresses; }
    // What would be sent to Genesys: canonical CIDRs, first occurrence of each, in list order.
    QStringList canonicalCidrs() const;
    // SHA-256 (hex) of the sorted canonical CIDRs, one per line, LF-terminated: order and
    // notation do not change it, so an approved report can be matched with what is pushed.
    QString fingerprint() const;
    static QString fingerprintOf(QStringList canonicalCidrs);

    friend bool operator==(const Allowlist &, const Allowlist &) = default;

private:
    QList<AllowlistEntry> m_entries;
    QStringList m_trailingComments;
};

} // namespace alc
