#include "allowlisteditor.h"

#include "entryproxymodel.h"
#include "statusdelegate.h"
#include "undocommands.h"

#include <rules/allowlistmodel.h>
#include <rules/listfile.h>
#include <rules/validator.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QResizeEvent>
#include <QShowEvent>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace alc::ui {

AllowlistEditor::AllowlistEditor(AllowlistModel *model, QUndoStack *undoStack, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_undoStack(undoStack)
{
    setAcceptDrops(true);
    m_proxy = new EntryProxyModel(model, undoStack, this);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("entryFilter"));
    m_filter->setPlaceholderText(tr("Filter entries (CIDR, label, owner, finding)…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter entries"));
    m_problemsOnly = new QCheckBox(tr("&Problems only"), this);
    m_problemsOnly->setObjectName(QStringLiteral("problemsOnly"));
    m_budget = new QLabel(this);
    m_budget->setObjectName(QStringLiteral("budgetLabel"));
    m_budget->setAccessibleName(tr("Entry budget"));

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_problemsOnly);
    filterRow->addStretch();
    filterRow->addWidget(m_budget);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("allowlistTable"));
    m_table->setAccessibleName(tr("Allowlist entries"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // file order until the user sorts
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->setItemDelegateForColumn(AllowlistModel::StatusColumn, new StatusDelegate(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    // What is wrong with an entry reads best beside the entry: Status comes right after the CIDR.
    header->moveSection(header->visualIndex(AllowlistModel::StatusColumn), 1);
    // Owner and expiry last: the counts (addresses, sign-ins admitted, covers you) are what a
    // review looks at beside the label, and an expiry that matters is in Status already. At the
    // default window size they were past the edge.
    header->moveSection(header->visualIndex(AllowlistModel::OwnerColumn), AllowlistModel::ColumnCount - 1);
    header->moveSection(header->visualIndex(AllowlistModel::ExpiryColumn), AllowlistModel::ColumnCount - 1);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    // The current row's findings whole (the Status cell has room for the first one, elided): for
    // the keyboard, where a tooltip is out of reach.
    m_rowFindings = new QLabel(this);
    m_rowFindings->setObjectName(QStringLiteral("rowFindings"));
    m_rowFindings->setAccessibleName(tr("Findings of the current entry"));
    m_rowFindings->setWordWrap(true);
    m_rowFindings->setTextFormat(Qt::PlainText);
    m_rowFindings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_rowFindings);
    setTabOrder(m_filter, m_problemsOnly);
    setTabOrder(m_problemsOnly, m_table);

    auto *paste = new QAction(tr("Paste entries"), m_table);
    paste->setShortcut(QKeySequence::Paste);
    paste->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(paste);
    connect(paste, &QAction::triggered, this, [this] { pasteText(QApplication::clipboard()->text()); });
    auto *remove = new QAction(tr("Remove entries"), m_table);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(remove);
    connect(remove, &QAction::triggered, this, &AllowlistEditor::removeSelected);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_problemsOnly, &QCheckBox::toggled, m_proxy, &EntryProxyModel::setProblemsOnly);
    connect(m_proxy, &EntryProxyModel::editRejected, this,
            [this](const QString &message, const QModelIndex &index, const QString &typed) {
                Q_EMIT messageRaised(message);
                // A status-bar line is easy to miss: say it where it is seen. Not modal: typing goes on.
                auto *box =
                    new QMessageBox(QMessageBox::Warning, tr("Edit not applied"), message, QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("editRejectedBox"));
                box->setTextFormat(Qt::PlainText);
                box->setAttribute(Qt::WA_DeleteOnClose);
                // Once it is read, the cell is edited again with what was typed, to correct rather
                // than retype (the row may have moved or gone meanwhile: then nothing opens).
                const QPersistentModelIndex cell(index);
                connect(box, &QMessageBox::finished, this, [this, cell, typed] { reopenEditor(cell, typed); });
                box->open();
            });
    // A CIDR typed long (1.2.3.4/255.255.255.0) is the text to correct: the column grows to show
    // it rather than eliding it to "1....".
    const auto growCidrColumn = [this] {
        const int before = m_table->columnWidth(AllowlistModel::CidrColumn);
        m_table->resizeColumnToContents(AllowlistModel::CidrColumn);
        m_table->setColumnWidth(AllowlistModel::CidrColumn,
                                std::max(before, std::min(m_table->columnWidth(AllowlistModel::CidrColumn), 280)));
    };
    connect(m_model, &AllowlistModel::dataChanged, this, growCidrColumn);
    connect(m_model, &AllowlistModel::rowsInserted, this, growCidrColumn);
    connect(m_model, &AllowlistModel::validationChanged, this, &AllowlistEditor::updateBudget);
    connect(m_model, &AllowlistModel::validationChanged, this, &AllowlistEditor::updateRowFindings);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &AllowlistEditor::updateRowFindings);
    // Rows removed, inserted or moved under an unchanged current row number (a delete, an undo, a
    // sort) change whose findings are due without a currentChanged; the view settles its current
    // index after the model's signals, so the line is written once the event loop comes back.
    const auto queued = Qt::QueuedConnection;
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &AllowlistEditor::updateRowFindings, queued);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &AllowlistEditor::updateRowFindings, queued);
    connect(m_proxy, &QAbstractItemModel::rowsMoved, this, &AllowlistEditor::updateRowFindings, queued);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &AllowlistEditor::updateRowFindings, queued);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &AllowlistEditor::updateRowFindings, queued);
    connect(m_table, &QWidget::customContextMenuRequested, this, &AllowlistEditor::showContextMenu);
    updateBudget();
}

