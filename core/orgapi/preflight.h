#pragma once

#include <rules/allowlist.h>
#include <rules/validator.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace alc {

// Two lists compared as sets of canonical CIDRs (order and notation do not matter).
struct ListDifference
{
    QStringList missing;    // in the expected list, not in the actual one
    QStringList unexpected; // in the actual list, not in the expected one

    bool isEmpty() const { return missing.isEmpty() && unexpected.isEmpty(); }
    static ListDifference between(const QStringList &expected, const QStringList &actual);
};

// base = the list as last pulled, live = the org now, proposed = what the admin wants to send.
struct ThreeWayDiff
{
    QStringList base;
    QStringList live;
    QStringList proposed;
    QStringList liveAdded;   // added in the org since the base was pulled
    QStringList liveRemoved; // removed in the org since the base was pulled
    QStringList toAdd;       // the push adds these to the live list
    QStringList toRemove;    // the push removes these from the live list

    bool liveChanged() const { return !liveAdded.isEmpty() || !liveRemoved.isEmpty(); }
    // The proposal with the org's own changes since the base replayed on top of it: entries the
    // org added are kept, entries the org removed stay removed.
    QStringList rebased() const;

    static ThreeWayDiff compute(const QStringList &base, const QStringList &live, const QStringList &proposed);
};

struct PreflightItem
{
    enum class State { Pass, Fail, Overridden, Skipped };

    // stable: "findings", "max-entries", "empty-list" (only for an empty list), "allows-everyone" (only
    // for a list admitting half of IPv4 or more), "lockout", "conflict", "fingerprint", "baseline"
    // (only when an expected baseline is given)
    QString id;
    State state = State::Pass;
    QString reason;

    static QString stateName(State state); // "pass", "FAIL", "overridden", "skipped"
};

struct PreflightInput
{
    Allowlist proposed;
    QStringList live;
    std::optional<QStringList> base; // unset: nothing was pulled, the live list is the base
    QList<Ipv4Address> adminIps;     // empty: unknown
    QString overrideLockoutReason;   // typed by the admin; allows a list that does not cover them
    bool allowEmpty = false;         // the admin means an empty list: every address may sign in
    bool allowEveryone = false;      // the admin means a list admitting half of IPv4 or more
    QString expectedFingerprint;     // from an approved report; empty: not checked
    // The fingerprint of the live list the approved report compared against: the change approved
    // was from that list. Empty: not checked.
    QString expectedBaseline;
    QDate today = QDate::currentDate();
};

struct PreflightReport
{
    QList<PreflightItem> items;
    ThreeWayDiff diff;
    ValidationResult validation;
    QStringList proposedCidrs; // exactly what would be sent
    QString fingerprint;       // of proposedCidrs
    bool lockoutOverridden = false;

    bool passed() const;
    QStringList refusals() const; // reasons of the failed items
    const PreflightItem *item(QStringView id) const;
};

// The checks a push must pass before anything is sent. Pure: no network, no clock beyond `today`.
class Preflight final
{
public:
    static PreflightReport run(const PreflightInput &input);
    // Canonical CIDRs of a list as text, sorted in network order, duplicates removed; entries
    // that do not parse as IPv4 are kept verbatim at the end so they are never hidden.
    static QStringList canonicalSet(const QStringList &cidrs);
};

} // namespace alc
