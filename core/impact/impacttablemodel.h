#pragma once

#include "impactevaluator.h"

#include <QAbstractTableModel>

namespace alc {

// What the impact tables share: an evaluator that can be replaced or cleared (nullptr empties the
// table), a fixed set of columns, and listChanged() after ImpactEvaluator::setList(): rows stay,
// values change, so a view keeps its selection and scroll position. Pure data: views sort through
// a proxy and draw what they like.
class ImpactTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImpactTableModel)

public:
    // The evaluator must outlive the model or be replaced first.
    void setEvaluator(const ImpactEvaluator *evaluator);
    void listChanged();

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;

protected:
    // Counts are right-aligned so their digits line up; the other columns keep the view's default.
    ImpactTableModel(int columnCount, std::initializer_list<int> countColumns, QObject *parent);

    // For Qt::TextAlignmentRole: what the subclasses' data() returns for it.
    QVariant alignment(const QModelIndex &index) const;

    const ImpactEvaluator *evaluator() const { return m_evaluator; }
    // Rows while an evaluator is set.
    virtual int rows() const = 0;
    // Models that keep computed rows refresh them here (the evaluator may be nullptr).
    virtual void reload() {}

private:
    const ImpactEvaluator *m_evaluator = nullptr;
    int m_columnCount = 0;
    QList<int> m_countColumns;
};

} // namespace alc
