#pragma once

#include <QByteArray>
#include <QDateTime>

namespace alc {

// How often and how long the org client waits before it tries a call again. Tests shrink the
// delays with `scale`; the caps stay the documented ones.
struct RetryPolicy
{
    int maxAttempts = 5;          // total attempts of one call, first one included
    int baseDelayMs = 1000;       // first 5xx backoff; doubles each attempt
    int maxDelayMs = 30000;       // backoff cap
    int retryAfterCapMs = 180000; // Retry-After is honoured up to 180 s
    double scale = 1.0;           // multiplies every wait (tests: 0.001)
    int requestTimeoutMs = 30000; // the whole exchange of one attempt; a timed-out attempt is not retried

    // Exponential backoff with jitter: a random point in [d/2, d], d = min(max, base * 2^(attempt-1)).
    // `jitter` is in [0, 1]; attempt counts from 1.
    int backoffDelayMs(int attempt, double jitter) const;
    // The wait a 429 asks for: Retry-After in seconds or as an HTTP date, capped; backoff when absent.
    int retryAfterDelayMs(const QByteArray &retryAfter, int attempt, double jitter,
                          const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Whether a response status is worth another attempt: 429 and 5xx except 501.
    static bool isRetryableStatus(int status);
};

} // namespace alc
