#include <history/historyimporter.h>
#include <impact/impactusersmodel.h>
#include <rules/allowlist.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace alc;

class TestImpactUsersModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void showsEveryUser();
    void listChangeUpdatesValuesInPlace();
    void removingTheEvaluatorEmptiesTheTable();

private:
    QModelIndex cell(const QString &user, int column) const;
    std::shared_ptr<const Dataset> m_dataset;
    std::unique_ptr<ImpactEvaluator> m_evaluator;
    std::unique_ptr<ImpactUsersModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestImpactUsersModel::init()
{
    const ImportResult result = HistoryImporter().importFiles(
        {qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/generic-basic.csv")});
    QVERIFY(result.ok());
    m_dataset = result.dataset;
    m_evaluator = std::make_unique<ImpactEvaluator>(m_dataset);
    m_evaluator->setList(Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")}).networks());
    m_model = std::make_unique<ImpactUsersModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setEvaluator(m_evaluator.get());
}

QModelIndex TestImpactUsersModel::cell(const QString &user, int column) const
{
    return m_model->index(int(m_dataset->users().indexOf(user)), column);
}

void TestImpactUsersModel::showsEveryUser()
{
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->columnCount(), int(ImpactUsersModel::ColumnCount));
    const QString erin = QStringLiteral("erin@example.com");
    QCOMPARE(cell(erin, ImpactUsersModel::UserColumn).data().toString(), erin);
    QCOMPARE(cell(erin, ImpactUsersModel::BlockedColumn).data().toULongLong(), 2u);
    QCOMPARE(cell(erin, ImpactUsersModel::StatusColumn).data().toString(), QStringLiteral("fully blocked"));
    QCOMPARE(cell(erin, ImpactUsersModel::BlockedIpsColumn).data().toString(), QStringLiteral("185.199.108.153"));
    QCOMPARE(cell(QStringLiteral("bob@example.com"), ImpactUsersModel::StatusColumn).data().toString(),
             QStringLiteral("partly blocked"));
    QCOMPARE(cell(QStringLiteral("alice@example.com"), ImpactUsersModel::StatusColumn)
                 .data(ImpactUsersModel::SortRole)
                 .toInt(),
             0);
    QCOMPARE(m_model->headerData(ImpactUsersModel::BlockedColumn, Qt::Horizontal).toString(),
             QStringLiteral("Blocked"));
}

void TestImpactUsersModel::listChangeUpdatesValuesInPlace()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_evaluator->setList(
        Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24"), QStringLiteral("185.199.108.0/24")}).networks());
    m_model->listChanged();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.constFirst().at(0).toModelIndex(), m_model->index(0, 0));
    QCOMPARE(changed.constFirst().at(1).toModelIndex(), m_model->index(3, ImpactUsersModel::ColumnCount - 1));
    QCOMPARE(cell(QStringLiteral("erin@example.com"), ImpactUsersModel::BlockedColumn).data().toULongLong(), 0u);
    QCOMPARE(cell(QStringLiteral("erin@example.com"), ImpactUsersModel::StatusColumn).data().toString(),
             QStringLiteral("allowed"));
}

void TestImpactUsersModel::removingTheEvaluatorEmptiesTheTable()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setEvaluator(nullptr);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->listChanged();
    QCOMPARE(changed.count(), 0);
}

QTEST_GUILESS_MAIN(TestImpactUsersModel)
#include "tst_impactusersmodel.moc"
