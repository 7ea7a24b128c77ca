#pragma once

#include "impacttablemodel.h"

namespace alc {

// Per-application impact: a short table, recomputed whole on listChanged().
class ImpactAppsModel final : public ImpactTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactAppsModel)

public:
    enum Column {
        AppColumn,
        SignInsColumn,
        BlockedColumn,
        BlockedFailedColumn,
        UsersColumn,
        UsersBlockedColumn,
        ColumnCount
    };

    explicit ImpactAppsModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int rows() const override;
    void reload() override;

    std::vector<AppImpact> m_rows;
};

} // namespace alc
