#include <history/historyimporter.h>
#include <impact/impactevaluator.h>
#include <report/reportrenderer.h>
#include <rules/listfile.h>

#include <QTest>

#include <algorithm>

using namespace alc;
using namespace Qt::StringLiterals;

namespace {

QString data(const QString &name)
{
    return qEnvironmentVariable("ALC_TEST_DATA") + u"/report/"_s + name;
}

} // namespace

class TestReportData final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void changeAgainstBaseline();
    void keyFiguresInEveryTextFormat();
    void fingerprintStableAcrossOrderAndNotation();
    void sourceDateEpochFixesTheDate();
    void errorsAreOnTheFirstPage();
    void csvDefusesFormulas();
    void blockedSignInsAreInAddressOrder();
    void chartHasEveryCalendarDay();
    void approverSeesWhatMatters();
    void markdownEscapesUntrustedText();
    void suggestionsNotesAndBlanksAreExplicit();
    void applicationsAreTheMostBlockedFirstThenTheRest();

private:
    ReportData build(const Allowlist &proposed);
    std::shared_ptr<const Dataset> m_dataset;
    Allowlist m_proposed;
    Allowlist m_live;
};

void TestReportData::initTestCase()
{
    const ImportResult imported = HistoryImporter().importFiles({data(u"history.csv"_s)});
    QVERIFY2(imported.ok(), qPrintable(imported.error));
    m_dataset = imported.dataset;
    m_proposed = ListFile::read(data(u"proposed.txt"_s)).list;
    m_live = ListFile::read(data(u"live.txt"_s)).list;
    QCOMPARE(m_proposed.size(), 4);
}

ReportData TestReportData::build(const Allowlist &proposed)
{
    ImpactEvaluator evaluator(m_dataset);
    evaluator.setBaseline(m_live.networks());
    evaluator.setList(proposed.networks());
    ReportInput input;
    input.orgName = u"Demo Org"_s;
    input.author = u"A. Admin"_s;
    input.proposed = proposed;
    input.baseline = m_live.canonicalCidrs();
    input.adminIps = {{u"81.2.69.7"_s, u"typed"_s}};
    input.impact = &evaluator;
    input.suggestions = suggestNetworks(evaluator);
    input.generatedAt = QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);
    return buildReport(input);
}

