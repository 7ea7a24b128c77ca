#include <history/historyimporter.h>
#include <impact/calendarbuckets.h>
#include <impact/impactdaysmodel.h>
#include <rules/allowlist.h>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace alc;

class TestImpactDaysModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPerDay();
    void everyDayHasARow();
    void calendarBucketsKeepEmptyDays();
    void calendarBucketsMatchAReference_data();
    void calendarBucketsMatchAReference();
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

void TestImpactDaysModel::everyDayHasARow()
{
    // Sign-ins on the 1st and the 5th, and one without a date: the 2nd to the 4th are rows with
    // nothing, as they are empty slots in the chart; the undated row comes last.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("gaps.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,user,ip\n2026-03-05T08:00:00Z,a@x.org,81.2.69.1\n,b@x.org,81.2.69.2\n"
               "2026-03-01T08:00:00Z,c@x.org,62.210.16.1\n");
    file.close();
    const ImportResult imported = HistoryImporter().importFiles({file.fileName()});
    QVERIFY(imported.ok());
    ImpactEvaluator evaluator(imported.dataset);
    evaluator.setList(Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")}).networks());
    ImpactDaysModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvaluator(&evaluator);
    QCOMPARE(model.rowCount(), 6);
    for (int row = 0; row < 5; ++row)
        QCOMPARE(model.index(row, ImpactDaysModel::DayColumn).data().toDate(), QDate(2026, 3, 1 + row));
    QCOMPARE(model.index(0, ImpactDaysModel::BlockedColumn).data().toULongLong(), 1u);
    QCOMPARE(model.index(2, ImpactDaysModel::SignInsColumn).data().toULongLong(), 0u);
    QCOMPARE(model.index(4, ImpactDaysModel::SignInsColumn).data().toULongLong(), 1u);
    QCOMPARE(model.index(5, ImpactDaysModel::DayColumn).data().toString(), QStringLiteral("(no timestamp)"));
}

void TestImpactDaysModel::calendarBucketsKeepEmptyDays()
{
    // Out of order, a gap of three days, a sign-in without a date.
    const std::vector<DayImpact> days{{QDate(2026, 3, 6), 5, 2, 1}, {QDate(2026, 3, 1), 3, 0, 0}, {QDate(), 9, 9, 0}};
    const CalendarBuckets calendar(days);
    QCOMPARE(calendar.step(), CalendarBuckets::Step::Day);
    QCOMPARE(calendar.first(), QDate(2026, 3, 1));
    QCOMPARE(calendar.last(), QDate(2026, 3, 6));
    QCOMPARE(calendar.buckets().size(), 6u);
    QCOMPARE(calendar.buckets()[0].signIns, 3u);
    for (int i = 1; i < 5; ++i) {
        QCOMPARE(calendar.buckets()[std::size_t(i)].start, QDate(2026, 3, 1 + i));
        QCOMPARE(calendar.buckets()[std::size_t(i)].signIns, 0u);
    }
    QCOMPARE(calendar.buckets()[5].blocked, 2u);
    QCOMPARE(calendar.buckets()[5].blockedFailed, 1u);
    QCOMPARE(calendar.peak(), 5u);
    QCOMPARE(calendar.label(calendar.buckets()[5]), QStringLiteral("03-06"));
    QCOMPARE(calendar.isoRange(), QStringLiteral("2026-03-01 – 2026-03-06"));

    // A history inside one week: the bar covers Wednesday to Friday of it, and says so.
    const CalendarBuckets weekly({{QDate(2026, 1, 7), 1, 0, 0}, {QDate(2026, 3, 20), 1, 0, 0}});
    QCOMPARE(weekly.step(), CalendarBuckets::Step::Week);
    QCOMPARE(weekly.describe(weekly.buckets().front()), QStringLiteral("week of 2026-01-05 (from 2026-01-07)"));
    QCOMPARE(weekly.describe(weekly.buckets().back()), QStringLiteral("week of 2026-03-16 (to 2026-03-20)"));
    QCOMPARE(weekly.describe(weekly.buckets()[1]), QStringLiteral("week of 2026-01-12"));
    const CalendarBuckets monthly({{QDate(2025, 3, 1), 1, 0, 0}, {QDate(2026, 6, 30), 1, 0, 0}});
    QCOMPARE(monthly.step(), CalendarBuckets::Step::Month);
    QVERIFY(monthly.coverage(monthly.buckets().front()).isEmpty()); // 1 March to 30 June: whole months
    QVERIFY(monthly.coverage(monthly.buckets().back()).isEmpty());
    const CalendarBuckets oneYear({{QDate(2020, 2, 1), 1, 0, 0}, {QDate(2026, 6, 30), 1, 0, 0}});
    QCOMPARE(oneYear.step(), CalendarBuckets::Step::Year);
    QCOMPARE(oneYear.describe(oneYear.buckets().front()), QStringLiteral("2020 (from 2020-02-01)"));

    const CalendarBuckets undated({{QDate(), 4, 1, 0}});
    QVERIFY(undated.buckets().empty());
    QVERIFY(!undated.first().isValid());
    QVERIFY(undated.isoRange().isEmpty());
    QVERIFY(CalendarBuckets({}).buckets().empty());
}

