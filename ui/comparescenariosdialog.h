#pragma once

#include <session/scenariocomparison.h>

#include <QDialog>

#include <utility>

class QLabel;
class QTableWidget;

namespace alc::ui {

// Scenarios side by side on the same history: one column per scenario.
class CompareScenariosDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareScenariosDialog)

public:
    CompareScenariosDialog(const QList<ScenarioFigures> &figures, QWidget *parent = nullptr);
    QTableWidget *table() const { return m_table; }
    // The networks that differ between the lists (scenarios, and the live list when known), one
    // row each with a label from whichever list gives one. With a history, each row also says what
    // was seen from inside the network, and each list without it what that list blocks of it.
    void setLists(const QList<std::pair<QString, Allowlist>> &lists, const Dataset *history = nullptr);
    QTableWidget *differences() const { return m_differences; }

private:
    QTableWidget *m_table = nullptr;
    QTableWidget *m_differences = nullptr;
    QLabel *m_differencesTitle = nullptr;
};

} // namespace alc::ui
