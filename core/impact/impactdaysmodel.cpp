#include "impactdaysmodel.h"

#include <algorithm>

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
    // Every day from the first to the last, those without sign-ins included (the chart shows
    // them as empty slots; a missing row reads as a day nobody noticed), then sign-ins without a
    // date. The days depend on the history only, so an edit keeps the rows and changes values.
    std::vector<DayImpact> days = evaluator() ? evaluator()->days() : std::vector<DayImpact>();
    std::sort(days.begin(), days.end(), [](const DayImpact &a, const DayImpact &b) {
        return a.day.isValid() != b.day.isValid() ? a.day.isValid() : a.day < b.day;
    });
    m_rows.clear();
    for (const DayImpact &day : days) {
        if (day.day.isValid() && !m_rows.empty() && m_rows.back().day.isValid()) {
            for (QDate gap = m_rows.back().day.addDays(1); gap < day.day; gap = gap.addDays(1))
                m_rows.push_back({gap, 0, 0, 0});
        }
        m_rows.push_back(day);
    }
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
        return tr("IPv4 sign-ins"); // IPv6 ones are counted apart (the summary above says how many)
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
