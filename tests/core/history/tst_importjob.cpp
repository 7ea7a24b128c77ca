#include <history/importjob.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace alc;

namespace {

// A history big enough to take many chunks, so a cancel lands mid-import.
QString writeHistory(const QTemporaryDir &dir, int rows)
{
    const QString path = dir.filePath(QStringLiteral("history.csv"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    QByteArray text = "timestamp,user,ip,app,result\n";
    for (int i = 0; i < rows; ++i)
        text += "2026-03-01T10:00:00Z,user" + QByteArray::number(i % 997) + "@x.example,81.2." +
                QByteArray::number(i % 250) + "." + QByteArray::number(i % 200) + ",Genesys Cloud,success\n";
    out.write(text);
    return path;
}

} // namespace

class TestImportJob final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsWithProgress();
    void failureLeavesNoDataset();
    void cancelLeavesNoDataset();
    void destroyingARunningJobIsSafe();
};

void TestImportJob::importsWithProgress()
{
    QTemporaryDir dir;
    const QString path = writeHistory(dir, 20000);
    ImportJob job;
    QSignalSpy progress(&job, &ImportJob::progressChanged);
    QSignalSpy finished(&job, &ImportJob::importFinished);
    QSignalSpy failed(&job, &ImportJob::importFailed);
    ImportOptions options;
    options.chunkBytes = 64 * 1024;
    job.start({path}, options);
    QVERIFY(job.isRunning());
    QVERIFY(!job.dataset());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!job.isRunning());
    QVERIFY(job.dataset());
    QCOMPARE(job.dataset()->rows(), 20000);
    QVERIFY(progress.count() > 1);
    const qint64 total = QFile(path).size();
    QCOMPARE(progress.constLast().at(0).toLongLong(), total);
    QCOMPARE(progress.constLast().at(1).toLongLong(), total);
}

void TestImportJob::failureLeavesNoDataset()
{
    ImportJob job;
    QSignalSpy failed(&job, &ImportJob::importFailed);
    job.start({qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/not-a-log.json")});
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.constFirst().at(0).toString().contains(QStringLiteral("not-a-log.json")));
    QVERIFY(!job.dataset());
}

void TestImportJob::cancelLeavesNoDataset()
{
    QTemporaryDir dir;
    const QString path = writeHistory(dir, 400000);
    ImportJob job;
    QSignalSpy canceled(&job, &ImportJob::importCanceled);
    QSignalSpy finished(&job, &ImportJob::importFinished);
    bool canceledOnce = false;
    connect(&job, &ImportJob::progressChanged, this, [&](qint64 done, qint64 total) {
        if (!canceledOnce && done < total) {
            canceledOnce = true;
            job.cancel();
        }
    });
    ImportOptions options;
    options.chunkBytes = 16 * 1024;
    options.threads = 1; // one share: the cancel is seen between chunks, long before the end
    job.start({path}, options);
    QVERIFY(canceled.wait(20000));
    QVERIFY(canceledOnce);
    QCOMPARE(finished.count(), 0);
    QVERIFY(!job.dataset());
    QVERIFY(!job.isRunning());
}

void TestImportJob::destroyingARunningJobIsSafe()
{
    QTemporaryDir dir;
    const QString path = writeHistory(dir, 200000);
    auto job = std::make_unique<ImportJob>();
    int signals = 0;
    connect(job.get(), &ImportJob::importFinished, this, [&signals] { ++signals; });
    connect(job.get(), &ImportJob::importCanceled, this, [&signals] { ++signals; });
    connect(job.get(), &ImportJob::progressChanged, this, [&signals] { ++signals; });
    job->start({path});
    job.reset(); // cancels and waits for the workers
    // Nothing queued by the workers may reach the receivers of a destroyed job.
    QTest::qWait(200);
    QCOMPARE(signals, 0);
}

QTEST_GUILESS_MAIN(TestImportJob)
#include "tst_importjob.moc"
