#pragma once

#include "expectedreport.h"

#include <impact/impactresult.h>
#include <journal/journal.h>
#include <orgapi/orgsession.h>

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace alc::ui {

class OrgConnection;

// The last step before Genesys enforces a list: the difference with the live list, the preflight
// checklist from core, the lockout status, a typed confirmation, then PATCH, verify and journal.
class PushDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushDialog)

public:
    // How long typing in the override field pauses before the preflight runs on it.
    static constexpr int OverrideSettleMs = 400;

    PushDialog(OrgConnection *connection, PushRequest request, QWidget *parent = nullptr);
    ~PushDialog() override;

    // Fetches the live list and runs the preflight (also on show).
    void prepare();
    // What the list does to the imported sign-in history, shown above the difference.
    void setHistoryImpact(const ImpactSummary &impact);
    // Labels the session knows for networks (canonical CIDR → label), for the rows of the
    // difference the proposed list has no label for: what a push removes, what a restore brings back.
    void setKnownLabels(const QHash<QString, QString> &labels) { m_knownLabels = labels; }
    // The window detects the admin's public address again as the dialog opens (detection number
    // `sequence`): until that answer comes, the lockout check may be on where the admin was, not
    // where they are, and Push stays off.
    void awaitAdminAddresses(quint64 sequence);
    // The admin's addresses as of detection `sequence` (empty when no service answered), or typed:
    // the preflight runs again on them. Answers of detections older than the one awaited, or than
    // one already taken, are dropped.
    void setAdminAddresses(const QList<Ipv4Address> &addresses, quint64 sequence);
    bool isAwaitingAdminAddresses() const { return m_awaitingAddresses; }
    // Where the expected fingerprint of the request came from, named in the dialog.
    void setExpectedReport(const ExpectedReport &report);
    const PushPlan &plan() const { return m_plan; }
    bool isPrepared() const { return m_prepared; }
    const PushOutcome &outcome() const { return m_outcome; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void pushFinished(const alc::PushOutcome &outcome);
    // The admin chose not to expect the exported report's fingerprint any more.
    // The report this dialog expected is no longer to be expected; the window drops it only if it
    // still expects that one (a report exported after the dialog opened stays).
    void expectedReportDropped(const QString &fingerprint);

private:
    void showHeader();
    void showHistoryImpact();
    void showPlan();
    void updatePushButton();
    void push();
    void showExpectedReport();
    void fitReasons();
    QString shownReason(const PreflightItem &item) const;
    void addWarningRows(QTreeWidgetItem *findings, const PreflightItem &item) const;

    OrgConnection *m_connection;
    PushRequest m_request;
    QHash<QString, QString> m_knownLabels;
    ExpectedReport m_expectedReport;
    PushPlan m_plan;
    PushOutcome m_outcome;
    bool m_prepared = false;
    bool m_finished = false;
    bool m_sending = false; // between Push and its outcome: nothing may prepare or push again
    bool m_awaitingAddresses = false;
    quint64 m_addressSequence = 0; // the oldest detection whose answer is still news

    QLabel *m_header = nullptr;
    QLabel *m_impact = nullptr;
    QLabel *m_diffTitle = nullptr;
    QTableWidget *m_diff = nullptr;
    QTreeWidget *m_checklist = nullptr;
    QLabel *m_conflict = nullptr;
    QLabel *m_expected = nullptr;
    QPushButton *m_stopExpecting = nullptr;
    QPushButton *m_rebase = nullptr;
    std::optional<ImpactSummary> m_historyImpact;
    QLineEdit *m_override = nullptr;
    QTimer *m_overrideTimer = nullptr; // the preflight runs once typing the override pauses
    QCheckBox *m_allowEmpty = nullptr;
    int m_prepareGeneration = 0; // of the latest prepare(); older answers are dropped
    QLineEdit *m_confirm = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_push = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace alc::ui
