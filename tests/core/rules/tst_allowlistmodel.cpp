#include <rules/allowlistmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace alc;
using namespace Qt::StringLiterals;

class TestAllowlistModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesModelTester();
    void editRevalidatesEveryRow();
    void insertAndRemove();
    void expiryIsTypedAsText();
};

void TestAllowlistModel::passesModelTester()
{
    AllowlistModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAllowlist(Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"10.0.0.0/8"_s}));
    model.insertRows(1, 2);
    model.setData(model.index(1, AllowlistModel::CidrColumn), u"62.210.16.0/24"_s);
    model.removeRows(0, 1);
    QCOMPARE(model.rowCount(), 3);
}

void TestAllowlistModel::editRevalidatesEveryRow()
{
    AllowlistModel model;
    model.setAllowlist(Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.0/24"_s}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy validation(&model, &AllowlistModel::validationChanged);
    QVERIFY(!model.data(model.index(0, 0), AllowlistModel::SeverityRole).isValid());

    // Typing the first row's network into the second row makes the second a duplicate.
    QVERIFY(model.setData(model.index(1, AllowlistModel::CidrColumn), u"81.2.69.0/24"_s));
    QCOMPARE(validation.count(), 1);
    QCOMPARE(changed.count(), 2); // the edited cell, then every row's status
    QCOMPARE(model.data(model.index(1, 0), AllowlistModel::FindingCodesRole).toStringList(),
             QStringList{u"duplicate"_s});
    QCOMPARE(model.data(model.index(1, AllowlistModel::StatusColumn)).toString().left(17), u"same network as l"_s);

    QVERIFY(model.setData(model.index(1, AllowlistModel::CidrColumn), u"81.2.69.7/24"_s));
    QCOMPARE(model.data(model.index(1, 0), AllowlistModel::SeverityRole).toInt(), int(Severity::Error));
    QCOMPARE(model.data(model.index(1, 0), AllowlistModel::FixRole).toString(), u"81.2.69.0/24"_s);
    QVERIFY(!model.setData(model.index(1, AllowlistModel::StatusColumn), u"x"_s));
}

void TestAllowlistModel::insertAndRemove()
{
    AllowlistModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(model.insertRows(0, 3));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.validation().errors, 3); // three empty entries
    QVERIFY(model.removeRows(0, 2));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.removeRows(0, 5));
}

void TestAllowlistModel::expiryIsTypedAsText()
{
    AllowlistModel model;
    model.setAllowlist(Allowlist::fromCidrs({u"81.2.69.0/24"_s}));
    const QModelIndex expiry = model.index(0, AllowlistModel::ExpiryColumn);
    QVERIFY(model.setData(expiry, u"2027-03-31"_s));
    QCOMPARE(model.entry(0).expiry, QDate(2027, 3, 31));
    QCOMPARE(expiry.data(Qt::EditRole).toString(), u"2027-03-31"_s);
    QVERIFY(!model.setData(expiry, u"31/03/2027"_s)); // refused, the date stays
    QCOMPARE(model.entry(0).expiry, QDate(2027, 3, 31));
    QVERIFY(model.setData(expiry, u""_s)); // cleared
    QVERIFY(!model.entry(0).expiry.isValid());
}

QTEST_GUILESS_MAIN(TestAllowlistModel)
#include "tst_allowlistmodel.moc"
