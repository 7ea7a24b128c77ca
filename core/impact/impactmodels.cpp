#include "impactmodels.h"

#include <history/dataset.h>

#include <QLocale>

#include <algorithm>

namespace alc {
namespace {

// Numbers sort as numbers: the views sort on EditRole, display shows grouped digits.
QVariant number(quint64 value, int role)
{
    if (role == Qt::DisplayRole)
        return QLocale().toString(qulonglong(value));
    if (role == Qt::EditRole)
        return qulonglong(value);
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant text(const QString &value, int role)
{
    return role == Qt::DisplayRole || role == Qt::EditRole ? QVariant(value) : QVariant();
}

} // namespace

EntrySignInCounter::EntrySignInCounter(const Dataset &dataset)
    : m_ips(dataset.ips())
{
    m_prefix.resize(m_ips.size() + 1);
    for (size_t i = 0; i < m_ips.size(); ++i)
        m_prefix[i + 1] = m_prefix[i] + dataset.ipRows(quint32(i));
}

QList<qint64> EntrySignInCounter::count(const QList<std::optional<Ipv4Network>> &entries) const
{
    QList<qint64> result;
    result.reserve(entries.size());
    for (const auto &network : entries) {
        if (!network || m_ips.empty()) {
            result.append(0);
            continue;
        }
        const auto first = std::lower_bound(m_ips.begin(), m_ips.end(), network->first().toUInt());
        const auto last = std::upper_bound(m_ips.begin(), m_ips.end(), network->last().toUInt());
        result.append(qint64(m_prefix[size_t(last - m_ips.begin())] - m_prefix[size_t(first - m_ips.begin())]));
    }
    return result;
}

void SuggestionModel::setRows(std::vector<Suggestion> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int SuggestionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SuggestionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SuggestionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Suggestion &s = m_rows[size_t(index.row())];
    switch (index.column()) {
    case NetworkColumn:
        return text(s.network.toString(), role);
    case SignInsColumn:
        return number(s.signIns, role);
    case UsersColumn:
        return number(quint64(s.users), role);
    case IpsColumn:
        return number(quint64(s.ips), role);
    case ExamplesColumn:
        return text(s.sampleUsers.join(QStringLiteral(", ")), role);
    default:
        return {};
    }
}

QVariant SuggestionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NetworkColumn:
        return tr("Add");
    case SignInsColumn:
        return tr("Recovers sign-ins");
    case UsersColumn:
        return tr("Users");
    case IpsColumn:
        return tr("Addresses seen");
    case ExamplesColumn:
        return tr("For example");
    default:
        return {};
    }
}

} // namespace alc
