#include "reportdata.h"

#include <impact/impactevaluator.h>
#include <rules/validator.h>

#include <QSet>

#include <algorithm>
#include <map>

namespace alc {

QString ReportChangeRow::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Unchanged:
        return QStringLiteral("unchanged");
    }
    return {};
}

QDateTime reportTimestamp()
{
    bool ok = false;
    const qint64 epoch = qEnvironmentVariable("SOURCE_DATE_EPOCH").toLongLong(&ok);
    if (ok)
        return QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC);
    return QDateTime::currentDateTimeUtc();
}

namespace {

void addChanges(const ReportInput &input, ReportData &report)
{
    // The first entry of each canonical network carries its metadata; every line is named.
    std::map<Ipv4Network, const AllowlistEntry *> proposed;
    std::map<Ipv4Network, QList<int>> lines;
    const auto &entries = input.proposed.entries();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const ParsedCidr parsed = entries.at(i).parsed();
        if (parsed.isIpv4()) {
            proposed.emplace(parsed.network, &entries.at(i));
            lines[parsed.network].append(entries.at(i).lineAt(i)); // a typed list's rows: not 0
        }
    }
    std::map<Ipv4Network, bool> live;
    if (input.baseline) {
        for (const QString &cidr : *input.baseline) {
            const ParsedCidr parsed = CidrParser::parse(cidr);
            if (parsed.isIpv4())
                live.emplace(parsed.network, true);
        }
    }
    QList<ReportChangeRow> added, removed, unchanged;
    for (const auto &[network, entry] : proposed) {
        ReportChangeRow row{input.baseline && live.count(network) ? ReportChangeRow::Kind::Unchanged
                                                                  : ReportChangeRow::Kind::Added,
                            network.toString(),
                            entry->label,
                            entry->owner,
                            entry->expiry,
                            lines[network]};
        (row.kind == ReportChangeRow::Kind::Added ? added : unchanged).append(row);
    }
    for (const auto &item : live) {
        const Ipv4Network network = item.first; // a lambda below captures it (not a structured binding)
        if (proposed.count(network))
            continue;
        ReportChangeRow row{ReportChangeRow::Kind::Removed, network.toString(), {}, {}, {}, {}};
        // The live list has no labels: borrow one from the baseline file or another scenario.
        for (const Allowlist &source : input.labelSources) {
            const auto labelled =
                std::find_if(source.entries().cbegin(), source.entries().cend(), [&network](const AllowlistEntry &e) {
                    const ParsedCidr p = e.parsed();
                    return p.isIpv4() && p.network == network && !e.label.isEmpty();
                });
            if (labelled != source.entries().cend()) {
                row.label = labelled->label;
                row.owner = labelled->owner;
                break;
            }
        }
        if (const ImpactEvaluator *impact = input.impact) {
            const Dataset &d = impact->dataset();
            const auto first = std::lower_bound(d.ips().begin(), d.ips().end(), network.first().toUInt());
            std::vector<quint32> users;
            row.blockedSignIns = 0;
            for (auto it = first; it != d.ips().end() && *it <= network.last().toUInt(); ++it) {
                const auto ip = quint32(it - d.ips().begin());
                if (impact->isAllowed(ip))
                    continue;
                row.blockedSignIns += qint64(d.ipSuccessful(ip) + d.ipFailed(ip));
                for (const SignInGroup &g : d.groupsOfIp(ip))
                    users.push_back(g.user);
            }
            std::sort(users.begin(), users.end());
            row.blockedUsers = qint64(std::unique(users.begin(), users.end()) - users.begin());
        }
        removed.append(row);
    }
    report.added = int(added.size());
    report.removed = int(removed.size());
    report.unchanged = int(unchanged.size());
    report.changes = added + removed + unchanged;
    report.proposedCount = int(proposed.size());
    if (input.baseline) {
        QStringList canonical;
        for (const auto &[network, unused] : live)
            canonical.append(network.toString());
        report.baselineCount = int(canonical.size());
        report.baselineFingerprint = Allowlist::fingerprintOf(canonical);
    }
}

