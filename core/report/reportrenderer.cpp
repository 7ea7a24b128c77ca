#include "reportrenderer.h"

#include <files/savefile.h>
#include <impact/calendarbuckets.h>
#include <impact/wording.h>
#include <rules/cidrparser.h>

#include <QLocale>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace alc {
namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString num(qint64 value)
{
    return QLocale::c().toString(value);
}

QString num(quint64 value)
{
    return QLocale::c().toString(qulonglong(value));
}

// Text from the list or the logs, written into Markdown: raw HTML is escaped (a viewer may render
// it) and the characters Markdown treats as markup are backslash-escaped, so a label reads as typed.
QString mdText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QStringLiteral("&amp;");
            break;
        case '<':
            out += QStringLiteral("&lt;");
            break;
        case '>':
            out += QStringLiteral("&gt;");
            break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '#':
        case '|':
            out += u'\\';
            out += c;
            break;
        case '\n':
        case '\r':
            out += u' ';
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString mdCell(const QString &text)
{
    return text.isEmpty() ? QStringLiteral(" ") : mdText(text);
}

// A header value in Markdown; one not given says so rather than leaving a blank to misread.
QString given(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("(not given)") : mdText(text);
}

// Quotes as RFC 4180 wants, and defuses cells a spreadsheet would run as a formula (user names
// come from untrusted logs).
QString csvCell(QString text)
{
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(u'\'');
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r'))
        text = u'"' + text.replace(u'"', QStringLiteral("\"\"")) + u'"';
    return text;
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QString severityWord(Severity severity)
{
    return severityName(severity);
}

QString coverageText(const ReportData &report)
{
    if (report.lockout.isEmpty())
        return QStringLiteral("no admin address was given: the lockout check was not made");
    QStringList parts;
    for (const ReportLockoutRow &row : report.lockout)
        parts.append(row.covered ? QStringLiteral("%1 covered").arg(row.address)
                                 : QStringLiteral("%1 NOT covered").arg(row.address));
    return parts.join(QStringLiteral(", "));
}

constexpr std::size_t MaxUserRows = 50;
// Tenants with thousands of application names (every service principal, client ids without a
// name) made a report of hundreds of pages, and its PDF took minutes: the first rows, most
// blocked first, then one line for the rest.
constexpr std::size_t MaxAppRows = 50;

QString moreApps(const ReportData &r)
{
    if (r.apps.size() <= MaxAppRows)
        return {};
    qint64 signIns = 0, blocked = 0;
    for (std::size_t i = MaxAppRows; i < r.apps.size(); ++i) {
        signIns += qint64(r.apps[i].signIns);
        blocked += qint64(r.apps[i].blocked);
    }
    return QStringLiteral("… and %1 more applications: %2 sign-ins, %3 of them blocked (every blocked sign-in is in "
                          "the CSV export).")
        .arg(QString::number(r.apps.size() - MaxAppRows), num(signIns), num(blocked));
}

// What must stop an approver before anything else, most serious first.
QStringList banners(const ReportData &r)
{
    QStringList lines;
    if (r.locksOut()) {
        QStringList addresses;
        for (const ReportLockoutRow &row : r.lockout) {
            if (!row.covered)
                addresses.append(row.address);
        }
        lines.append(
            QStringLiteral("LOCKOUT: this list does not cover the admin %1 %2: saving it locks %3 out.")
                .arg(noun(addresses.size(), "address"_L1, "addresses"_L1), addresses.join(QStringLiteral(", ")),
                     noun(addresses.size(), "that admin"_L1, "those admins"_L1)) +
            (r.overrideReason.isEmpty() ? QString() : QStringLiteral(" Override typed: %1").arg(r.overrideReason)));
    }
    if (r.hasErrors())
        lines.append(QStringLiteral("This list has %1 %2: it must not be pushed as it is.")
                         .arg(r.errors)
                         .arg(noun(r.errors, "error finding"_L1, "error findings"_L1)));
    if (r.entryCount == 0) // entries that are all invalid are errors above, not an empty list
        lines.append(QStringLiteral("The list is empty: every address will be allowed to sign in."));
    else if (r.admittedAddresses >= Allowlist::WideOpenAddresses)
        lines.append(QStringLiteral("This list admits %1 % of all IPv4 addresses: in effect every address will be "
                                    "allowed to sign in.")
                         .arg(QString::number(double(r.admittedAddresses) * 100.0 / double(quint64(1) << 32), 'f', 0)));
    return lines;
}

// Sign-ins without a date count in every figure but have no place on a calendar.
QString undatedText(const ReportData &r)
{
    quint64 undated = 0;
    for (const DayImpact &day : r.days) {
        if (!day.day.isValid())
            undated += day.signIns;
    }
    return undated == 0 ? QString()
                        : QStringLiteral("%1 %2 without a date %3 in the figures but not in the chart.")
                              .arg(num(undated), noun(undated, "sign-in"_L1, "sign-ins"_L1),
                                   noun(undated, "counts"_L1, "count"_L1));
}

// A table's heading that says when it shows only the first rows: "Blocked users (50 of 802, most
// blocked first)", or the title alone when every row is there.
QString partTitle(const QString &title, qint64 shown, qint64 total, const QString &order)
{
    return shown < total ? QStringLiteral("%1 (%2 of %3, %4)").arg(title).arg(shown).arg(total).arg(order) : title;
}

QString topIpsTitle(const ReportData &r)
{
    const auto shown = qint64(r.topBlockedIps.size());
    return partTitle(shown < r.impact.ipsBlocked ? QStringLiteral("Top blocked IP addresses")
                                                 : QStringLiteral("Blocked IP addresses"),
                     shown, r.impact.ipsBlocked, QStringLiteral("most sign-ins first"));
}

constexpr std::size_t MaxSuggestionRows = 20;

QString blockedUsersTitle(const ReportData &r)
{
    return partTitle(QStringLiteral("Blocked users"), qint64(std::min(r.blockedUsers.size(), MaxUserRows)),
                     qint64(r.blockedUsers.size()), QStringLiteral("most blocked first"));
}

QString suggestionsTitle(const ReportData &r)
{
    return partTitle(QStringLiteral("Suggestions"), qint64(std::min(r.suggestions.size(), MaxSuggestionRows)),
                     qint64(r.suggestions.size()),
                     QStringLiteral("most successful sign-ins first; the window lists all"));
}

// Suggestions skip clusters that only failed; without a result column nothing failed.
QString unknownOutcomesText(const ReportData &r)
{
    return r.outcomesKnown ? QString()
                           : QStringLiteral("Caution: a history file has no result column, so failed attempts count "
                                            "as successful sign-ins here and a suggestion may admit an attacker's "
                                            "network (see the notes under Evidence).");
}

QString noSuggestionsText(const ReportData &r)
{
    if (r.entryCount >= Allowlist::MaxEntries && r.impact.blockedSuccessful > 0)
        return QStringLiteral("None: the list has no room left in the %1-entry budget (%2 successful sign-ins stay "
                              "blocked).")
            .arg(Allowlist::MaxEntries)
            .arg(num(r.impact.blockedSuccessful));
    return QStringLiteral("None: no cluster of blocked successful sign-ins.");
}

// A sign-in after the report's own date means misread dates (a day-first file read month first,
// a wrong offset) or a clock far off: the approver is told rather than left to spot it.
QString signInRange(const ReportData &r, const ImportedFile &file)
{
    if (!file.first.isValid())
        return QStringLiteral("no timestamps");
    QString text = QStringLiteral("from %1 to %2").arg(isoTime(file.first), isoTime(file.last));
    if (r.generatedAt.isValid() && file.last > r.generatedAt)
        text += QStringLiteral(" (after this report's date: check how the dates were read)");
    return text;
}

QString formatText(const ImportedFile &file)
{
    return historyFormatName(file.format) +
           (file.dayFirstDates ? QStringLiteral(", dates read as day/month/year") : QString());
}

QString badRowsText(const ImportedFile &file)
{
    QStringList parts;
    for (auto it = file.skippedByReason.cbegin(); it != file.skippedByReason.cend(); ++it)
        parts.append(QStringLiteral("%1: %2").arg(it.key(), num(it.value())));
    QStringList lines;
    for (const BadRowExample &example : file.badRowExamples)
        lines.append(QString::number(example.line));
    QString text = parts.join(QStringLiteral("; "));
    if (!lines.isEmpty())
        text += QStringLiteral(" (first at %1 %2)")
                    .arg(noun(lines.size(), "line"_L1, "lines"_L1), lines.join(QStringLiteral(", ")));
    return text;
}

struct Headline
{
    QString label;
    QString value;
};

QList<Headline> headlines(const ReportData &r)
{
    QList<Headline> list{
        {QStringLiteral("Entries"), r.proposedCount > Allowlist::MaxEntries
                                        ? QStringLiteral("%1 of %2 (%3 networks: more than %2 cannot be sent)")
                                              .arg(r.entryCount)
                                              .arg(Allowlist::MaxEntries)
                                              .arg(r.proposedCount)
                                        : QStringLiteral("%1 of %2 (%3 %4 sent)")
                                              .arg(r.entryCount)
                                              .arg(Allowlist::MaxEntries)
                                              .arg(r.proposedCount)
                                              .arg(noun(r.proposedCount, "network"_L1, "networks"_L1))},
        {QStringLiteral("Change vs live list"),
         r.hasBaseline
             ? QStringLiteral("%1 added, %2 removed, %3 unchanged").arg(r.added).arg(r.removed).arg(r.unchanged) +
                   (r.added + r.removed == 0 ? QStringLiteral(": no change") : QString())
             : QStringLiteral("live list unknown: every entry is shown as added")},
        {QStringLiteral("Findings"),
         QStringLiteral("%1 %2, %3 %4, %5 %6")
             .arg(QString::number(r.errors), noun(r.errors, "error"_L1, "errors"_L1), QString::number(r.warnings),
                  noun(r.warnings, "warning"_L1, "warnings"_L1), QString::number(r.infos),
                  noun(r.infos, "note"_L1, "notes"_L1))},
        {QStringLiteral("Lockout check"), coverageText(r)},
    };
    if (r.hasBaseline)
        list.insert(2, {QStringLiteral("Live list compared"),
                        QStringLiteral("%1 %2, fingerprint %3")
                            .arg(r.baselineCount)
                            .arg(noun(r.baselineCount, "network"_L1, "networks"_L1), r.baselineFingerprint)});
    if (!r.overrideReason.isEmpty())
        list.append({QStringLiteral("Lockout override"), r.overrideReason});
    if (r.hasImpact) {
        const ImpactSummary &s = r.impact;
        list.append(
            {QStringLiteral("Sign-ins blocked"), QStringLiteral("%1 of %2 IPv4 %3 (%4 successful, %5 failed)")
                                                     .arg(num(s.blocked), num(s.allowed + s.blocked),
                                                          noun(s.allowed + s.blocked, "sign-in"_L1, "sign-ins"_L1),
                                                          num(s.blockedSuccessful), num(s.blockedFailed))});
        list.append({QStringLiteral("Users blocked"),
                     QStringLiteral("%1 of %2 (%3 fully, %4 partly); %5 %6 successful sign-ins, %7 only failed ones")
                         .arg(num(s.usersBlocked), num(s.users), num(s.usersFullyBlocked),
                              num(s.usersBlocked - s.usersFullyBlocked), num(s.usersBlockedSuccessful),
                              noun(s.usersBlockedSuccessful, "loses"_L1, "lose"_L1),
                              num(s.usersBlocked - s.usersBlockedSuccessful))});
        if (s.hasBaseline)
            list.append({QStringLiteral("Newly blocked vs live"),
                         QStringLiteral("%1 %2, %3 %4; newly allowed: %5 %6, %7 %8")
                             .arg(num(s.newlyBlocked), noun(s.newlyBlocked, "sign-in"_L1, "sign-ins"_L1),
                                  num(s.usersNewlyBlocked), noun(s.usersNewlyBlocked, "user"_L1, "users"_L1),
                                  num(s.newlyAllowed), noun(s.newlyAllowed, "sign-in"_L1, "sign-ins"_L1),
                                  num(s.usersNewlyAllowed), noun(s.usersNewlyAllowed, "user"_L1, "users"_L1))});
        list.append(
            {QStringLiteral("IPv6 sign-ins"),
             s.listIsEmpty
                 ? (r.entryCount == 0
                        ? QStringLiteral("%1 (allowed: an empty list allows every address)").arg(num(s.ipv6Rows))
                        : QStringLiteral("%1 (the list has no valid IPv4 network: see the errors)")
                              .arg(num(s.ipv6Rows)))
                 : QStringLiteral("%1 (blocked: an IPv4 allowlist can never admit them)").arg(num(s.ipv6Rows))});
        if (s.skippedRows > 0)
            list.append({QStringLiteral("Rows not read"),
                         QStringLiteral("%1 bad %2 in the history (see Evidence)")
                             .arg(num(s.skippedRows), noun(s.skippedRows, "row"_L1, "rows"_L1))});
    } else {
        list.append({QStringLiteral("Impact"), QStringLiteral("no sign-in history was imported")});
    }
    return list;
}

} // namespace

