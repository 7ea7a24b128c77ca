#pragma once

#include "impacttablemodel.h"

namespace alc {

// Per-day impact (UTC days): a short table, recomputed whole on listChanged().
class ImpactDaysModel final : public ImpactTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactDaysModel)

public:
    enum Column { DayColumn, SignInsColumn, BlockedColumn, BlockedFailedColumn, ColumnCount };

    explicit ImpactDaysModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int rows() const override;
    void reload() override;

    std::vector<DayImpact> m_rows;
};

} // namespace alc
