#include "pushdialog.h"

#include <impact/wording.h>

#include "orgconnection.h"

#include <QBrush>
#include <QCheckBox>
#include <QColor>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace alc::ui {
namespace {

QIcon stateIcon(PreflightItem::State state)
{
    switch (state) {
    case PreflightItem::State::Pass:
        return QIcon(QStringLiteral(":/icons/ok.svg"));
    case PreflightItem::State::Fail:
        return QIcon(QStringLiteral(":/icons/error.svg"));
    case PreflightItem::State::Overridden:
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    case PreflightItem::State::Skipped:
        return QIcon(QStringLiteral(":/icons/info.svg"));
    }
    return {};
}

QBrush amber()
{
    return QColor(0xb3, 0x6b, 0x00);
}

} // namespace

PushDialog::PushDialog(OrgConnection *connection, PushRequest request, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_request(std::move(request))
{
    setWindowTitle(m_request.kind == JournalEntry::Kind::Rollback ? tr("Restore a previous list")
                                                                  : tr("Push to the org"));
    m_header = new QLabel(tr("Reading the live list…"), this);
    m_header->setObjectName(QStringLiteral("pushHeader"));
    m_header->setWordWrap(true);
    m_impact = new QLabel(this);
    m_impact->setObjectName(QStringLiteral("pushImpact"));
    m_impact->setWordWrap(true);
    m_impact->hide();
    m_diff = new QTableWidget(0, 3, this);
    m_diff->setObjectName(QStringLiteral("pushDiff"));
    m_diff->setAccessibleName(tr("Difference with the live list"));
    m_diff->setHorizontalHeaderLabels({tr("Change"), tr("CIDR"), tr("Label")});
    m_diff->horizontalHeader()->setStretchLastSection(true);
    m_diff->verticalHeader()->hide();
    m_diff->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_checklist = new QTreeWidget(this);
    m_checklist->setObjectName(QStringLiteral("preflightChecklist"));
    m_checklist->setAccessibleName(tr("Preflight checklist"));
    m_checklist->setHeaderLabels({tr("Check"), tr("State"), tr("Why")});
    m_checklist->setRootIsDecorated(false);
    // A reason is read whole (a fingerprint mismatch names two 64-digit hashes): wrapped, not elided.
    m_checklist->setWordWrap(true);
    m_checklist->setTextElideMode(Qt::ElideNone);
    m_checklist->setUniformRowHeights(false);
    m_expected = new QLabel(this);
    m_expected->setObjectName(QStringLiteral("expectedReport"));
    m_expected->setWordWrap(true);
    m_expected->setTextFormat(Qt::RichText); // escaped names ("R&amp;D") must read as written
    m_expected->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_expected->hide();
    m_stopExpecting = new QPushButton(tr("&Stop expecting the exported report"), this);
    m_stopExpecting->setObjectName(QStringLiteral("stopExpecting"));
    m_stopExpecting->setToolTip(tr("Push without checking this list against the exported report's fingerprint "
                                   "(Org menu: the same for later pushes)"));
    m_stopExpecting->hide();
    m_conflict = new QLabel(this);
    m_conflict->setObjectName(QStringLiteral("conflictText"));
    m_conflict->setWordWrap(true);
    m_conflict->hide();
    m_rebase = new QPushButton(tr("&Rebase: keep the org's own changes and apply mine on top"), this);
    m_rebase->setObjectName(QStringLiteral("rebase"));
    m_rebase->hide();
    m_override = new QLineEdit(m_request.overrideLockoutReason, this);
    m_override->setObjectName(QStringLiteral("overrideReason"));
    m_override->setAccessibleName(tr("Lockout override reason"));
    m_override->setPlaceholderText(tr("Only if you accept losing access: why (recorded in the journal)"));
    m_allowEmpty = new QCheckBox(tr("Remove the restriction: let &every address sign in"), this);
    m_allowEmpty->setObjectName(QStringLiteral("allowEmpty"));
    m_allowEmpty->setChecked(m_request.allowEmpty);
    m_allowEmpty->hide();
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("confirmOrgName"));
    m_confirm->setAccessibleName(tr("Type the org name to confirm"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->hide();
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("pushResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("Lockout &override:"), m_override);
    form->addRow(tr("Type the org &name to confirm:"), m_confirm);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_push = m_buttons->addButton(m_request.kind == JournalEntry::Kind::Rollback ? tr("&Restore") : tr("&Push"),
                                  QDialogButtonBox::AcceptRole);
    m_push->setObjectName(QStringLiteral("pushButton"));
    m_push->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_push, &QPushButton::clicked, this, &PushDialog::push);
    connect(m_confirm, &QLineEdit::textChanged, this, &PushDialog::updatePushButton);
    // The override counts as it is typed, not when the field loses focus: the checklist and Push
    // must never show a reason that was cleared, or a refusal for one that was given. Push is off
    // from the first keystroke until the preflight has run on what the field says (after a pause
    // in typing, or at once on Return or Tab).
    m_overrideTimer = new QTimer(this);
    m_overrideTimer->setSingleShot(true);
    m_overrideTimer->setInterval(OverrideSettleMs);
    const auto applyOverride = [this] {
        if (m_override->text().trimmed() != m_request.overrideLockoutReason || !m_prepared)
            prepare(); // takes the field's text
    };
    connect(m_override, &QLineEdit::textChanged, this, [this] {
        if (m_sending || m_finished)
            return;
        m_prepared = false;    // until the preflight has seen this text
        ++m_prepareGeneration; // a preflight under way ran on the text before: its answer is dropped
        updatePushButton();
        m_overrideTimer->start();
    });
    connect(m_overrideTimer, &QTimer::timeout, this, applyOverride);
    connect(m_override, &QLineEdit::editingFinished, this, applyOverride);
    connect(m_allowEmpty, &QCheckBox::toggled, this, [this](bool checked) {
        m_request.allowEmpty = checked;
        m_request.allowEveryone = checked;
        prepare();
    });
    connect(m_rebase, &QPushButton::clicked, this, [this] {
        // Replay the org's changes onto the proposal, and take the live list as the new base.
        const QStringList rebased = m_plan.preflight.diff.rebased();
        Allowlist list = Allowlist::fromCidrs(rebased);
        for (AllowlistEntry &entry : list.entries()) {
            for (const AllowlistEntry &mine : m_request.proposed.entries()) {
                const ParsedCidr parsed = mine.parsed();
                if (parsed.isIpv4() && parsed.network.toString() == entry.text) {
                    entry.label = mine.label;
                    entry.owner = mine.owner;
                    entry.expiry = mine.expiry;
                }
            }
        }
        m_request.proposed = list;
        m_request.base = m_plan.live;
        m_request.expectedFingerprint.clear(); // a rebased list is not the one the report describes
        m_request.expectedBaseline.clear();
        m_expectedReport = {};
        showExpectedReport();
        prepare();
    });
    connect(m_stopExpecting, &QPushButton::clicked, this, [this] {
        const QString dropped = m_request.expectedFingerprint;
        m_request.expectedFingerprint.clear();
        m_request.expectedBaseline.clear();
        m_expectedReport = {};
        showExpectedReport();
        Q_EMIT expectedReportDropped(dropped);
        prepare();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_impact);
    m_diffTitle = new QLabel(tr("Difference with the live list:"), this);
    m_diffTitle->setObjectName(QStringLiteral("pushDiffTitle"));
    layout->addWidget(m_diffTitle);
    // What is removed is what an approver most needs to see: the difference gets the larger share,
    // and room for eight rows before it scrolls.
    m_diff->setMinimumHeight(m_diff->horizontalHeader()->sizeHint().height() +
                             8 * m_diff->verticalHeader()->defaultSectionSize() + 2 * m_diff->frameWidth());
    layout->addWidget(m_diff, 3);
    layout->addWidget(new QLabel(tr("Preflight:"), this));
    layout->addWidget(m_checklist, 2);
    layout->addWidget(m_expected);
    layout->addWidget(m_stopExpecting, 0, Qt::AlignLeft);
    layout->addWidget(m_conflict);
    layout->addWidget(m_rebase);
    layout->addWidget(m_allowEmpty);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addWidget(m_buttons);
    resize(780, 820);
    connect(m_checklist->header(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column == 2)
            fitReasons();
    });
    prepare();
}

PushDialog::~PushDialog()
{
    // The checklist's header resizes its sections while QDialog's destructor takes the children
    // down, after this object's own part is gone: fitReasons() must not run then.
    disconnect(m_checklist->header(), nullptr, this, nullptr);
}

void PushDialog::prepare()
{
    if (m_sending || m_finished) // a new plan now would be pushable again beside the one being sent
        return;
    // Every preflight runs on the override as the field says it now, whatever started it (a new
    // address detection while typing pauses must not plan with the text before the keystroke).
    m_overrideTimer->stop();
    m_request.overrideLockoutReason = m_override->text().trimmed();
    m_prepared = false;
    m_push->setEnabled(false);
    m_progress->show();
    // Only the plan for the request as it is now may be pushed: ticking and unticking "remove the
    // restriction" (or changing the override) prepares twice, and the first answer can arrive
    // last (a 429 with Retry-After) — its plan would send an empty list the admin took back.
    const int generation = ++m_prepareGeneration;
    m_connection->session()->prepare(m_request).then(this, [this, generation](const PushPlan &plan) {
        if (generation != m_prepareGeneration)
            return;
        m_plan = plan;
        m_prepared = true;
        m_progress->hide();
        showPlan();
    });
}

void PushDialog::awaitAdminAddresses(quint64 sequence)
{
    m_awaitingAddresses = true;
    m_addressSequence = std::max(m_addressSequence, sequence);
    updatePushButton();
}

void PushDialog::setAdminAddresses(const QList<Ipv4Address> &addresses, quint64 sequence)
{
    if (m_sending || m_finished) // that push was checked, sent and journalled with the address it had
        return;
    if (sequence < m_addressSequence) // started before the one awaited or taken: where the admin was
        return;
    m_addressSequence = sequence;
    m_awaitingAddresses = false;
    m_request.adminIps = addresses;
    prepare();
}

void PushDialog::setHistoryImpact(const ImpactSummary &impact)
{
    m_historyImpact = impact;
    showHistoryImpact();
}

void PushDialog::showHistoryImpact()
{
    if (!m_historyImpact)
        return;
    const ImpactSummary &impact = *m_historyImpact;
    // Once pushed, the list compared with is the one the push replaced, not the org's list now.
    const bool pushed = m_finished && m_outcome.ok();
    const qint64 evaluated = impact.allowed + impact.blocked;
    QString text =
        tr("<b>Against the imported history:</b> this list blocks %1 of %2 IPv4 %3 (%4 %5 "
           "successful sign-ins; %6 with a blocked sign-in).")
            .arg(QString::number(impact.blocked), QString::number(evaluated),
                 noun(evaluated, "sign-in"_L1, "sign-ins"_L1), QString::number(impact.usersBlockedSuccessful),
                 noun(impact.usersBlockedSuccessful, "user loses"_L1, "users lose"_L1),
                 QString::number(impact.usersBlocked));
    // Who gains access matters to an approver as much as who loses it.
    const QString allowed = impact.newlyAllowed > 0 ? tr("%1 newly allowed (%2 %3)")
                                                          .arg(QString::number(impact.newlyAllowed),
                                                               QString::number(impact.usersNewlyAllowed),
                                                               noun(impact.usersNewlyAllowed, "user"_L1, "users"_L1))
                                                    : tr("0 newly allowed");
    const QString compared = pushed ? tr("Compared with the list it replaced") : tr("Compared with the live list");
    if (impact.hasBaseline && impact.newlyBlocked == 0) {
        text += tr(" %1: nothing newly blocked, %2.").arg(compared, allowed);
    } else if (impact.hasBaseline) {
        text +=
            tr(" %1: <b>%2 %3 of %4 %5 newly blocked</b>, %6.")
                .arg(compared, QString::number(impact.newlyBlocked),
                     noun(impact.newlyBlocked, "sign-in"_L1, "sign-ins"_L1), QString::number(impact.usersNewlyBlocked),
                     noun(impact.usersNewlyBlocked, "user"_L1, "users"_L1), allowed);
    }
    m_impact->setText(text);
    m_impact->show();
}

void PushDialog::setExpectedReport(const ExpectedReport &report)
{
    m_expectedReport = report;
    showExpectedReport();
}

void PushDialog::showExpectedReport()
{
    const bool expected = !m_request.expectedFingerprint.isEmpty();
    m_expected->setVisible(expected);
    m_stopExpecting->setVisible(expected && !m_finished);
    if (!expected)
        return;
    const QString source = m_expectedReport.isSet() ? m_expectedReport.describe() : tr("the exported report");
    const QString expectedPrint = m_request.expectedFingerprint.trimmed().toLower();
    if (!m_prepared || m_plan.preflight.fingerprint.isEmpty()) {
        m_expected->setText(tr("This push expects the fingerprint of %1.").arg(source.toHtmlEscaped()));
    } else if (m_plan.preflight.fingerprint == expectedPrint) {
        m_expected->setText(tr("This list matches the fingerprint of %1.").arg(source.toHtmlEscaped()));
    } else {
        m_expected->setText(
            tr("<b>This list is not the one in %1.</b> The report's fingerprint is <tt>%2</tt>; this list's is "
               "<tt>%3</tt>. Push the list the report describes, export this scenario's report, or stop expecting "
               "the exported report.")
                .arg(source.toHtmlEscaped(), expectedPrint, m_plan.preflight.fingerprint));
    }
}

void PushDialog::addWarningRows(QTreeWidgetItem *findings, const PreflightItem &item) const
{
    // Core's reason names at most five warnings in one line; here each has a row of its own, and
    // an expired or too-broad entry turns a passing item amber: it does not stop the push, but it
    // is what a last look before sending should catch. (Core's item and state stay as they are:
    // the CLI and scripts read them.)
    const QList<AllowlistEntry> &entries = m_request.proposed.entries();
    const ValidationResult &validation = m_plan.preflight.validation;
    bool attention = false;
    const auto addRow = [&](const Finding &finding, const QString &cidr) {
        if (finding.severity != Severity::Warning || finding.code == FindingCode::EmptyList)
            return;
        const bool serious = finding.code == FindingCode::Expired || finding.code == FindingCode::TooBroad;
        attention = attention || serious;
        // The code in the narrow first column, the entry and the message in the wide one.
        auto *row = new QTreeWidgetItem(
            findings, {finding.code, serious ? tr("warn") : tr("warning"), tr("%1: %2").arg(cidr, finding.message)});
        row->setIcon(0, QIcon(QStringLiteral(":/icons/warning.svg")));
        row->setToolTip(2, row->text(2));
        if (serious)
            row->setForeground(1, amber());
    };
    for (qsizetype i = 0; i < validation.entryFindings.size() && i < entries.size(); ++i) {
        const AllowlistEntry &entry = entries.at(i);
        const QString cidr = entry.label.isEmpty() ? entry.text : tr("%1 (%2)").arg(entry.text, entry.label);
        for (const Finding &finding : validation.entryFindings.at(i))
            addRow(finding, cidr);
    }
    for (const Finding &finding : validation.listFindings)
        addRow(finding, tr("the list"));
    if (attention && item.state == PreflightItem::State::Pass) {
        findings->setText(1, tr("warn"));
        findings->setIcon(0, QIcon(QStringLiteral(":/icons/warning.svg")));
        findings->setForeground(1, amber());
        findings->setToolTip(1, tr("Passes, but an entry has expired or is very broad: look before pushing"));
    }
}

void PushDialog::fitReasons()
{
    // QTreeView draws a wrapped text but sizes its rows for one line: each row is given the
    // height its reason needs at the column's width, so nothing is cut off.
    const int width = m_checklist->columnWidth(2) - 8;
    if (width <= 0)
        return;
    const QFontMetrics metrics(m_checklist->font());
    const auto fit = [&](QTreeWidgetItem *item) {
        const QRect needed = metrics.boundingRect(QRect(0, 0, width, 0), Qt::TextWordWrap, item->text(2));
        item->setSizeHint(2, QSize(width, std::max(needed.height(), metrics.height()) + 6));
    };
    for (int i = 0; i < m_checklist->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_checklist->topLevelItem(i);
        fit(item);
        for (int c = 0; c < item->childCount(); ++c)
            fit(item->child(c));
    }
}

QString PushDialog::shownReason(const PreflightItem &item) const
{
    // Core names the command line's flags; the window names its own controls.
    if (item.id != u"fingerprint") {
        QString reason = item.reason;
        reason.replace(u"(--allow-empty)"_s, tr("(tick \u201cRemove the restriction\u201d below)"));
        reason.replace(u"(--allow-everyone)"_s, tr("(tick \u201cRemove the restriction\u201d below)"));
        reason.replace(u"give it (--admin-ip)"_s,
                       tr("set it with \u201cSet my IP\u2026\u201d (Org \u25b8 Set my address by hand\u2026)"));
        return reason;
    }
    // Core says "approved" (the CLI's --expect-fingerprint comes from an approval); in the window
    // the fingerprint is the exported report's, and the dialog names which report.
    const QString source = m_expectedReport.isSet() ? m_expectedReport.describe() : tr("the exported report");
    switch (item.state) {
    case PreflightItem::State::Pass:
        return tr("matches the fingerprint of %1").arg(source);
    case PreflightItem::State::Fail:
        return tr("this list's fingerprint %1 differs from the exported report's fingerprint %2 (%3)")
            .arg(m_plan.preflight.fingerprint, m_request.expectedFingerprint.trimmed().toLower(), source);
    case PreflightItem::State::Overridden:
    case PreflightItem::State::Skipped:
        break;
    }
    return tr("no exported report is expected: not checked");
}

void PushDialog::showHeader()
{
    const OrgIdentity &identity = m_connection->session()->identity();
    const auto sent = qsizetype(m_plan.preflight.proposedCidrs.size());
    const QString what = m_finished && m_outcome.ok() ? tr("%1 %2 sent and verified.") : tr("%1 %2 would be sent.");
    m_header->setText(tr("Org <b>%1</b> (%2), signed in as %3. %4")
                          .arg(identity.org.name.toHtmlEscaped(), identity.region.toHtmlEscaped(),
                               identity.actor.toHtmlEscaped(),
                               what.arg(QString::number(sent), noun(sent, "network"_L1, "networks"_L1))));
}

void PushDialog::showPlan()
{
    const OrgIdentity &identity = m_connection->session()->identity();
    if (m_plan.error.isError()) {
        m_header->setText(
            tr("<b>The live list could not be read:</b> %1").arg(m_plan.error.toString().toHtmlEscaped()));
        updatePushButton();
        return;
    }
    showHeader();
    // The list's own label first (its first entry for a network, as in the report), then what
    // the session knows.
    QHash<QString, QString> labels;
    for (const AllowlistEntry &entry : m_request.proposed.entries()) {
        const ParsedCidr parsed = entry.parsed();
        if (parsed.isIpv4() && !entry.label.isEmpty() && !labels.contains(parsed.network.toString()))
            labels.insert(parsed.network.toString(), entry.label);
    }
    for (auto it = m_knownLabels.cbegin(); it != m_knownLabels.cend(); ++it) {
        if (!labels.contains(it.key()))
            labels.insert(it.key(), it.value());
    }
    const ThreeWayDiff &diff = m_plan.preflight.diff;
    const QSet<QString> adds(diff.toAdd.begin(), diff.toAdd.end());
    QList<std::pair<QString, QString>> rows;
    for (const QString &cidr : diff.toAdd)
        rows.append({tr("added"), cidr});
    for (const QString &cidr : diff.toRemove)
        rows.append({tr("removed"), cidr});
    for (const QString &cidr : m_plan.preflight.proposedCidrs) {
        if (!adds.contains(cidr))
            rows.append({tr("unchanged"), cidr});
    }
    m_diff->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_diff->setItem(i, 0, new QTableWidgetItem(rows.at(i).first));
        m_diff->setItem(i, 1, new QTableWidgetItem(rows.at(i).second));
        m_diff->setItem(i, 2, new QTableWidgetItem(labels.value(rows.at(i).second)));
    }
    m_diff->resizeColumnToContents(0); // the label column stretches to the rest
    m_diff->resizeColumnToContents(1);

    m_checklist->clear();
    for (const PreflightItem &item : m_plan.preflight.items) {
        const QString reason = shownReason(item);
        auto *row = new QTreeWidgetItem(m_checklist, {item.id, PreflightItem::stateName(item.state), reason});
        row->setIcon(0, stateIcon(item.state));
        row->setToolTip(2, reason);
        if (item.id == u"findings")
            addWarningRows(row, item);
    }
    m_checklist->expandAll();
    fitReasons();
    showExpectedReport();
    m_checklist->resizeColumnToContents(0);
    m_checklist->resizeColumnToContents(1);
    // An empty list is sent only when meant: the box appears with the item that asks for it.
    m_allowEmpty->setVisible(m_plan.preflight.item(u"empty-list") != nullptr ||
                             m_plan.preflight.item(u"allows-everyone") != nullptr);

    // A change the org already made is no conflict: nothing would be sent over it.
    const bool conflict = diff.liveChanged() && !(diff.toAdd.isEmpty() && diff.toRemove.isEmpty());
    m_conflict->setVisible(conflict);
    m_rebase->setVisible(conflict);
    if (conflict)
        m_conflict->setText(
            tr("<b>The org's list changed since it was pulled.</b> Added there: %1. Removed there: %2. "
               "Your push would undo those changes.")
                .arg(diff.liveAdded.isEmpty() ? tr("none") : diff.liveAdded.join(QStringLiteral(", ")).toHtmlEscaped(),
                     diff.liveRemoved.isEmpty() ? tr("none")
                                                : diff.liveRemoved.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_confirm->setPlaceholderText(identity.org.name);
    updatePushButton();
}

void PushDialog::updatePushButton()
{
    const QString orgName = m_connection->session()->identity().org.name;
    const bool typed = !orgName.isEmpty() && m_confirm->text().trimmed() == orgName;
    // The org already has the list: a PATCH would change nothing (and show twice in its audit log).
    const bool nothingToSend = m_prepared && !m_plan.error.isError() && m_plan.preflight.diff.toAdd.isEmpty() &&
                               m_plan.preflight.diff.toRemove.isEmpty();
    m_push->setEnabled(m_prepared && !m_awaitingAddresses && !m_finished && !m_sending && m_plan.canPush() && typed &&
                       !nothingToSend);
    const QString nothing = tr("The org already has this list: there is nothing to send.");
    const QString detecting = tr("Detecting your public address again: the lockout check waits for where you are now.");
    if (m_awaitingAddresses && !m_finished && !m_sending)
        m_result->setText(detecting);
    else if (nothingToSend && !m_finished && !m_sending)
        m_result->setText(nothing);
    else if (m_result->text() == nothing || m_result->text() == detecting) // prepared again since
        m_result->clear();
    QStringList refusals;
    for (const PreflightItem &item : m_plan.preflight.items) {
        if (item.state == PreflightItem::State::Fail)
            refusals.append(shownReason(item));
    }
    if (m_plan.error.isError())
        refusals.append(m_plan.error.toString());
    m_push->setToolTip(m_awaitingAddresses ? detecting
                       : !m_plan.canPush() ? refusals.join(u'\n')
                       : nothingToSend     ? tr("The org already has this list: there is nothing to send")
                       : !typed            ? tr("Type the org name exactly to confirm")
                                           : QString());
}

void PushDialog::push()
{
    m_sending = true;
    m_push->setEnabled(false);
    m_confirm->setEnabled(false);
    for (QWidget *control : std::initializer_list<QWidget *>{m_stopExpecting, m_rebase, m_override, m_allowEmpty})
        control->setEnabled(false);
    m_progress->show();
    m_result->setText(tr("Sending, then reading the list back to verify…"));
    m_connection->session()->execute(m_plan).then(this, [this](const PushOutcome &outcome) {
        m_outcome = outcome;
        m_finished = true;
        m_sending = false;
        m_progress->hide();
        if (outcome.ok()) {
            // The table showed the live list before the push: now it is what the push did.
            m_diffTitle->setText(tr("What the push changed (done and verified; the live list is now the one sent):"));
            m_diff->setEnabled(false);
            showHeader();
            showHistoryImpact();
            m_result->setText(tr("<b>Done and verified.</b> The org now has %1 %2. Journal entry #%3; "
                                 "inin-correlation-id %4.")
                                  .arg(QString::number(outcome.after.size()),
                                       noun(outcome.after.size(), "network"_L1, "networks"_L1),
                                       QString::number(outcome.journalId), outcome.correlationId.toHtmlEscaped()));
        } else if (outcome.sent) {
            m_result->setText(tr("<b>Sent, but the org's list differs from what was sent.</b> Missing: %1. "
                                 "Unexpected: %2. %3")
                                  .arg(outcome.difference.missing.join(QStringLiteral(", ")).toHtmlEscaped(),
                                       outcome.difference.unexpected.join(QStringLiteral(", ")).toHtmlEscaped(),
                                       outcome.error.toString().toHtmlEscaped()));
        } else if (outcome.patchTried && outcome.outcomeUnknown) {
            m_result->setText(tr("<b>The org may or may not have the new list</b>: the push was sent and no answer "
                                 "says whether it was applied. Pull to see the live list before trying again. %1")
                                  .arg(outcome.error.toString().toHtmlEscaped()));
        } else {
            m_result->setText(tr("<b>Nothing was changed.</b> %1").arg(outcome.error.toString().toHtmlEscaped()));
        }
        updatePushButton();
        showExpectedReport();
        Q_EMIT pushFinished(outcome);
    });
}

} // namespace alc::ui
