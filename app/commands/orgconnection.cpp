#include "orgconnection.h"

#include <rules/listfile.h>

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace alc::cli {

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({region, clientId, apiUrl, loginUrl, pkce, redirectPort, saveSecret});
}

CliConnection::CliConnection(QString commandName, Io ioStreams, QObject *parent)
    : QObject(parent)
    , io(ioStreams)
    , command(std::move(commandName))
{
    // For CI without a keychain service: skip it instead of waiting for it to fail.
    secrets.setKeychainEnabled(qEnvironmentVariable("ALLOWLIST_NO_KEYCHAIN").isEmpty());
}

bool CliConnection::configure(const QCommandLineParser &parser, const ConnectionOptions &options)
{
    m_clientId = parser.value(options.clientId).trimmed();
    if (m_clientId.isEmpty()) {
        io.err << command << ": --client-id is required\n";
        return false;
    }
    QString problem;
    const auto endpoint =
        OrgEndpoint::make(parser.value(options.region).trimmed(), QUrl(parser.value(options.apiUrl), QUrl::StrictMode),
                          QUrl(parser.value(options.loginUrl), QUrl::StrictMode), &problem);
    if (!endpoint) {
        io.err << command << ": " << problem << '\n';
        return false;
    }
    m_pkce = parser.isSet(options.pkce);
    m_saveSecret = parser.isSet(options.saveSecret);
    if (m_saveSecret && (m_pkce || qEnvironmentVariable("ALLOWLIST_CLIENT_SECRET").isEmpty())) {
        io.err << command
               << ": --save-secret stores ALLOWLIST_CLIENT_SECRET, which must be set (and --pkce not given)\n";
        return false;
    }
    bool portOk = false;
    const uint port = parser.value(options.redirectPort).toUInt(&portOk);
    if (!portOk || port > 65535) {
        io.err << command << ": --redirect-port must be a port number\n";
        return false;
    }
    m_redirectPort = quint16(port);

    auth = new Authenticator(&http, *endpoint, this);
    client = new OrgClient(&http, auth, this);
    RetryPolicy policy;
    // A test knob: shrinks every wait (Retry-After, backoff) so error paths run fast.
    bool scaleOk = false;
    const double scale = qEnvironmentVariable("ALLOWLIST_RETRY_SCALE").toDouble(&scaleOk);
    if (scaleOk && scale > 0 && scale <= 1)
        policy.scale = scale;
    client->setRetryPolicy(policy);
    connect(client, &OrgClient::retryScheduled, this,
            [this](const QString &what, const QString &reason, int delayMs, int nextAttempt, int maxAttempts) {
                io.err << command << ": " << what << ": " << reason << "; waiting "
                       << QString::number(delayMs / 1000.0, 'f', 1) << " s before attempt " << nextAttempt << " of "
                       << maxAttempts << '\n';
                io.err.flush();
                showCountdown(delayMs);
            });
    session = new OrgSession(client, auth, &journal, this);
    return true;
}

void CliConnection::showCountdown(int delayMs)
{
    // A live countdown only where someone watches; logs get the single line above.
    if (delayMs < 2000 || !isatty(fileno(stderr)))
        return;
    auto *timer = new QTimer(this);
    auto left = std::make_shared<int>(delayMs / 1000);
    connect(timer, &QTimer::timeout, this, [this, timer, left] {
        if (--*left <= 0) {
            io.err << "\r" << QString(40, u' ') << '\r';
            io.err.flush();
            timer->deleteLater();
            return;
        }
        io.err << "\r  retrying in " << *left << " s   ";
        io.err.flush();
    });
    timer->start(1000);
}

bool CliConnection::openJournal()
{
    QString problem;
    if (!journal.open(Journal::defaultPath(), &problem)) {
        io.err << command << ": " << problem << '\n';
        return false;
    }
    return true;
}

void CliConnection::fail(int status, const QString &message)
{
    io.err << command << ": " << message << '\n';
    finish(status);
}

void CliConnection::finish(int status)
{
    io.out.flush();
    io.err.flush();
    QCoreApplication::exit(status);
}

void CliConnection::connectThen(const std::function<void()> &next)
{
    signIn([this, next] {
        session->identify().then(this, [this, next](const ApiError &error) {
            if (error.isError()) {
                fail(ApiFailed, error.toString());
                return;
            }
            next();
        });
    });
}

