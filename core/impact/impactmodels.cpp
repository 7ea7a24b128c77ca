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

EntrySignInCounter::EntrySignInCounter(const Dataset &dataset) : m_ips(dataset.ips())
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

void UserImpactModel::setRows(std::vector<UserImpact> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int UserImpactModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UserImpactModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserImpactModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserImpact &u = m_rows[size_t(index.row())];
    switch (index.column()) {
    case UserColumn:
        return text(u.user, role);
    case SignInsColumn:
        return number(u.signIns, role);
    case BlockedColumn:
        return number(u.blocked, role);
    case StateColumn:
        return text(!u.isBlocked() ? tr("allowed") : u.isFullyBlocked() ? tr("fully blocked") : tr("partly blocked"),
                    role);
    case LastBlockedColumn:
        return text(u.lastBlocked.isValid() ? u.lastBlocked.toString(Qt::ISODate) : QString(), role);
    case IpsColumn: {
        QStringList ips;
        for (const Ipv4Address &ip : u.blockedIps)
            ips.append(ip.toString());
        return text(ips.join(QStringLiteral(", ")), role);
    }
    default:
        return {};
    }
}

QVariant UserImpactModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UserColumn:
        return tr("User");
    case SignInsColumn:
        return tr("Sign-ins");
    case BlockedColumn:
        return tr("Blocked");
    case StateColumn:
        return tr("State");
    case LastBlockedColumn:
        return tr("Last blocked (UTC)");
    case IpsColumn:
        return tr("Blocked from");
    default:
        return {};
    }
}

void IpImpactModel::setRows(std::vector<IpImpact> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int IpImpactModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IpImpactModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IpImpactModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const IpImpact &ip = m_rows[size_t(index.row())];
    if (role == AddressRole)
        return ip.address.toString();
    if (role == DatasetIndexRole)
        return ip.index;
    switch (index.column()) {
    case AddressColumn:
        if (role == Qt::EditRole)
            return ip.address.toUInt(); // numeric order
        return text(ip.address.toString(), role);
    case SignInsColumn:
        return number(ip.signIns, role);
    case FailedColumn:
        return number(ip.failed, role);
    case UsersColumn:
        return number(quint64(ip.users), role);
    case StateColumn:
        return text(ip.allowed ? tr("allowed") : ip.baselineAllowed ? tr("newly blocked") : tr("blocked"), role);
    case AdmittedByColumn:
        return text(ip.admittedBy, role);
    default:
        return {};
    }
}

QVariant IpImpactModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AddressColumn:
        return tr("Address");
    case SignInsColumn:
        return tr("Sign-ins");
    case FailedColumn:
        return tr("Failed");
    case UsersColumn:
        return tr("Users");
    case StateColumn:
        return tr("State");
    case AdmittedByColumn:
        return tr("Admitted by");
    default:
        return {};
    }
}

void AppImpactModel::setRows(std::vector<AppImpact> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int AppImpactModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AppImpactModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AppImpactModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AppImpact &app = m_rows[size_t(index.row())];
    switch (index.column()) {
    case AppColumn:
        return text(app.app, role);
    case SignInsColumn:
        return number(app.signIns, role);
    case BlockedColumn:
        return number(app.blocked, role);
    case UsersColumn:
        return number(quint64(app.users), role);
    case UsersBlockedColumn:
        return number(quint64(app.usersBlocked), role);
    default:
        return {};
    }
}

QVariant AppImpactModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AppColumn:
        return tr("Application");
    case SignInsColumn:
        return tr("Sign-ins");
    case BlockedColumn:
        return tr("Blocked");
    case UsersColumn:
        return tr("Users");
    case UsersBlockedColumn:
        return tr("Users blocked");
    default:
        return {};
    }
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
        return tr("Addresses");
    case ExamplesColumn:
        return tr("For example");
    default:
        return {};
    }
}

} // namespace alc