void TestImpactDaysModel::calendarBucketsMatchAReference_data()
{
    QTest::addColumn<int>("spanDays");
    QTest::addColumn<int>("step");
    QTest::newRow("one day") << 1 << int(CalendarBuckets::Step::Day);
    QTest::newRow("two months") << 62 << int(CalendarBuckets::Step::Day);
    QTest::newRow("just over two months") << 63 << int(CalendarBuckets::Step::Week);
    QTest::newRow("a year") << 365 << int(CalendarBuckets::Step::Week);
    QTest::newRow("over a year") << 7 * 62 + 1 << int(CalendarBuckets::Step::Month);
    QTest::newRow("three years, leap day") << 3 * 366 << int(CalendarBuckets::Step::Month);
    QTest::newRow("five years") << 5 * 366 << int(CalendarBuckets::Step::Month);
    QTest::newRow("a stray date decades off") << 55 * 365 << int(CalendarBuckets::Step::Year);
}

void TestImpactDaysModel::calendarBucketsMatchAReference()
{
    QFETCH(int, spanDays);
    QFETCH(int, step);
    QRandomGenerator random{quint32(spanDays)};
    const QDate first(2027, 12, 29); // a Wednesday, near a year's end
    const QDate last = first.addDays(spanDays - 1);
    std::vector<DayImpact> days{{first, 1, 1, 0}, {last, 2, 0, 0}};
    for (int i = 0; i < spanDays / 3; ++i) {
        const quint32 signIns = random.bounded(50u) + 1;
        days.push_back({first.addDays(random.bounded(spanDays)), signIns, random.bounded(signIns + 1), 0});
    }
    const CalendarBuckets calendar(days);
    QCOMPARE(int(calendar.step()), step);

    // Reference: each day's bucket named another way (ISO week number, year and month), summed in a map.
    const auto keyOf = [step](QDate d) {
        if (step == int(CalendarBuckets::Step::Day))
            return d.toJulianDay();
        if (step == int(CalendarBuckets::Step::Week)) {
            int year = 0;
            const int week = d.weekNumber(&year);
            return qint64(year) * 100 + week;
        }
        if (step == int(CalendarBuckets::Step::Month))
            return qint64(d.year()) * 100 + d.month();
        return qint64(d.year());
    };
    // How many days a bucket has on the calendar, and how many of them the history covers.
    const auto lengthOf = [step](QDate d) {
        if (step == int(CalendarBuckets::Step::Day))
            return 1;
        if (step == int(CalendarBuckets::Step::Week))
            return 7;
        if (step == int(CalendarBuckets::Step::Month))
            return d.daysInMonth();
        return d.daysInYear();
    };
    std::map<qint64, std::pair<quint64, quint64>> expected;
    std::map<qint64, int> covered;
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        expected[keyOf(d)]; // every bucket of the range, empty ones too
        ++covered[keyOf(d)];
    }
    for (const DayImpact &day : days) {
        expected[keyOf(day.day)].first += day.signIns;
        expected[keyOf(day.day)].second += day.blocked;
    }
    QCOMPARE(calendar.buckets().size(), expected.size());
    std::set<QString> labels;
    auto want = expected.begin();
    for (const CalendarBuckets::Bucket &bucket : calendar.buckets()) {
        QCOMPARE(keyOf(bucket.start), want->first);
        QCOMPARE(bucket.signIns, want->second.first);
        QCOMPARE(bucket.blocked, want->second.second);
        if (step == int(CalendarBuckets::Step::Week))
            QCOMPARE(bucket.start.dayOfWeek(), 1);
        if (step == int(CalendarBuckets::Step::Month))
            QCOMPARE(bucket.start.day(), 1);
        if (step == int(CalendarBuckets::Step::Year))
            QCOMPARE(bucket.start.dayOfYear(), 1);
        // Only a bucket the history covers in part says so, with the days it covers.
        const bool partial = covered[want->first] < lengthOf(bucket.start);
        const QString part = calendar.coverage(bucket);
        QCOMPARE(!part.isEmpty(), partial);
        QCOMPARE(calendar.end(bucket).addDays(1), bucket.start.addDays(lengthOf(bucket.start)));
        if (partial) {
            QVERIFY2(calendar.describe(bucket).endsWith(u" (" + part + u')'), qPrintable(calendar.describe(bucket)));
            QVERIFY(bucket.start < first || calendar.end(bucket) > last);
        }
        labels.insert(calendar.label(bucket));
        ++want;
    }
    QCOMPARE(labels.size(), calendar.buckets().size()); // a chart axis drops repeated labels
}

QTEST_GUILESS_MAIN(TestImpactDaysModel)
#include "tst_impactdaysmodel.moc"