void CliConnection::signIn(const std::function<void()> &next)
{
    const auto signedIn = [this, next](const ApiError &error) {
        if (error.isError()) {
            fail(ApiFailed, error.toString());
            return;
        }
        next();
    };

    if (m_pkce) {
        // A refresh token from an earlier sign-in spares the browser; if it is refused, sign in again.
        const QString key = SecretStore::refreshTokenKey(auth->endpoint().loginBase, m_clientId);
        secrets.read(key).then(this, [this, signedIn](const SecretStore::ReadResult &read) {
            const auto browser = [this, signedIn] {
                signInInBrowser([this, signedIn](const ApiError &error) {
                    if (!error.isError())
                        keepRefreshToken();
                    signedIn(error);
                });
            };
            if (!read.secret) {
                browser();
                return;
            }
            auth->signInWithRefreshToken(m_clientId, *read.secret)
                .then(this, [this, signedIn, browser](const ApiError &error) {
                    if (error.isError()) {
                        browser();
                        return;
                    }
                    keepRefreshToken();
                    signedIn(error);
                });
        });
        return;
    }

    const QString fromEnvironment = qEnvironmentVariable("ALLOWLIST_CLIENT_SECRET");
    if (!fromEnvironment.isEmpty()) {
        auth->signInWithClientCredentials(m_clientId, fromEnvironment)
            .then(this, [this, signedIn, fromEnvironment](const ApiError &error) {
                if (error.isError() || !m_saveSecret) {
                    signedIn(error);
                    return;
                }
                secrets.write(SecretStore::clientSecretKey(auth->endpoint().loginBase, m_clientId), fromEnvironment)
                    .then(this, [this, signedIn, error](const SecretStore::WriteResult &written) {
                        if (written.persistent)
                            io.err << command << ": the client secret is stored in the keychain\n";
                        else
                            io.err << command << ": warning: the client secret was not stored: " << written.warning
                                   << '\n';
                        signedIn(error);
                    });
            });
        return;
    }
    secrets.read(SecretStore::clientSecretKey(auth->endpoint().loginBase, m_clientId))
        .then(this, [this, signedIn](const SecretStore::ReadResult &read) {
            if (!read.secret) {
                fail(Usage, QStringLiteral("no client secret: set ALLOWLIST_CLIENT_SECRET, store it in the "
                                           "keychain, or use --pkce%1")
                                .arg(read.warning.isEmpty() ? QString() : QStringLiteral(" (") + read.warning + u')'));
                return;
            }
            auth->signInWithClientCredentials(m_clientId, *read.secret).then(this, signedIn);
        });
}

void CliConnection::signInInBrowser(const std::function<void(const ApiError &)> &done)
{
    QString problem;
    const auto pkce = auth->beginPkceSignIn(m_clientId, m_redirectPort, &problem);
    if (!pkce) {
        fail(Usage, problem);
        return;
    }
    io.err << "Open this address in your browser to sign in (waiting for the redirect to "
           << pkce->redirectUri.toString() << "):\n  " << pkce->authorizeUrl.toString(QUrl::FullyEncoded) << '\n';
    io.err.flush();
    QFuture<ApiError> finished = pkce->finished;
    finished.then(this, done);
}

void CliConnection::keepRefreshToken()
{
    if (auth->refreshToken().isEmpty())
        return;
    // Fire and forget: a keychain failure only means the browser is needed next time.
    secrets.write(SecretStore::refreshTokenKey(auth->endpoint().loginBase, m_clientId), auth->refreshToken());
}

void PushOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({adminIp, echoUrl, dryRun, yes, overrideLockout, allowEmpty, allowEveryone, rebase});
}

bool PushOptions::read(const QCommandLineParser &parser, PushSettings &settings, Io io, const QString &command) const
{
    const std::optional<QList<Ipv4Address>> admins = readAdminAddresses(parser.values(adminIp), command, io);
    if (!admins)
        return false;
    settings.adminIps = *admins;
    for (const QString &text : parser.values(echoUrl)) {
        const QUrl url(text, QUrl::StrictMode);
        QString problem;
        if (!OrgEndpoint::isAcceptableUrl(url, &problem)) {
            io.err << command << ": --echo-url: " << problem << '\n';
            return false;
        }
        settings.echoUrls.append(url);
    }
    if (parser.isSet(overrideLockout) && parser.value(overrideLockout).trimmed().isEmpty()) {
        io.err << command << ": --override-lockout needs a reason, which is recorded in the journal\n";
        return false;
    }
    settings.request.overrideLockoutReason = parser.value(overrideLockout).trimmed();
    settings.request.allowEmpty = parser.isSet(allowEmpty);
    settings.request.allowEveryone = parser.isSet(allowEveryone);
    settings.dryRun = parser.isSet(dryRun);
    settings.yes = parser.isSet(yes);
    settings.rebase = parser.isSet(rebase);
    return true;
}

