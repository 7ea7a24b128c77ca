#include "retrypolicy.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace alc {

int RetryPolicy::backoffDelayMs(int attempt, double jitter) const
{
    const double exponent = std::clamp(attempt - 1, 0, 20);
    const double full = std::min(double(maxDelayMs), double(baseDelayMs) * std::pow(2.0, exponent));
    const double delay = full / 2.0 + full / 2.0 * std::clamp(jitter, 0.0, 1.0);
    return int(std::lround(delay * scale));
}

int RetryPolicy::retryAfterDelayMs(const QByteArray &retryAfter, int attempt, double jitter, const QDateTime &now) const
{
    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return backoffDelayMs(attempt, jitter);
    bool isNumber = false;
    const qint64 seconds = value.toLongLong(&isNumber);
    qint64 ms = 0;
    if (isNumber) {
        ms = std::max<qint64>(0, seconds) * 1000;
    } else {
        // HTTP-date, e.g. "Wed, 21 Oct 2026 07:28:00 GMT".
        const QDateTime local =
            QLocale::c().toDateTime(QString::fromLatin1(value), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (!local.isValid())
            return backoffDelayMs(attempt, jitter);
        const QDateTime when(local.date(), local.time(), Qt::UTC);
        ms = std::max<qint64>(0, now.msecsTo(when));
    }
    ms = std::min<qint64>(ms, retryAfterCapMs);
    return int(std::llround(double(ms) * scale));
}

bool RetryPolicy::isRetryableStatus(int status)
{
    return status == 429 || (status >= 500 && status <= 599 && status != 501);
}

} // namespace alc
