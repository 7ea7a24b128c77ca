#include "impactusersmodel.h"

namespace alc {

ImpactUsersModel::ImpactUsersModel(QObject *parent)
    : ImpactTableModel(ColumnCount, {SignInsColumn, BlockedColumn, BlockedFailedColumn, NewlyBlockedColumn}, parent)
{}

int ImpactUsersModel::rows() const
{
    return int(evaluator()->dataset().users().size());
}

QVariant ImpactUsersModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return alignment(index);
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !evaluator() ||
        (role != Qt::DisplayRole && role != SortRole))
        return {};
    const auto row = quint32(index.row());
    if (index.column() == UserColumn)
        return evaluator()->dataset().users().at(row);
    // Each row is computed when shown: a user's groups are few, and nothing goes stale.
    const UserImpact u = evaluator()->user(row);
    switch (Column(index.column())) {
    case SignInsColumn:
        return qulonglong(u.signIns);
    case BlockedColumn:
        return qulonglong(u.blocked);
    case BlockedFailedColumn:
        return qulonglong(u.blockedFailed);
    case NewlyBlockedColumn:
        return qulonglong(u.newlyBlocked);
    case StatusColumn:
        if (role == SortRole)
            return u.isFullyBlocked() ? 2 : u.isBlocked() ? 1 : 0;
        return u.isFullyBlocked() ? tr("fully blocked") : u.isBlocked() ? tr("partly blocked") : tr("allowed");
    case LastBlockedColumn:
        return u.lastBlocked;
    case BlockedIpsColumn: {
        if (role == SortRole)
            return int(u.blockedIps.size());
        QStringList ips;
        for (const Ipv4Address &ip : u.blockedIps)
            ips.append(ip.toString());
        return ips.join(QStringLiteral(", "));
    }
    case UserColumn:
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImpactUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case UserColumn:
        return tr("User");
    case SignInsColumn:
        return tr("Sign-ins");
    case BlockedColumn:
        return tr("Blocked");
    case BlockedFailedColumn:
        return tr("Blocked, failed");
    case NewlyBlockedColumn:
        return tr("Newly blocked");
    case StatusColumn:
        return tr("Status");
    case LastBlockedColumn:
        return tr("Last blocked (UTC)");
    case BlockedIpsColumn:
        return tr("Blocked addresses");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace alc
