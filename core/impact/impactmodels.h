#pragma once

#include "impactresult.h"
#include "suggestions.h"

#include <QAbstractTableModel>

#include <vector>

namespace alc {

class Dataset;

// Sign-ins admitted by each entry of a list: prefix sums over the dataset's sorted IPs make each
// entry one pair of binary searches, cheap enough to refresh on every edit.
class EntrySignInCounter final
{
public:
    EntrySignInCounter() = default;
    explicit EntrySignInCounter(const Dataset &dataset);
    QList<qint64> count(const QList<std::optional<Ipv4Network>> &entries) const;

private:
    std::vector<quint32> m_ips;
    std::vector<quint64> m_prefix; // m_prefix[i] = sign-ins of ips [0, i)
};

// Pure-data table models behind the impact views; the views add sorting and filtering.
class UserImpactModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserImpactModel)
public:
    enum Column { UserColumn, SignInsColumn, BlockedColumn, StateColumn, LastBlockedColumn, IpsColumn, ColumnCount };
    explicit UserImpactModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}
    void setRows(std::vector<UserImpact> rows);
    const std::vector<UserImpact> &rows() const { return m_rows; }
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<UserImpact> m_rows;
};

class IpImpactModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IpImpactModel)
public:
    enum Column { AddressColumn, SignInsColumn, FailedColumn, UsersColumn, StateColumn, AdmittedByColumn, ColumnCount };
    enum Role { AddressRole = Qt::UserRole + 1, DatasetIndexRole };
    explicit IpImpactModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}
    void setRows(std::vector<IpImpact> rows);
    const std::vector<IpImpact> &rows() const { return m_rows; }
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<IpImpact> m_rows;
};

class AppImpactModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppImpactModel)
public:
    enum Column { AppColumn, SignInsColumn, BlockedColumn, UsersColumn, UsersBlockedColumn, ColumnCount };
    explicit AppImpactModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}
    void setRows(std::vector<AppImpact> rows);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<AppImpact> m_rows;
};

class SuggestionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SuggestionModel)
public:
    enum Column { NetworkColumn, SignInsColumn, UsersColumn, IpsColumn, ExamplesColumn, ColumnCount };
    explicit SuggestionModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}
    void setRows(std::vector<Suggestion> rows);
    const std::vector<Suggestion> &rows() const { return m_rows; }
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Suggestion> m_rows;
};

} // namespace alc
