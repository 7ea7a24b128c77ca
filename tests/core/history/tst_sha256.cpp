#include <history/sha256.h>

#include <QCryptographicHash>
#include <QTest>

using namespace alc;

class TestSha256 final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesQt_data();
    void matchesQt();
};

void TestSha256::matchesQt_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("piece"); // bytes per addData call
    QTest::newRow("empty input") << 0 << 1;
    QTest::newRow("one byte") << 1 << 1;
    QTest::newRow("55 bytes: padding fits the block") << 55 << 55;
    QTest::newRow("56 bytes: padding needs a second block") << 56 << 56;
    QTest::newRow("exactly one block") << 64 << 64;
    QTest::newRow("one block and a byte, fed bytewise") << 65 << 1;
    QTest::newRow("odd pieces across blocks") << 1000 << 7;
    QTest::newRow("a megabyte in large pieces") << (1 << 20) << 65536 + 3;
}

void TestSha256::matchesQt()
{
    QFETCH(int, length);
    QFETCH(int, piece);
    QByteArray data(length, Qt::Uninitialized);
    for (int i = 0; i < length; ++i)
        data[i] = char((i * 131 + 7) & 0xff);
    Sha256 hash;
    for (int at = 0; at < length; at += piece)
        hash.addData(data.constData() + at, std::size_t(std::min(piece, length - at)));
    QCOMPARE(hash.hexResult(), QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
