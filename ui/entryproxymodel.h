#pragma once

#include <QSortFilterProxyModel>

class QUndoStack;

namespace alc {
class AllowlistModel;
}

namespace alc::ui {

// Sorting and filtering for the table, and the one place where inline edits become undoable
// commands instead of reaching the model directly.
class EntryProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryProxyModel)

public:
    EntryProxyModel(AllowlistModel *source, QUndoStack *undoStack, QObject *parent = nullptr);

    void setProblemsOnly(bool on);
    bool problemsOnly() const { return m_problemsOnly; }

    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    // index: the cell (of this model) whose edit was refused; typed: what was typed, to edit again.
    void editRejected(const QString &message, const QModelIndex &index, const QString &typed);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    AllowlistModel *m_source;
    QUndoStack *m_undoStack;
    bool m_problemsOnly = false;
};

} // namespace alc::ui
