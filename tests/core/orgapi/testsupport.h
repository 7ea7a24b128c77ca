#pragma once

#include <QDeadlineTimer>
#include <QFuture>
#include <QTest>

#include <optional>

namespace alc::test {

// Spins the event loop until the future finishes; tests only (production code never waits).
template <typename T> std::optional<T> await(QFuture<T> future, int timeoutMs = 15000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(2);
    if (!future.isFinished() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

} // namespace alc::test