void AllowlistEditor::fitColumns()
{
    m_table->resizeColumnsToContents();
    // The counts (addresses, sign-ins admitted, covers you) keep their content width, right after
    // the label: a count half past the edge shows an empty cell under its header (it is right-
    // aligned), which reads as "none". Status and label share what is left of the viewport (the
    // rest is elided, the tooltip has it all); owner and expiry may be a sideways scroll away.
    QHeaderView *header = m_table->horizontalHeader();
    const int width = m_table->viewport()->width();
    int fixed = 0;
    for (int column : {AllowlistModel::CidrColumn, AllowlistModel::AddressesColumn, AllowlistModel::SignInsColumn,
                       AllowlistModel::CoversYouColumn})
        fixed += header->isSectionHidden(column) ? 0 : header->sectionSize(column);
    const int rest = std::max(0, width - fixed);
    const auto cap = [header](int column, int most) {
        if (header->sectionSize(column) > most)
            header->resizeSection(column, most);
    };
    cap(AllowlistModel::StatusColumn, std::max(100, rest * 3 / 5));
    cap(AllowlistModel::LabelColumn, std::max(70, rest - header->sectionSize(AllowlistModel::StatusColumn)));
    m_fittedWidths = {header->sectionSize(AllowlistModel::StatusColumn),
                      header->sectionSize(AllowlistModel::LabelColumn)};
}

void AllowlistEditor::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // A list opened before the window was first shown was fitted to a viewport of no real width.
    if (!m_fittedWhenShown) {
        m_fittedWhenShown = true;
        fitColumns();
    }
}

void AllowlistEditor::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Once the table's layout has followed: the viewport has its new width then.
    if (m_fittedWhenShown && event->size().width() != event->oldSize().width() && !m_refitQueued) {
        m_refitQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_refitQueued = false;
                // Widths the user dragged are theirs: the fit follows the window only while Status
                // and Label are as the last fit left them.
                const QHeaderView *header = m_table->horizontalHeader();
                if (std::pair(header->sectionSize(AllowlistModel::StatusColumn),
                              header->sectionSize(AllowlistModel::LabelColumn)) == m_fittedWidths)
                    fitColumns();
            },
            Qt::QueuedConnection);
    }
}

void AllowlistEditor::updateBudget()
{
    const int count = m_model->rowCount();
    const bool over = count > Allowlist::MaxEntries;
    m_budget->setText(tr("%1 / %2 entries").arg(count).arg(Allowlist::MaxEntries));
    m_budget->setProperty("over", over);
    m_budget->setStyleSheet(over ? QStringLiteral("color: #d32f2f; font-weight: bold;") : QString());
    m_budget->setToolTip(over ? tr("Genesys Cloud accepts at most %1 entries: remove %2.")
                                    .arg(Allowlist::MaxEntries)
                                    .arg(count - Allowlist::MaxEntries)
                              : tr("%1 entries left in the budget").arg(Allowlist::MaxEntries - count));
}

