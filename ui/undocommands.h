#pragma once

#include <rules/allowlist.h>

#include <QUndoCommand>

namespace alc {
class AllowlistModel;
}

namespace alc::ui {

// Every change to the table goes through one of these, so undo/redo covers all of them.
class ReplaceEntryCommand final : public QUndoCommand
{
public:
    ReplaceEntryCommand(AllowlistModel *model, int row, AllowlistEntry after, const QString &text);
    void undo() override;
    void redo() override;

private:
    AllowlistModel *m_model;
    int m_row;
    AllowlistEntry m_before;
    AllowlistEntry m_after;
};

class InsertEntriesCommand final : public QUndoCommand
{
public:
    InsertEntriesCommand(AllowlistModel *model, int row, QList<AllowlistEntry> entries, const QString &text);
    void undo() override;
    void redo() override;

private:
    AllowlistModel *m_model;
    int m_row;
    QList<AllowlistEntry> m_entries;
};

class RemoveEntriesCommand final : public QUndoCommand
{
public:
    RemoveEntriesCommand(AllowlistModel *model, QList<int> rows, const QString &text);
    void undo() override;
    void redo() override;

private:
    AllowlistModel *m_model;
    QList<int> m_rows; // ascending
    QList<AllowlistEntry> m_entries;
};

} // namespace alc::ui
