#include "preflight.h"

#include <impact/wording.h>
#include <rules/finding.h>

#include <QSet>

#include <algorithm>

namespace alc {

namespace {

QStringList minus(const QStringList &a, const QStringList &b)
{
    const QSet<QString> remove(b.cbegin(), b.cend());
    QStringList result;
    for (const QString &item : a) {
        if (!remove.contains(item))
            result.append(item);
    }
    return result;
}

QString summarise(const QStringList &items, int max = 8)
{
    QStringList shown = items.mid(0, max);
    if (items.size() > max)
        shown.append(QStringLiteral("… %1 more").arg(items.size() - max));
    return shown.join(QStringLiteral(", "));
}

} // namespace

QStringList Preflight::canonicalSet(const QStringList &cidrs)
{
    std::vector<Ipv4Network> networks;
    QStringList unparsed;
    for (const QString &text : cidrs) {
        const ParsedCidr parsed = CidrParser::parse(text);
        if (parsed.isIpv4())
            networks.push_back(parsed.network);
        else if (!text.trimmed().isEmpty() && !unparsed.contains(text.trimmed()))
            unparsed.append(text.trimmed());
    }
    std::sort(networks.begin(), networks.end());
    networks.erase(std::unique(networks.begin(), networks.end()), networks.end());
    QStringList result;
    for (const Ipv4Network &network : networks)
        result.append(network.toString());
    return result + unparsed;
}

ListDifference ListDifference::between(const QStringList &expected, const QStringList &actual)
{
    const QStringList e = Preflight::canonicalSet(expected);
    const QStringList a = Preflight::canonicalSet(actual);
    return {minus(e, a), minus(a, e)};
}

QStringList ThreeWayDiff::rebased() const
{
    QStringList result = minus(proposed, liveRemoved);
    for (const QString &added : liveAdded) {
        if (!result.contains(added))
            result.append(added);
    }
    return result;
}

ThreeWayDiff ThreeWayDiff::compute(const QStringList &base, const QStringList &live, const QStringList &proposed)
{
    ThreeWayDiff diff;
    diff.base = Preflight::canonicalSet(base);
    diff.live = Preflight::canonicalSet(live);
    diff.proposed = Preflight::canonicalSet(proposed);
    diff.liveAdded = minus(diff.live, diff.base);
    diff.liveRemoved = minus(diff.base, diff.live);
    diff.toAdd = minus(diff.proposed, diff.live);
    diff.toRemove = minus(diff.live, diff.proposed);
    return diff;
}

QString PreflightItem::stateName(State state)
{
    switch (state) {
    case State::Pass:
        return QStringLiteral("pass");
    case State::Fail:
        return QStringLiteral("FAIL");
    case State::Overridden:
        return QStringLiteral("overridden");
    case State::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

bool PreflightReport::passed() const
{
    return std::none_of(items.cbegin(), items.cend(),
                        [](const PreflightItem &item) { return item.state == PreflightItem::State::Fail; });
}

QStringList PreflightReport::refusals() const
{
    QStringList result;
    for (const PreflightItem &item : items) {
        if (item.state == PreflightItem::State::Fail)
            result.append(item.reason);
    }
    return result;
}

const PreflightItem *PreflightReport::item(QStringView id) const
{
    for (const PreflightItem &item : items) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

PreflightReport Preflight::run(const PreflightInput &input)
{
    using State = PreflightItem::State;
    PreflightReport report;
    ValidationOptions options;
    options.adminIps = input.adminIps;
    options.today = input.today;
    report.validation = Validator::validate(input.proposed, options);
    report.proposedCidrs = input.proposed.canonicalCidrs();
    report.fingerprint = Allowlist::fingerprintOf(report.proposedCidrs);
    report.diff = ThreeWayDiff::compute(input.base.value_or(input.live), input.live, report.proposedCidrs);
    const QString overrideReason = input.overrideLockoutReason.trimmed();

    // Errors with their own checklist item below are not counted twice here. Warnings (expired,
    // overlapping, …) do not stop a push, but the checklist names them: an entry that expired in
    // 2020 should not go out under an all-green list.
    QStringList errors;
    QStringList warnings;
    bool checkedBelow = false;
    for (const Finding &finding : report.validation.all()) {
        const QString text = QStringLiteral("[%1] %2").arg(finding.code, finding.message);
        if (finding.code == FindingCode::AdminNotCovered || finding.code == FindingCode::TooMany)
            checkedBelow = true;
        else if (finding.isError())
            errors.append(text);
        else if (finding.severity == Severity::Warning && finding.code != FindingCode::EmptyList)
            warnings.append(text);
    }
    const QString warned =
        warnings.isEmpty()
            ? QString()
            : QStringLiteral("; %1 %2: %3")
                  .arg(warnings.size())
                  .arg(noun(warnings.size(), QLatin1StringView("warning"), QLatin1StringView("warnings")),
                       summarise(warnings, 5));
    if (errors.isEmpty())
        report.items.append({QStringLiteral("findings"), State::Pass,
                             (checkedBelow ? QStringLiteral("no error findings besides those checked below")
                                           : QStringLiteral("no error findings")) +
                                 warned});
    else
        report.items.append(
            {QStringLiteral("findings"), State::Fail,
             QStringLiteral("the list has %1 %2: %3")
                     .arg(errors.size())
                     .arg(noun(errors.size(), QLatin1StringView("error finding"), QLatin1StringView("error findings")),
                          summarise(errors, 5)) +
                 warned});

    const qsizetype count = report.proposedCidrs.size();
    if (count > Allowlist::MaxEntries || input.proposed.size() > Allowlist::MaxEntries)
        report.items.append({QStringLiteral("max-entries"), State::Fail,
                             QStringLiteral("%1 entries: Genesys Cloud accepts at most %2")
                                 .arg(std::max(count, input.proposed.size()))
                                 .arg(Allowlist::MaxEntries)});
    else
        report.items.append({QStringLiteral("max-entries"), State::Pass,
                             QStringLiteral("%1 of %2 entries").arg(count).arg(Allowlist::MaxEntries)});

    // Genesys reads an empty list as "every address may sign in": a push that empties the list
    // removes the restriction. A truncated file looks the same, so it must be meant.
    if (input.proposed.isEmpty() && !input.live.isEmpty()) {
        const QString what =
            QStringLiteral("an empty list lets every address sign in: the push removes the "
                           "restriction the org has now (%1 %2)")
                .arg(input.live.size())
                .arg(noun(input.live.size(), QLatin1StringView("entry"), QLatin1StringView("entries")));
        if (input.allowEmpty)
            report.items.append({QStringLiteral("empty-list"), State::Overridden, what + QStringLiteral(" — meant")});
        else
            report.items.append({QStringLiteral("empty-list"), State::Fail,
                                 what + QStringLiteral("; say so to send it (--allow-empty)")});
    }

    // 0.0.0.0/0 (a "temporary open" during an incident) or a /1 lifts the restriction as surely as
    // an empty list, under a list that still looks like one.
    const std::vector<Ipv4Network> networks = input.proposed.networks();
    const quint64 admitted = Allowlist::admittedAddresses(networks);
    if (admitted >= Allowlist::WideOpenAddresses && !input.live.isEmpty() &&
        !Allowlist::fromCidrs(input.live).isWideOpen()) {
        QStringList widest;
        for (const Ipv4Network &network : networks) {
            if (network.prefix() < 8)
                widest.append(network.toString());
        }
        const QString what =
            QStringLiteral("the list admits %1 % of all IPv4 addresses%2: in effect every address may sign in, and "
                           "the push removes the restriction the org has now (%3 %4)")
                .arg(QString::number(double(admitted) * 100.0 / double(quint64(1) << 32), 'f', 0),
                     widest.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(widest.join(QStringLiteral(", "))))
                .arg(input.live.size())
                .arg(noun(input.live.size(), QLatin1StringView("entry"), QLatin1StringView("entries")));
        if (input.allowEveryone)
            report.items.append(
                {QStringLiteral("allows-everyone"), State::Overridden, what + QStringLiteral(" — meant")});
        else
            report.items.append({QStringLiteral("allows-everyone"), State::Fail,
                                 what + QStringLiteral("; say so to send it (--allow-everyone)")});
    }

    QStringList uncovered;
    for (const Ipv4Address &admin : input.adminIps) {
        if (!Validator::covers(networks, admin))
            uncovered.append(admin.toString());
    }
    QString lockoutProblem;
    if (input.adminIps.isEmpty())
        lockoutProblem = QStringLiteral("your public address is unknown, so the list cannot be checked for a lockout; "
                                        "give it (--admin-ip) or let it be detected");
    else if (!uncovered.isEmpty())
        lockoutProblem = (uncovered.size() == 1 ? QStringLiteral("your public address %1 is not covered: this push "
                                                                 "would lock you out")
                                                : QStringLiteral("your public addresses %1 are not covered: this "
                                                                 "push would lock you out"))
                             .arg(uncovered.join(QStringLiteral(", ")));
    if (lockoutProblem.isEmpty()) {
        QStringList addresses;
        for (const Ipv4Address &admin : input.adminIps)
            addresses.append(admin.toString());
        report.items.append({QStringLiteral("lockout"), State::Pass,
                             input.proposed.isEmpty()
                                 ? QStringLiteral("an empty list allows every address, yours (%1) included")
                                       .arg(addresses.join(QStringLiteral(", ")))
                                 : (addresses.size() == 1 ? QStringLiteral("your address %1 is covered")
                                                          : QStringLiteral("your addresses %1 are all covered"))
                                       .arg(addresses.join(QStringLiteral(", ")))});
    } else if (!overrideReason.isEmpty()) {
        report.lockoutOverridden = true;
        report.items.append({QStringLiteral("lockout"), State::Overridden,
                             lockoutProblem + QStringLiteral(" — overridden: ") + overrideReason});
    } else {
        report.items.append({QStringLiteral("lockout"), State::Fail, lockoutProblem});
    }

    if (!input.base) {
        report.items.append({QStringLiteral("conflict"), State::Skipped,
                             QStringLiteral("no earlier pull: the live list fetched now is the base")});
    } else if (report.diff.liveChanged() && report.diff.toAdd.isEmpty() && report.diff.toRemove.isEmpty()) {
        // The org made the very change proposed (or holds what an unanswered push sent): nothing
        // would be sent, so nothing can be overwritten.
        report.items.append({QStringLiteral("conflict"), State::Pass,
                             QStringLiteral("the live list changed since it was pulled, but it already is the "
                                            "proposed list: nothing to send")});
    } else if (report.diff.liveChanged()) {
        QStringList changes;
        if (!report.diff.liveAdded.isEmpty())
            changes.append(QStringLiteral("added %1").arg(summarise(report.diff.liveAdded)));
        if (!report.diff.liveRemoved.isEmpty())
            changes.append(QStringLiteral("removed %1").arg(summarise(report.diff.liveRemoved)));
        report.items.append({QStringLiteral("conflict"), State::Fail,
                             QStringLiteral("the live list changed since it was pulled (%1); pull again or rebase")
                                 .arg(changes.join(QStringLiteral("; ")))});
    } else {
        report.items.append({QStringLiteral("conflict"), State::Pass,
                             QStringLiteral("the live list is unchanged since it was pulled")});
    }

    const QString expected = input.expectedFingerprint.trimmed().toLower();
    if (expected.isEmpty())
        report.items.append(
            {QStringLiteral("fingerprint"), State::Skipped, QStringLiteral("no approved fingerprint given")});
    else if (expected != report.fingerprint)
        report.items.append({QStringLiteral("fingerprint"), State::Fail,
                             QStringLiteral("the list's fingerprint %1 differs from the approved %2")
                                 .arg(report.fingerprint, expected)});
    else
        report.items.append(
            {QStringLiteral("fingerprint"), State::Pass, QStringLiteral("matches the approved fingerprint")});

    // An approval is of a change: from the live list the report compared to the proposed one.
    // After another admin's change (and a pull, which clears the conflict), the same list would
    // undo what the approver never saw.
    const QString baseline = input.expectedBaseline.trimmed().toLower();
    if (!baseline.isEmpty()) {
        const QString live = Allowlist::fingerprintOf(input.live);
        if (live == baseline)
            report.items.append({QStringLiteral("baseline"), State::Pass,
                                 QStringLiteral("the live list is the one the approved report compared")});
        else
            report.items.append({QStringLiteral("baseline"), State::Fail,
                                 QStringLiteral("the live list's fingerprint %1 differs from %2, the live list the "
                                                "approved report compared: the change approved was from another list; "
                                                "export a new report against the live list")
                                     .arg(live, baseline)});
    }
    return report;
}

} // namespace alc
