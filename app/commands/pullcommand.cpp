#include "command.h"
#include "orgconnection.h"

#include <rules/listfile.h>

#include <QCoreApplication>
#include <QTimer>

namespace alc::cli {

int runPull(const QStringList &arguments, Io io)
{
    const QString usage =
        QStringLiteral("usage: allowlist-console pull --region DOMAIN --client-id ID [--out FILE] "
                       "[--api-url URL --login-url URL] [--pkce [--redirect-port PORT]] [--save-secret]\n");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Read the org's live allowlist and record it in the journal."));
    const ConnectionOptions connection;
    connection.addTo(parser);
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Write the list to FILE instead of standard output."),
                                 QStringLiteral("FILE"));
    parser.addOption(out);
    if (const auto done = parseArguments(parser, QStringLiteral("pull"), arguments, usage, io))
        return *done;
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "pull: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n" << usage;
        return Usage;
    }

    CliConnection c(QStringLiteral("pull"), io);
    if (!c.configure(parser, connection)) {
        io.err << usage;
        return Usage;
    }
    if (!c.openJournal())
        return Usage;
    const QString outFile = parser.value(out);

    QTimer::singleShot(0, &c, [&c, outFile] {
        c.connectThen([&c, outFile] {
            c.session->pull().then(&c, [&c, outFile](const PullOutcome &outcome) {
                if (!outcome.result.ok()) {
                    c.fail(ApiFailed, outcome.result.error.toString());
                    return;
                }
                const QStringList &list = *outcome.result.value;
                const Allowlist allowlist = Allowlist::fromCidrs(list);
                if (outFile.isEmpty() || outFile == u"-") {
                    c.io.out << ListFile::serialize(allowlist);
                } else {
                    QString problem;
                    if (!ListFile::write(outFile, allowlist, &problem)) {
                        c.fail(Usage, problem);
                        return;
                    }
                }
                c.io.err << "pulled " << list.size() << " entries from " << c.session->identity().org.name << " ("
                         << c.session->identity().region << ")";
                if (outcome.journalId > 0)
                    c.io.err << "; journal entry #" << outcome.journalId;
                if (!outcome.result.correlationId.isEmpty())
                    c.io.err << "; inin-correlation-id: " << outcome.result.correlationId;
                c.io.err << '\n';
                if (outcome.journalId == 0)
                    c.io.err << "pull: warning: " << outcome.journalError << '\n';
                c.finish(Ok);
            });
        });
    });
    return QCoreApplication::exec();
}

} // namespace alc::cli