void addFindings(const ReportInput &input, ReportData &report)
{
    ValidationOptions options;
    for (const ReportInput::AdminIp &admin : input.adminIps) {
        if (const auto address = Ipv4Address::parse(admin.address))
            options.adminIps.append(*address);
    }
    options.today = input.generatedAt.isValid() ? input.generatedAt.date() : QDate::currentDate();
    const ValidationResult validation = Validator::validate(input.proposed, options);
    const auto &entries = input.proposed.entries();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const int line = entries.at(i).lineAt(i);
        for (const Finding &f : validation.entryFindings.at(i))
            report.findings.append({line, entries.at(i).text, f});
    }
    for (const Finding &f : validation.listFindings)
        report.findings.append({0, {}, f});
    report.errors = validation.errors;
    report.warnings = validation.warnings;
    report.infos = validation.infos;

    const std::vector<Ipv4Network> networks = input.proposed.networks();
    for (const ReportInput::AdminIp &admin : input.adminIps) {
        ReportLockoutRow row{admin.address, admin.how, false, {}};
        const auto address = Ipv4Address::parse(admin.address);
        if (address && input.proposed.isEmpty()) {
            row.covered = true;
            row.coveredBy = QStringLiteral("an empty list allows every address");
        } else if (address) {
            for (const AllowlistEntry &entry : entries) {
                const ParsedCidr parsed = entry.parsed();
                if (parsed.isIpv4() && parsed.network.contains(*address)) {
                    row.covered = true;
                    row.coveredBy =
                        parsed.network.toString() + (entry.label.isEmpty() ? QString() : u" (" + entry.label + u')');
                    break;
                }
            }
        }
        report.lockout.append(row);
    }
}

void addImpact(const ReportInput &input, ReportData &report)
{
    const ImpactEvaluator *impact = input.impact;
    if (!impact)
        return;
    report.hasImpact = true;
    report.impact = impact->summary();
    report.outcomesKnown = impact->dataset().outcomesKnown();
    report.topBlockedIps = impact->topBlockedIps(input.topCount);
    report.blockedUsers = impact->users(true);
    std::sort(report.blockedUsers.begin(), report.blockedUsers.end(), [](const UserImpact &a, const UserImpact &b) {
        return a.blocked != b.blocked ? a.blocked > b.blocked : a.user < b.user;
    });
    report.apps = impact->apps();
    std::sort(report.apps.begin(), report.apps.end(), [](const AppImpact &a, const AppImpact &b) {
        return a.blocked != b.blocked ? a.blocked > b.blocked : a.app < b.app;
    });
    report.days = impact->days();
    report.suggestions = input.suggestions;
    const Dataset &dataset = impact->dataset();
    report.files = dataset.files();
    report.importNotes = input.importNotes;
    for (const SignInGroup &group : dataset.groups()) {
        if (impact->isAllowed(group.ip))
            continue;
        report.blockedGroups.push_back(
            {dataset.users().value(qsizetype(group.user)), Ipv4Address(dataset.ips()[group.ip]).toString(),
             dataset.apps().value(qsizetype(group.app)), group.successful, group.failed,
             group.lastSeen ? QDateTime::fromSecsSinceEpoch(group.lastSeen, Qt::UTC) : QDateTime(),
             report.impact.hasBaseline && impact->isBaselineAllowed(group.ip)});
    }
    // Groups come in address order (then user, app); a stable sort by user keeps each user's
    // addresses in numeric order (as text, 45.155.205.165 came before 45.155.205.33).
    std::stable_sort(report.blockedGroups.begin(), report.blockedGroups.end(),
                     [](const auto &a, const auto &b) { return a.user < b.user; });
}

} // namespace

ReportData buildReport(const ReportInput &input)
{
    ReportData report;
    report.title = QStringLiteral("Allowlist change for approval");
    report.orgName = input.orgName;
    report.region = input.region;
    report.author = input.author;
    report.scenarioName = input.scenarioName;
    report.appVersion = QStringLiteral(ALC_VERSION);
    report.generatedAt = input.generatedAt.isValid() ? input.generatedAt : reportTimestamp();
    report.hasBaseline = input.baseline.has_value();
    report.entryCount = int(input.proposed.size());
    report.admittedAddresses = Allowlist::admittedAddresses(input.proposed.networks());
    report.overrideReason = input.overrideReason;

    ReportInput dated = input;
    dated.generatedAt = report.generatedAt;
    addChanges(dated, report);
    addFindings(dated, report);
    addImpact(dated, report);

    report.fingerprint = input.proposed.fingerprint();
    std::vector<Ipv4Network> sorted = input.proposed.networks();
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const Ipv4Network &network : sorted)
        report.fingerprintText.append(network.toString());
    return report;
}

} // namespace alc
