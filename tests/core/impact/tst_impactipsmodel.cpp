#include <history/historyimporter.h>
#include <impact/impactipsmodel.h>
#include <rules/allowlist.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace alc;

class TestImpactIpsModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsFollowAddressOrder();
    void listChangeUpdatesValuesInPlace();
};

namespace {

std::shared_ptr<const Dataset> fixture()
{
    return HistoryImporter()
        .importFiles({qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/generic-basic.csv")})
        .dataset;
}

} // namespace

void TestImpactIpsModel::rowsFollowAddressOrder()
{
    ImpactEvaluator evaluator(fixture());
    evaluator.setBaseline(Allowlist::fromCidrs({QStringLiteral("185.199.108.0/24")}).networks());
    evaluator.setList(Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")}).networks());
    ImpactIpsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setEvaluator(&evaluator);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 4);
    const QStringList expected = {QStringLiteral("81.2.69.10"), QStringLiteral("81.2.69.200"),
                                  QStringLiteral("93.184.216.34"), QStringLiteral("185.199.108.153")};
    for (int row = 0; row < 4; ++row)
        QCOMPARE(model.index(row, ImpactIpsModel::AddressColumn).data().toString(), expected.at(row));
    QCOMPARE(model.index(0, ImpactIpsModel::AdmittedByColumn).data().toString(), QStringLiteral("81.2.69.0/24"));
    QCOMPARE(model.index(0, ImpactIpsModel::StateColumn).data().toString(), QStringLiteral("newly allowed"));
    QCOMPARE(model.index(3, ImpactIpsModel::StateColumn).data().toString(),
             QStringLiteral("newly blocked")); // the baseline allowed it
    QCOMPARE(model.index(3, ImpactIpsModel::SignInsColumn).data().toULongLong(), 2u);
    QCOMPARE(model.index(3, ImpactIpsModel::FailedColumn).data().toULongLong(), 1u);
    QCOMPARE(model.index(3, ImpactIpsModel::AddressColumn).data(ImpactIpsModel::SortRole).toUInt(),
             Ipv4Address(185, 199, 108, 153).toUInt());
    // Counts line up on the right; addresses and words keep the view's alignment.
    for (const int column : {ImpactIpsModel::SignInsColumn, ImpactIpsModel::FailedColumn, ImpactIpsModel::UsersColumn})
        QCOMPARE(model.index(0, column).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    for (const int column : {ImpactIpsModel::AddressColumn, ImpactIpsModel::StateColumn})
        QVERIFY(!model.index(0, column).data(Qt::TextAlignmentRole).isValid());
}

void TestImpactIpsModel::listChangeUpdatesValuesInPlace()
{
    ImpactEvaluator evaluator(fixture());
    evaluator.setList(Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")}).networks());
    ImpactIpsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvaluator(&evaluator);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    evaluator.setList(Allowlist::fromCidrs({QStringLiteral("93.184.216.0/24")}).networks());
    model.listChanged();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, ImpactIpsModel::StateColumn).data().toString(), QStringLiteral("blocked"));
    QCOMPARE(model.index(2, ImpactIpsModel::AdmittedByColumn).data().toString(), QStringLiteral("93.184.216.0/24"));
}

QTEST_GUILESS_MAIN(TestImpactIpsModel)
#include "tst_impactipsmodel.moc"
