#include "../../support/filesizelimit.h"

#include <files/savefile.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>

using namespace alc;
using namespace Qt::StringLiterals;

class TestSaveFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAndReplaces();
    void failedWriteKeepsThePreviousFile_data();
    void failedWriteKeepsThePreviousFile();
    void failedWriteCreatesNothing();
    void missingFolderNamesThePath();
    void aFailedFileReplacesNoneOfTheSet_data();
    void aFailedFileReplacesNoneOfTheSet();
    void aSetIsWrittenWhole();
};

namespace {

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

void put(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

const QString TooLarge = QString::fromLocal8Bit(std::strerror(EFBIG)); // "File too large"

} // namespace

void TestSaveFile::writesAndReplaces()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"list.txt"_s);
    QVERIFY(writeFileAtomically(path, "first\n"));
    QCOMPARE(contentOf(path), "first\n");
    QVERIFY(writeFileAtomically(path, "second\n"));
    QCOMPARE(contentOf(path), "second\n");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"list.txt"_s});
}

void TestSaveFile::failedWriteKeepsThePreviousFile_data()
{
    QTest::addColumn<qsizetype>("size");
    // Under QFileDevice's 16 KiB buffer the bytes only reach the disk when flushed: the case a
    // full disk turned into an empty file reported as written.
    QTest::newRow("smaller than the write buffer") << qsizetype(8000);
    QTest::newRow("larger than the write buffer") << qsizetype(40000);
}

// The file-size limit makes write(2) fail with EFBIG as a full disk fails with ENOSPC.
void TestSaveFile::failedWriteKeepsThePreviousFile()
{
    QFETCH(qsizetype, size);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"report.html"_s);
    put(path, "the good report\n");
    bool written = true;
    QString error;
    {
        const FileSizeLimit limit(4096);
        written = writeFileAtomically(path, QByteArray(size, 'x'), &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.startsWith(u"cannot write "_s + path + u": "_s), qPrintable(error));
    QVERIFY2(error.contains(TooLarge), qPrintable(error));
    QCOMPARE(contentOf(path), "the good report\n");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"report.html"_s});
}

void TestSaveFile::failedWriteCreatesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"new.txt"_s);
    bool written = true;
    {
        const FileSizeLimit limit(100);
        written = writeFileAtomically(path, QByteArray(1000, 'x'));
    }
    QVERIFY(!written);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestSaveFile::missingFolderNamesThePath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"no/such/folder/list.txt"_s);
    QString error;
    QVERIFY(!writeFileAtomically(path, "x\n", &error));
    QVERIFY2(error.startsWith(u"cannot write "_s + path + u": "_s), qPrintable(error));
    QVERIFY2(!error.contains(u"Unknown error"_s), qPrintable(error));
}

void TestSaveFile::aFailedFileReplacesNoneOfTheSet_data()
{
    QTest::addColumn<bool>("secondIsAFolder");
    QTest::newRow("the second file cannot be written (too large)") << false;
    QTest::newRow("the second file's path is a folder") << true;
}

void TestSaveFile::aFailedFileReplacesNoneOfTheSet()
{
    QFETCH(bool, secondIsAFolder);
    QTemporaryDir dir;
    const QString users = dir.filePath(u"r.csv"_s);
    const QString signIns = dir.filePath(u"r-blocked-signins.csv"_s);
    put(users, "old users\n");
    if (secondIsAFolder)
        QVERIFY(QDir(dir.path()).mkdir(u"r-blocked-signins.csv"_s));
    else
        put(signIns, "old sign-ins\n");
    bool written = true;
    QString error;
    {
        const FileSizeLimit limit(secondIsAFolder ? RLIM_INFINITY : 4096);
        written = writeFilesAtomically({{users, "new users\n"}, {signIns, QByteArray(8000, 'x')}}, &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.startsWith(u"cannot write "_s + signIns + u": "_s), qPrintable(error));
    QVERIFY2(!error.contains(u"Unknown error"_s), qPrintable(error));
    if (!secondIsAFolder) {
        QVERIFY2(error.contains(TooLarge), qPrintable(error));
        QCOMPARE(contentOf(signIns), "old sign-ins\n");
    }
    QCOMPARE(contentOf(users), "old users\n");
}

void TestSaveFile::aSetIsWrittenWhole()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(u"a.csv"_s);
    const QString b = dir.filePath(u"b.csv"_s);
    put(a, "old a\n");
    QVERIFY(writeFilesAtomically({{a, "new a\n"}, {b, "new b\n"}}));
    QCOMPARE(contentOf(a), "new a\n");
    QCOMPARE(contentOf(b), "new b\n");
}

QTEST_GUILESS_MAIN(TestSaveFile)
#include "tst_savefile.moc"