namespace {

void printList(QTextStream &out, const QString &title, const QStringList &items, QChar marker)
{
    if (items.isEmpty())
        return;
    out << "  " << title << ":\n";
    for (const QString &item : items)
        out << "    " << marker << ' ' << item << '\n';
}

// `rebasedOn`: the plan is for a list rebased on the live one; these were the org's changes.
void printPlan(QTextStream &out, const PushPlan &plan, const OrgIdentity &identity, bool personal,
               const ThreeWayDiff *rebasedOn = nullptr)
{
    const PreflightReport &report = plan.preflight;
    out << "org: " << identity.org.name << " (" << identity.org.id << "), " << identity.region << "\n";
    out << "actor: " << identity.actor;
    if (!personal)
        out << " (Genesys's audit log will name this OAuth client, not you; sign in with --pkce to be named)";
    out << "\n";
    out << "preflight:\n";
    for (const PreflightItem &item : report.items) {
        QString reason = item.reason;
        if (rebasedOn && item.id == u"conflict" && item.state == PreflightItem::State::Pass) {
            // The base is now the live list, so "unchanged since it was pulled" would hide the rebase.
            QStringList kept;
            if (!rebasedOn->liveAdded.isEmpty())
                kept.append(QStringLiteral("added ") + rebasedOn->liveAdded.join(QStringLiteral(", ")));
            if (!rebasedOn->liveRemoved.isEmpty())
                kept.append(QStringLiteral("removed ") + rebasedOn->liveRemoved.join(QStringLiteral(", ")));
            reason = QStringLiteral("rebased on the live list: the org's changes since the pull are kept (%1)")
                         .arg(kept.join(QStringLiteral("; ")));
        }
        out << "  [" << PreflightItem::stateName(item.state) << "] " << item.id << ": " << reason << '\n';
    }
    if (plan.baseStatus == u"pending" || plan.baseStatus == u"unknown") {
        if (plan.baseApplied)
            out << "note: the org has the change journal #" << plan.baseEntryId << " sent, whose outcome was not "
                << "known: it was applied, and is the base\n";
        else
            out << "note: the org has none of the change journal #" << plan.baseEntryId << " sent, whose outcome "
                << "was not known: the list read right before it is the base\n";
    }
    const ThreeWayDiff &diff = report.diff;
    if (diff.liveChanged() && !(diff.toAdd.isEmpty() && diff.toRemove.isEmpty())) {
        out << "three-way difference (base = last known live list";
        if (plan.baseEntryId > 0)
            out << ", journal #" << plan.baseEntryId;
        out << "; live = the org now; proposed = your list):\n";
        printList(out, QStringLiteral("changed in the org since the base: added"), diff.liveAdded, u'+');
        printList(out, QStringLiteral("changed in the org since the base: removed"), diff.liveRemoved, u'-');
        printList(out, QStringLiteral("your push would add"), diff.toAdd, u'+');
        printList(out, QStringLiteral("your push would remove"), diff.toRemove, u'-');
        out << "  rebased proposal (your changes on top of the live list): " << diff.rebased().join(QStringLiteral(" "))
            << '\n';
        out << "  pull again, or run again with --rebase to push the rebased proposal\n";
    } else {
        out << "changes to the live list: " << diff.toAdd.size() << " added, " << diff.toRemove.size() << " removed, "
            << report.proposedCidrs.size() << (report.proposedCidrs.size() == 1 ? " entry" : " entries")
            << " after the push\n";
        for (const QString &item : diff.toAdd)
            out << "  + " << item << '\n';
        for (const QString &item : diff.toRemove)
            out << "  - " << item << '\n';
    }
    out << "fingerprint: " << report.fingerprint;
    if (rebasedOn)
        out << " (of the rebased list, not of your file)";
    out << '\n';
}

// Keeps the admin's entries (with their labels) that the org did not remove, adds what it added.
Allowlist rebasedList(const Allowlist &proposed, const ThreeWayDiff &diff)
{
    QList<AllowlistEntry> entries;
    for (const AllowlistEntry &entry : proposed.entries()) {
        const ParsedCidr parsed = entry.parsed();
        if (parsed.isIpv4() && diff.liveRemoved.contains(parsed.network.toString()))
            continue;
        entries.append(entry);
    }
    for (const QString &added : diff.liveAdded) {
        if (!proposed.canonicalCidrs().contains(added))
            entries.append(AllowlistEntry{added, QStringLiteral("added in the org (rebase)"), {}, {}, 0, {}});
    }
    return Allowlist(entries);
}

class PushFlow final : public QObject
{
    Q_DISABLE_COPY_MOVE(PushFlow)

public:
    PushFlow(CliConnection *connection, PushSettings settings)
        : QObject(connection)
        , m_c(connection)
        , m_settings(std::move(settings))
        , m_detector(&connection->http, this)
    {}

