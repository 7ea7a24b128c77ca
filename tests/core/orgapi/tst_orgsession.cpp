#include "testsupport.h"

#include <orgapi/authenticator.h>
#include <orgapi/httpclient.h>
#include <orgapi/orgsession.h>
#include <orgapi/sandboxserver.h>

#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <utility>

using namespace alc;

class TestOrgSession final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<OrgClient> m_client;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<OrgSession> m_session;

    PushRequest request(const QStringList &cidrs)
    {
        PushRequest r;
        r.proposed = Allowlist::fromCidrs(cidrs);
        r.adminIps = {Ipv4Address(81, 2, 69, 142)};
        return r;
    }

    // The next PATCH is stored and answered 502, then the API answers 503 for as long as a read
    // before sending again retries: the push cannot tell whether the org took its list.
    void loseTheAnswerThenTheApi()
    {
        m_sandbox->faults().appliedButFailed = 1;
        m_sandbox->faults().outageAfterPatch = OrgSession::ReadBeforeRetryAttempts;
    }

    // How many PATCHes reach the sandbox from now on, answered or refused.
    std::shared_ptr<int> countPatches()
    {
        auto patches = std::make_shared<int>(0);
        connect(m_sandbox.get(), &SandboxServer::requestHandled, this,
                [patches](const QString &method, const QString &, int) { *patches += method == u"PATCH" ? 1 : 0; });
        return patches;
    }

    // Call after prepare(): runs `fault` once the read right before the PATCH is answered (so the
    // PATCH meets it), and `meanwhile` once the PATCH has been answered — another admin saving
    // while the push waits to send it again.
    void onThePatch(std::function<void()> fault, std::function<void()> meanwhile)
    {
        auto steps = std::make_shared<std::pair<std::function<void()>, std::function<void()>>>(std::move(fault),
                                                                                               std::move(meanwhile));
        connect(m_sandbox.get(), &SandboxServer::requestHandled, this,
                [steps](const QString &method, const QString &path, int) {
                    if (!path.endsWith(u"/authentication/settings"))
                        return;
                    if (method == u"GET" && steps->first)
                        std::exchange(steps->first, {})();
                    else if (method == u"PATCH" && steps->second)
                        std::exchange(steps->second, {})();
                });
    }

    // The rollback of a journal entry: its before list, as the CLI and the window ask for it.
    PushRequest rollbackOf(const JournalEntry &entry)
    {
        PushRequest r = request(OrgSession::restoreTarget(entry));
        r.kind = JournalEntry::Kind::Rollback;
        r.restoredFrom = entry.id;
        return r;
    }

