#include "command.h"

#include <history/historyimporter.h>
#include <impact/impactevaluator.h>
#include <impact/suggestions.h>
#include <pdfreport.h>
#include <report/reportrenderer.h>
#include <rules/listfile.h>
#include <rules/validator.h>

#include <QCommandLineParser>

namespace alc::cli {
namespace {

const QString usage = QStringLiteral(
    "usage: allowlist-console report --list FILE [--baseline FILE] [--history FILE...] [--admin-ip ADDRESS]\n"
    "                                [--author NAME] [--org NAME] [--region DOMAIN] [--scenario NAME]\n"
    "                                [--format auto|generic|entra|okta|genesys] [--column ROLE=HEADER...]\n"
    "                                --out FILE.pdf|.html|.md|.csv\n");

} // namespace

int runReport(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write a report a change board can approve."));
    const QCommandLineOption listOption(QStringLiteral("list"), QStringLiteral("The proposed list file."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"), QStringLiteral("The live list file."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption historyOption(
        QStringLiteral("history"), QStringLiteral("A sign-in history file (repeatable)."), QStringLiteral("FILE"));
    const QCommandLineOption adminOption(QStringLiteral("admin-ip"),
                                         QStringLiteral("The admin's public IPv4 address (repeatable)."),
                                         QStringLiteral("ADDRESS"));
    const QCommandLineOption authorOption(QStringLiteral("author"), QStringLiteral("Who prepared the change."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption orgOption(QStringLiteral("org"), QStringLiteral("Organisation name."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption regionOption(QStringLiteral("region"), QStringLiteral("Region domain."),
                                          QStringLiteral("DOMAIN"));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"), QStringLiteral("Scenario name."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("History format."),
                                          QStringLiteral("FORMAT"), QStringLiteral("auto"));
    const QCommandLineOption outOption(QStringLiteral("out"),
                                       QStringLiteral("The report file; the format follows the extension."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption columns = columnOption();
    parser.addOptions({listOption, baselineOption, historyOption, adminOption, authorOption, orgOption, regionOption,
                       scenarioOption, formatOption, columns, outOption});
    if (const auto done = parseArguments(parser, QStringLiteral("report"), arguments, usage, io))
        return *done;
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "report: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n" << usage;
        return Usage;
    }
    if (!parser.isSet(listOption) || !parser.isSet(outOption)) {
        io.err << "report: --list and --out are required\n" << usage;
        return Usage;
    }
    const QString out = parser.value(outOption);
    const std::optional<ReportFormat> reportFormat = reportFormatForPath(out);
    if (!reportFormat) {
        io.err << "report: --out must end in .pdf, .html, .md or .csv (got '" << out << "')\n";
        return Usage;
    }
    ColumnMapping mapping; // checked even without --history: a typo is an error, not ignored
    if (!readColumnMapping(parser.values(columns), mapping, QStringLiteral("report"), io))
        return Usage;
    const std::optional<HistoryFormat> historyFormat = historyFormatFromName(parser.value(formatOption));
    if (!historyFormat) {
        io.err << "report: unknown --format '" << parser.value(formatOption) << "'\n" << usage;
        return Usage;
    }

    ReportInput input;
    input.author = parser.value(authorOption);
    input.orgName = parser.value(orgOption);
    input.region = parser.value(regionOption);
    input.scenarioName = parser.value(scenarioOption);
    input.generatedAt = reportTimestamp();
    const std::optional<QList<Ipv4Address>> admins =
        readAdminAddresses(parser.values(adminOption), QStringLiteral("report"), io);
    if (!admins)
        return Usage;
    for (const Ipv4Address &address : *admins)
        input.adminIps.append({address.toString(), QStringLiteral("given with --admin-ip")});
    const ListFile::ReadResult list = ListFile::read(parser.value(listOption));
    if (!list.ok()) {
        io.err << "report: " << list.error << '\n';
        return Usage;
    }
    input.proposed = list.list;
    std::optional<Allowlist> baseline;
    if (parser.isSet(baselineOption)) {
        const ListFile::ReadResult read = ListFile::read(parser.value(baselineOption));
        if (!read.ok()) {
            io.err << "report: " << read.error << '\n';
            return Usage;
        }
        baseline = read.list;
        input.baseline = read.list.canonicalCidrs();
        input.labelSources.append(read.list); // a removed network keeps the label the file gives it
    }

    std::unique_ptr<ImpactEvaluator> evaluator;
    if (parser.isSet(historyOption)) {
        ImportOptions options;
        options.format = *historyFormat;
        options.columns = mapping;
        const ImportResult imported = HistoryImporter(options).importFiles(parser.values(historyOption));
        if (!imported.ok()) {
            io.err << "report: " << imported.error << '\n';
            return Usage;
        }
        for (const QString &note : imported.notes)
            io.err << "report: note: " << note << '\n';
        evaluator = std::make_unique<ImpactEvaluator>(imported.dataset);
        input.importNotes = imported.notes;
        if (baseline)
            evaluator->setBaseline(baseline->networks());
        evaluator->setList(input.proposed.networks());
        input.impact = evaluator.get();
        input.suggestions = suggestNetworks(*evaluator);
    }

    const ReportData report = buildReport(input);
    QString error;
    if (!writeReportFile(report, *reportFormat, out, &error)) {
        io.err << "report: " << error << '\n';
        return Usage;
    }
    io.out << "wrote " << out;
    if (*reportFormat == ReportFormat::Csv)
        io.out << " and " << ReportRenderer::csvSignInsPath(out);
    io.out << "\nfingerprint " << report.fingerprint << '\n';
    const bool csv = *reportFormat == ReportFormat::Csv;
    // A CSV is a table of users: it has no first page, no findings and no banner.
    if (report.hasErrors())
        io.out << "the list has " << report.errors << (report.errors == 1 ? " error finding" : " error findings")
               << (csv ? "; the CSV files do not show findings: see them with `allowlist-console check` or in a "
                         ".pdf, .html or .md report\n"
                       : "; the report says so on its first page\n");
    if (csv && !input.impact)
        io.out << "no --history: the CSV files hold only their header rows (no one was evaluated, which is not "
                  "\"no one is blocked\")\n";
    return report.hasErrors() ? Refused : Ok;
}

} // namespace alc::cli
