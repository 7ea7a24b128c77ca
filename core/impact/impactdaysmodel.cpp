#include "impactdaysmodel.h"

namespace alc {

ImpactDaysModel::ImpactDaysModel(QObject *parent)
    : ImpactTableModel(ColumnCount, {SignInsColumn, BlockedColumn, BlockedFailedColumn}, parent)
{}

int ImpactDaysModel::rows() const
{
    return int(m_rows.size());
}

void ImpactDaysModel::reload()
{
    m_rows = evaluator() ? evaluator()->days() : std::vector<DayImpact>();
}

QVariant ImpactDaysModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::TextAlignmentRole)
        return alignment(index);
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const DayImpact &day = m_rows[std::size_t(index.row())];
    switch (Column(index.column())) {
    case DayColumn:
        return day.day.isValid() ? QVariant(day.day) : QVariant(tr("(no timestamp)"));
    case SignInsColumn:
        return qulonglong(day.signIns);
    case BlockedColumn:
        return qulonglong(day.blocked);
    case BlockedFailedColumn:
        return qulonglong(day.blockedFailed);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImpactDaysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case DayColumn:
        return tr("Day (UTC)");
    case SignInsColumn:
        return tr("Sign-ins");
    case BlockedColumn:
        return tr("Blocked");
    case BlockedFailedColumn:
        return tr("Blocked, failed");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace alc
