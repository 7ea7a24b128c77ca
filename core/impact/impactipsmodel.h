#pragma once

#include "impacttablemodel.h"

namespace alc {

// Per-address impact, one row per distinct IPv4 address of the dataset (a million rows is fine:
// rows are computed only when a view asks for them). Call listChanged() after setList().
class ImpactIpsModel final : public ImpactTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactIpsModel)

public:
    enum Column { AddressColumn, SignInsColumn, FailedColumn, UsersColumn, StateColumn, AdmittedByColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit ImpactIpsModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int rows() const override;
};

} // namespace alc
