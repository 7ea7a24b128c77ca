#include "importjob.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace alc {

ImportJob::ImportJob(QObject *parent)
    : QObject(parent)
{
    // The coordinator takes one thread (a CSV coordinator parses a share itself, a JSON one only
    // cuts records for one parse task per core) and the hash one more.
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()) + 2);
}

ImportJob::~ImportJob()
{
    cancel();
    m_future.waitForFinished();
}

void ImportJob::start(const QStringList &paths, ImportOptions options)
{
    // A previous import stops at its next chunk; waiting for it keeps one import per job.
    cancel();
    m_future.waitForFinished();
    m_dataset.reset();
    m_notes.clear();
    m_running = true;
    m_progressDone = 0;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    options.pool = &m_pool;

    ImportCallbacks callbacks;
    callbacks.isCanceled = [flag = m_cancel] {
        return flag->load();
    };
    // Progress comes from worker threads; queue it to this object, which drops it once destroyed.
    // Two workers can post in another order than they counted (one descheduled between the two):
    // a figure below one already shown is stale, and the bar never goes back.
    callbacks.progress = [this, flag = m_cancel](qint64 done, qint64 total) {
        if (flag->load())
            return;
        QMetaObject::invokeMethod(
            this,
            [this, flag, done, total] {
                if (flag != m_cancel || done < m_progressDone)
                    return;
                m_progressDone = done;
                Q_EMIT progressChanged(done, total);
            },
            Qt::QueuedConnection);
    };

    m_future = QtConcurrent::run(
        &m_pool, [paths, options, callbacks] { return HistoryImporter(options).importFiles(paths, callbacks); });
    m_future.then(this, [this, flag = m_cancel](const ImportResult &result) {
        if (flag != m_cancel)
            return; // a later start() superseded this import
        m_running = false;
        if (result.canceled || flag->load()) {
            Q_EMIT importCanceled();
        } else if (!result.ok()) {
            Q_EMIT importFailed(result.error);
        } else {
            m_dataset = result.dataset;
            m_notes = result.notes;
            Q_EMIT importFinished();
        }
    });
}

void ImportJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

} // namespace alc