std::optional<ReportFormat> reportFormatForPath(const QString &path)
{
    const QString lower = path.toLower();
    if (lower.endsWith(u".pdf"))
        return ReportFormat::Pdf;
    if (lower.endsWith(u".html") || lower.endsWith(u".htm"))
        return ReportFormat::Html;
    if (lower.endsWith(u".md"))
        return ReportFormat::Markdown;
    if (lower.endsWith(u".csv"))
        return ReportFormat::Csv;
    return std::nullopt;
}

namespace {

// The change table's "Line" cell: the proposed list's lines (findings cite them), "—" when removed.
QString linesCell(const ReportChangeRow &row)
{
    if (row.lines.isEmpty())
        return QStringLiteral("—");
    QStringList numbers;
    for (const int line : row.lines)
        numbers.append(QString::number(line));
    return numbers.join(QStringLiteral(", "));
}

// The approval is of a change from one live list: how a push holds to it. `code` is how the
// format marks a command (HTML: <code>, Markdown: backticks).
QString baselineBinding(const ReportData &r, const QString &open, const QString &close)
{
    return QStringLiteral(" The change was computed from the live list with fingerprint %1; %2allowlist-console push "
                          "--expect-baseline%3 with that fingerprint refuses to push it over any other live list.")
        .arg(r.baselineFingerprint, open, close);
}

// What a removed network admitted that the proposed list blocks: why the removal matters.
QString removalCell(const ReportChangeRow &row)
{
    if (row.kind != ReportChangeRow::Kind::Removed || row.blockedSignIns < 0)
        return {};
    if (row.blockedSignIns == 0)
        return QStringLiteral("none in the history");
    return QStringLiteral("%1 %2, %3 %4")
        .arg(num(row.blockedSignIns), noun(row.blockedSignIns, "sign-in"_L1, "sign-ins"_L1), num(row.blockedUsers),
             noun(row.blockedUsers, "user"_L1, "users"_L1));
}

// A week in the Markdown table's "Week of" column: its Monday, and the days it covers when the
// history starts or ends inside it.
QString weekCell(const CalendarBuckets &calendar, const CalendarBuckets::Bucket &bucket)
{
    const QString part = calendar.coverage(bucket);
    const QString start = bucket.start.toString(Qt::ISODate);
    return part.isEmpty() ? start : start + QStringLiteral(" (") + part + u')';
}

} // namespace

