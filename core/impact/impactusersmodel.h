#pragma once

#include "impacttablemodel.h"

namespace alc {

// Per-user impact as a table, one row per user of the dataset. Pure data: the view sorts through
// a proxy on SortRole and draws what it likes. After the list changes, call listChanged(): rows
// stay, values change, so the view keeps its selection and scroll position.
class ImpactUsersModel final : public ImpactTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactUsersModel)

public:
    enum Column {
        UserColumn,
        SignInsColumn,
        BlockedColumn,
        BlockedFailedColumn,
        NewlyBlockedColumn,
        StatusColumn, // "allowed", "partly blocked", "fully blocked"
        LastBlockedColumn,
        BlockedIpsColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit ImpactUsersModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int rows() const override;
};

} // namespace alc
