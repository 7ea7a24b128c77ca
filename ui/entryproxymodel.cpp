#include "entryproxymodel.h"

#include "undocommands.h"

#include <rules/allowlistmodel.h>
#include <rules/listfile.h>

#include <QUndoStack>

namespace alc::ui {

EntryProxyModel::EntryProxyModel(AllowlistModel *source, QUndoStack *undoStack, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
    , m_undoStack(undoStack)
{
    setSourceModel(source);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
}

void EntryProxyModel::setProblemsOnly(bool on)
{
    m_problemsOnly = on;
    invalidateFilter();
}

bool EntryProxyModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid())
        return false;
    const QModelIndex source = mapToSource(index);
    AllowlistEntry entry = m_source->entry(source.row());
    QString what;
    switch (source.column()) {
    case AllowlistModel::CidrColumn: {
        const QString text = value.toString().trimmed();
        if (entry.text == text)
            return true;
        if (text.contains(u'#')) {
            // A line as pasted or as in a list file ("81.2.69.200 # kiosk; owner=ops"): the comment
            // fills the label, owner and expiry it names, as a paste would.
            const ListFile::ReadResult line = ListFile::parse(text.toUtf8());
            if (!line.ok() || line.list.size() != 1) {
                Q_EMIT editRejected(line.ok() ? tr("'%1' is not one entry with its comment.").arg(text)
                                              : tr("'%1' is not one list line: %2").arg(text, line.error),
                                    index, text);
                return false;
            }
            const AllowlistEntry &typed = line.list.entries().constFirst();
            entry.text = typed.text;
            if (!typed.label.isEmpty())
                entry.label = typed.label;
            if (!typed.owner.isEmpty())
                entry.owner = typed.owner;
            if (typed.expiry.isValid())
                entry.expiry = typed.expiry;
        } else {
            entry.text = text;
        }
        what = tr("Edit CIDR");
        break;
    }
    case AllowlistModel::LabelColumn:
        entry.label = value.toString().trimmed();
        what = tr("Edit label");
        break;
    case AllowlistModel::OwnerColumn:
        entry.owner = value.toString().trimmed();
        what = tr("Edit owner");
        break;
    case AllowlistModel::ExpiryColumn: {
        const std::optional<QDate> expiry = AllowlistModel::parseExpiry(value);
        if (!expiry) {
            // Named by row and network: the message outlives the editor, and may be read later.
            Q_EMIT editRejected(tr("Row %1 (%2): '%3' is not a date, so the expiry was not changed. Type "
                                   "YYYY-MM-DD, or nothing for no expiry.")
                                    .arg(QString::number(index.row() + 1), entry.text, value.toString()),
                                index, value.toString());
            return false;
        }
        entry.expiry = *expiry;
        what = tr("Edit expiry");
        break;
    }
    default:
        return false;
    }
    m_undoStack->push(new ReplaceEntryCommand(m_source, source.row(), entry, what));
    return true;
}

bool EntryProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_problemsOnly) {
        const QVariant severity = m_source->index(sourceRow, 0).data(AllowlistModel::SeverityRole);
        if (!severity.isValid() || severity.toInt() == int(Severity::Info))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool EntryProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == AllowlistModel::CidrColumn) {
        // Numeric address order, unparsable text last.
        const ParsedCidr a = m_source->entry(left.row()).parsed();
        const ParsedCidr b = m_source->entry(right.row()).parsed();
        if (a.isIpv4() && b.isIpv4())
            return a.network < b.network;
        if (a.isIpv4() != b.isIpv4())
            return a.isIpv4();
    }
    if (left.column() == AllowlistModel::StatusColumn) {
        return left.data(AllowlistModel::SeverityRole).toInt() < right.data(AllowlistModel::SeverityRole).toInt();
    }
    if (left.column() == AllowlistModel::AddressesColumn) {
        const ParsedCidr a = m_source->entry(left.row()).parsed();
        const ParsedCidr b = m_source->entry(right.row()).parsed();
        return (a.isIpv4() ? a.network.size() : 0) < (b.isIpv4() ? b.network.size() : 0);
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace alc::ui