QString ReportRenderer::csvSignInsPath(const QString &usersPath)
{
    QString base = usersPath;
    if (base.endsWith(u".csv", Qt::CaseInsensitive))
        base.chop(4);
    return base + QStringLiteral("-blocked-signins.csv");
}

bool ReportRenderer::writeText(const ReportData &report, ReportFormat format, const QString &path, QString *error)
{
    switch (format) {
    case ReportFormat::Html:
        return writeFileAtomically(path, renderHtml(report).toUtf8(), error);
    case ReportFormat::Markdown:
        return writeFileAtomically(path, renderMarkdown(report).toUtf8(), error);
    case ReportFormat::Csv:
        // Both or neither: a new users CSV beside a stale companion would not say it is stale.
        return writeFilesAtomically(
            {{path, renderUsersCsv(report)}, {csvSignInsPath(path), renderBlockedSignInsCsv(report)}}, error);
    case ReportFormat::Pdf:
        break;
    }
    if (error)
        *error = QStringLiteral("PDF is rendered by PdfReport");
    return false;
}

QString ReportRenderer::renderDayChartSvg(const ReportData &report, int width, int height)
{
    const CalendarBuckets calendar(report.days);
    if (calendar.buckets().empty())
        return QStringLiteral("<p>No dated sign-ins to chart.</p>");
    const std::vector<CalendarBuckets::Bucket> &buckets = calendar.buckets();
    const quint64 peak = std::max<quint64>(1, calendar.peak());
    const int left = 50, bottom = 24, top = 10;
    const double plotW = width - left - 10;
    const double plotH = height - bottom - top;
    const double barW = plotW / double(buckets.size());
    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" "
                                 "viewBox=\"0 0 %1 %2\" role=\"img\" aria-label=\"Allowed and blocked sign-ins, %3\">")
                      .arg(width)
                      .arg(height)
                      .arg(esc(calendar.title().toLower()));
    svg += QStringLiteral("<text x=\"4\" y=\"%1\" font-size=\"10\">%2</text>").arg(top + 8).arg(num(peak));
    svg += QStringLiteral("<text x=\"4\" y=\"%1\" font-size=\"10\">0</text>").arg(height - bottom);
    for (size_t i = 0; i < buckets.size(); ++i) {
        const CalendarBuckets::Bucket &bucket = buckets[i];
        const QString when = calendar.describe(bucket);
        const double x = left + double(i) * barW;
        const double allowedH = plotH * double(bucket.signIns - bucket.blocked) / double(peak);
        const double blockedH = plotH * double(bucket.blocked) / double(peak);
        const double base = top + plotH;
        // A bucket without sign-ins still gets its (empty) bars: the gap is part of the picture.
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"#2e7d32\"><title>%5: %6 "
                              "allowed</title></rect>")
                   .arg(x, 0, 'f', 1)
                   .arg(base - allowedH, 0, 'f', 1)
                   .arg(std::max(1.0, barW - 1), 0, 'f', 1)
                   .arg(allowedH, 0, 'f', 1)
                   .arg(when, num(bucket.signIns - bucket.blocked));
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"#d32f2f\"><title>%5: %6 "
                              "blocked</title></rect>")
                   .arg(x, 0, 'f', 1)
                   .arg(base - allowedH - blockedH, 0, 'f', 1)
                   .arg(std::max(1.0, barW - 1), 0, 'f', 1)
                   .arg(blockedH, 0, 'f', 1)
                   .arg(when, num(bucket.blocked));
    }
    svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"10\">%3</text>")
               .arg(left)
               .arg(height - 6)
               .arg(calendar.first().toString(Qt::ISODate));
    svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"10\" text-anchor=\"end\">%3</text>")
               .arg(width - 10)
               .arg(height - 6)
               .arg(calendar.last().toString(Qt::ISODate));
    svg += QStringLiteral("</svg>");
    return svg;
}

