#include "impactappsmodel.h"

namespace alc {

ImpactAppsModel::ImpactAppsModel(QObject *parent)
    : ImpactTableModel(ColumnCount,
                       {SignInsColumn, BlockedColumn, BlockedFailedColumn, UsersColumn, UsersBlockedColumn}, parent)
{}

int ImpactAppsModel::rows() const
{
    return int(m_rows.size());
}

void ImpactAppsModel::reload()
{
    m_rows = evaluator() ? evaluator()->apps() : std::vector<AppImpact>();
}

QVariant ImpactAppsModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return alignment(index);
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const AppImpact &app = m_rows[std::size_t(index.row())];
    switch (Column(index.column())) {
    case AppColumn:
        return app.app;
    case SignInsColumn:
        return qulonglong(app.signIns);
    case BlockedColumn:
        return qulonglong(app.blocked);
    case BlockedFailedColumn:
        return qulonglong(app.blockedFailed);
    case UsersColumn:
        return app.users;
    case UsersBlockedColumn:
        return app.usersBlocked;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImpactAppsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case AppColumn:
        return tr("Application");
    case SignInsColumn:
        return tr("Sign-ins");
    case BlockedColumn:
        return tr("Blocked");
    case BlockedFailedColumn:
        return tr("Blocked, failed");
    case UsersColumn:
        return tr("Users");
    case UsersBlockedColumn:
        return tr("Users blocked");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace alc
