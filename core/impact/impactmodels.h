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

// Suggested entries, for the suggestions view (the other impact tables are Impact*Model).
class SuggestionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SuggestionModel)
public:
    enum Column { NetworkColumn, SignInsColumn, UsersColumn, IpsColumn, ExamplesColumn, ColumnCount };
    explicit SuggestionModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    {}
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
