#include "calendarbuckets.h"

#include <algorithm>
#include <array>

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
    for (const DayImpact &day : days) {
        if (!day.day.isValid())
            continue;
        // The day's bucket, found among the sorted starts.
        const QDate start = startOf(day.day);
        const auto at = std::lower_bound(m_buckets.begin(), m_buckets.end(), start,
                                         [](const Bucket &b, QDate d) { return b.start < d; });
        Bucket &bucket = *at;
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

namespace {

// What each step is called. Labels are distinct for every bucket of one chart: a chart axis may
// drop a repeated one (day numbers repeat after a month).
struct StepText
{
    const char *labelFormat;
    const char *title;
    const char *unit;
};
constexpr std::array<StepText, 4> stepTexts{{
    {"MM-dd", "Sign-ins per day", "Day"},
    {"yyyy-MM-dd", "Sign-ins per week (from Monday)", "Week of"},
    {"yyyy-MM", "Sign-ins per month", "Month"},
    {"yyyy", "Sign-ins per year", "Year"},
}};

const StepText &textOf(CalendarBuckets::Step step)
{
    return stepTexts[std::size_t(step)];
}

} // namespace

QString CalendarBuckets::label(const Bucket &bucket) const
{
    return bucket.start.toString(QLatin1StringView(textOf(m_step).labelFormat));
}

QString CalendarBuckets::title() const
{
    return QLatin1StringView(textOf(m_step).title);
}

QString CalendarBuckets::unitTitle() const
{
    return QLatin1StringView(textOf(m_step).unit);
}

QString CalendarBuckets::describe(const Bucket &bucket) const
{
    QString text;
    switch (m_step) {
    case Step::Day:
        return bucket.start.toString(Qt::ISODate);
    case Step::Week:
        text = QStringLiteral("week of %1").arg(bucket.start.toString(Qt::ISODate));
        break;
    case Step::Month:
    case Step::Year:
        text = label(bucket);
        break;
    }
    const QString part = coverage(bucket);
    return part.isEmpty() ? text : text + QStringLiteral(" (") + part + u')';
}

QDate CalendarBuckets::end(const Bucket &bucket) const
{
    switch (m_step) {
    case Step::Day:
        return bucket.start;
    case Step::Week:
        return bucket.start.addDays(6);
    case Step::Month:
        return bucket.start.addMonths(1).addDays(-1);
    case Step::Year:
        return bucket.start.addYears(1).addDays(-1);
    }
    return bucket.start;
}

QString CalendarBuckets::coverage(const Bucket &bucket) const
{
    if (m_step == Step::Day || !m_first.isValid())
        return {};
    const bool cutBefore = bucket.start < m_first;
    const bool cutAfter = end(bucket) > m_last;
    if (cutBefore && cutAfter)
        return m_first.toString(Qt::ISODate) + QStringLiteral(" – ") + m_last.toString(Qt::ISODate);
    if (cutBefore)
        return QStringLiteral("from ") + m_first.toString(Qt::ISODate);
    if (cutAfter)
        return QStringLiteral("to ") + m_last.toString(Qt::ISODate);
    return {};
}

QString CalendarBuckets::isoRange() const
{
    if (!m_first.isValid())
        return {};
    return m_first.toString(Qt::ISODate) + QStringLiteral(" – ") + m_last.toString(Qt::ISODate);
}

} // namespace alc
