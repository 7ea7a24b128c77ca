#pragma once

#include "impactevaluator.h"

#include <QAbstractTableModel>

namespace alc {

// Per-day impact (UTC days): a short table, recomputed whole on listChanged().
class ImpactDaysModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactDaysModel)

public:
    enum Column { DayColumn, SignInsColumn, BlockedColumn, BlockedFailedColumn, ColumnCount };

    explicit ImpactDaysModel(QObject *parent = nullptr);

    void setEvaluator(const ImpactEvaluator *evaluator);
    void listChanged();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const ImpactEvaluator *m_evaluator = nullptr;
    std::vector<DayImpact> m_rows;
};

} // namespace alc