QString ReportRenderer::renderHtml(const ReportData &r, Chart chart, int imageWidth)
{
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1</title>\n")
             .arg(esc(r.title));
    h += QStringLiteral("<style>body{font-family:sans-serif;font-size:10pt;margin:2em;color:#111}"
                        "table{border-collapse:collapse;margin:0.5em 0 1em 0}td,th{border:1px solid #999;padding:2px "
                        "4px;text-align:left}"
                        "th{background:#e8eef4}.fp{font-family:monospace;font-size:12pt;font-weight:bold;padding:8px;"
                        "border:2px solid #1d3557}"
                        ".nw{white-space:nowrap}.error{color:#b00020;font-weight:bold}.ok{color:#1b5e20;font-weight:"
                        "bold}.num{text-align:right}"
                        "</style></head><body>\n");
    h += QStringLiteral("<h1>%1</h1>\n").arg(esc(r.title));
    for (const QString &line : banners(r))
        h += QStringLiteral("<p class=\"error\">%1</p>\n").arg(esc(line));
    h += QStringLiteral("<table>");
    const QList<Headline> header{{QStringLiteral("Organisation"), r.orgName},
                                 {QStringLiteral("Region"), r.region},
                                 {QStringLiteral("Author"), r.author},
                                 {QStringLiteral("Scenario"), r.scenarioName},
                                 {QStringLiteral("Date (UTC)"), isoTime(r.generatedAt)},
                                 {QStringLiteral("Allowlist Console"), r.appVersion}};
    for (const Headline &line : header)
        h += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>")
                 .arg(esc(line.label), line.value.isEmpty() ? QStringLiteral("(not given)") : esc(line.value));
    h += QStringLiteral("</table>\n<h2>Fingerprint</h2>\n<p class=\"fp\">SHA-256 %1</p>\n"
                        "<p>SHA-256 of the proposed list's canonical CIDRs, sorted, one per line. "
                        "<code>allowlist-console push --expect-fingerprint</code> refuses any other list.%2</p>\n")
             .arg(esc(r.fingerprint),
                  r.hasBaseline ? baselineBinding(r, QStringLiteral("<code>"), QStringLiteral("</code>")) : QString());

    h += QStringLiteral("<h2>Summary</h2>\n<table>");
    for (const Headline &line : headlines(r))
        h += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(esc(line.label), esc(line.value));
    h += QStringLiteral("</table>\n");

    // "Line" is what the findings below cite; a removed network names what it admitted that is
    // now blocked, and borrows a label from the baseline file or another scenario.
    h += QStringLiteral("<h2>The "
                        "change</h2>\n<table><thead><tr><th>Line</th><th>Change</th><th>CIDR</th><th>Label</th><th>"
                        "Owner</th><th>Expires</th><th>Blocked once removed</th></tr></thead>");
    for (const ReportChangeRow &row : r.changes)
        // The change word, the network and the date never break across lines ("unchange/d",
        // "2027-01-0/1" in a narrow PDF column); labels and owners may.
        h += QStringLiteral("<tr><td>%1</td><td class=\"nw\">%2</td><td class=\"nw\">%3</td><td>%4</td><td>%5</td>"
                            "<td class=\"nw\">%6</td><td>%7</td></tr>")
                 .arg(esc(linesCell(row)), ReportChangeRow::kindName(row.kind), esc(row.cidr), esc(row.label),
                      esc(row.owner), row.expiry.isValid() ? row.expiry.toString(Qt::ISODate) : QString(),
                      esc(removalCell(row)));
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Validation</h2>\n");
    if (r.findings.isEmpty()) {
        h += QStringLiteral("<p class=\"ok\">No findings.</p>\n");
    } else {
        h += QStringLiteral("<table><thead><tr><th>Line</th><th>Entry</th><th>Severity</th><th>Code</th><th>Message</"
                            "th><th>Fix</th></tr></thead>");
        // An IPv4 address or network is never broken across lines (approvers copy them); other text may be.
        const auto address = [](const QString &text) {
            return CidrParser::parse(text).isIpv4() ? QStringLiteral("<td class=\"nw\">%1</td>").arg(esc(text))
                                                    : QStringLiteral("<td>%1</td>").arg(esc(text));
        };
        for (const ReportFinding &f : r.findings)
            h += QStringLiteral("<tr><td>%1</td>%2<td>%3</td><td>%4</td><td>%5</td>%6</tr>")
                     .arg(f.line ? QString::number(f.line) : QStringLiteral("list"), address(f.entry),
                          severityWord(f.finding.severity), esc(f.finding.code), esc(f.finding.message),
                          address(f.finding.fix));
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2>Lockout check</h2>\n");
    if (r.lockout.isEmpty()) {
        h += QStringLiteral("<p class=\"error\">No admin address was given: this report does not show that the admin "
                            "stays signed in.</p>\n");
    } else {
        h += QStringLiteral(
            "<table><thead><tr><th>Admin address</th><th>How known</th><th>Covered</th><th>By</th></tr></thead>");
        for (const ReportLockoutRow &row : r.lockout)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td class=\"%3\">%4</td><td>%5</td></tr>")
                     .arg(esc(row.address), esc(row.how), row.covered ? QStringLiteral("ok") : QStringLiteral("error"),
                          row.covered ? QStringLiteral("yes") : QStringLiteral("NO — this list locks the admin out"),
                          esc(row.coveredBy));
        h += QStringLiteral("</table>\n");
    }
    if (!r.overrideReason.isEmpty())
        h += QStringLiteral("<p class=\"error\">Lockout override: %1</p>\n").arg(esc(r.overrideReason));

    h += QStringLiteral("<h2>Impact on the imported history</h2>\n");
    if (!r.hasImpact) {
        h += QStringLiteral("<p>No sign-in history was imported: the impact of this change is unknown.</p>\n");
    } else {
        h += QStringLiteral("<h3>%1: green allowed, red blocked</h3>\n").arg(CalendarBuckets(r.days).title());
        h += chart == Chart::InlineSvg
                 ? renderDayChartSvg(r)
                 : QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>").arg(ChartResourceName).arg(imageWidth);
        const bool baseline = r.impact.hasBaseline;
        if (const QString undated = undatedText(r); !undated.isEmpty())
            h += QStringLiteral("<p>%1</p>\n").arg(esc(undated));
        h += QStringLiteral("\n<h3>%1</h3>\n").arg(esc(topIpsTitle(r)));
        if (r.topBlockedIps.empty()) {
            h += QStringLiteral("<p>None: this list blocks no IPv4 address of the history.</p>\n");
        } else {
            h += QStringLiteral(
                     "<table><thead><tr><th>IP</th><th>Sign-ins</th><th>Failed</th><th>Users</th>%1</tr></thead>")
                     .arg(baseline ? QStringLiteral("<th>Newly blocked</th>") : QString());
            for (const IpImpact &ip : r.topBlockedIps)
                h += QStringLiteral("<tr><td class=\"nw\">%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td><td "
                                    "class=\"num\">%4</td>%5</tr>")
                         .arg(ip.address.toString(), num(ip.signIns), num(ip.failed), QString::number(ip.users),
                              baseline ? QStringLiteral("<td>%1</td>")
                                             .arg(ip.baselineAllowed ? QStringLiteral("yes") : QString())
                                       : QString());
            h += QStringLiteral("</table>\n");
        }
        h += QStringLiteral("<h3>%1</h3>\n").arg(esc(blockedUsersTitle(r)));
        if (r.blockedUsers.empty()) {
            h += QStringLiteral("<p>None.</p>\n");
        } else {
            // Failed attempts apart: a user whose blocked sign-ins all failed (a password spray,
            // a typo) loses nothing that worked.
            // Column shares set here: left to the PDF layout, the names took most of the width
            // and the counts' headers broke into syllables.
            h += QStringLiteral(
                     "<table width=\"100%\"><thead><tr><th width=\"%1%\">User</th><th width=\"13%\">Blocked</th>"
                     "<th width=\"12%\">of which failed</th>%2<th width=\"11%\">Of sign-ins</th><th "
                     "width=\"9%\">Fully</th><th width=\"17%\">Last blocked (UTC)</th></tr></thead>")
                     .arg(baseline ? 26 : 38)
                     .arg(baseline ? QStringLiteral("<th width=\"12%\">Newly blocked</th>") : QString());
            for (size_t i = 0; i < std::min(r.blockedUsers.size(), MaxUserRows); ++i) {
                const UserImpact &u = r.blockedUsers[i];
                h += QStringLiteral("<tr><td>%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td>%4<td "
                                    "class=\"num\">%5</td><td>%6</td><td>%7</td></tr>")
                         .arg(esc(u.user), num(u.blocked), num(u.blockedFailed),
                              baseline ? QStringLiteral("<td class=\"num\">%1</td>").arg(num(u.newlyBlocked))
                                       : QString(),
                              num(u.signIns), u.isFullyBlocked() ? QStringLiteral("fully") : QStringLiteral("partly"),
                              u.lastBlocked.isValid()
                                  ? u.lastBlocked.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                  : QString());
            }
            h += QStringLiteral("</table>\n");
        }
        if (r.blockedUsers.size() > MaxUserRows)
            h += QStringLiteral("<p>… and %1 more users (see the CSV export).</p>\n")
                     .arg(r.blockedUsers.size() - MaxUserRows);
        h +=
            QStringLiteral("<h3>Applications</h3>\n<table><thead><tr><th>Application</th><th>Sign-ins</th><th>Blocked</"
                           "th><th>Users blocked</th></tr></thead>");
        for (std::size_t i = 0; i < std::min(r.apps.size(), MaxAppRows); ++i) {
            const AppImpact &app = r.apps[i];
            h += QStringLiteral(
                     "<tr><td>%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td><td class=\"num\">%4</td></tr>")
                     .arg(esc(app.app), num(app.signIns), num(app.blocked), QString::number(app.usersBlocked));
        }
        h += QStringLiteral("</table>\n");
        if (const QString more = moreApps(r); !more.isEmpty())
            h += QStringLiteral("<p>%1</p>\n").arg(esc(more));
        h += QStringLiteral("<h3>%1</h3>\n").arg(esc(suggestionsTitle(r)));
        if (!r.outcomesKnown)
            h += QStringLiteral("<p class=\"error\">%1</p>\n").arg(esc(unknownOutcomesText(r)));
        if (r.suggestions.empty()) {
            h += QStringLiteral("<p>%1</p>\n").arg(esc(noSuggestionsText(r)));
        } else {
            // Ranked by the successful sign-ins they admit again; failed attempts are shown apart.
            // Column shares set here: a long example name took the width and "Users" broke into
            // "User" and "s".
            h += QStringLiteral("<table width=\"100%\"><thead><tr><th width=\"15%\">Add</th><th width=\"15%\">Recovers "
                                "successful sign-ins</th><th width=\"13%\">and failed attempts</th><th "
                                "width=\"10%\">Users</th><th width=\"15%\">Addresses seen</th><th width=\"32%\">For "
                                "example</th></tr></thead>");
            for (std::size_t i = 0; i < std::min(r.suggestions.size(), MaxSuggestionRows); ++i) {
                const Suggestion &s = r.suggestions[i];
                h += QStringLiteral("<tr><td class=\"nw\">%1</td><td class=\"num\">%2</td><td class=\"num\">%3</td><td "
                                    "class=\"num\">%4</td><td class=\"num\">%5</td><td>%6</td></tr>")
                         .arg(s.network.toString(), num(s.successful), num(s.failed), QString::number(s.users),
                              QString::number(s.ips), esc(s.sampleUsers.join(QStringLiteral(", "))));
            }
            h += QStringLiteral("</table>\n");
        }
        // One small table per file, a fact per row: side by side in columns, the hash broke into
        // eight lines and the headers apart mid-word.
        h += QStringLiteral("<h2>Evidence</h2>\n");
        for (const QString &note : r.importNotes)
            h += QStringLiteral("<p>Note: %1</p>\n").arg(esc(note));
        for (const ImportedFile &file : r.files)
            h += QStringLiteral(
                     "<table><tr><th>File</th><td>%1</td></tr><tr><th>SHA-256</th><td><code>%2</code></td></tr>"
                     "<tr><th>Format</th><td>%3</td></tr><tr><th>Rows</th><td>%4 read, %5 skipped</td></tr>"
                     "<tr><th>Sign-ins</th><td>%6</td></tr>%7</table>\n")
                     .arg(esc(file.name), file.sha256, formatText(file), num(file.rows), num(file.skipped),
                          signInRange(r, file),
                          file.skipped > 0
                              ? QStringLiteral("<tr><th>Bad rows</th><td>%1</td></tr>").arg(esc(badRowsText(file)))
                              : QString());
    }

    h += QStringLiteral("<h2>Canonical list (fingerprinted text)</h2>\n<pre>%1</pre>\n")
             .arg(r.fingerprintText.isEmpty() ? QStringLiteral("(empty: every address is allowed)")
                                              : esc(r.fingerprintText.join(u'\n')));
    h += QStringLiteral(
             // Room to write by hand in the blank cells.
             "<h2>Sign-off</h2>\n<table width=\"100%\"><tr><th "
             "width=\"25%\">Approver</th><td>&nbsp;<br>&nbsp;<br>&nbsp;</td></tr>"
             "<tr><th>Decision</th><td>&nbsp;<br>&#9744; approved &nbsp; &#9744; rejected<br>&nbsp;</td></tr>"
             "<tr><th>Date</th><td>&nbsp;<br>&nbsp;<br>&nbsp;</td></tr><tr><th>Fingerprint "
             "approved</th><td><code style=\"font-size:8pt\">%1</code></td></tr>%2</table>\n")
             .arg(esc(r.fingerprint),
                  r.hasBaseline ? QStringLiteral("<tr><th>Live list compared</th><td><code style=\"font-size:8pt\">%1"
                                                 "</code></td></tr>")
                                      .arg(esc(r.baselineFingerprint))
                                : QString());
    h += QStringLiteral("</body></html>\n");
    return h;
}

