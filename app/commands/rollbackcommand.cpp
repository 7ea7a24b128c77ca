#include "command.h"
#include "orgconnection.h"

#include <QCoreApplication>
#include <QTimer>

namespace alc::cli {

int runRollback(const QStringList &arguments, Io io)
{
    const QString usage =
        QStringLiteral("usage: allowlist-console rollback ENTRY-ID --region DOMAIN "
                       "--client-id ID [--admin-ip ADDRESS]... [--echo-url URL]... "
                       "[--dry-run] [--yes] [--override-lockout REASON] [--allow-empty] "
                       "[--allow-everyone] [--rebase] "
                       "[--api-url URL --login-url URL] [--pkce [--redirect-port PORT]] [--save-secret]\n");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Restore the list a journal entry started from, through the same "
                                                    "preflight as a push."));
    const ConnectionOptions connection;
    connection.addTo(parser);
    const PushOptions push;
    push.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("ENTRY-ID"),
                                 QStringLiteral("The journal entry to restore (see 'journal')."));
    if (const auto done = parseArguments(parser, QStringLiteral("rollback"), arguments, usage, io))
        return *done;
    bool idOk = false;
    const qint64 id =
        parser.positionalArguments().size() == 1 ? parser.positionalArguments().constFirst().toLongLong(&idOk) : 0;
    if (!idOk || id <= 0) {
        io.err << "rollback: expected exactly one ENTRY-ID (a number from 'allowlist-console journal')\n" << usage;
        return Usage;
    }

    PushSettings settings;
    if (!push.read(parser, settings, io, QStringLiteral("rollback"))) {
        io.err << usage;
        return Usage;
    }
    CliConnection c(QStringLiteral("rollback"), io);
    if (!c.configure(parser, connection)) {
        io.err << usage;
        return Usage;
    }
    if (!c.openJournal())
        return Usage;
    const auto entry = c.journal.entry(id);
    if (!entry) {
        io.err << "rollback: there is no journal entry #" << id << '\n';
        return Usage;
    }
    if (!entry->damaged.isEmpty()) {
        // Restoring what a damaged row seems to hold could send an empty or wrong list.
        io.err << "rollback: journal entry #" << id << " is damaged (" << entry->damaged
               << "): it cannot be restored; pick another entry ('allowlist-console journal')\n";
        return Usage;
    }
    settings.request.kind = JournalEntry::Kind::Rollback;
    settings.request.restoredFrom = id;
    settings.request.proposed = Allowlist::fromCidrs(OrgSession::restoreTarget(*entry));

    QTimer::singleShot(0, &c, [&c, settings, entry = *entry] {
        c.connectThen([&c, settings, entry] {
            const OrgIdentity &identity = c.session->identity();
            if (identity.org.id != entry.orgId || identity.region != entry.region) {
                c.fail(
                    Refused,
                    QStringLiteral("journal entry #%1 belongs to %2 (%3) at %4, not to the connected org %5 (%6) at %7")
                        .arg(entry.id)
                        .arg(entry.orgName, entry.orgId, entry.region, identity.org.name, identity.org.id,
                             identity.region));
                return;
            }
            c.io.err << "rollback: restoring the " << entry.before.size() << "-entry list from before journal entry #"
                     << entry.id << " (" << JournalEntry::kindName(entry.kind) << ", "
                     << entry.time.toString(Qt::ISODate) << ")\n";
            PushSettings connected = settings;
            connected.alreadyConnected = true;
            runPushFlow(&c, connected);
        });
    });
    return QCoreApplication::exec();
}

} // namespace alc::cli
