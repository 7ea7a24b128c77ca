#include "orgsession.h"

#include "authenticator.h"

#include <QFuture>
#include <QSet>

#include <algorithm>
#include <memory>

namespace alc {

namespace {

// A change of the live list in the words of the one who finds it: expected = what was seen before.
QString describeChange(const ListDifference &change)
{
    QStringList parts;
    if (!change.unexpected.isEmpty())
        parts.append(QStringLiteral("added: ") + change.unexpected.join(QStringLiteral(", ")));
    if (!change.missing.isEmpty())
        parts.append(QStringLiteral("removed: ") + change.missing.join(QStringLiteral(", ")));
    return parts.join(QStringLiteral("; "));
}

} // namespace

OrgSession::OrgSession(OrgClient *client, Authenticator *authenticator, Journal *journal, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_auth(authenticator)
    , m_journal(journal)
{}

QFuture<ApiError> OrgSession::identify()
{
    m_identity.region = m_client->endpoint().label;
    return m_client->getOrganization()
        .then(this,
              [this](const ApiResult<Organization> &org) -> QFuture<ApiError> {
                  if (!org.ok())
                      return QtFuture::makeReadyFuture(org.error);
                  m_identity.org = *org.value;
                  if (m_auth->grant() != Authenticator::Grant::AuthorizationCode) {
                      m_identity.actor = QStringLiteral("OAuth client %1").arg(m_auth->clientId());
                      return QtFuture::makeReadyFuture(ApiError{});
                  }
                  return m_client->getMe().then(this, [this](const ApiResult<OrgUser> &me) {
                      if (!me.ok())
                          return me.error;
                      m_identity.actor = me.value->email.isEmpty()
                                             ? me.value->name
                                             : QStringLiteral("%1 <%2>").arg(me.value->name, me.value->email);
                      return ApiError{};
                  });
              })
        .unwrap();
}

QFuture<PullOutcome> OrgSession::pull()
{
    return m_client->getAllowlist().then(this, [this](const ApiResult<QStringList> &result) {
        PullOutcome outcome{result, 0, {}};
        if (!result.ok())
            return outcome;
        JournalEntry entry;
        entry.kind = JournalEntry::Kind::Pull;
        entry.orgId = m_identity.org.id;
        entry.orgName = m_identity.org.name;
        entry.region = m_identity.region;
        entry.actor = m_identity.actor;
        entry.before = *result.value;
        entry.after = *result.value;
        entry.correlationId = result.correlationId;
        entry.fingerprint = Allowlist::fingerprintOf(*result.value);
        if (const auto id = m_journal->append(entry, &outcome.journalError))
            outcome.journalId = *id;
        return outcome;
    });
}

QFuture<PushPlan> OrgSession::prepare(const PushRequest &request)
{
    return m_client->getAllowlist().then(this, [this, request](const ApiResult<QStringList> &live) {
        PushPlan plan;
        plan.request = request;
        if (!live.ok()) {
            plan.error = live.error;
            return plan;
        }
        plan.live = *live.value;
        PreflightInput input;
        input.proposed = request.proposed;
        input.live = plan.live;
        input.adminIps = request.adminIps;
        input.overrideLockoutReason = request.overrideLockoutReason;
        input.allowEmpty = request.allowEmpty;
        input.allowEveryone = request.allowEveryone;
        input.expectedFingerprint = request.expectedFingerprint;
        input.expectedBaseline = request.expectedBaseline;
        input.base = request.base;
        if (!input.base) {
            if (const auto last = m_journal->lastKnownOrUncertain(m_identity.org.id, m_identity.region)) {
                input.base = last->after;
                plan.baseEntryId = last->id;
                plan.baseStatus = last->status;
                if (!last->tellsLiveList()) {
                    // An unanswered push: when any of its change is in the org it got through (what
                    // else differs is a conflict to show, a revert of part of it included); when
                    // none is, the list read right before it is the freshest the org surely had.
                    plan.baseApplied = holdsAnyChangeOf(*last, plan.live);
                    if (!plan.baseApplied)
                        input.base = last->before;
                }
            }
        }
        plan.preflight = Preflight::run(input);
        return plan;
    });
}

bool OrgSession::holdsAnyChangeOf(const JournalEntry &entry, const QStringList &live)
{
    const QStringList liveList = Preflight::canonicalSet(live);
    const QSet<QString> has(liveList.cbegin(), liveList.cend());
    const ListDifference change = ListDifference::between(entry.before, entry.after);
    return std::any_of(change.unexpected.cbegin(), change.unexpected.cend(),
                       [&has](const QString &added) { return has.contains(added); }) ||
           std::any_of(change.missing.cbegin(), change.missing.cend(),
                       [&has](const QString &removed) { return !has.contains(removed); });
}

JournalEntry OrgSession::journalEntryFor(const PushPlan &plan, const QStringList &sent) const
{
    JournalEntry entry;
    entry.kind = plan.request.kind;
    entry.orgId = m_identity.org.id;
    entry.orgName = m_identity.org.name;
    entry.region = m_identity.region;
    entry.actor = m_identity.actor;
    entry.before = plan.live;
    entry.after = sent;
    entry.fingerprint = plan.preflight.fingerprint;
    entry.overrideReason = plan.preflight.lockoutOverridden ? plan.request.overrideLockoutReason.trimmed() : QString();
    entry.restoredFrom = plan.request.restoredFrom;
    return entry;
}

QFuture<PushOutcome> OrgSession::execute(const PushPlan &plan)
{
    if (!plan.canPush()) {
        PushOutcome outcome;
        outcome.error = plan.error.isError() ? plan.error
                                             : ApiError{ApiError::Kind::Rejected,
                                                        0,
                                                        QStringLiteral("the preflight refused the push: ") +
                                                            plan.preflight.refusals().join(QStringLiteral("; ")),
                                                        {}};
        return QtFuture::makeReadyFuture(outcome);
    }
    const QStringList sent = plan.preflight.proposedCidrs;
    auto outcome = std::make_shared<PushOutcome>();
    // A PATCH answered 429 or 5xx is sent again after a wait (up to minutes with Retry-After), and
    // another admin may save meanwhile: before each retry the live list is read again. Still the
    // one read before sending: send again. Already the list sent: that attempt was applied after
    // all (a 5xx with the work done), nothing is sent twice. Anything else: stop, send nothing more.
    const auto changedWhileWaiting = std::make_shared<ListDifference>();
    OrgClient::RetryGate beforeRetry = [this, plan, sent, changedWhileWaiting](const ApiError &failed) {
        return m_client->getAllowlist(ReadBeforeRetryAttempts)
            .then(this,
                  [plan, sent, failed,
                   changedWhileWaiting](const ApiResult<QStringList> &now) -> std::optional<ApiResult<QStringList>> {
                      // Applied after all: the id kept is the PATCH's, the request that changed the org.
                      if (now.ok() && ListDifference::between(sent, *now.value).isEmpty())
                          return ApiResult<QStringList>{now.value, {}, failed.correlationId};
                      if (now.ok() && ListDifference::between(plan.live, *now.value).isEmpty())
                          return std::nullopt;
                      // The failed attempt's status still says what the org may have done with it: a 429
                      // took nothing, a 5xx may have taken the list.
                      ApiResult<QStringList> stop;
                      stop.error = failed;
                      stop.correlationId = failed.correlationId;
                      if (failed.httpStatus == 429) // its own text says it kept answering so: here, once
                          stop.error.message = QStringLiteral("saving the allowlist was answered 'too many requests' "
                                                              "(HTTP 429)");
                      if (now.ok()) {
                          *changedWhileWaiting = ListDifference::between(plan.live, *now.value);
                          stop.error.message +=
                              QStringLiteral("; the org's list changed while the push waited to send it "
                                             "again (%1), so it was not sent again")
                                  .arg(describeChange(*changedWhileWaiting));
                      } else {
                          stop.error.message +=
                              QStringLiteral("; reading the org's list before sending it again failed "
                                             "(%1), so it was not sent again")
                                  .arg(now.error.message);
                      }
                      return stop;
                  });
    };
    // The live list once more, right before sending: the plan may have waited for its
    // confirmation while another admin pushed, and sending it then would drop their change
    // without a word (the PATCH replaces the whole list; the API has no version to send with it).
    return m_client->getAllowlist()
        .then(this,
              [this, outcome, plan, sent,
               beforeRetry](const ApiResult<QStringList> &fresh) -> QFuture<ApiResult<QStringList>> {
                  if (fresh.ok()) {
                      outcome->liveChange = ListDifference::between(plan.live, *fresh.value);
                      if (outcome->liveChange.isEmpty()) {
                          // Journalled before it is sent: a push whose entry cannot be written would
                          // leave nothing to roll back to, and one cut off mid-way stays "pending".
                          JournalEntry entry = journalEntryFor(plan, sent);
                          entry.status = QStringLiteral("pending");
                          if (const auto id = m_journal->append(entry, &outcome->journalError)) {
                              outcome->journalId = *id;
                              outcome->patchTried = true;
                              return m_client->patchAllowlist(sent, beforeRetry);
                          }
                          outcome->journalRefused = true;
                          ApiResult<QStringList> notSent;
                          notSent.error = ApiError{ApiError::Kind::Rejected,
                                                   0,
                                                   QStringLiteral("%1; nothing was sent: without a journal entry "
                                                                  "there would be nothing to roll back to")
                                                       .arg(outcome->journalError),
                                                   {}};
                          return QtFuture::makeReadyFuture(notSent);
                      }
                  }
                  ApiResult<QStringList> notSent;
                  notSent.correlationId = fresh.correlationId;
                  notSent.error = fresh.ok() ? ApiError{ApiError::Kind::Rejected, 0,
                                                        QStringLiteral("the org's list changed after the preflight "
                                                                       "(%1); nothing was sent: prepare the push again "
                                                                       "to see the three-way difference")
                                                            .arg(describeChange(outcome->liveChange)),
                                                        fresh.correlationId}
                                             : fresh.error;
                  return QtFuture::makeReadyFuture(notSent);
              })
        .unwrap()
        .then(this,
              [this, outcome, plan, sent,
               changedWhileWaiting](const ApiResult<QStringList> &patched) -> QFuture<ApiResult<QStringList>> {
                  outcome->correlationId = patched.correlationId;
                  if (!patched.ok()) {
                      outcome->error = patched.error;
                      // A 4xx refused it; a lost answer, a 5xx or an unreadable 200 leaves the
                      // org's list unknown.
                      const bool refused = (patched.error.httpStatus >= 400 && patched.error.httpStatus < 500) ||
                                           patched.error.kind == ApiError::Kind::Insecure; // never sent
                      outcome->outcomeUnknown = outcome->patchTried && !refused;
                      if (refused) // what was sent was refused, then another admin saved: a conflict
                          outcome->liveChange = *changedWhileWaiting;
                      if (outcome->journalId > 0) {
                          m_journal->finish(outcome->journalId,
                                            refused ? QStringLiteral("refused") : QStringLiteral("unknown"),
                                            refused ? plan.live : sent, patched.correlationId, &outcome->journalError);
                      }
                      return QtFuture::makeReadyFuture(patched);
                  }
                  outcome->sent = true;
                  return m_client->getAllowlist();
              })
        .unwrap()
        .then(this, [this, outcome, plan, sent](const ApiResult<QStringList> &readBack) {
            if (!outcome->sent)
                return *outcome;
            if (!readBack.ok()) {
                outcome->error = readBack.error;
                outcome->error.message = QStringLiteral("the list was sent, but reading it back to verify failed: ") +
                                         readBack.error.message;
                outcome->after = {};
            } else {
                outcome->after = *readBack.value;
                outcome->difference = ListDifference::between(sent, outcome->after);
                outcome->verified = outcome->difference.isEmpty();
            }
            const QString status = !readBack.ok()      ? QStringLiteral("unverified")
                                   : outcome->verified ? QStringLiteral("ok")
                                                       : QStringLiteral("verify-mismatch");
            m_journal->finish(outcome->journalId, status, readBack.ok() ? outcome->after : sent, outcome->correlationId,
                              &outcome->journalError);
            return *outcome;
        });
}

} // namespace alc