QString ReportRenderer::renderMarkdown(const ReportData &r)
{
    QString m;
    m += QStringLiteral("# %1\n\n").arg(mdText(r.title));
    for (const QString &line : banners(r))
        m += QStringLiteral("> **%1**\n\n").arg(mdText(line));
    m += QStringLiteral("| | |\n|---|---|\n");
    m += QStringLiteral("| Organisation | %1 |\n| Region | %2 |\n| Author | %3 |\n| Scenario | %4 |\n| Date (UTC) | %5 "
                        "|\n| Allowlist Console | %6 |\n\n")
             .arg(given(r.orgName), given(r.region), given(r.author), given(r.scenarioName),
                  mdCell(isoTime(r.generatedAt)), r.appVersion);
    m += QStringLiteral("## Fingerprint\n\n**SHA-256 `%1`**\n\n").arg(r.fingerprint);
    if (r.hasBaseline)
        m += baselineBinding(r, QStringLiteral("`"), QStringLiteral("`")).trimmed() + QStringLiteral("\n\n");
    m += QStringLiteral("## Summary\n\n| | |\n|---|---|\n");
    for (const Headline &line : headlines(r))
        m += QStringLiteral("| %1 | %2 |\n").arg(mdCell(line.label), mdCell(line.value));
    m += QStringLiteral("\n## The change\n\n| Line | Change | CIDR | Label | Owner | Expires | Blocked once removed "
                        "|\n|---|---|---|---|---|---|---|\n");
    for (const ReportChangeRow &row : r.changes)
        m += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                 .arg(linesCell(row), ReportChangeRow::kindName(row.kind), row.cidr, mdCell(row.label),
                      mdCell(row.owner), mdCell(row.expiry.isValid() ? row.expiry.toString(Qt::ISODate) : QString()),
                      removalCell(row));
    m += QStringLiteral("\n## Validation\n\n");
    if (r.findings.isEmpty()) {
        m += QStringLiteral("No findings.\n");
    } else {
        m += QStringLiteral("| Line | Entry | Severity | Code | Message | Fix |\n|---|---|---|---|---|---|\n");
        for (const ReportFinding &f : r.findings)
            m += QStringLiteral("| %1 | %2 | %3 | `%4` | %5 | %6 |\n")
                     .arg(f.line ? QString::number(f.line) : QStringLiteral("list"), mdCell(f.entry),
                          severityWord(f.finding.severity), f.finding.code, mdCell(f.finding.message),
                          mdCell(f.finding.fix));
    }
    m += QStringLiteral("\n## Lockout check\n\n");
    if (r.lockout.isEmpty()) {
        m += QStringLiteral("**No admin address was given: this report does not show that the admin stays signed "
                            "in.**\n");
    } else {
        m += QStringLiteral("| Admin address | How known | Covered | By |\n|---|---|---|---|\n");
        for (const ReportLockoutRow &row : r.lockout)
            m += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                     .arg(row.address, mdCell(row.how), row.covered ? QStringLiteral("yes") : QStringLiteral("**NO**"),
                          mdCell(row.coveredBy));
    }
    if (!r.overrideReason.isEmpty())
        m += QStringLiteral("\n**Lockout override:** %1\n").arg(mdCell(r.overrideReason));
    m += QStringLiteral("\n## Impact on the imported history\n\n");
    if (!r.hasImpact) {
        m += QStringLiteral("No sign-in history was imported: the impact of this change is unknown.\n");
    } else {
        // The chart's buckets: every calendar day (per week, month or year for long histories).
        const CalendarBuckets calendar(r.days);
        m += QStringLiteral("### %1\n\n| %2 | Sign-ins | Blocked | Blocked (failed) |\n|---|---|---|---|\n")
                 .arg(calendar.title(), calendar.unitTitle());
        for (const CalendarBuckets::Bucket &bucket : calendar.buckets())
            m += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                     .arg(calendar.step() == CalendarBuckets::Step::Week ? weekCell(calendar, bucket)
                                                                         : calendar.describe(bucket),
                          num(bucket.signIns), num(bucket.blocked), num(bucket.blockedFailed));
        for (const DayImpact &day : r.days) {
            if (!day.day.isValid())
                m += QStringLiteral("| (no date) | %1 | %2 | %3 |\n")
                         .arg(num(day.signIns), num(day.blocked), num(day.blockedFailed));
        }

        const bool baseline = r.impact.hasBaseline;
        m += QStringLiteral("\n### %1\n\n").arg(topIpsTitle(r));
        if (r.topBlockedIps.empty()) {
            m += QStringLiteral("None: this list blocks no IPv4 address of the history.\n");
        } else {
            m += baseline
                     ? QStringLiteral("| IP | Sign-ins | Failed | Users | Newly blocked |\n|---|---|---|---|---|\n")
                     : QStringLiteral("| IP | Sign-ins | Failed | Users |\n|---|---|---|---|\n");
            for (const IpImpact &ip : r.topBlockedIps)
                m += QStringLiteral("| %1 | %2 | %3 | %4 |%5\n")
                         .arg(ip.address.toString(), num(ip.signIns), num(ip.failed))
                         .arg(ip.users)
                         .arg(baseline ? (ip.baselineAllowed ? QStringLiteral(" yes |") : QStringLiteral("   |"))
                                       : QString());
        }
        m += QStringLiteral("\n### %1\n\n").arg(blockedUsersTitle(r));
        if (r.blockedUsers.empty()) {
            m += QStringLiteral("None.\n");
        } else {
            m += baseline
                     ? QStringLiteral("| User | Blocked | of which failed | Newly blocked | Of sign-ins | Fully | Last "
                                      "blocked (UTC) |\n|---|---|---|---|---|---|---|\n")
                     : QStringLiteral("| User | Blocked | of which failed | Of sign-ins | Fully | Last blocked (UTC) "
                                      "|\n|---|---|---|---|---|---|\n");
            for (size_t i = 0; i < std::min(r.blockedUsers.size(), MaxUserRows); ++i) {
                const UserImpact &u = r.blockedUsers[i];
                m += QStringLiteral("| %1 | %2 | %3 |%4 %5 | %6 | %7 |\n")
                         .arg(mdCell(u.user), num(u.blocked), num(u.blockedFailed),
                              baseline ? QStringLiteral(" %1 |").arg(num(u.newlyBlocked)) : QString(), num(u.signIns),
                              u.isFullyBlocked() ? QStringLiteral("fully") : QStringLiteral("partly"),
                              mdCell(isoTime(u.lastBlocked)));
            }
            if (r.blockedUsers.size() > MaxUserRows)
                m += QStringLiteral("\n… and %1 more users (see the CSV export).\n")
                         .arg(r.blockedUsers.size() - MaxUserRows);
        }
        m += QStringLiteral(
            "\n### Applications\n\n| Application | Sign-ins | Blocked | Users blocked |\n|---|---|---|---|\n");
        for (std::size_t i = 0; i < std::min(r.apps.size(), MaxAppRows); ++i) {
            const AppImpact &app = r.apps[i];
            m += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                     .arg(mdCell(app.app), num(app.signIns), num(app.blocked), QString::number(app.usersBlocked));
        }
        if (const QString more = moreApps(r); !more.isEmpty())
            m += u'\n' + more + u'\n';
        m += QStringLiteral("\n### %1\n\n").arg(suggestionsTitle(r));
        if (!r.outcomesKnown)
            m += QStringLiteral("**%1**\n\n").arg(unknownOutcomesText(r));
        if (r.suggestions.empty())
            m += noSuggestionsText(r) + u'\n';
        for (std::size_t i = 0; i < std::min(r.suggestions.size(), MaxSuggestionRows); ++i) {
            const Suggestion &s = r.suggestions[i];
            m += QStringLiteral("- add `%1`: recovers %2 successful %3 (and %4 failed) of %5 %6 from %7 %8 seen (for "
                                "example %9)\n")
                     .arg(s.network.toString(), num(s.successful), noun(s.successful, "sign-in"_L1, "sign-ins"_L1),
                          num(s.failed), QString::number(s.users), noun(s.users, "user"_L1, "users"_L1),
                          QString::number(s.ips), noun(s.ips, "address"_L1, "addresses"_L1),
                          mdText(s.sampleUsers.join(QStringLiteral(", "))));
        }
        m += QStringLiteral("\n## Evidence\n");
        for (const QString &note : r.importNotes)
            m += QStringLiteral("\nNote: %1\n").arg(mdText(note));
        for (const ImportedFile &file : r.files) {
            m += QStringLiteral(
                     "\n| | |\n|---|---|\n| File | %1 |\n| SHA-256 | `%2` |\n| Format | %3 |\n| Rows | %4 read, "
                     "%5 skipped |\n| Sign-ins | %6 |\n")
                     .arg(mdCell(file.name), file.sha256, formatText(file), num(file.rows), num(file.skipped),
                          signInRange(r, file));
            if (file.skipped > 0)
                m += QStringLiteral("| Bad rows | %1 |\n").arg(mdCell(badRowsText(file)));
        }
    }
    m += r.fingerprintText.isEmpty()
             ? QStringLiteral("\n## Canonical list (fingerprinted text)\n\n(empty: every address is allowed)\n")
             : QStringLiteral("\n## Canonical list (fingerprinted text)\n\n```\n%1\n```\n")
                   .arg(r.fingerprintText.join(u'\n'));
    m += QStringLiteral("\n## Sign-off\n\n| | |\n|---|---|\n| Approver | |\n| Decision | ☐ approved ☐ rejected |\n| "
                        "Date | |\n| Fingerprint approved | `%1` |\n")
             .arg(r.fingerprint);
    if (r.hasBaseline)
        m += QStringLiteral("| Live list compared | `%1` |\n").arg(r.baselineFingerprint);
    return m;
}