private Q_SLOTS:
    void init()
    {
        SandboxConfig config = SandboxConfig::demoConfig();
        m_sandbox = std::make_unique<SandboxServer>(config);
        QVERIFY(m_sandbox->listen(0) > 0);
        m_http = std::make_unique<HttpClient>();
        m_auth = std::make_unique<Authenticator>(
            m_http.get(), OrgEndpoint{m_sandbox->baseUrl(), m_sandbox->baseUrl(), QStringLiteral("sandbox")});
        m_client = std::make_unique<OrgClient>(m_http.get(), m_auth.get());
        RetryPolicy fast; // the backoff between retries, not what is retried, is shrunk
        fast.scale = 0.001;
        m_client->setRetryPolicy(fast);
        m_journal = std::make_unique<Journal>();
        QVERIFY(m_journal->open(
            m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + QStringLiteral(".sqlite"))));
        m_session = std::make_unique<OrgSession>(m_client.get(), m_auth.get(), m_journal.get());
        QVERIFY(test::await(m_auth->signInWithClientCredentials(config.clientId, config.clientSecret))->kind ==
                ApiError::Kind::None);
        QVERIFY(!test::await(m_session->identify())->isError());
    }

    void cleanup()
    {
        m_session.reset();
        m_journal.reset();
        m_client.reset();
        m_auth.reset();
        m_http.reset();
        m_sandbox.reset();
    }

    void identifiesTheOrgAndTheActor()
    {
        QCOMPARE(m_session->identity().org.name, QStringLiteral("Demo Org (sandbox)"));
        QCOMPARE(m_session->identity().actor, QStringLiteral("OAuth client demo-client"));
        QCOMPARE(m_session->identity().region, QStringLiteral("sandbox"));
    }

    void pullIsJournalled()
    {
        const auto outcome = test::await(m_session->pull());
        QVERIFY(outcome && outcome->result.ok());
        QCOMPARE(*outcome->result.value, m_sandbox->allowlist());
        const auto entry = m_journal->entry(outcome->journalId);
        QVERIFY(entry);
        QCOMPARE(entry->kind, JournalEntry::Kind::Pull);
        QCOMPARE(entry->after, m_sandbox->allowlist());
        QCOMPARE(entry->fingerprint, Allowlist::fingerprintOf(m_sandbox->allowlist()));
    }

    void pushIsVerifiedAndJournalled()
    {
        test::await(m_session->pull());
        const auto plan =
            test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")})));
        QVERIFY(plan && plan->canPush());
        QVERIFY(plan->baseEntryId > 0);
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(outcome->error.toString()));
        QVERIFY(outcome->difference.isEmpty());
        const auto entry = m_journal->entry(outcome->journalId);
        QVERIFY(entry);
        QCOMPARE(entry->kind, JournalEntry::Kind::Push);
        QCOMPARE(entry->before, plan->live);
        QCOMPARE(entry->after, (QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")}));
        QCOMPARE(entry->status, QStringLiteral("ok"));
        QVERIFY(!entry->correlationId.isEmpty());
    }

    void changedOrgIsAConflict()
    {
        test::await(m_session->pull());
        m_sandbox->setAllowlist({QStringLiteral("81.2.69.0/24")});
        const auto plan =
            test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")})));
        QVERIFY(plan && !plan->canPush());
        QCOMPARE(plan->preflight.item(u"conflict")->state, PreflightItem::State::Fail);
        QCOMPARE(plan->preflight.diff.liveRemoved.size(),
                 SandboxConfig::demoConfig().allowlist.size() - 1); // all but the kept /24

        // execute() refuses a plan whose preflight failed; nothing is sent.
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && !outcome->sent);
        QVERIFY(outcome->error.message.contains(u"preflight"));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void orgChangedAfterThePreflightIsNotOverwritten()
    {
        // The plan waits for its confirmation; meanwhile another admin pushes. Sending the plan
        // then would drop their entry and still verify, so nothing is sent.
        test::await(m_session->pull());
        const auto plan =
            test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")})));
        QVERIFY(plan && plan->canPush());
        QStringList theirs = m_sandbox->allowlist();
        theirs.append(QStringLiteral("9.9.9.0/24"));
        m_sandbox->setAllowlist(theirs);
        const qsizetype journalled = m_journal->entries().size();

        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome);
        QVERIFY(!outcome->sent);
        QVERIFY(outcome->liveChangedSincePreflight());
        QCOMPARE(outcome->liveChange.unexpected, QStringList{QStringLiteral("9.9.9.0/24")});
        QVERIFY2(outcome->error.message.contains(u"added: 9.9.9.0/24"), qPrintable(outcome->error.message));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
        QCOMPARE(m_sandbox->allowlist(), theirs);
        QCOMPARE(m_journal->entries().size(), journalled);

        // Prepared again, the preflight shows the conflict.
        const auto again =
            test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")})));
        QVERIFY(again && !again->canPush());
        QCOMPARE(again->preflight.diff.liveAdded, QStringList{QStringLiteral("9.9.9.0/24")});
    }

    void verifyMismatchIsRecorded()
    {
        m_sandbox->faults().alterStoredList = true;
        const auto plan =
            test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")})));
        QVERIFY(plan && plan->canPush());
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->sent && !outcome->verified && !outcome->ok());
        QCOMPARE(outcome->difference.missing, QStringList{QStringLiteral("91.121.0.0/24")});
        QCOMPARE(m_journal->entry(outcome->journalId)->status, QStringLiteral("verify-mismatch"));
    }

    void overrideReasonIsJournalled()
    {
        PushRequest r = request({QStringLiteral("81.2.69.0/24")});
        r.adminIps = {Ipv4Address(9, 9, 9, 9)};
        r.overrideLockoutReason = QStringLiteral("  detected address is the VPN  ");
        const auto plan = test::await(m_session->prepare(r));
        QVERIFY(plan && plan->canPush());
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->ok());
        QCOMPARE(m_journal->entry(outcome->journalId)->overrideReason, QStringLiteral("detected address is the VPN"));
    }

    void patchFailureChangesNothing()
    {
        m_sandbox->faults().forbidden = 0;
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan && plan->canPush());
        m_sandbox->faults().forbidden = 1;
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && !outcome->sent);
        QCOMPARE(outcome->error.kind, ApiError::Kind::Forbidden);
        QCOMPARE(m_journal->entries().size(), 0); // the read before sending failed: nothing was tried
    }

    void aRefusedPatchIsJournalledAsRefused()
    {
        // The sandbox refuses a list that shuts out its caller, past the admin's override: the
        // entry written before sending is marked refused and tells nothing about the org.
        PushRequest r = request({QStringLiteral("62.210.16.0/24")});
        r.overrideLockoutReason = QStringLiteral("testing");
        const auto plan = test::await(m_session->prepare(r));
        QVERIFY(plan && plan->canPush());
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->patchTried && !outcome->sent);
        QVERIFY(outcome->error.httpStatus >= 400);
        QVERIFY(!outcome->outcomeUnknown);
        QCOMPARE(m_journal->entries().size(), 1);
        const auto entry = m_journal->entry(outcome->journalId);
        QCOMPARE(entry->status, QStringLiteral("refused"));
        QCOMPARE(entry->after, plan->live);
        QVERIFY(!entry->correlationId.isEmpty());
        QVERIFY(!m_journal->lastKnownLive(m_session->identity().org.id, m_session->identity().region));
    }

    void aLostAnswerLeavesTheOutcomeUnknown()
    {
        // The org stored the list but a gateway answered 502, and the API stayed down, so the list
        // could not be read before sending again: no answer proves it was refused, so the journal
        // says "unknown" (never "refused", which would make the old list the base).
        loseTheAnswerThenTheApi();
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan && plan->canPush());
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->patchTried && !outcome->sent);
        QVERIFY(outcome->outcomeUnknown);
        QCOMPARE(outcome->error.httpStatus, 502);
        QCOMPARE(m_journal->entry(outcome->journalId)->status, QStringLiteral("unknown"));
        QCOMPARE(m_sandbox->allowlist(), QStringList{QStringLiteral("81.2.69.0/24")}); // it did land
        QVERIFY(!m_journal->lastKnownLive(m_session->identity().org.id, m_session->identity().region));
    }

    void anAnswerLostButAppliedIsNotSentTwice()
    {
        // A 502 after the org stored the list: read before sending again, the org has it. The push
        // is done and verified, and the PATCH went out once (it went out five times, and a change
        // another admin made between them was overwritten).
        m_sandbox->faults().appliedButFailed = 1;
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan && plan->canPush());
        const std::shared_ptr<int> patches = countPatches();
        const auto patchId = std::make_shared<QString>();
        connect(m_sandbox.get(), &SandboxServer::requestHandled, this,
                [patchId](const QString &method, const QString &, int, const QString &id) {
                    if (method == u"PATCH")
                        *patchId = id;
                });
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY2(outcome && outcome->ok(), outcome ? qPrintable(outcome->error.toString()) : "no outcome");
        QCOMPARE(*patches, 1);
        QCOMPARE(m_journal->entry(outcome->journalId)->status, QStringLiteral("ok"));
        // The id support needs is the PATCH's, the request that changed the org, not the read's.
        QVERIFY(!patchId->isEmpty());
        QCOMPARE(outcome->correlationId, *patchId);
        QCOMPARE(m_journal->entry(outcome->journalId)->correlationId, *patchId);
        QCOMPARE(m_sandbox->allowlist(), QStringList{QStringLiteral("81.2.69.0/24")});
    }

    void anotherAdminsChangeDuringTheWaitIsNotOverwritten_data()
    {
        QTest::addColumn<bool>("rateLimited");
        QTest::newRow("429, Retry-After") << true;
        QTest::newRow("503, backoff") << false;
    }

    void anotherAdminsChangeDuringTheWaitIsNotOverwritten()
    {
        // The PATCH is answered 429 (or a 503 that did not store it) and another admin saves during
        // the wait: sending again would drop their change without a word. The push reads the list
        // first, stops and sends nothing more.
        QFETCH(bool, rateLimited);
        const QStringList theirs = m_sandbox->allowlist() + QStringList{QStringLiteral("5.39.0.0/24")};
        const auto plan =
            test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")})));
        QVERIFY(plan && plan->canPush());
        const std::shared_ptr<int> patches = countPatches();
        onThePatch(
            [this, rateLimited] {
                if (rateLimited)
                    m_sandbox->faults().tooManyRequests = 1;
                else
                    m_sandbox->faults().serverErrors = 1;
            },
            [this, theirs] { m_sandbox->setAllowlist(theirs); });
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->patchTried && !outcome->sent);
        QCOMPARE(*patches, 1);
        QCOMPARE(m_sandbox->allowlist(), theirs);
        QVERIFY2(outcome->error.message.contains(u"changed while the push waited to send it again") &&
                     outcome->error.message.contains(u"added: 5.39.0.0/24"),
                 qPrintable(outcome->error.message));
        const auto entry = m_journal->entry(outcome->journalId);
        QVERIFY(entry);
        if (rateLimited) { // a 429 took nothing: nothing changed but the other admin's change
            QVERIFY(!outcome->outcomeUnknown);
            QVERIFY(outcome->liveChangedSincePreflight());
            QCOMPARE(entry->status, QStringLiteral("refused"));
        } else { // a 503 may have stored the list before the other admin saved theirs
            QVERIFY(outcome->outcomeUnknown);
            QCOMPARE(entry->status, QStringLiteral("unknown"));
        }
    }

    void aFailedReadAfterA429SendsNothingMore()
    {
        // A 429, then the read before sending again fails too: nothing more is sent, and since a
        // 429 took nothing, the push is refused (nothing changed), not unknown.
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan && plan->canPush());
        const QStringList before = m_sandbox->allowlist();
        const std::shared_ptr<int> patches = countPatches();
        onThePatch([this] { m_sandbox->faults().tooManyRequests = 1; },
                   [this] { m_sandbox->faults().serverErrors = OrgSession::ReadBeforeRetryAttempts; });
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->patchTried && !outcome->sent);
        QCOMPARE(*patches, 1);
        QVERIFY(!outcome->outcomeUnknown);
        QVERIFY(!outcome->liveChangedSincePreflight());
        QCOMPARE(outcome->error.httpStatus, 429);
        QVERIFY2(outcome->error.message.contains(u"answered 'too many requests' (HTTP 429)") &&
                     outcome->error.message.contains(u"reading the org's list before sending it again failed"),
                 qPrintable(outcome->error.message));
        QCOMPARE(m_journal->entry(outcome->journalId)->status, QStringLiteral("refused"));
        QCOMPARE(m_sandbox->allowlist(), before);
    }

    void anUnchangedListIsSentAgainAfterTheWait()
    {
        // The same waits with nobody else saving: the list is read, still the one the push started
        // from, and the PATCH goes out again and is verified.
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan && plan->canPush());
        const std::shared_ptr<int> patches = countPatches();
        onThePatch([this] { m_sandbox->faults().tooManyRequests = 1; }, {});
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY2(outcome && outcome->ok(), outcome ? qPrintable(outcome->error.toString()) : "no outcome");
        QCOMPARE(*patches, 2);
    }

    void anUnknownPushTheOrgHasIsTheBase()
    {
        // A pull, then a push whose answer was a 502 after the org stored the list. The org's list
        // is that push's: it read as someone else's change since the pull, and a rollback with
        // --rebase kept it, sent nothing and said "done".
        const auto pulled = test::await(m_session->pull());
        QVERIFY(pulled && pulled->result.ok());
        const QStringList original = m_sandbox->allowlist();
        QStringList plus = original;
        plus.append(QStringLiteral("5.39.0.0/24"));
        loseTheAnswerThenTheApi();
        const auto plan = test::await(m_session->prepare(request(plus)));
        QVERIFY(plan && plan->canPush());
        const auto outcome = test::await(m_session->execute(*plan));
        QVERIFY(outcome && outcome->outcomeUnknown);
        const JournalEntry unknown = *m_journal->entry(outcome->journalId);
        QCOMPARE(unknown.status, QStringLiteral("unknown"));

        const PushRequest undo = rollbackOf(unknown);
        const auto rollbackPlan = test::await(m_session->prepare(undo));
        QVERIFY(rollbackPlan);
        QCOMPARE(rollbackPlan->baseEntryId, unknown.id);
        QCOMPARE(rollbackPlan->baseStatus, QStringLiteral("unknown"));
        QCOMPARE(rollbackPlan->preflight.item(u"conflict")->state, PreflightItem::State::Pass);
        QVERIFY(rollbackPlan->canPush());
        QCOMPARE(rollbackPlan->preflight.diff.toRemove, QStringList{QStringLiteral("5.39.0.0/24")});
        const auto rolledBack = test::await(m_session->execute(*rollbackPlan));
        QVERIFY(rolledBack && rolledBack->ok());
        QCOMPARE(m_sandbox->allowlist(), original);

        // Had the org not kept it, nothing is taken for applied: the list read right before that
        // push (the rollback's) is the base.
        loseTheAnswerThenTheApi();
        const auto again = test::await(m_session->execute(*test::await(m_session->prepare(request(plus)))));
        QVERIFY(again && again->outcomeUnknown);
        m_sandbox->setAllowlist(original);
        const auto replan = test::await(m_session->prepare(request(plus)));
        QVERIFY(replan);
        QCOMPARE(replan->baseEntryId, again->journalId);
        QVERIFY(!replan->baseApplied);
        QCOMPARE(replan->preflight.diff.base, Preflight::canonicalSet(original));
        QCOMPARE(replan->preflight.item(u"conflict")->state, PreflightItem::State::Pass);
    }

    void anUnknownPushIsTheBaseThoughTheOrgChangedSince()
    {
        // The unanswered push landed, then another admin added a network: the org still has the
        // push's change, so the push is the base and the other admin's network is the conflict.
        // With exact equality the pull was the base, and a rebased rollback kept the very change
        // it was to undo (sent nothing, exit 0).
        test::await(m_session->pull());
        const QStringList original = m_sandbox->allowlist();
        QStringList plus = original;
        plus.append(QStringLiteral("5.39.0.0/24"));
        loseTheAnswerThenTheApi();
        const auto outcome = test::await(m_session->execute(*test::await(m_session->prepare(request(plus)))));
        QVERIFY(outcome && outcome->outcomeUnknown);
        m_sandbox->setAllowlist(plus + QStringList{QStringLiteral("91.121.0.0/24")});

        const JournalEntry unknown = *m_journal->entry(outcome->journalId);
        const PushRequest undo = rollbackOf(unknown);
        const auto plan = test::await(m_session->prepare(undo));
        QVERIFY(plan);
        QCOMPARE(plan->baseEntryId, unknown.id);
        QCOMPARE(plan->preflight.item(u"conflict")->state, PreflightItem::State::Fail);
        QCOMPARE(plan->preflight.diff.liveAdded, QStringList{QStringLiteral("91.121.0.0/24")});
        QVERIFY(plan->preflight.diff.liveRemoved.isEmpty());
        // Rebased, the rollback removes the push's network and keeps the other admin's.
        const QStringList rebased = plan->preflight.diff.rebased();
        QVERIFY(!rebased.contains(QStringLiteral("5.39.0.0/24")));
        QVERIFY(rebased.contains(QStringLiteral("91.121.0.0/24")));

        // None of its change in the org (its network removed again): not taken for applied; the
        // list read right before it is the base, so the other admin's network is the conflict.
        m_sandbox->setAllowlist(original + QStringList{QStringLiteral("91.121.0.0/24")});
        const auto other = test::await(m_session->prepare(undo));
        QVERIFY(other);
        QCOMPARE(other->baseEntryId, unknown.id);
        QVERIFY(!other->baseApplied);
        QCOMPARE(other->preflight.diff.base, Preflight::canonicalSet(original));
        QCOMPARE(other->preflight.diff.liveAdded, QStringList{QStringLiteral("91.121.0.0/24")});
    }

    void anUnknownPushPartlyRevertedShowsTheRevert()
    {
        // The unanswered push added two networks and landed; another admin then removed one. The
        // push is the base (part of its change is there), so that removal is a change to show —
        // with the pull as the base it read as "ours", and a rebase re-added what was removed.
        test::await(m_session->pull());
        const QStringList original = m_sandbox->allowlist();
        const QStringList two{QStringLiteral("5.39.0.0/24"), QStringLiteral("91.121.0.0/24")};
        loseTheAnswerThenTheApi();
        const auto outcome = test::await(m_session->execute(*test::await(m_session->prepare(request(original + two)))));
        QVERIFY(outcome && outcome->outcomeUnknown);
        m_sandbox->setAllowlist(original + QStringList{QStringLiteral("5.39.0.0/24")});
        const auto plan = test::await(m_session->prepare(request(original + two)));
        QVERIFY(plan);
        QCOMPARE(plan->baseEntryId, outcome->journalId);
        QVERIFY(plan->baseApplied);
        QCOMPARE(plan->preflight.item(u"conflict")->state, PreflightItem::State::Fail);
        QCOMPARE(plan->preflight.diff.liveRemoved, QStringList{QStringLiteral("91.121.0.0/24")});
        QVERIFY(!plan->preflight.diff.rebased().contains(QStringLiteral("91.121.0.0/24")));
    }

    void theSameChangeInTheOrgIsNoConflict()
    {
        // The org made the very change proposed since the pull: nothing would be sent over anything.
        test::await(m_session->pull());
        m_sandbox->setAllowlist({QStringLiteral("81.2.69.0/24")});
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan);
        QVERIFY(plan->preflight.diff.liveChanged());
        const PreflightItem *conflict = plan->preflight.item(u"conflict");
        QCOMPARE(conflict->state, PreflightItem::State::Pass);
        QVERIFY2(conflict->reason.contains(u"nothing to send"), qPrintable(conflict->reason));
    }

    void aPushThatCannotBeJournalledIsNotSent()
    {
        // Without its entry there would be nothing to roll back to: nothing is sent.
        Journal unwritable; // never opened: every write fails
        OrgSession session(m_client.get(), m_auth.get(), &unwritable);
        QVERIFY(!test::await(session.identify())->isError());
        const auto plan = test::await(session.prepare(request({QStringLiteral("81.2.69.0/24")})));
        QVERIFY(plan && plan->canPush());
        const auto outcome = test::await(session.execute(*plan));
        QVERIFY(outcome && outcome->journalRefused && !outcome->patchTried && !outcome->sent);
        QVERIFY2(outcome->error.message.contains(u"nothing was sent"), qPrintable(outcome->error.message));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void rollbackRestoresTheBeforeList()
    {
        const QStringList original = m_sandbox->allowlist();
        const auto plan = test::await(m_session->prepare(request({QStringLiteral("81.2.69.0/24")})));
        const auto pushed = test::await(m_session->execute(*plan));
        QVERIFY(pushed && pushed->ok());
        const JournalEntry entry = *m_journal->entry(pushed->journalId);
        const PushRequest undo = rollbackOf(entry);
        const auto rollbackPlan = test::await(m_session->prepare(undo));
        QVERIFY(rollbackPlan && rollbackPlan->canPush());
        const auto rolledBack = test::await(m_session->execute(*rollbackPlan));
        QVERIFY(rolledBack && rolledBack->ok());
        QCOMPARE(m_sandbox->allowlist(), original);
        QCOMPARE(m_journal->entry(rolledBack->journalId)->restoredFrom, entry.id);
    }
};

QTEST_GUILESS_MAIN(TestOrgSession)
#include "tst_orgsession.moc"
