#pragma once

#include <impact/impactappsmodel.h>
#include <impact/impactdaysmodel.h>
#include <impact/impactevaluator.h>
#include <impact/impactipsmodel.h>
#include <impact/impactmodels.h>
#include <impact/impactusersmodel.h>
#include <impact/suggestions.h>
#include <rules/allowlist.h>

#include <QWidget>

#include <memory>
#include <optional>

class QChartView;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTimer;

namespace alc::ui {

class BlockedIpFilter;

// The "logging mode" Genesys lacks: what the draft would block in the imported history, updated
// as the table changes. Evaluation is incremental in core; the views refresh on a short timer so
// a burst of edits costs one refresh.
class ImpactPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactPanel)

public:
    explicit ImpactPanel(QWidget *parent = nullptr);
    ~ImpactPanel() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    // No history: the views say how to import one.
    void clearDataset();
    bool hasDataset() const { return m_evaluator != nullptr; }
    void setBaseline(const std::optional<std::vector<Ipv4Network>> &baseline);
    void setList(const Allowlist &list);
    // Applies pending changes now instead of on the timer (tests, exports).
    void refreshNow();

    const ImpactEvaluator *evaluator() const { return m_evaluator.get(); }
    // What another list would do to the imported history, against the same live list (none
    // without a history).
    std::optional<ImpactSummary> impactOf(const std::vector<Ipv4Network> &list) const;
    const std::vector<Suggestion> &suggestions() const { return m_suggestions.rows(); }
    QList<qint64> admittedPerEntry(const Allowlist &list) const;
    QString summaryText() const;

Q_SIGNALS:
    void suggestionAccepted(const alc::Ipv4Network &network, const QString &label);
    void impactChanged();
    // Files dropped on the panel: the window offers to import them as history.
    void historyFilesDropped(const QStringList &paths);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    // Every table and filter reads the evaluator: detach them (nullptr) before it is replaced.
    void setEvaluatorOfViews(const ImpactEvaluator *evaluator);
    void scheduleRefresh();
    void refreshViews();
    void refreshChart();
    void showIpDetails();
    QTableView *addTable(QTabWidget *tabs, QAbstractItemModel *model, int sortRole, const QString &title,
                         const QString &name);

    std::unique_ptr<ImpactEvaluator> m_evaluator;
    EntrySignInCounter m_counter;
    std::optional<std::vector<Ipv4Network>> m_baseline;
    std::vector<Ipv4Network> m_list;
    int m_listSize = 0;

    QLabel *m_summary = nullptr;
    QChartView *m_chart = nullptr;
    QTabWidget *m_tabs = nullptr;
    ImpactUsersModel m_users;
    ImpactIpsModel m_ips;
    ImpactAppsModel m_apps;
    ImpactDaysModel m_days;
    QList<QTableView *> m_namedTables; // users, applications, days: column 0 names the row
    SuggestionModel m_suggestions;
    BlockedIpFilter *m_ipFilter = nullptr;
    QTableView *m_ipTable = nullptr;
    QTableView *m_suggestionTable = nullptr;
    QCheckBox *m_allAddresses = nullptr;
    QLabel *m_ipDetails = nullptr;
    QPushButton *m_addSuggestion = nullptr;
    QLabel *m_suggestionCaution = nullptr; // the history cannot tell failed sign-ins apart
    QTimer *m_refreshTimer = nullptr;
};

} // namespace alc::ui
