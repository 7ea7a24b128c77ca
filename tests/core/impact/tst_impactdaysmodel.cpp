#include <history/historyimporter.h>
#include <impact/impactdaysmodel.h>
#include <rules/allowlist.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace alc;

class TestImpactDaysModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPerDay();
};

void TestImpactDaysModel::countsPerDay()
{
    const ImportResult imported = HistoryImporter().importFiles(
        {qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/generic-basic.csv")});
    QVERIFY(imported.ok());
    ImpactEvaluator evaluator(imported.dataset);
    evaluator.setList(Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")}).networks());
    ImpactDaysModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setEvaluator(&evaluator);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ImpactDaysModel::DayColumn).data().toDate(), QDate(2026, 3, 2));
    QCOMPARE(model.index(0, ImpactDaysModel::SignInsColumn).data().toULongLong(), 3u);
    QCOMPARE(model.index(0, ImpactDaysModel::BlockedColumn).data().toULongLong(), 1u);
    QCOMPARE(model.index(2, ImpactDaysModel::BlockedFailedColumn).data().toULongLong(), 1u);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    evaluator.setList({});
    model.listChanged();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(reset.count(), 1);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, ImpactDaysModel::BlockedColumn).data().toULongLong(), 0u);
}

QTEST_GUILESS_MAIN(TestImpactDaysModel)
#include "tst_impactdaysmodel.moc"
