#pragma once

#include <journal/journal.h>

#include <QDialog>

class QTableWidget;
class QPushButton;

namespace alc::ui {

// Past pulls and pushes from the local journal, with Restore (which goes through the push dialog
// and its preflight like any other change).
class JournalDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JournalDialog)

public:
    JournalDialog(const QList<JournalEntry> &entries, QWidget *parent = nullptr);
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void restoreRequested(const alc::JournalEntry &entry);

private:
    QList<JournalEntry> m_entries;
    QTableWidget *m_table = nullptr;
    QPushButton *m_restore = nullptr;
};

} // namespace alc::ui
