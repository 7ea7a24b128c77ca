#pragma once

#include "orgclient.h"
#include "preflight.h"

#include <journal/journal.h>

#include <QFuture>
#include <QObject>

namespace alc {

class Authenticator;

// Who is connected to which org; the journal's key and the audit trail's "actor".
struct OrgIdentity
{
    Organization org;
    QString region; // the endpoint label: region domain or API URL
    QString actor;  // "Name <email>" for a PKCE sign-in, "OAuth client <id>" for client credentials
};

struct PushRequest
{
    JournalEntry::Kind kind = JournalEntry::Kind::Push; // Push or Rollback
    Allowlist proposed;
    QList<Ipv4Address> adminIps;
    QString overrideLockoutReason;
    bool allowEmpty = false;    // an empty list (every address allowed) is meant
    bool allowEveryone = false; // a list admitting half of IPv4 or more (0.0.0.0/0) is meant
    QString expectedFingerprint;
    QString expectedBaseline;        // the live list's fingerprint in the approved report (PreflightInput)
    std::optional<QStringList> base; // explicit base; otherwise the journal's last known live list
    qint64 restoredFrom = 0;         // rollback: the journal entry being restored
};

struct PushPlan
{
    PushRequest request;
    PreflightReport preflight;
    QStringList live;       // as fetched right now
    qint64 baseEntryId = 0; // the journal entry the base came from; 0: explicit or none
    // That entry's status: "pending" or "unknown" for a push whose outcome was never known; then
    // baseApplied says whether the org has any of its change (its after list is the base) or none
    // (its before list is).
    QString baseStatus;
    bool baseApplied = false;
    ApiError error; // fetching the live list failed

    bool canPush() const { return !error.isError() && preflight.passed(); }
};

struct PushOutcome
{
    ApiError error;            // the PATCH or the verify GET failed
    bool patchTried = false;   // the PATCH went out (its answer may be lost); false: nothing was sent
    bool sent = false;         // the PATCH was accepted
    bool verified = false;     // a fresh GET equals what was sent
    ListDifference difference; // expected = sent, actual = what the org now has
    // expected = the live list the preflight saw, actual = the live list right before sending (or
    // before sending again after a 429); not empty: someone changed the org in between, and
    // nothing was sent (or what was sent was refused) — the org has their change, not this one.
    ListDifference liveChange;
    QStringList after; // the live list after the push, as read back
    // The entry is written ("pending") before the PATCH, and the push is not sent when it cannot
    // be: without it there would be nothing to roll back to. Its outcome is recorded afterwards.
    qint64 journalId = 0;
    QString journalError;
    bool journalRefused = false; // the pending entry could not be written: nothing was sent
    // The PATCH went out and no answer shows it was refused (lost, a 5xx, a 200 that could not be
    // read): the org may or may not have the new list. Only a 4xx answer proves nothing changed.
    bool outcomeUnknown = false;
    QString correlationId; // of the PATCH

    bool ok() const { return sent && verified && !error.isError(); }
    bool liveChangedSincePreflight() const { return !liveChange.isEmpty(); }
};

struct PullOutcome
{
    ApiResult<QStringList> result;
    qint64 journalId = 0;
    QString journalError;
};

// The change path for one connected org: identify, pull, preflight, push, verify, journal.
// Every pull and every push is journalled, a push before it is sent; rollback is a push of an
// entry's list.
class OrgSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrgSession)

public:
    // Attempts of the read before a PATCH is sent again (after a 429 or 5xx and its wait): it runs
    // inside the PATCH's own retries, so it gets a small budget of its own.
    static constexpr int ReadBeforeRetryAttempts = 2;

    OrgSession(OrgClient *client, Authenticator *authenticator, Journal *journal, QObject *parent = nullptr);

    // Reads the organization and, for a PKCE sign-in, the user (GET /api/v2/users/me).
    QFuture<ApiError> identify();
    const OrgIdentity &identity() const { return m_identity; }

    QFuture<PullOutcome> pull();
    // Fetches the live list and runs the preflight; nothing is sent.
    QFuture<PushPlan> prepare(const PushRequest &request);
    // Sends the plan's list if its preflight passed and the live list is still the one the
    // preflight saw (read again right before the PATCH), verifies it with a fresh GET, journals it.
    QFuture<PushOutcome> execute(const PushPlan &plan);

    // The journal entry whose list a rollback to `entryId` restores: its `before` list.
    // Whether the org's list (live) holds any of the change an entry made: a network it added is
    // there, or one it removed is gone. An unanswered push with any of it got through.
    static bool holdsAnyChangeOf(const JournalEntry &entry, const QStringList &live);
    static QStringList restoreTarget(const JournalEntry &entry) { return entry.before; }

private:
    JournalEntry journalEntryFor(const PushPlan &plan, const QStringList &sent) const;

    OrgClient *m_client = nullptr;
    Authenticator *m_auth = nullptr;
    Journal *m_journal = nullptr;
    OrgIdentity m_identity;
};

} // namespace alc
