#include "impacttablemodel.h"

namespace alc {

ImpactTableModel::ImpactTableModel(int columnCount, std::initializer_list<int> countColumns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columnCount(columnCount)
    , m_countColumns(countColumns)
{}

QVariant ImpactTableModel::alignment(const QModelIndex &index) const
{
    if (!index.isValid() || !m_countColumns.contains(index.column()))
        return {};
    return int(Qt::AlignRight | Qt::AlignVCenter);
}

void ImpactTableModel::setEvaluator(const ImpactEvaluator *evaluator)
{
    beginResetModel();
    m_evaluator = evaluator;
    reload();
    endResetModel();
}

void ImpactTableModel::listChanged()
{
    if (!m_evaluator)
        return;
    reload(); // same rows in the same order: only values change
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, m_columnCount - 1));
}

int ImpactTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_evaluator ? 0 : rows();
}

int ImpactTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columnCount;
}

} // namespace alc
