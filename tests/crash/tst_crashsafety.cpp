#include <session/sessiondocument.h>

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

class TestCrashSafety final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigkillDuringSaveKeepsAWholeFile();
};

// A process that saves in a loop is killed with SIGKILL at random moments; the file on disk must
// always be one complete session, never a mix or a truncated one.
void TestCrashSafety::sigkillDuringSaveKeepsAWholeFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"review.alcsession"_s);
    const QString stress = QCoreApplication::applicationDirPath() + u"/alc-savestress"_s;
    QVERIFY(QFileInfo::exists(stress));
    QRandomGenerator random(7);
    for (int round = 0; round < 12; ++round) {
        QProcess process;
        process.start(stress, {path});
        QVERIFY(process.waitForReadyRead(20000)); // first save done
        QTest::qWait(int(random.bounded(5, 120)));
        ::kill(pid_t(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);

        alc::SessionDocument read;
        QString error;
        QVERIFY2(alc::SessionFile::read(path, &read, &error), qPrintable(error));
        QVERIFY(read.orgName == u"A"_s || read.orgName == u"B"_s);
        const auto &entries = read.scenarios.at(0).list.entries();
        QCOMPARE(entries.size(), 4000);
        QCOMPARE(entries.last().label, read.orgName + u"3999"_s);
    }
    // The target file is the only session there: no half-written copy under the same suffix.
    QCOMPARE(QDir(dir.path()).entryList({u"*.alcsession"_s}, QDir::Files).size(), 1);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
