#pragma once

#include "impactresult.h"

#include <QDate>
#include <QString>

#include <vector>

namespace alc {

// The per-day impact laid on the calendar for a chart: one bucket per day from the first dated
// sign-in to the last, days without sign-ins included (a weekend is a gap, not nothing). A history
// longer than about two months gets a bucket per week (from Monday), longer than about fifteen
// months one per calendar month, longer than five years one per year, so a chart keeps readable
// bars. The GUI chart and the report's
// charts draw the same buckets.
class CalendarBuckets final
{
public:
    enum class Step { Day, Week, Month, Year };
    struct Bucket
    {
        QDate start;
        quint64 signIns = 0;
        quint64 blocked = 0;
        quint64 blockedFailed = 0;
    };

    static constexpr qint64 MaxDailySpan = 62;        // days
    static constexpr qint64 MaxWeeklySpan = 7 * 62;   // days
    static constexpr qint64 MaxMonthlySpan = 5 * 366; // days; longer (a stray date decades off) is per year

    // Sign-ins without a date (DayImpact::day invalid) are left out.
    explicit CalendarBuckets(const std::vector<DayImpact> &days);

    Step step() const { return m_step; }
    QDate first() const { return m_first; } // the first and last dated sign-in; invalid when none
    QDate last() const { return m_last; }
    const std::vector<Bucket> &buckets() const { return m_buckets; }
    quint64 peak() const; // the most sign-ins in one bucket

    // A short label, distinct for every bucket of one chart: MM-dd, yyyy-MM-dd (week), yyyy-MM or yyyy.
    QString label(const Bucket &bucket) const;
    // The bucket in words for a report: "2026-11-05", "week of 2026-11-02", "2026-11" or "2026",
    // with coverage() in brackets when the bucket is partial.
    QString describe(const Bucket &bucket) const;
    // The last calendar day a bucket spans (its week's Sunday, its month's last day…).
    QDate end(const Bucket &bucket) const;
    // For the first or last week, month or year when the history covers only part of it (a short
    // bar there is the history's edge, not a quiet period): "from 2026-11-04", "to 2026-11-26" or
    // "2026-11-04 – 2026-11-06" for one bucket cut at both ends; empty for a whole bucket or a day.
    QString coverage(const Bucket &bucket) const;
    // "Day", "Week of", "Month" or "Year": a table column's title.
    QString unitTitle() const;
    // "Sign-ins per day", "… per week (from Monday)", "… per month" or "… per year".
    QString title() const;
    // The first and last day in ISO form, "2026-10-28 – 2026-11-26"; empty when nothing is dated.
    QString isoRange() const;

private:
    Step m_step = Step::Day;
    QDate m_first, m_last;
    std::vector<Bucket> m_buckets;
};

} // namespace alc
