#include "calendarbuckets.h"

#include <algorithm>

namespace alc {

CalendarBuckets::CalendarBuckets(const std::vector<DayImpact> &days)
{
    for (const DayImpact &day : days) {
        if (!day.day.isValid())
            continue;
        m_first = m_first.isValid() ? std::min(m_first, day.day) : day.day;
        m_last = m_last.isValid() ? std::max(m_last, day.day) : day.day;
    }
    if (!m_first.isValid())
        return;
    const qint64 span = m_first.daysTo(m_last) + 1;
    m_step = span <= MaxDailySpan     ? Step::Day
             : span <= MaxWeeklySpan  ? Step::Week
             : span <= MaxMonthlySpan ? Step::Month
                                      : Step::Year;
    const auto startOf = [this](QDate date) {
        switch (m_step) {
        case Step::Day:
            break;
        case Step::Week:
            return date.addDays(1 - date.dayOfWeek()); // the Monday
        case Step::Month:
            return QDate(date.year(), date.month(), 1);
        case Step::Year:
            return QDate(date.year(), 1, 1);
        }
        return date;
    };
    for (QDate start = startOf(m_first); start <= m_last;) {
        m_buckets.push_back({start});
        start = m_step == Step::Day     ? start.addDays(1)
                : m_step == Step::Week  ? start.addDays(7)
                : m_step == Step::Month ? start.addMonths(1)
                                        : start.addYears(1);
    }
    const QDate origin = m_buckets.front().start;
    for (const DayImpact &day : days) {
        if (!day.day.isValid())
            continue;
        const QDate start = startOf(day.day);
        const auto index =
            std::size_t(m_step == Step::Day     ? origin.daysTo(start)
                        : m_step == Step::Week  ? origin.daysTo(start) / 7
                        : m_step == Step::Month ? (start.year() - origin.year()) * 12 + (start.month() - origin.month())
                                                : start.year() - origin.year());
        Bucket &bucket = m_buckets[index];
        bucket.signIns += day.signIns;
        bucket.blocked += day.blocked;
        bucket.blockedFailed += day.blockedFailed;
    }
}

quint64 CalendarBuckets::peak() const
{
    quint64 peak = 0;
    for (const Bucket &bucket : m_buckets)
        peak = std::max(peak, bucket.signIns);
    return peak;
}

QString CalendarBuckets::label(const Bucket &bucket) const
{
    // Every label distinct: a chart axis may drop a repeated one (day numbers repeat after a month).
    switch (m_step) {
    case Step::Day:
        return bucket.start.toString(QStringLiteral("MM-dd"));
    case Step::Week:
        return bucket.start.toString(QStringLiteral("yyyy-MM-dd"));
    case Step::Month:
        return bucket.start.toString(QStringLiteral("yyyy-MM"));
    case Step::Year:
        return bucket.start.toString(QStringLiteral("yyyy"));
    }
    return {};
}

QString CalendarBuckets::title() const
{
    switch (m_step) {
    case Step::Day:
        return QStringLiteral("Sign-ins per day");
    case Step::Week:
        return QStringLiteral("Sign-ins per week (from Monday)");
    case Step::Month:
        return QStringLiteral("Sign-ins per month");
    case Step::Year:
        return QStringLiteral("Sign-ins per year");
    }
    return {};
}

QString CalendarBuckets::describe(const Bucket &bucket) const
{
    switch (m_step) {
    case Step::Day:
        return bucket.start.toString(Qt::ISODate);
    case Step::Week:
        return QStringLiteral("week of %1").arg(bucket.start.toString(Qt::ISODate));
    case Step::Month:
    case Step::Year:
        return label(bucket);
    }
    return {};
}

QString CalendarBuckets::unitTitle() const
{
    switch (m_step) {
    case Step::Day:
        return QStringLiteral("Day");
    case Step::Week:
        return QStringLiteral("Week of");
    case Step::Month:
        return QStringLiteral("Month");
    case Step::Year:
        return QStringLiteral("Year");
    }
    return {};
}

QString CalendarBuckets::isoRange() const
{
    if (!m_first.isValid())
        return {};
    return m_first.toString(Qt::ISODate) + QStringLiteral(" – ") + m_last.toString(Qt::ISODate);
}

} // namespace alc
