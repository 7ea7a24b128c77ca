#include <history/historyimporter.h>
#include <impact/impactappsmodel.h>
#include <rules/allowlist.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace alc;

class TestImpactAppsModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPerApplication();
};

void TestImpactAppsModel::countsPerApplication()
{
    const ImportResult imported = HistoryImporter().importFiles(
        {qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/generic-basic.csv")});
    QVERIFY(imported.ok());
    ImpactEvaluator evaluator(imported.dataset);
    evaluator.setList(Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")}).networks());
    ImpactAppsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvaluator(&evaluator);
    QCOMPARE(model.rowCount(), 4);
    int salesforce = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, ImpactAppsModel::AppColumn).data().toString() == u"Salesforce")
            salesforce = row;
    }
    QVERIFY(salesforce >= 0);
    QCOMPARE(model.index(salesforce, ImpactAppsModel::SignInsColumn).data().toULongLong(), 2u);
    QCOMPARE(model.index(salesforce, ImpactAppsModel::BlockedColumn).data().toULongLong(), 1u);
    QCOMPARE(model.index(salesforce, ImpactAppsModel::UsersBlockedColumn).data().toInt(), 1);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    evaluator.setList(
        Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24"), QStringLiteral("93.184.216.34")}).networks());
    model.listChanged();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(salesforce, ImpactAppsModel::BlockedColumn).data().toULongLong(), 0u);
    QCOMPARE(model.index(salesforce, ImpactAppsModel::UsersBlockedColumn).data().toInt(), 0);
}

QTEST_GUILESS_MAIN(TestImpactAppsModel)
#include "tst_impactappsmodel.moc"
