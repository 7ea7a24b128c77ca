#pragma once

#include "historyimporter.h"

#include <QFuture>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace alc {

// Imports history files off the calling (GUI) thread. Progress arrives as signals on the job's
// thread; the dataset is handed over only when every file was read, so a cancel or a failure
// never leaves a partial dataset behind.
class ImportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportJob)

public:
    explicit ImportJob(QObject *parent = nullptr);
    ~ImportJob() override; // cancels and waits: the workers read members of this object

    void start(const QStringList &paths, ImportOptions options = {});
    void cancel();
    bool isRunning() const { return m_running; }

    // The result of the last successful import; null before, during, and after a failed one.
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    // ImportResult::notes of the last successful import.
    const QStringList &notes() const { return m_notes; }

Q_SIGNALS:
    void progressChanged(qint64 done, qint64 total);
    void importFinished();
    void importFailed(const QString &message);
    void importCanceled();

private:
    QThreadPool m_pool; // own workers, so an import never starves other QtConcurrent users
    QFuture<ImportResult> m_future;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<const Dataset> m_dataset;
    QStringList m_notes;
    bool m_running = false;
    qint64 m_progressDone = 0; // the most reported so far: progress never goes back
};

} // namespace alc
