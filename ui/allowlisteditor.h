#pragma once

#include <rules/allowlist.h>

#include <QPersistentModelIndex>
#include <QWidget>

#include <utility>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QUndoStack;

namespace alc {
class AllowlistModel;
}

namespace alc::ui {

class EntryProxyModel;

// The validated allowlist table: inline editing, paste and drop of many lines, one-click fixes,
// sort and filter, and the 150-entry budget. Every change is an undoable command.
class AllowlistEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllowlistEditor)

public:
    AllowlistEditor(AllowlistModel *model, QUndoStack *undoStack, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    // Sizes the columns to what they hold; long labels are capped, Status takes the rest. Again
    // whenever the editor's width changes (a wider window shows more of Status and Label).
    void fitColumns();
    // Adds entries after the current row (or at the end) in one undoable step.
    void addEntries(const QList<AllowlistEntry> &entries, const QString &undoText);
    // Pasted text: one entry per line, list-file syntax (labels after '#').
    bool pasteText(const QString &text);
    bool addFromFile(const QString &path);
    void addEmptyEntry();
    void removeSelected();
    // Applies the fix of the current row's finding: host bits → the typed address alone (/32; the
    // context menu also offers the whole network), duplicate removed.
    void fixCurrent();
    QList<int> selectedSourceRows() const;

Q_SIGNALS:
    void messageRaised(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void reopenEditor(const QPersistentModelIndex &cell, const QString &typed);
    void updateBudget();
    void updateRowFindings();
    void showContextMenu(const QPoint &position);
    void useText(int row, const QString &text, const QString &undoText);

    AllowlistModel *m_model;
    QUndoStack *m_undoStack;
    EntryProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_problemsOnly = nullptr;
    QLabel *m_budget = nullptr;
    QLabel *m_rowFindings = nullptr;
    bool m_fittedWhenShown = false;
    bool m_refitQueued = false;
    std::pair<int, int> m_fittedWidths; // Status and Label as fitColumns() left them
};

} // namespace alc::ui