void TestReportData::changeAgainstBaseline()
{
    const ReportData report = build(m_proposed);
    QCOMPARE(report.added, 2);   // VPN egress, WFM server
    QCOMPARE(report.removed, 1); // the CRM integration's /32
    QCOMPARE(report.unchanged, 2);
    QCOMPARE(report.changes.first().kind, ReportChangeRow::Kind::Added);
    QCOMPARE(report.changes.first().cidr, u"51.15.0.10/32"_s);
    QCOMPARE(report.changes.first().label, u"WFM export server"_s);
    QCOMPARE(report.lockout.size(), 1);
    QVERIFY(report.lockout.first().covered);
    QCOMPARE(report.lockout.first().coveredBy, u"81.2.69.0/24 (HQ Paris)"_s);

    // Independently: the CRM integration signs in from 34.240.17.9 only, 4 times per weekday.
    qint64 crm = 0;
    QFile file(data(u"history.csv"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    while (!file.atEnd()) {
        if (file.readLine().contains(",34.240.17.9,"))
            ++crm;
    }
    QVERIFY(crm > 0);
    QVERIFY(report.hasImpact);
    QCOMPARE(report.impact.newlyBlocked, crm);
    QCOMPARE(report.topBlockedIps.front().address.toString(), u"34.240.17.9"_s);
    QCOMPARE(qint64(report.topBlockedIps.front().signIns), crm);

    // The removed /32 is why those sign-ins are blocked: its row says so, with a label borrowed
    // from another list (the live list has none), and every row names the lines findings cite.
    const ReportChangeRow &removed = report.changes.at(report.added);
    QCOMPARE(removed.kind, ReportChangeRow::Kind::Removed);
    QCOMPARE(removed.cidr, u"34.240.17.9/32"_s);
    QVERIFY(removed.label.isEmpty());
    QCOMPARE(removed.blockedSignIns, crm);
    QCOMPARE(removed.blockedUsers, 1);
    QVERIFY(removed.lines.isEmpty());
    QCOMPARE(report.changes.first().lines, QList<int>{5}); // 51.15.0.10, the file's fifth line

    // A list typed in the window has no file lines: its rows are named, as its findings name them
    // (every change row said line 0).
    Allowlist typed;
    for (const AllowlistEntry &entry : m_proposed.entries()) {
        AllowlistEntry copy = entry;
        copy.sourceLine = 0;
        typed.entries().append(copy);
    }
    const ReportData fromWindow = build(typed);
    QList<int> rows;
    for (const ReportChangeRow &row : fromWindow.changes)
        rows += row.lines;
    std::sort(rows.begin(), rows.end());
    QCOMPARE(rows, (QList<int>{1, 2, 3, 4}));
    ImpactEvaluator evaluator(m_dataset);
    evaluator.setBaseline(m_live.networks());
    evaluator.setList(m_proposed.networks());
    ReportInput input;
    input.proposed = m_proposed;
    input.baseline = m_live.canonicalCidrs();
    input.impact = &evaluator;
    input.labelSources = {Allowlist::fromCidrs({u"81.2.69.0/24"_s}),
                          ListFile::parse("34.240.17.9/32 # CRM integration; owner=sales-ops\n").list};
    const ReportData labelled = buildReport(input);
    QCOMPARE(labelled.changes.at(labelled.added).label, u"CRM integration"_s);
    QCOMPARE(labelled.changes.at(labelled.added).owner, u"sales-ops"_s);
    const QString html = ReportRenderer::renderHtml(labelled);
    QVERIFY2(html.contains(
                 u"<td>—</td><td class=\"nw\">removed</td><td class=\"nw\">34.240.17.9/32</td><td>CRM integration</td>"
                 "<td>sales-ops</td><td class=\"nw\"></td><td>%1 sign-ins, 1 user</td>"_s.arg(crm)),
             qPrintable(html));
    QVERIFY(ReportRenderer::renderMarkdown(labelled).contains(u"| 5 | added | 51.15.0.10/32 | WFM export server |"_s));

    // Two lines of one network are one row naming both.
    const ReportData twice = build(ListFile::parse("81.2.69.0/24\n62.210.16.0/24\n81.2.69.0/24 # again\n").list);
    QCOMPARE(twice.changes.size(), 3); // 81.2.69.0/24 and 62.210.16.0/24 unchanged, the /32 removed
    const auto hq = std::find_if(twice.changes.cbegin(), twice.changes.cend(),
                                 [](const ReportChangeRow &row) { return row.cidr == u"81.2.69.0/24"_s; });
    QCOMPARE(hq->lines, (QList<int>{1, 3}));
}

void TestReportData::keyFiguresInEveryTextFormat()
{
    const ReportData report = build(m_proposed);
    const QString blocked = QLocale::c().toString(report.impact.blocked);
    QVERIFY(report.impact.blocked > 0);
    for (const QString &text : {ReportRenderer::renderHtml(report), ReportRenderer::renderMarkdown(report)}) {
        QVERIFY(text.contains(report.fingerprint));
        QVERIFY(text.contains(u"Demo Org"_s));
        QVERIFY(text.contains(u"34.240.17.9"_s));
        QVERIFY2(text.contains(blocked + u" of "_s), qPrintable(blocked));
        QVERIFY(text.contains(u"history.csv"_s));
        QVERIFY(text.contains(m_dataset->files().first().sha256));
        QVERIFY(text.contains(u"Sign-off"_s));
        // Only the CRM integration is newly blocked: one user, in the singular.
        QVERIFY2(text.contains(u", 1 user; newly allowed: "_s), qPrintable(text.left(4000)));
        // Who gains access is counted too, not only the sign-ins.
        const QString allowed =
            u"newly allowed: %1 %2, %3 %4"_s.arg(QLocale::c().toString(report.impact.newlyAllowed),
                                                 report.impact.newlyAllowed == 1 ? u"sign-in"_s : u"sign-ins"_s,
                                                 QLocale::c().toString(report.impact.usersNewlyAllowed),
                                                 report.impact.usersNewlyAllowed == 1 ? u"user"_s : u"users"_s);
        QVERIFY2(text.contains(allowed), qPrintable(allowed));
        // The change was approved from one live list: the push command that holds to it, and its
        // fingerprint beside the approved one in the sign-off.
        QCOMPARE(report.baselineFingerprint, m_live.fingerprint());
        QVERIFY(text.contains(u"push --expect-baseline"_s));
        QVERIFY(text.contains(u"from the live list with fingerprint "_s + report.baselineFingerprint));
        QVERIFY(text.contains(u"Live list compared"_s));
        QVERIFY(text.lastIndexOf(report.baselineFingerprint) > text.indexOf(u"Sign-off"_s)); // in the sign-off too
    }
    const QString users = QString::fromUtf8(ReportRenderer::renderUsersCsv(report));
    QVERIFY(users.startsWith(u"user,signIns,blocked"_s));
    QVERIFY(users.contains(u"svc-crm-sync@example.com,"_s));
    const QString signIns = QString::fromUtf8(ReportRenderer::renderBlockedSignInsCsv(report));
    QVERIFY(signIns.contains(u"svc-crm-sync@example.com,34.240.17.9,CRM sync (client credentials),"_s));
    QVERIFY(ReportRenderer::renderHtml(report).contains(u"<svg"_s));
    // Evidence: a fact per row, the hash whole on its own row.
    const ImportedFile &file = m_dataset->files().first();
    QVERIFY(ReportRenderer::renderHtml(report).contains(u"<th>SHA-256</th><td><code>"_s + file.sha256 + u"</code>"_s));
    QVERIFY(ReportRenderer::renderHtml(report).contains(
        u"<th>Rows</th><td>%1 read, %2 skipped</td>"_s.arg(QLocale::c().toString(file.rows)).arg(file.skipped)));
}

void TestReportData::fingerprintStableAcrossOrderAndNotation()
{
    Allowlist shuffled = Allowlist::fromCidrs(
        {u"51.15.0.10/32"_s, u"185.53.178.0/24"_s, u"62.210.16.0/24"_s, u"81.2.69.0/24"_s, u"81.2.69.0/24"_s});
    const ReportData a = build(m_proposed);
    const ReportData b = build(shuffled);
    QCOMPARE(a.fingerprint, b.fingerprint);
    QCOMPARE(a.fingerprintText, b.fingerprintText);
    QCOMPARE(a.fingerprintText.first(), u"51.15.0.10/32"_s);
    shuffled.entries().removeLast();
    shuffled.entries().append(AllowlistEntry{u"81.2.69.0/25"_s, {}, {}, {}, 0, {}});
    QVERIFY(build(shuffled).fingerprint != a.fingerprint);
}

void TestReportData::sourceDateEpochFixesTheDate()
{
    qputenv("SOURCE_DATE_EPOCH", "1795000000");
    QCOMPARE(reportTimestamp(), QDateTime::fromSecsSinceEpoch(1795000000, Qt::UTC));
    qunsetenv("SOURCE_DATE_EPOCH");
    QVERIFY(qAbs(reportTimestamp().secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void TestReportData::errorsAreOnTheFirstPage()
{
    const ReportData report = build(ListFile::read(data(u"bad.txt"_s)).list);
    QVERIFY(report.hasErrors());
    const QString html = ReportRenderer::renderHtml(report);
    const qsizetype warning = html.indexOf(u"must not be pushed"_s);
    QVERIFY(warning > 0 && warning < html.indexOf(u"<h2>"_s));
    QVERIFY(!ReportRenderer::renderHtml(build(m_proposed)).contains(u"must not be pushed"_s));
}

void TestReportData::csvDefusesFormulas()
{
    ReportData report;
    UserImpact user;
    user.user = u"=HYPERLINK(\"http://x\")"_s;
    user.signIns = user.blocked = 1;
    report.blockedUsers.push_back(user);
    const QString csv = QString::fromUtf8(ReportRenderer::renderUsersCsv(report));
    QVERIFY2(csv.contains(u"\"'=HYPERLINK(\"\"http://x\"\")\""_s), qPrintable(csv));
}

// Per user, the blocked sign-ins' addresses in numeric order (as text, 62.210.16.14 came before 62.210.16.8).
void TestReportData::blockedSignInsAreInAddressOrder()
{
    const ReportData report = build(m_proposed);
    QVERIFY(report.blockedGroups.size() > 10);
    int compared = 0;
    for (std::size_t i = 1; i < report.blockedGroups.size(); ++i) {
        const ReportData::BlockedGroup &a = report.blockedGroups[i - 1];
        const ReportData::BlockedGroup &b = report.blockedGroups[i];
        QVERIFY(a.user <= b.user);
        if (a.user != b.user)
            continue;
        const quint32 x = CidrParser::parse(a.ip).network.first().toUInt();
        const quint32 y = CidrParser::parse(b.ip).network.first().toUInt();
        QVERIFY2(x < y || (x == y && a.app < b.app), qPrintable(a.ip + u" before "_s + b.ip));
        compared += a.ip.size() != b.ip.size() ? 1 : 0;
    }
    QVERIFY(compared > 0); // addresses of different lengths met, where text order is wrong
}

void TestReportData::applicationsAreTheMostBlockedFirstThenTheRest()
{
    // Thousands of application names (every service principal) made reports of hundreds of pages.
    ReportData report = build(m_proposed);
    report.apps.clear();
    for (int a = 0; a < 53; ++a) // most blocked first, as buildReport sorts them
        report.apps.push_back({u"App %1"_s.arg(a, 2, 10, QChar(u'0')), quint64(100 + a), quint64(60 - a), 0, 1, 1});
    for (const QString &text : {ReportRenderer::renderHtml(report), ReportRenderer::renderMarkdown(report)}) {
        QVERIFY(text.contains(u"App 49"_s));
        QVERIFY(!text.contains(u"App 50"_s));
        // The three left out: 150 + 151 + 152 sign-ins, 10 + 9 + 8 blocked.
        QVERIFY2(text.contains(u"… and 3 more applications: 453 sign-ins, 27 of them blocked"_s),
                 qPrintable(text.mid(text.indexOf(u"App 49"_s), 400)));
    }
    report.apps.resize(50);
    QVERIFY(!ReportRenderer::renderMarkdown(report).contains(u"more applications"_s));
}

void TestReportData::chartHasEveryCalendarDay()
{
    ReportData report;
    // Friday and the next Tuesday: the weekend and Monday between them are days without sign-ins.
    report.days = {{QDate(2026, 11, 20), 10, 4, 1}, {QDate(2026, 11, 24), 6, 0, 0}, {QDate(), 3, 3, 0}};
    const QString svg = ReportRenderer::renderDayChartSvg(report);
    QCOMPARE(svg.count(u"<rect"_s), 2 * 5); // allowed and blocked bars for each of the 5 days
    QVERIFY(svg.contains(u"<title>2026-11-22: 0 allowed</title>"_s));
    QVERIFY(svg.contains(u"<title>2026-11-20: 4 blocked</title>"_s));
    QVERIFY(svg.contains(u">2026-11-20</text>"_s) && svg.contains(u">2026-11-24</text>"_s));

    // Half a year: a bar per week, each named by its Monday, and the heading says so.
    report.days = {{QDate(2026, 5, 1), 1, 0, 0}, {QDate(2026, 11, 1), 1, 1, 0}};
    const QString weekly = ReportRenderer::renderDayChartSvg(report);
    QCOMPARE(weekly.count(u"<rect"_s), 2 * 27); // Mondays 27 April … 26 October
    // 1 May is a Friday: the first bar holds three days of that week and says so; the last week
    // ends on 1 November, a Sunday, and is whole.
    QVERIFY(weekly.contains(u"<title>week of 2026-04-27 (from 2026-05-01): 1 allowed</title>"_s));
    QVERIFY(weekly.contains(u"<title>week of 2026-10-26: 1 blocked</title>"_s));
    report.hasImpact = true;
    const QString markdown = ReportRenderer::renderMarkdown(report);
    QVERIFY2(markdown.contains(u"| 2026-04-27 (from 2026-05-01) | 1 | 0 | 0 |"_s), qPrintable(markdown));
    QVERIFY(markdown.contains(u"| 2026-10-26 | 1 | 1 | 0 |"_s));
    QVERIFY(ReportRenderer::renderHtml(report, ReportRenderer::Chart::InlineSvg)
                .contains(u"<h3>Sign-ins per week (from Monday): green allowed, red blocked</h3>"_s));
}

void TestReportData::approverSeesWhatMatters()
{
    const ReportData report = build(m_proposed);
    for (const QString &text : {ReportRenderer::renderHtml(report), ReportRenderer::renderMarkdown(report)}) {
        // Which live list the change was compared with.
        QVERIFY2(text.contains(u"3 networks, fingerprint "_s + m_live.fingerprint()), qPrintable(text.left(3000)));
        // Who is newly blocked, and how much of what is blocked had failed anyway.
        QVERIFY(text.contains(u"of which failed"_s));
        QVERIFY(text.contains(u"Newly blocked"_s));
        // The top addresses say they are a part.
        QVERIFY2(
            text.contains(u"Top blocked IP addresses (%1 of %2, most sign-ins first)"_s.arg(report.topBlockedIps.size())
                              .arg(report.impact.ipsBlocked)),
            qPrintable(text));
        QVERIFY(!text.contains(u"LOCKOUT"_s)); // 81.2.69.7 is covered
    }
    QVERIFY(report.topBlockedIps.size() < std::size_t(report.impact.ipsBlocked));
    const QString html = ReportRenderer::renderHtml(report);
    const UserImpact &crm = *std::find_if(report.blockedUsers.begin(), report.blockedUsers.end(),
                                          [](const UserImpact &u) { return u.user == u"svc-crm-sync@example.com"_s; });
    QVERIFY(html.contains(u"<tr><td>svc-crm-sync@example.com</td><td class=\"num\">%1</td><td class=\"num\">0</td><td "
                          "class=\"num\">%1</td>"_s.arg(crm.blocked)));

    // A lockout comes first, before the error it also is; an override is quoted.
    ReportInput input;
    input.proposed = m_proposed;
    input.adminIps = {{u"8.8.8.8"_s, u"typed"_s}};
    input.overrideReason = u"moving offices"_s;
    const QString locked = ReportRenderer::renderHtml(buildReport(input));
    const qsizetype banner =
        locked.indexOf(u"LOCKOUT: this list does not cover the admin address 8.8.8.8: saving it locks that admin out. "
                       "Override typed: moving offices"_s);
    QVERIFY2(banner > 0 && banner < locked.indexOf(u"must not be pushed"_s), qPrintable(locked.left(2000)));

    // Nor is 0.0.0.0/0: it admits every address under a list that still looks like one.
    ReportInput open;
    open.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"0.0.0.0/0"_s});
    for (const QString &text :
         {ReportRenderer::renderHtml(buildReport(open)), ReportRenderer::renderMarkdown(buildReport(open))})
        QVERIFY(text.contains(u"This list admits 100 % of all IPv4 addresses: in effect every address will be "
                              "allowed to sign in."_s));
    QVERIFY(!ReportRenderer::renderHtml(build(m_proposed)).contains(u"in effect every address"_s));

    // Suggestions from a history that cannot tell failures apart carry a caution.
    ReportData unknown = build(m_proposed);
    QVERIFY(unknown.outcomesKnown);
    QVERIFY(!ReportRenderer::renderHtml(unknown).contains(u"has no result column"_s));
    unknown.outcomesKnown = false;
    for (const QString &text : {ReportRenderer::renderHtml(unknown), ReportRenderer::renderMarkdown(unknown)})
        QVERIFY(text.contains(u"a history file has no result column, so failed attempts count as successful"_s));

    // An empty list is no harmless report: every address is allowed, and it says so.
    ReportInput empty;
    empty.baseline = m_live.canonicalCidrs();
    ImpactEvaluator evaluator(m_dataset);
    evaluator.setList({});
    empty.impact = &evaluator;
    for (const QString &text :
         {ReportRenderer::renderHtml(buildReport(empty)), ReportRenderer::renderMarkdown(buildReport(empty))}) {
        QVERIFY(text.contains(u"The list is empty: every address will be allowed to sign in."_s));
        QVERIFY(text.contains(u"0 of 150 (0 networks sent)"_s));
        QVERIFY(text.contains(u"(allowed: an empty list allows every address)"_s));
        QVERIFY(text.contains(u"(empty: every address is allowed)"_s));
        QVERIFY(text.contains(u"None: this list blocks no IPv4 address of the history."_s));
    }
    ReportInput one;
    one.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_s});
    QVERIFY(ReportRenderer::renderMarkdown(buildReport(one)).contains(u"1 of 150 (1 network sent)"_s));

    // A full list: no suggestion, because no room is left, not because nothing is blocked.
    QStringList full;
    for (int i = 0; i < 150; ++i)
        full.append(u"91.%1.%2.0/24"_s.arg(i / 200 + 121).arg(i % 200));
    ReportInput budget;
    budget.proposed = Allowlist::fromCidrs(full);
    ImpactEvaluator fullEvaluator(m_dataset);
    fullEvaluator.setList(budget.proposed.networks());
    budget.impact = &fullEvaluator;
    QVERIFY(ReportRenderer::renderHtml(buildReport(budget))
                .contains(u"None: the list has no room left in the 150-entry budget"_s));
}

void TestReportData::markdownEscapesUntrustedText()
{
    ReportInput input;
    input.author = u"<i>Eve</i>"_s;
    input.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_s});
    input.proposed.entries().first().label = u"<script>alert(1)</script> *bold* _u_ [x](http://e) a|b"_s;
    const QString md = ReportRenderer::renderMarkdown(buildReport(input));
    QVERIFY2(md.contains(u"| &lt;i&gt;Eve&lt;/i&gt; |"_s), qPrintable(md));
    QVERIFY2(md.contains(u"&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\_u\\_ \\[x\\](http://e) a\\|b"_s),
             qPrintable(md));
    QVERIFY(!md.contains(u"<script>"_s) && !md.contains(u"<i>"_s));

    // Evidence says which rows were not read, and why, in both formats.
    const ImportResult imported =
        HistoryImporter().importFiles({qEnvironmentVariable("ALC_TEST_DATA") + u"/history/generic-basic.csv"_s});
    QVERIFY(imported.ok());
    ImpactEvaluator evaluator(imported.dataset);
    evaluator.setList(input.proposed.networks());
    input.impact = &evaluator;
    const ReportData withBadRows = buildReport(input);
    const ImportedFile &file = withBadRows.files.first();
    QVERIFY(file.skipped > 0);
    const QString first = QString::number(file.badRowExamples.first().line);
    QVERIFY2(ReportRenderer::renderHtml(withBadRows).contains(u"<th>Bad rows</th><td>"_s), "html");
    QVERIFY2(ReportRenderer::renderMarkdown(withBadRows).contains(u"| Bad rows | "_s), "md");
    QVERIFY(ReportRenderer::renderMarkdown(withBadRows).contains(u"(first at lines "_s + first));
    QVERIFY(ReportRenderer::renderHtml(withBadRows).contains(u"bad rows in the history (see Evidence)"_s));

    // Sign-ins dated after the report itself are pointed out (misread dates, a clock far off).
    QVERIFY(!ReportRenderer::renderHtml(withBadRows).contains(u"after this report's date"_s));
    input.generatedAt = withBadRows.files.first().last.addSecs(-1);
    for (const QString &text :
         {ReportRenderer::renderHtml(buildReport(input)), ReportRenderer::renderMarkdown(buildReport(input))})
        QVERIFY(text.contains(u"(after this report's date: check how the dates were read)"_s));
}

