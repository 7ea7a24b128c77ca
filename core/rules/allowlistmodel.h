#pragma once

#include "allowlist.h"
#include "validator.h"

#include <QAbstractTableModel>
#include <QDate>

#include <optional>

namespace alc {

// The allowlist as a table: CIDR, label, owner, expiry, status, addresses. Pure data; icons and
// colours are the view's business. Every edit re-validates the whole list (150 entries: cheap).
class AllowlistModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllowlistModel)

public:
    enum Column {
        CidrColumn,
        LabelColumn,
        OwnerColumn,
        ExpiryColumn,
        StatusColumn,
        AddressesColumn,
        SignInsColumn,
        CoversYouColumn,
        ColumnCount
    };
    enum Role { SeverityRole = Qt::UserRole + 1, FindingCodesRole, FixRole };

    explicit AllowlistModel(QObject *parent = nullptr);

    const Allowlist &allowlist() const { return m_list; }
    void setAllowlist(Allowlist list);
    const ValidationResult &validation() const { return m_validation; }
    void setValidationOptions(ValidationOptions options);
    const ValidationOptions &validationOptions() const { return m_options; }
    // Sign-ins from the imported history admitted by each entry (parallel to the entries), or empty.
    void setAdmittedSignIns(QList<qint64> counts);

    AllowlistEntry entry(int row) const { return m_list.entries().at(row); }
    // Inserts whole entries (paste, drop, undo of a removal) in one model change.
    void insertEntries(int row, const QList<AllowlistEntry> &entries);
    void replaceEntry(int row, const AllowlistEntry &entry);
    // An expiry typed in the table: "YYYY-MM-DD", or empty for none; nullopt when not a date.
    static std::optional<QDate> parseExpiry(const QVariant &value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

Q_SIGNALS:
    void validationChanged();

private:
    void revalidate();

    Allowlist m_list;
    ValidationOptions m_options;
    ValidationResult m_validation;
    QList<qint64> m_admittedSignIns;
};

} // namespace alc