    void start()
    {
        if (m_settings.alreadyConnected)
            detectAddress();
        else
            m_c->connectThen([this] { detectAddress(); });
    }

private:
    void detectAddress()
    {
        if (!m_settings.adminIps.isEmpty()) {
            // Given on the command line: nothing to detect.
            QStringList given;
            for (const Ipv4Address &a : m_settings.adminIps)
                given.append(a.toString());
            m_c->io.err << (given.size() == 1 ? "admin address: " : "admin addresses: ")
                        << given.join(QStringLiteral(", ")) << " (given with --admin-ip)\n";
            m_c->io.err.flush();
            m_settings.request.adminIps = m_settings.adminIps;
            prepare();
            return;
        }
        if (!m_settings.echoUrls.isEmpty()) {
            m_detector.setServices(m_settings.echoUrls);
        }
        // Detected right before the push, never reused from an earlier run.
        m_detector.detect().then(this, [this](const PublicIpDetection &detection) {
            QTextStream &err = m_c->io.err;
            if (detection.manual) {
                err << "admin address: " << detection.ipv4->toString() << " (given with --admin-ip)\n";
            } else if (detection.ipv4Candidates.size() > 1) {
                QStringList all;
                for (const Ipv4Address &a : detection.ipv4Candidates)
                    all.append(a.toString());
                err << "admin addresses: " << all.join(QStringLiteral(", "))
                    << " (the echo services disagree: each must be covered)\n";
            } else if (detection.ipv4) {
                err << "admin address: " << detection.ipv4->toString()
                    << (detection.agreed ? " (the echo services agree)" : " (not confirmed)") << '\n';
                if (!detection.ipv6.isEmpty())
                    err << "admin IPv6 address: " << detection.ipv6 << " (Genesys allowlists are IPv4 only)\n";
            }
            for (const QString &warning : detection.warnings)
                err << m_c->command << ": warning: " << warning << '\n';
            err.flush();
            if (detection.ipv4)
                m_settings.request.adminIps = detection.ipv4Candidates;
            prepare();
        });
    }

    void prepare()
    {
        m_c->session->prepare(m_settings.request).then(this, [this](const PushPlan &plan) { planned(plan); });
    }

    void planned(const PushPlan &plan)
    {
        if (plan.error.isError()) {
            m_c->fail(ApiFailed, plan.error.toString());
            return;
        }
        const PreflightItem *conflict = plan.preflight.item(u"conflict");
        if (m_settings.rebase && conflict && conflict->state == PreflightItem::State::Fail && !m_rebased) {
            m_rebased = true;
            m_rebasedOn = plan.preflight.diff;
            m_c->io.err << m_c->command
                        << ": the org changed since the last pull; rebasing your list on the live list\n";
            m_settings.request.proposed = rebasedList(m_settings.request.proposed, plan.preflight.diff);
            m_settings.request.base = plan.live;
            prepare();
            return;
        }
        printPlan(m_c->io.out, plan, m_c->session->identity(),
                  m_c->auth->grant() == Authenticator::Grant::AuthorizationCode, m_rebased ? &m_rebasedOn : nullptr);
        m_c->io.out.flush();
        if (!plan.preflight.passed()) {
            m_c->fail(Refused, QStringLiteral("refused by the preflight: ") +
                                   plan.preflight.refusals().join(QStringLiteral("; ")));
            return;
        }
        if (plan.preflight.diff.toAdd.isEmpty() && plan.preflight.diff.toRemove.isEmpty()) {
            // A rollback that the rebase turned into the live list restores nothing; when part of
            // the change it was to undo is still in the org (a network it added is there, or one
            // it removed is missing), that is no "done". The org having undone it all is.
            if (m_rebased && m_settings.request.kind == JournalEntry::Kind::Rollback && stillHasChangeToUndo(plan)) {
                m_c->fail(Refused,
                          QStringLiteral("rebased on the live list, the rollback restores nothing (the org's "
                                         "changes it would keep are the ones to undo); nothing was sent — "
                                         "roll back without --rebase after a pull, or push the list you want"));
                return;
            }
            m_c->io.out << "the org already has this list; nothing was sent\n";
            m_c->finish(Ok);
            return;
        }
        if (m_settings.dryRun) {
            m_c->io.out << "dry run: nothing was sent\n";
            m_c->finish(Ok);
            return;
        }
        if (!m_settings.yes) {
            if (!isatty(fileno(stdin))) {
                m_c->fail(Usage, QStringLiteral("standard input is not a terminal, so the push cannot be confirmed; "
                                                "pass --yes to push without confirmation"));
                return;
            }
            const QString orgName = m_c->session->identity().org.name;
            m_c->io.out << "Type the org name (" << orgName << ") to push: ";
            m_c->io.out.flush();
            // A blocking read of the terminal: the console has nothing else to do meanwhile.
            QTextStream in(stdin);
            if (in.readLine().trimmed() != orgName.trimmed()) {
                m_c->fail(Refused, QStringLiteral("not confirmed; nothing was sent"));
                return;
            }
        }
        m_c->session->execute(plan).then(this, [this](const PushOutcome &outcome) { executed(outcome); });
    }

