#include "journaldialog.h"

#include <orgapi/preflight.h>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace alc::ui {
namespace {

// What a push or restore did, as networks added and removed (a pull changed nothing).
ListDifference differenceOf(const JournalEntry &entry)
{
    return ListDifference::between(Preflight::canonicalSet(entry.after), Preflight::canonicalSet(entry.before));
}

// A push the org refused changed nothing; one still pending or whose answer was lost may or may
// not have: its +/− is what was meant, not what happened.
QString change(const JournalEntry &entry)
{
    if (entry.kind == JournalEntry::Kind::Pull)
        return QString();
    if (entry.status == u"refused")
        return JournalDialog::tr("none (refused)");
    const ListDifference d = differenceOf(entry);
    const QString counts = JournalDialog::tr("+%1 \u2212%2").arg(d.missing.size()).arg(d.unexpected.size());
    return entry.status == u"pending" || entry.status == u"unknown" ? JournalDialog::tr("%1 meant").arg(counts)
                                                                    : counts;
}

QString changeDetails(const JournalEntry &entry)
{
    if (entry.kind == JournalEntry::Kind::Pull)
        return JournalDialog::tr("A pull changes nothing in the org");
    if (entry.status == u"refused")
        return JournalDialog::tr("The org refused the push: nothing changed");
    const ListDifference d = differenceOf(entry);
    QStringList lines;
    for (const QString &cidr : d.missing)
        lines.append(u'+' + cidr);
    for (const QString &cidr : d.unexpected)
        lines.append(u'\u2212' + cidr);
    return lines.isEmpty() ? JournalDialog::tr("The list was sent unchanged") : lines.join(u'\n');
}

} // namespace

JournalDialog::JournalDialog(const QList<JournalEntry> &entries, QWidget *parent)
    : QDialog(parent)
    , m_entries(entries)
{
    setWindowTitle(tr("Change journal"));
    std::reverse(m_entries.begin(), m_entries.end()); // newest first
    m_table = new QTableWidget(int(m_entries.size()), 9, this);
    m_table->setObjectName(QStringLiteral("journalTable"));
    m_table->setAccessibleName(tr("Journal entries"));
    m_table->setHorizontalHeaderLabels({tr("#"), tr("Time (UTC)"), tr("Kind"), tr("Org"), tr("Actor"),
                                        tr("Entries after"), tr("Change"), tr("Status"),
                                        tr("Correlation id / override")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    for (int i = 0; i < m_entries.size(); ++i) {
        const JournalEntry &e = m_entries.at(i);
        const QStringList cells{QString::number(e.id),
                                e.time.toUTC().toString(Qt::ISODate),
                                e.kindKnown ? JournalEntry::kindName(e.kind) : QStringLiteral("?"),
                                QStringLiteral("%1 (%2)").arg(e.orgName, e.region),
                                e.actor,
                                QString::number(e.after.size()),
                                change(e),
                                e.damaged.isEmpty() ? e.status : tr("DAMAGED: %1").arg(e.damaged),
                                e.overrideReason.isEmpty()
                                    ? e.correlationId
                                    : tr("%1 — override: %2").arg(e.correlationId, e.overrideReason)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
        m_table->item(i, 5)->setToolTip(e.after.join(u'\n'));
        m_table->item(i, 6)->setToolTip(changeDetails(e));
        m_table->item(i, 8)->setToolTip(cells.at(8)); // quoted to Genesys support: whole, on hover too
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Wide enough for every column, the correlation ids included, within the screen.
    int columns = 0;
    for (int c = 0; c < m_table->columnCount(); ++c)
        columns += m_table->columnWidth(c);
    const int wanted = columns + 2 * m_table->frameWidth() + m_table->verticalScrollBar()->sizeHint().width() + 24;
    const int room = screen() ? screen()->availableGeometry().width() * 9 / 10 : wanted;

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_restore = buttons->addButton(tr("&Restore the list before this change…"), QDialogButtonBox::ActionRole);
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    m_restore->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                // A pull changed nothing: there is no list "before" it to restore; a damaged row's
                // list cannot be trusted.
                m_restore->setEnabled(current.isValid() && current.row() < m_entries.size() &&
                                      m_entries.at(current.row()).kind != JournalEntry::Kind::Pull &&
                                      m_entries.at(current.row()).damaged.isEmpty());
            });
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0 && row < m_entries.size())
            Q_EMIT restoreRequested(m_entries.at(row));
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(std::clamp(wanted, 640, std::max(640, room)), 420);
}

} // namespace alc::ui
