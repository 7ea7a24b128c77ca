#include "impactipsmodel.h"

namespace alc {

ImpactIpsModel::ImpactIpsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ImpactIpsModel::setEvaluator(const ImpactEvaluator *evaluator)
{
    beginResetModel();
    m_evaluator = evaluator;
    endResetModel();
}

void ImpactIpsModel::listChanged()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ImpactIpsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_evaluator ? 0 : int(m_evaluator->dataset().ips().size());
}

int ImpactIpsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImpactIpsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_evaluator ||
        (role != Qt::DisplayRole && role != SortRole))
        return {};
    const IpImpact ip = m_evaluator->ip(quint32(index.row()));
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
        if (!m_evaluator->summary().hasBaseline)
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
