#include "allowlistmodel.h"

#include <QLocale>

#include <algorithm>

namespace alc {
namespace {

Severity worstSeverity(const Findings &findings, bool *any)
{
    Severity worst = Severity::Info;
    *any = !findings.isEmpty();
    for (const Finding &f : findings)
        worst = std::max(worst, f.severity);
    return worst;
}

} // namespace

std::optional<QDate> AllowlistModel::parseExpiry(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QDate)
        return value.toDate();
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return QDate();
    const QDate date = parseExpiryDate(text);
    if (!date.isValid())
        return std::nullopt;
    return date;
}

AllowlistModel::AllowlistModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    revalidate();
}

void AllowlistModel::setAllowlist(Allowlist list)
{
    beginResetModel();
    m_list = std::move(list);
    revalidate();
    endResetModel();
}

void AllowlistModel::setValidationOptions(ValidationOptions options)
{
    m_options = std::move(options);
    revalidate();
    if (!m_list.isEmpty())
        Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, CoversYouColumn));
}

int AllowlistModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_list.size());
}

int AllowlistModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AllowlistModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AllowlistEntry &entry = m_list.entries().at(index.row());
    const Findings &findings = m_validation.entryFindings.at(index.row());

    if (role == SeverityRole) {
        bool any = false;
        const Severity worst = worstSeverity(findings, &any);
        return any ? QVariant(int(worst)) : QVariant();
    }
    if (role == FindingCodesRole) {
        QStringList codes;
        for (const Finding &f : findings)
            codes.append(f.code);
        return codes;
    }
    if (role == FixRole) {
        for (const Finding &f : findings) {
            if (!f.fix.isEmpty() && f.code != FindingCode::BareAddress)
                return f.fix;
        }
        return {};
    }

    const bool display = role == Qt::DisplayRole;
    const bool edit = role == Qt::EditRole;
    switch (index.column()) {
    case CidrColumn:
        return display || edit ? QVariant(entry.text) : QVariant();
    case LabelColumn:
        // The whole label on hover: the column is capped and elides long ones.
        return display || edit || (role == Qt::ToolTipRole && !entry.label.isEmpty()) ? QVariant(entry.label)
                                                                                      : QVariant();
    case OwnerColumn:
        return display || edit ? QVariant(entry.owner) : QVariant();
    case ExpiryColumn:
        if (edit) // edited as text so an expiry can be cleared; YYYY-MM-DD
            return entry.expiry.isValid() ? entry.expiry.toString(Qt::ISODate) : QString();
        if (role == Qt::ToolTipRole)
            return tr("Local expiry date (YYYY-MM-DD); empty: never expires. Genesys does not store it.");
        return display && entry.expiry.isValid() ? QVariant(entry.expiry.toString(Qt::ISODate)) : QVariant();
    case StatusColumn:
        if (display)
            return findings.isEmpty() ? tr("OK") : findings.constFirst().message;
        if (role == Qt::ToolTipRole) {
            QStringList lines;
            for (const Finding &f : findings)
                lines.append(QStringLiteral("%1 [%2]: %3").arg(severityName(f.severity), f.code, f.message));
            return lines.join(u'\n');
        }
        return {};
    case SignInsColumn:
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (display && index.row() < m_admittedSignIns.size())
            return QLocale().toString(m_admittedSignIns.at(index.row()));
        return {};
    case CoversYouColumn: {
        if (!display || m_options.adminIps.isEmpty())
            return {};
        const ParsedCidr parsed = entry.parsed();
        if (!parsed.isIpv4())
            return {};
        for (const Ipv4Address &admin : m_options.adminIps) {
            if (parsed.network.contains(admin))
                return tr("yes");
        }
        return QString();
    }
    case AddressesColumn: {
        if (!display)
            return role == Qt::TextAlignmentRole ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
        const ParsedCidr parsed = entry.parsed();
        return parsed.isIpv4() ? QLocale().toString(qulonglong(parsed.network.size())) : QString();
    }
    default:
        return {};
    }
}

QVariant AllowlistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Short headers leave the table's width to Status and Label; the tooltip says the rest.
    if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && section == SignInsColumn)
        return tr("Sign-ins of the imported history this entry admits");
    if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && section == CoversYouColumn)
        return tr("Whether this entry covers your public address");
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case CidrColumn:
        return tr("CIDR");
    case LabelColumn:
        return tr("Label");
    case OwnerColumn:
        return tr("Owner");
    case ExpiryColumn:
        return tr("Expires");
    case StatusColumn:
        return tr("Status");
    case AddressesColumn:
        return tr("Addresses");
    case SignInsColumn:
        return tr("Sign-ins");
    case CoversYouColumn:
        return tr("Covers you");
    default:
        return {};
    }
}

Qt::ItemFlags AllowlistModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() <= ExpiryColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool AllowlistModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    AllowlistEntry &entry = m_list.entries()[index.row()];
    switch (index.column()) {
    case CidrColumn:
        entry.text = value.toString().trimmed();
        break;
    case LabelColumn:
        entry.label = value.toString().trimmed();
        break;
    case OwnerColumn:
        entry.owner = value.toString().trimmed();
        break;
    case ExpiryColumn: {
        const std::optional<QDate> expiry = parseExpiry(value);
        if (!expiry)
            return false;
        entry.expiry = *expiry;
        break;
    }
    default:
        return false;
    }
    revalidate();
    // One edit can change other rows' findings (duplicates, overlaps), so the status column of every
    // row is refreshed along with the edited cell.
    Q_EMIT dataChanged(index, index);
    Q_EMIT dataChanged(this->index(0, StatusColumn), this->index(rowCount() - 1, CoversYouColumn));
    return true;
}

bool AllowlistModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > rowCount() || count <= 0)
        return false;
    beginInsertRows(parent, row, row + count - 1);
    m_list.entries().insert(row, count, AllowlistEntry{});
    revalidate();
    endInsertRows();
    Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, CoversYouColumn));
    return true;
}

bool AllowlistModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_list.entries().remove(row, count);
    revalidate();
    endRemoveRows();
    if (rowCount() > 0) // removing an entry can clear other rows' duplicate and overlap findings
        Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, CoversYouColumn));
    return true;
}

void AllowlistModel::setAdmittedSignIns(QList<qint64> counts)
{
    m_admittedSignIns = std::move(counts);
    if (!m_list.isEmpty())
        Q_EMIT dataChanged(index(0, SignInsColumn), index(rowCount() - 1, SignInsColumn));
}

void AllowlistModel::insertEntries(int row, const QList<AllowlistEntry> &entries)
{
    if (entries.isEmpty())
        return;
    row = std::clamp(row, 0, rowCount());
    beginInsertRows({}, row, row + int(entries.size()) - 1);
    for (qsizetype i = 0; i < entries.size(); ++i)
        m_list.entries().insert(row + i, entries.at(i));
    revalidate();
    endInsertRows();
    Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, CoversYouColumn));
}

void AllowlistModel::replaceEntry(int row, const AllowlistEntry &entry)
{
    if (row < 0 || row >= rowCount())
        return;
    m_list.entries()[row] = entry;
    revalidate();
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, CoversYouColumn));
}

void AllowlistModel::revalidate()
{
    m_validation = Validator::validate(m_list, m_options);
    Q_EMIT validationChanged();
}

} // namespace alc
