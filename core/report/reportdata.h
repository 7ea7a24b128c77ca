#pragma once

#include <history/dataset.h>
#include <impact/impactresult.h>
#include <impact/suggestions.h>
#include <rules/allowlist.h>
#include <rules/finding.h>

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <optional>

namespace alc {

class ImpactEvaluator;

// Everything a change board needs to decide alone; one model, rendered to every format.
struct ReportInput
{
    QString orgName;
    QString region;
    QString author;
    QString scenarioName;
    QDateTime generatedAt; // reportTimestamp() honours SOURCE_DATE_EPOCH
    Allowlist proposed;
    std::optional<QStringList> baseline; // the live list (canonical CIDRs); unset when unknown
    struct AdminIp
    {
        QString address;
        QString how;
    };
    QList<AdminIp> adminIps;
    QString overrideReason;                  // a typed lockout override, if any
    const ImpactEvaluator *impact = nullptr; // proposed list (and baseline) already set; optional
    std::vector<Suggestion> suggestions;
    int topCount = 20;
    QStringList importNotes; // ImportResult::notes of the history: files left out, dates read day first
    // Lists whose entry labels may name a removed network (the live list has none): the
    // baseline file, the session's other scenarios. The first that has the network wins.
    QList<Allowlist> labelSources;
};

struct ReportChangeRow
{
    enum class Kind { Added, Removed, Unchanged };
    Kind kind = Kind::Unchanged;
    QString cidr; // canonical
    QString label;
    QString owner;
    QDate expiry;
    QList<int> lines; // the proposed list's lines holding this network (several: duplicates); none when removed
    // A removed network: the history's sign-ins from inside it that the proposed list blocks (the
    // reason a removal matters), and how many users made them; -1 without history.
    qint64 blockedSignIns = -1;
    qint64 blockedUsers = 0;
    static QString kindName(Kind kind); // "added", "removed", "unchanged"
};

struct ReportFinding
{
    int line = 0; // 0 for list-level findings
    QString entry;
    Finding finding;
};

struct ReportLockoutRow
{
    QString address;
    QString how;
    bool covered = false;
    QString coveredBy;
};

struct ReportData
{
    QString title;
    QString orgName;
    QString region;
    QString author;
    QString scenarioName;
    QString appVersion;
    QDateTime generatedAt;

    QList<ReportChangeRow> changes; // added, then removed, then unchanged
    int added = 0;
    int removed = 0;
    int unchanged = 0;
    bool hasBaseline = false;
    int baselineCount = 0;         // canonical networks in the live list compared with
    QString baselineFingerprint;   // of that live list, so the approver knows which one it was
    int proposedCount = 0;         // canonical networks that would be sent
    int entryCount = 0;            // lines in the proposed list
    quint64 admittedAddresses = 0; // IPv4 addresses the proposed list admits, overlaps once
    bool outcomesKnown = true;     // false: a history file has no result column (Dataset::outcomesKnown)

    QList<ReportFinding> findings;
    int errors = 0;
    int warnings = 0;
    int infos = 0;

    QList<ReportLockoutRow> lockout;
    QString overrideReason;

    bool hasImpact = false;
    ImpactSummary impact;
    std::vector<IpImpact> topBlockedIps;
    std::vector<UserImpact> blockedUsers; // most blocked first
    std::vector<AppImpact> apps;
    std::vector<DayImpact> days;
    std::vector<Suggestion> suggestions;
    QList<ImportedFile> files;
    QStringList importNotes;
    // Blocked (user, ip, app) groups for the CSV of blocked sign-ins.
    struct BlockedGroup
    {
        QString user;
        QString ip;
        QString app;
        quint64 successful = 0;
        quint64 failed = 0;
        QDateTime lastSeen;
        bool newlyBlocked = false;
    };
    std::vector<BlockedGroup> blockedGroups;

    QString fingerprint;
    QStringList fingerprintText; // the sorted canonical CIDRs the fingerprint hashes

    bool hasErrors() const { return errors > 0; }
    // An admin address the list does not cover: saving it locks that admin out.
    bool locksOut() const
    {
        return std::any_of(lockout.cbegin(), lockout.cend(), [](const ReportLockoutRow &row) { return !row.covered; });
    }
};

// UTC now, or SOURCE_DATE_EPOCH when set, so the same inputs give the same document.
QDateTime reportTimestamp();

ReportData buildReport(const ReportInput &input);

} // namespace alc
