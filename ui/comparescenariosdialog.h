#pragma once

#include <session/scenariocomparison.h>

#include <QDialog>

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

private:
    QTableWidget *m_table = nullptr;
};

} // namespace alc::ui
