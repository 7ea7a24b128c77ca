#pragma once

#include "impactevaluator.h"

#include <QAbstractTableModel>

namespace alc {

// Per-application impact: a short table, recomputed whole on listChanged().
class ImpactAppsModel final : public QAbstractTableModel
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

    void setEvaluator(const ImpactEvaluator *evaluator);
    void listChanged();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const ImpactEvaluator *m_evaluator = nullptr;
    std::vector<AppImpact> m_rows;
};

} // namespace alc