void AllowlistEditor::updateRowFindings()
{
    const QModelIndex current = m_table->currentIndex();
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
    const Findings findings = row >= 0 ? m_model->validation().entryFindings.value(row) : Findings();
    QStringList lines;
    for (const Finding &finding : findings) {
        QString line = tr("Row %1: %2 (%3)").arg(QString::number(current.row() + 1), finding.message, finding.code);
        if (finding.code == FindingCode::HostBits) {
            const QStringList fixes = Validator::hostBitsFixes(m_model->entry(row).text);
            if (fixes.size() == 2)
                line += tr(" \u2014 Ctrl+. uses %1; the context menu also offers %2")
                            .arg(fixes.constFirst(), fixes.constLast());
        } else if (finding.code == FindingCode::Duplicate) {
            line += tr(" \u2014 Ctrl+. removes the entry that says less");
        } else if (const QString prefixed = m_model->entry(row).parsed().netmaskFix; !prefixed.isEmpty()) {
            line += tr(" \u2014 Ctrl+. writes %1").arg(prefixed);
        }
        lines.append(line);
    }
    m_rowFindings->setText(lines.join(u'\n'));
    m_rowFindings->setVisible(!lines.isEmpty());
}

QList<int> AllowlistEditor::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(index).row());
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows.append(m_proxy->mapToSource(m_table->currentIndex()).row());
    return rows;
}

void AllowlistEditor::addEntries(const QList<AllowlistEntry> &entries, const QString &undoText)
{
    if (entries.isEmpty())
        return;
    const QModelIndex current = m_table->currentIndex();
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() + 1 : m_model->rowCount();
    m_undoStack->push(new InsertEntriesCommand(m_model, row, entries, undoText));
    const QModelIndex first = m_proxy->mapFromSource(m_model->index(row, AllowlistModel::CidrColumn));
    // The new row alone is selected: QAbstractItemView::setCurrentIndex() would read the Ctrl of
    // Ctrl+Return as "add to the selection", and a following Delete would remove the old row too.
    m_table->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(first);
}

bool AllowlistEditor::pasteText(const QString &text)
{
    const ListFile::ReadResult read = ListFile::parse(text.toUtf8());
    if (!read.ok()) {
        Q_EMIT messageRaised(tr("Nothing pasted: %1").arg(read.error));
        return false;
    }
    QList<AllowlistEntry> entries = read.list.entries();
    for (AllowlistEntry &entry : entries) {
        entry.sourceLine = 0;
        entry.commentsBefore.clear();
    }
    addEntries(entries, tr("Paste entries (%n)", nullptr, int(entries.size())));
    Q_EMIT messageRaised(tr("Entries pasted: %n", nullptr, int(entries.size())));
    return !entries.isEmpty();
}

bool AllowlistEditor::addFromFile(const QString &path)
{
    const ListFile::ReadResult read = ListFile::read(path);
    if (!read.ok()) {
        Q_EMIT messageRaised(tr("Nothing added: %1").arg(read.error));
        return false;
    }
    QList<AllowlistEntry> entries = read.list.entries();
    for (AllowlistEntry &entry : entries)
        entry.sourceLine = 0;
    addEntries(entries, tr("Add entries from a file (%n)", nullptr, int(entries.size())));
    Q_EMIT messageRaised(tr("Entries added from %1: %n", nullptr, int(entries.size())).arg(path));
    return true;
}

void AllowlistEditor::addEmptyEntry()
{
    addEntries({AllowlistEntry{}}, tr("Add entry"));
    m_table->edit(m_table->currentIndex());
}

void AllowlistEditor::removeSelected()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    m_undoStack->push(new RemoveEntriesCommand(m_model, rows, tr("Remove entries (%n)", nullptr, int(rows.size()))));
}

