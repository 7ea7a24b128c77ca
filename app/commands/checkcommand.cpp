#include "command.h"

#include <impact/wording.h>

#include <rules/listfile.h>
#include <rules/validationjson.h>
#include <rules/validator.h>

#include <QCommandLineParser>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace alc::cli {

int runCheck(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Validate an allowlist file against Genesys Cloud's rules."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the findings as JSON."));
    const QCommandLineOption adminIp(
        QStringLiteral("admin-ip"),
        QStringLiteral("An admin's public IPv4 address; the list must cover it (repeatable: every one)."),
        QStringLiteral("ADDRESS"));
    parser.addOptions({json, adminIp});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The list file, or - for standard input."));
    const QString usage = QStringLiteral("usage: allowlist-console check [--json] [--admin-ip ADDRESS]... FILE|-\n");
    if (const auto done = parseArguments(parser, QStringLiteral("check"), arguments, usage, io))
        return *done;
    if (parser.positionalArguments().size() != 1) {
        io.err << "check: expected exactly one FILE (or - for standard input)\n" << usage;
        return Usage;
    }

    ValidationOptions options;
    const std::optional<QList<Ipv4Address>> admins = readAdminAddresses(parser.values(adminIp), u"check"_s, io);
    if (!admins)
        return Usage;
    options.adminIps = *admins;

    const ListFile::ReadResult read = ListFile::read(parser.positionalArguments().constFirst());
    if (!read.ok()) {
        io.err << "check: " << read.error << '\n';
        return Usage;
    }
    const ValidationResult result = Validator::validate(read.list, options);

    if (parser.isSet(json)) {
        io.out << QJsonDocument(validationToJson(read.list, result, options)).toJson(QJsonDocument::Indented);
    } else {
        const auto &entries = read.list.entries();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            for (const Finding &f : result.entryFindings.at(i)) {
                io.out << "line " << entries.at(i).sourceLine << ": " << severityName(f.severity) << " [" << f.code
                       << "] " << f.message;
                if (!f.fix.isEmpty())
                    io.out << " (fix: " << f.fix << ')';
                io.out << '\n';
            }
        }
        for (const Finding &f : result.listFindings) {
            io.out << "list: " << severityName(f.severity) << " [" << f.code << "] " << f.message;
            if (!f.fix.isEmpty())
                io.out << " (fix: add " << f.fix << ')';
            io.out << '\n';
        }
        io.out << entries.size() << ' ' << noun(entries.size(), "entry"_L1, "entries"_L1) << " (budget "
               << Allowlist::MaxEntries << "), " << result.errors << ' ' << noun(result.errors, "error"_L1, "errors"_L1)
               << ", " << result.warnings << ' ' << noun(result.warnings, "warning"_L1, "warnings"_L1) << ", "
               << result.infos << ' ' << noun(result.infos, "note"_L1, "notes"_L1);
        if (result.adminCovered) {
            // Each address says for itself: "a, b NOT covered" read as if neither was.
            QStringList addresses;
            for (const Ipv4Address &address : options.adminIps)
                addresses.append(address.toString() + (result.uncoveredAdmins.contains(address)
                                                           ? QStringLiteral(" NOT covered")
                                                           : QStringLiteral(" covered")));
            io.out << "; admin " << addresses.join(QStringLiteral(", "));
        }
        io.out << '\n';
    }
    return result.hasErrors() ? Refused : Ok;
}

} // namespace alc::cli
