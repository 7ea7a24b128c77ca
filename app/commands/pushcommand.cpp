#include "command.h"
#include "orgconnection.h"

#include <rules/listfile.h>

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>

namespace alc::cli {

int runPush(const QStringList &arguments, Io io)
{
    const QString usage =
        QStringLiteral("usage: allowlist-console push FILE --region DOMAIN --client-id ID "
                       "[--admin-ip ADDRESS]... [--echo-url URL]... "
                       "[--dry-run] [--yes] [--override-lockout REASON] [--allow-empty] "
                       "[--allow-everyone] "
                       "[--expect-fingerprint SHA256] [--expect-baseline SHA256] [--base FILE] "
                       "[--rebase] "
                       "[--api-url URL --login-url URL] [--pkce [--redirect-port PORT]] [--save-secret]\n");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Send an allowlist file to the org after the preflight, then verify it."));
    const ConnectionOptions connection;
    connection.addTo(parser);
    const PushOptions push;
    push.addTo(parser);
    const QCommandLineOption fingerprint(QStringLiteral("expect-fingerprint"),
                                         QStringLiteral("Refuse unless the list's fingerprint equals this SHA-256 "
                                                        "(from an approved report)."),
                                         QStringLiteral("SHA256"));
    const QCommandLineOption base(QStringLiteral("base"),
                                  QStringLiteral("The list your file was edited from; replaces the journal's last pull "
                                                 "in the conflict check."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption baseline(QStringLiteral("expect-baseline"),
                                      QStringLiteral("Refuse unless the live list's fingerprint equals this SHA-256 "
                                                     "(the report's \"Live list compared\": the change was approved "
                                                     "from that list)."),
                                      QStringLiteral("SHA256"));
    parser.addOptions({fingerprint, baseline, base});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The list file, or - for standard input."));
    if (const auto done = parseArguments(parser, QStringLiteral("push"), arguments, usage, io))
        return *done;
    if (parser.positionalArguments().size() != 1) {
        io.err << "push: expected exactly one FILE\n" << usage;
        return Usage;
    }

    PushSettings settings;
    settings.request.kind = JournalEntry::Kind::Push;
    if (!push.read(parser, settings, io, QStringLiteral("push"))) {
        io.err << usage;
        return Usage;
    }
    const auto isSha256 = [](const QString &text) {
        return text.size() == 64 && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
                   return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
               });
    };
    for (const QCommandLineOption *option : {&fingerprint, &baseline}) {
        if (parser.isSet(*option) && !isSha256(parser.value(*option).trimmed())) {
            io.err << "push: --" << option->names().constFirst() << " must be a SHA-256 in hex (64 characters)\n";
            return Usage;
        }
    }
    settings.request.expectedFingerprint = parser.value(fingerprint).trimmed();
    settings.request.expectedBaseline = parser.value(baseline).trimmed();

    const ListFile::ReadResult read = ListFile::read(parser.positionalArguments().constFirst());
    if (!read.ok()) {
        io.err << "push: " << read.error << '\n';
        return Usage;
    }
    settings.request.proposed = read.list;
    if (parser.isSet(base)) {
        const ListFile::ReadResult baseRead = ListFile::read(parser.value(base));
        if (!baseRead.ok()) {
            io.err << "push: --base: " << baseRead.error << '\n';
            return Usage;
        }
        settings.request.base = baseRead.list.canonicalCidrs();
    }

    CliConnection c(QStringLiteral("push"), io);
    if (!c.configure(parser, connection)) {
        io.err << usage;
        return Usage;
    }
    if (!c.openJournal())
        return Usage;
    QTimer::singleShot(0, &c, [&c, settings] { runPushFlow(&c, settings); });
    return QCoreApplication::exec();
}

} // namespace alc::cli
