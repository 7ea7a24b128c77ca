#include "command.h"

#include <impact/wording.h>

#include <history/historyimporter.h>
#include <impact/impactevaluator.h>
#include <impact/impactjson.h>
#include <impact/suggestions.h>
#include <rules/listfile.h>

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace alc::cli {

namespace {

constexpr char usage[] =
    "usage: allowlist-console impact --list FILE --history FILE [--history FILE...] [--baseline FILE]\n"
    "                                [--format auto|generic|entra|okta|genesys] [--column ROLE=HEADER...] [--json]\n";

QString percent(qint64 part, qint64 whole)
{
    return whole > 0 ? QString::number(100.0 * double(part) / double(whole), 'f', 1) + u'%' : QStringLiteral("-");
}

// listEntries: the entries of the list file, evaluated or not.
void printText(QTextStream &out, const ImpactEvaluator &evaluator, const std::vector<Suggestion> &suggestions,
               qsizetype listEntries)
{
    const ImpactSummary &s = evaluator.summary();
    for (const ImportedFile &f : evaluator.dataset().files()) {
        out << f.name << ": " << historyFormatName(f.format) << ", " << f.rows << ' '
            << noun(f.rows, "sign-in"_L1, "sign-ins"_L1) << ", " << f.skipped << ' '
            << noun(f.skipped, "bad row"_L1, "bad rows"_L1);
        if (f.ignored > 0)
            out << ", " << f.ignored << ' ' << noun(f.ignored, "other event"_L1, "other events"_L1) << " ignored";
        if (f.first.isValid())
            out << ", " << f.first.toString(Qt::ISODate) << " .. " << f.last.toString(Qt::ISODate);
        out << ", sha256 " << f.sha256 << '\n';
        for (const BadRowExample &e : f.badRowExamples)
            out << "  line " << e.line << ": " << e.reason << '\n';
    }
    out << "\nsign-ins:  " << s.rows << " (" << s.ipv6Rows << " from IPv6, which an IPv4 list cannot admit)\n"
        << "allowed:   " << s.allowed << " (" << percent(s.allowed, s.allowed + s.blocked) << ")\n"
        << "blocked:   " << s.blocked << " (" << s.blockedSuccessful << " successful, " << s.blockedFailed
        << " failed)\n"
        << "users:     " << s.users << ", " << s.usersBlocked << " with a blocked sign-in, " << s.usersFullyBlocked
        << " fully blocked, " << s.usersBlockedSuccessful << " losing successful sign-ins\n"
        << "addresses: " << s.distinctIps << " distinct IPv4, " << s.ipsBlocked << " blocked\n";
    if (s.hasBaseline)
        out << "vs baseline: " << s.newlyBlocked << " newly blocked (" << s.usersNewlyBlocked << ' '
            << noun(s.usersNewlyBlocked, "user"_L1, "users"_L1) << "), " << s.newlyAllowed << " newly allowed ("
            << s.usersNewlyAllowed << ' ' << noun(s.usersNewlyAllowed, "user"_L1, "users"_L1) << ")\n";
    if (s.listIsEmpty && listEntries > 0)
        out << "None of the list's " << listEntries << " entries is an IPv4 network: the figures above are those of an "
            << "empty list (Genesys Cloud would refuse this one; `check` names its entries).\n";
    else if (s.listIsEmpty)
        out << "The list is empty: Genesys Cloud allows every address.\n";

    const std::vector<IpImpact> top = evaluator.topBlockedIps(10);
    if (!top.empty()) {
        out << "\ntop blocked addresses:\n";
        for (const IpImpact &ip : top)
            out << "  " << ip.address.toString().leftJustified(16) << ip.signIns << ' '
                << noun(ip.signIns, "sign-in"_L1, "sign-ins"_L1) << " (" << ip.failed << " failed), " << ip.users << ' '
                << noun(ip.users, "user"_L1, "users"_L1) << '\n';
    }
    const std::vector<Ipv6Source> ipv6 = topIpv6Sources(evaluator.dataset(), 5);
    if (!ipv6.empty()) {
        out << "\ntop IPv6 sources:\n";
        for (const Ipv6Source &source : ipv6)
            out << "  " << source.address.leftJustified(40) << (source.successful + source.failed) << ' '
                << noun(source.successful + source.failed, "sign-in"_L1, "sign-ins"_L1) << " (" << source.failed
                << " failed)\n";
    }
    if (!suggestions.empty()) {
        out << "\nsuggested entries (" << suggestions.size() << "):\n";
        for (const Suggestion &sg : suggestions)
            out << "  " << sg.network.toString().leftJustified(19) << "recovers " << sg.successful << ' '
                << noun(sg.successful, "successful sign-in"_L1, "successful sign-ins"_L1) << " of " << sg.users << ' '
                << noun(sg.users, "user"_L1, "users"_L1) << " from " << sg.ips << ' '
                << noun(sg.ips, "address"_L1, "addresses"_L1) << " (" << sg.sampleUsers.join(QStringLiteral(", "))
                << ")\n";
    }
}

} // namespace

int runImpact(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Replay sign-in history against an allowlist: who and what it would block."));
    const QCommandLineOption listOption(QStringLiteral("list"), QStringLiteral("The proposed allowlist file."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption historyOption(
        QStringLiteral("history"), QStringLiteral("A sign-in history file (repeatable)."), QStringLiteral("FILE"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"),
                                            QStringLiteral("The live list to compare with."), QStringLiteral("FILE"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("History format: auto, generic, entra, okta or genesys."),
                                          QStringLiteral("FORMAT"), QStringLiteral("auto"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the impact as JSON."));
    const QCommandLineOption columns = columnOption();
    parser.addOptions({listOption, historyOption, baselineOption, formatOption, columns, jsonOption});
    if (const auto done = parseArguments(parser, QStringLiteral("impact"), arguments, QString::fromLatin1(usage), io))
        return *done;
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "impact: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n" << usage;
        return Usage;
    }
    if (!parser.isSet(listOption) || !parser.isSet(historyOption)) {
        io.err << "impact: --list and at least one --history are required\n" << usage;
        return Usage;
    }
    const std::optional<HistoryFormat> format = historyFormatFromName(parser.value(formatOption));
    if (!format) {
        io.err << "impact: unknown --format '" << parser.value(formatOption) << "'\n" << usage;
        return Usage;
    }

    const ListFile::ReadResult list = ListFile::read(parser.value(listOption));
    if (!list.ok()) {
        io.err << "impact: " << list.error << '\n';
        return Usage;
    }
    std::optional<ListFile::ReadResult> baseline;
    if (parser.isSet(baselineOption)) {
        baseline = ListFile::read(parser.value(baselineOption));
        if (!baseline->ok()) {
            io.err << "impact: " << baseline->error << '\n';
            return Usage;
        }
    }

    ImportOptions options;
    options.format = *format;
    if (!readColumnMapping(parser.values(columns), options.columns, QStringLiteral("impact"), io))
        return Usage;
    const ImportResult imported = HistoryImporter(options).importFiles(parser.values(historyOption));
    if (!imported.ok()) {
        io.err << "impact: " << imported.error << '\n';
        return Usage;
    }
    for (const QString &note : imported.notes)
        io.err << "impact: note: " << note << '\n';

    // Entries that are no IPv4 network (a typo, an IPv6 address) admit nothing: they are left out
    // of the evaluation, and said, so a list of typos is never taken for an empty one.
    const auto leftOut = [&io](const ListFile::ReadResult &file, qsizetype evaluated, const char *which) {
        const qsizetype skipped = file.list.size() - evaluated;
        if (skipped > 0)
            io.err << "impact: note: " << skipped << " of the " << which << "'s " << file.list.size() << " entries "
                   << (skipped == 1 ? "is no IPv4 network: left out of the evaluation (`check` names it)\n"
                                    : "are no IPv4 networks: left out of the evaluation (`check` names them)\n");
        return qint64(skipped);
    };
    ImpactEvaluator evaluator(imported.dataset);
    qint64 baselineSkipped = 0;
    if (baseline) {
        const std::vector<Ipv4Network> networks = baseline->list.networks();
        baselineSkipped = leftOut(*baseline, qsizetype(networks.size()), "baseline");
        evaluator.setBaseline(networks);
    }
    const std::vector<Ipv4Network> networks = list.list.networks();
    const qint64 listSkipped = leftOut(list, qsizetype(networks.size()), "list");
    evaluator.setList(networks);
    const std::vector<Suggestion> suggestions = suggestNetworks(evaluator);

    if (parser.isSet(jsonOption)) {
        QJsonObject json = impactToJson(evaluator, suggestions);
        json.insert(QStringLiteral("notes"), QJsonArray::fromStringList(imported.notes)); // also on stderr
        json.insert(QStringLiteral("listEntriesSkipped"), listSkipped);
        if (baseline)
            json.insert(QStringLiteral("baselineEntriesSkipped"), baselineSkipped);
        io.out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        printText(io.out, evaluator, suggestions, list.list.size());
    }
    return Ok;
}

} // namespace alc::cli