void AllowlistEditor::fixCurrent()
{
    // The row the cursor is on, whatever else is selected.
    const QModelIndex current = m_table->currentIndex();
    const QList<int> rows = selectedSourceRows();
    if (!current.isValid() && rows.isEmpty())
        return;
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() : rows.constFirst();
    const QStringList codes = m_model->index(row, 0).data(AllowlistModel::FindingCodesRole).toStringList();
    const QStringList hostFixes = Validator::hostBitsFixes(m_model->entry(row).text);
    if (codes.contains(FindingCode::HostBits.toString()) && !hostFixes.isEmpty()) {
        // The narrower reading: the typed address alone. The whole network is in the context menu.
        useText(row, hostFixes.constFirst(), tr("Use %1 (just this address)").arg(hostFixes.constFirst()));
        Q_EMIT messageRaised(tr("Now %1, just the typed address; for the whole network %2, undo and use the "
                                "context menu")
                                 .arg(hostFixes.constFirst(), hostFixes.constLast()));
    } else if (const QString prefixed = m_model->entry(row).parsed().netmaskFix; !prefixed.isEmpty()) {
        // 1.2.3.4/255.255.255.0 → 1.2.3.4/24; host bits, if any, are then the next finding to fix.
        useText(row, prefixed, tr("Use %1 (prefix for the netmask)").arg(prefixed));
        const QStringList fixes = Validator::hostBitsFixes(prefixed);
        Q_EMIT messageRaised(fixes.isEmpty() ? tr("Now %1").arg(prefixed)
                                             : tr("Now %1; it has host bits: Ctrl+. again uses %2, the context menu "
                                                  "also offers %3")
                                                   .arg(prefixed, fixes.constFirst(), fixes.constLast()));
    } else if (codes.contains(FindingCode::Duplicate.toString())) {
        // Of the two entries for one network, the fix keeps the one that says more (a label, an
        // owner, an expiry, the canonical form): the later one is flagged, but it may be the
        // labelled original with a typo inserted above it.
        const auto says = [](const AllowlistEntry &e) {
            const ParsedCidr parsed = e.parsed();
            return (e.label.isEmpty() ? 0 : 8) + (e.owner.isEmpty() ? 0 : 4) + (e.expiry.isValid() ? 2 : 0) +
                   (parsed.isIpv4() && parsed.network.toString() == e.text ? 1 : 0);
        };
        int remove = row;
        for (const Finding &finding : m_model->validation().entryFindings.value(row)) {
            if (finding.code == FindingCode::Duplicate.toString() && finding.relatedEntry >= 0 &&
                says(m_model->entry(row)) > says(m_model->entry(finding.relatedEntry)))
                remove = finding.relatedEntry;
        }
        m_undoStack->push(
            new RemoveEntriesCommand(m_model, {remove}, tr("Remove duplicate %1").arg(m_model->entry(remove).text)));
    } else {
        Q_EMIT messageRaised(tr("This entry has no automatic fix."));
    }
}

void AllowlistEditor::useText(int row, const QString &text, const QString &undoText)
{
    AllowlistEntry entry = m_model->entry(row);
    entry.text = text;
    m_undoStack->push(new ReplaceEntryCommand(m_model, row, entry, undoText));
}

void AllowlistEditor::showContextMenu(const QPoint &position)
{
    QMenu menu(this);
    const QModelIndex index = m_table->indexAt(position);
    if (index.isValid()) {
        const QModelIndex source = m_proxy->mapToSource(index);
        const QStringList codes = m_model->index(source.row(), 0).data(AllowlistModel::FindingCodesRole).toStringList();
        const QStringList hostFixes = Validator::hostBitsFixes(m_model->entry(source.row()).text);
        if (codes.contains(FindingCode::HostBits.toString()) && hostFixes.size() == 2) {
            const int row = source.row();
            const QString host = tr("Use %1 (just this address)").arg(hostFixes.constFirst());
            const QString network = tr("Use %1 (the whole network)").arg(hostFixes.constLast());
            QAction *narrow = menu.addAction(
                host, this, [this, row, host, hostFixes] { useText(row, hostFixes.constFirst(), host); });
            narrow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period)); // shown: the one-key fix
            menu.addAction(network, this,
                           [this, row, network, hostFixes] { useText(row, hostFixes.constLast(), network); });
        }
        if (codes.contains(FindingCode::Duplicate.toString()))
            menu.addAction(tr("Remove duplicate"), this, &AllowlistEditor::fixCurrent);
        menu.addAction(tr("Remove"), this, &AllowlistEditor::removeSelected);
        menu.addSeparator();
    }
    menu.addAction(tr("Add entry"), this, &AllowlistEditor::addEmptyEntry);
    menu.addAction(tr("Paste entries"), this, [this] { pasteText(QApplication::clipboard()->text()); });
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void AllowlistEditor::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText())
        event->acceptProposedAction();
}

void AllowlistEditor::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile())
                addFromFile(url.toLocalFile());
        }
    } else if (mime->hasText()) {
        pasteText(mime->text());
    }
    event->acceptProposedAction();
}

void AllowlistEditor::reopenEditor(const QPersistentModelIndex &cell, const QString &typed)
{
    if (!cell.isValid())
        return;
    m_table->setCurrentIndex(cell);
    m_table->edit(cell);
    // The delegate's editor is a line edit on the viewport, focused by edit().
    if (auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        editor && m_table->viewport()->isAncestorOf(editor)) {
        editor->setText(typed);
        editor->selectAll();
    }
}

} // namespace alc::ui