void TestReportData::suggestionsNotesAndBlanksAreExplicit()
{
    ReportInput input;
    input.proposed = m_proposed;
    ImpactEvaluator evaluator(m_dataset);
    evaluator.setList(m_proposed.networks());
    input.impact = &evaluator;
    // 25 suggestions, one with failed attempts beside its successful sign-ins.
    for (int i = 0; i < 25; ++i) {
        Suggestion s;
        s.network = Ipv4Network(Ipv4Address(91, quint8(100 + i), 0, 0), 24);
        s.successful = quint64(100 - i);
        s.failed = i == 0 ? 7 : 0;
        s.signIns = s.successful + s.failed;
        s.users = 1;
        s.ips = 1;
        input.suggestions.push_back(s);
    }
    input.importNotes = {u"b.csv: the same content as a.csv (SHA-256 808af9ed52300cb5…): not counted again"_s};
    const ReportData report = buildReport(input);
    const QString html = ReportRenderer::renderHtml(report);
    const QString md = ReportRenderer::renderMarkdown(report);
    for (const QString &text : {html, md}) {
        QVERIFY(text.contains(u"Suggestions (20 of 25, most successful sign-ins first; the window lists all)"_s));
        QVERIFY(text.contains(u"Note: b.csv: the same content as a.csv"_s));
        QVERIFY(text.contains(u"(not given)"_s)); // no organisation, region or scenario
    }
    QVERIFY(html.contains(u"\">Recovers successful sign-ins</th><th width=\"13%\">and failed attempts</th>"_s));
    QVERIFY(html.contains(u"<td class=\"nw\">91.100.0.0/24</td><td class=\"num\">100</td><td class=\"num\">7</td>"_s));
    QVERIFY(md.contains(u"- add `91.100.0.0/24`: recovers 100 successful sign-ins (and 7 failed)"_s));
    QVERIFY(!html.contains(u"91.120.0.0/24"_s) && !md.contains(u"91.120.0.0/24"_s)); // the 21st
    QVERIFY(html.contains(u"<td class=\"nw\">51.15.0.10/32</td>"_s));                // addresses never wrap
    ReportInput malformed;
    malformed.proposed = Allowlist::fromCidrs({u"abcdefghij.abcdefghij.abcdefghij"_s, u"81.2.69.7/24"_s});
    const QString findings = ReportRenderer::renderHtml(buildReport(malformed));
    QVERIFY(findings.contains(u"<td>abcdefghij.abcdefghij.abcdefghij</td>"_s)); // free text may wrap
    QVERIFY(findings.contains(u"<td class=\"nw\">81.2.69.7/24</td>"_s));
    QVERIFY(findings.contains(u"<td class=\"nw\">81.2.69.0/24</td>"_s)); // the fix

    // Sign-ins without a date are said to be missing from the chart.
    ReportData undated = report;
    undated.days.push_back({QDate(), 4, 1, 0});
    QVERIFY(ReportRenderer::renderHtml(undated).contains(
        u"4 sign-ins without a date count in the figures but not in the chart."_s));
    QVERIFY(ReportRenderer::renderMarkdown(undated).contains(u"| (no date) | 4 |"_s)); // Markdown has no chart

    // More than 150 networks cannot be sent, and the summary says so.
    QStringList many;
    for (int i = 0; i < 151; ++i)
        many.append(u"91.%1.%2.0/24"_s.arg(i / 200 + 130).arg(i % 200));
    ReportInput over;
    over.proposed = Allowlist::fromCidrs(many);
    QVERIFY(ReportRenderer::renderMarkdown(buildReport(over))
                .contains(u"151 of 150 (151 networks: more than 150 cannot be sent)"_s));
}

QTEST_GUILESS_MAIN(TestReportData)
#include "tst_reportdata.moc"
