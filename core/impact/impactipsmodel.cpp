#include "impactipsmodel.h"

namespace alc {

ImpactIpsModel::ImpactIpsModel(QObject *parent)
    : ImpactTableModel(ColumnCount, {SignInsColumn, FailedColumn, UsersColumn}, parent)
{}

int ImpactIpsModel::rows() const
{
    return int(evaluator()->dataset().ips().size());
}

QVariant ImpactIpsModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return alignment(index);
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !evaluator() ||
        (role != Qt::DisplayRole && role != SortRole))
        return {};
    const IpImpact ip = evaluator()->ip(quint32(index.row()));
    switch (Column(index.column())) {
    case AddressColumn:
        return role == SortRole ? QVariant(ip.address.toUInt()) : QVariant(ip.address.toString());
    case SignInsColumn:
        return qulonglong(ip.signIns);
    case FailedColumn:
        return qulonglong(ip.failed);
    case UsersColumn:
        return ip.users;
    case StateColumn:
        if (role == SortRole)
            return ip.allowed ? 1 : 0;
        if (ip.allowed)
            return ip.baselineAllowed ? tr("allowed") : tr("newly allowed");
        if (!evaluator()->summary().hasBaseline)
            return tr("blocked");
        return ip.baselineAllowed ? tr("newly blocked") : tr("blocked (already)");
    case AdmittedByColumn:
        return ip.admittedBy;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImpactIpsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case AddressColumn:
        return tr("Address");
    case SignInsColumn:
        return tr("Sign-ins");
    case FailedColumn:
        return tr("Failed");
    case UsersColumn:
        return tr("Users");
    case StateColumn:
        return tr("State");
    case AdmittedByColumn:
        return tr("Admitted by");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace alc
