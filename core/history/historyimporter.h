#pragma once

#include "dataset.h"
#include "historyformat.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QThreadPool;

namespace alc {

// Header names that override detection, for CSV files whose columns have unusual names.
// Empty members keep the detected column.
struct ColumnMapping
{
    QString timestamp;
    QString user;
    QString ip;
    QString app;
    QString result;

    bool isEmpty() const
    {
        return timestamp.isEmpty() && user.isEmpty() && ip.isEmpty() && app.isEmpty() && result.isEmpty();
    }
    // Roles as the CLI's --column and session files name them: time, user, ip, app, result.
    QMap<QString, QString> roles() const;
    // False when `role` is none of those (any case) or the header is empty.
    bool setRole(const QString &role, const QString &header);
    friend bool operator==(const ColumnMapping &, const ColumnMapping &) = default;
};

struct ImportOptions
{
    HistoryFormat format = HistoryFormat::Auto;
    ColumnMapping columns;
    int threads = 0;               // parse workers per file; 0 = one per core
    QThreadPool *pool = nullptr;   // where workers run; nullptr = the global pool
    qint64 chunkBytes = 256 << 10; // read size; bounds memory per worker
};

// Called from worker threads; both must be thread-safe and cheap.
struct ImportCallbacks
{
    std::function<bool()> isCanceled;
    std::function<void(qint64 done, qint64 total)> progress;
};

struct ImportResult
{
    std::shared_ptr<const Dataset> dataset; // null unless the whole import succeeded
    QString error;                          // names the file and what is wrong with it
    // Said to the user, not errors: a file whose content equals an earlier one's is read but not
    // counted (its sign-ins would count twice), and this says so.
    QStringList notes;
    bool canceled = false;
    bool ok() const { return dataset != nullptr; }
};

// Reads sign-in history files into one Dataset: detects each file's format, streams it in chunks,
// parses large CSV files on several cores, and counts bad rows by reason instead of stopping.
// All-or-nothing: an unreadable or unrecognised file, or a cancel, yields no dataset. A file with
// the same SHA-256 as an earlier one is left out of the dataset, with a note.
class HistoryImporter final
{
public:
    explicit HistoryImporter(ImportOptions options = {})
        : m_options(std::move(options))
    {}

    ImportResult importFiles(const QStringList &paths, const ImportCallbacks &callbacks = {}) const;

private:
    ImportOptions m_options;
};

} // namespace alc