    void executed(const PushOutcome &outcome)
    {
        QTextStream &out = m_c->io.out;
        if (outcome.liveChangedSincePreflight()) {
            // Another admin pushed while this one was confirming: the conflict check, again.
            m_c->fail(Refused, outcome.error.message);
            return;
        }
        if (outcome.journalRefused) {
            m_c->fail(Refused, outcome.error.message);
            return;
        }
        if (!outcome.sent) {
            // An answer refused the change; a lost answer leaves it unknown.
            const bool refused = !outcome.patchTried || !outcome.outcomeUnknown;
            m_c->fail(ApiFailed, outcome.error.toString() +
                                     (refused ? QStringLiteral("; nothing was changed")
                                              : QStringLiteral("; the org may or may not have the new list: pull "
                                                               "to see it before trying again")));
            return;
        }
        if (outcome.journalId > 0)
            out << "journal entry #" << outcome.journalId << '\n';
        if (!outcome.journalError.isEmpty()) // the outcome was not recorded: the entry stays "pending"
            m_c->io.err << m_c->command << ": warning: " << outcome.journalError << '\n';
        if (outcome.error.isError()) {
            m_c->fail(ApiFailed, outcome.error.toString());
            return;
        }
        if (!outcome.verified) {
            QStringList parts;
            if (!outcome.difference.missing.isEmpty())
                parts.append(QStringLiteral("missing from the org: ") +
                             outcome.difference.missing.join(QStringLiteral(", ")));
            if (!outcome.difference.unexpected.isEmpty())
                parts.append(QStringLiteral("in the org but not sent: ") +
                             outcome.difference.unexpected.join(QStringLiteral(", ")));
            m_c->fail(ApiFailed,
                      QStringLiteral("the org accepted the list, but reading it back differs from what was sent (%1)%2")
                          .arg(parts.join(QStringLiteral("; ")),
                               outcome.correlationId.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (inin-correlation-id: ") + outcome.correlationId + u')'));
            return;
        }
        out << "pushed and verified: the org's list now has " << outcome.after.size() << " entries";
        if (!outcome.correlationId.isEmpty())
            out << " (inin-correlation-id: " << outcome.correlationId << ')';
        out << '\n';
        m_c->finish(Ok);
    }

    CliConnection *m_c;
    PushSettings m_settings;
    PublicIpDetector m_detector;
    bool stillHasChangeToUndo(const PushPlan &plan) const
    {
        const std::optional<JournalEntry> undone = m_c->journal.entry(m_settings.request.restoredFrom);
        return !undone || OrgSession::holdsAnyChangeOf(*undone, plan.live); // cannot tell: not "done"
    }

    bool m_rebased = false;
    ThreeWayDiff m_rebasedOn; // the first plan's difference, when m_rebased
};

} // namespace

void runPushFlow(CliConnection *connection, PushSettings settings)
{
    auto *flow = new PushFlow(connection, std::move(settings));
    flow->start();
}

} // namespace alc::cli