QByteArray ReportRenderer::renderUsersCsv(const ReportData &r)
{
    QString out = QStringLiteral(
        "user,signIns,blocked,blockedFailed,newlyBlocked,blockedKind,lastBlockedUtc,blockedIps,fingerprint\r\n");
    for (const UserImpact &u : r.blockedUsers) {
        QStringList ips;
        for (const Ipv4Address &ip : u.blockedIps)
            ips.append(ip.toString());
        out +=
            QStringList{csvCell(u.user),        num(u.signIns),
                        num(u.blocked),         num(u.blockedFailed),
                        num(u.newlyBlocked),    u.isFullyBlocked() ? QStringLiteral("fully") : QStringLiteral("partly"),
                        isoTime(u.lastBlocked), csvCell(ips.join(u' ')),
                        r.fingerprint}
                .join(u',') +
            QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray ReportRenderer::renderBlockedSignInsCsv(const ReportData &r)
{
    QString out = QStringLiteral("user,ip,application,successful,failed,lastSeenUtc,newlyBlocked\r\n");
    for (const ReportData::BlockedGroup &g : r.blockedGroups)
        out += QStringList{csvCell(g.user),
                           g.ip,
                           csvCell(g.app),
                           num(g.successful),
                           num(g.failed),
                           isoTime(g.lastSeen),
                           g.newlyBlocked ? QStringLiteral("yes") : QStringLiteral("no")}
                   .join(u',') +
               QStringLiteral("\r\n");
    return out.toUtf8();
}

} // namespace alc
