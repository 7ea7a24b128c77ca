#include "undocommands.h"

#include <rules/allowlistmodel.h>

#include <algorithm>

namespace alc::ui {

ReplaceEntryCommand::ReplaceEntryCommand(AllowlistModel *model, int row, AllowlistEntry after, const QString &text)
    : QUndoCommand(text)
    , m_model(model)
    , m_row(row)
    , m_before(model->entry(row))
    , m_after(std::move(after))
{}

void ReplaceEntryCommand::undo()
{
    m_model->replaceEntry(m_row, m_before);
}

void ReplaceEntryCommand::redo()
{
    m_model->replaceEntry(m_row, m_after);
}

InsertEntriesCommand::InsertEntriesCommand(AllowlistModel *model, int row, QList<AllowlistEntry> entries,
                                           const QString &text)
    : QUndoCommand(text)
    , m_model(model)
    , m_row(std::clamp(row, 0, model->rowCount()))
    , m_entries(std::move(entries))
{}

void InsertEntriesCommand::undo()
{
    m_model->removeRows(m_row, int(m_entries.size()));
}

void InsertEntriesCommand::redo()
{
    m_model->insertEntries(m_row, m_entries);
}

RemoveEntriesCommand::RemoveEntriesCommand(AllowlistModel *model, QList<int> rows, const QString &text)
    : QUndoCommand(text)
    , m_model(model)
    , m_rows(std::move(rows))
{
    std::sort(m_rows.begin(), m_rows.end());
    m_rows.erase(std::unique(m_rows.begin(), m_rows.end()), m_rows.end());
    for (int row : std::as_const(m_rows))
        m_entries.append(model->entry(row));
}

void RemoveEntriesCommand::undo()
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_model->insertEntries(m_rows.at(i), {m_entries.at(i)});
}

void RemoveEntriesCommand::redo()
{
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i)
        m_model->removeRows(m_rows.at(i), 1);
}

} // namespace alc::ui
