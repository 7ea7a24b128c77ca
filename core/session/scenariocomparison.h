#pragma once

#include "sessiondocument.h"

#include <history/dataset.h>

#include <memory>
#include <optional>

namespace alc {

// One scenario's figures, for comparing several on the same history.
struct ScenarioFigures
{
    QString name;
    int entries = 0;
    int errors = 0;
    int warnings = 0;
    bool hasImpact = false;
    qint64 blocked = 0;
    qint64 blockedSuccessful = 0;
    qint64 usersBlocked = 0;
    qint64 usersBlockedSuccessful = 0; // who lose access, not names seen only in failed attempts
    qint64 usersFullyBlocked = 0;
    qint64 newlyBlocked = 0;
    qint64 newlyAllowed = 0;
    std::optional<bool> adminCovered;
    QString fingerprint;
};

// Evaluates every scenario against the same dataset and baseline (either may be absent).
QList<ScenarioFigures> compareScenarios(const QList<Scenario> &scenarios, const std::shared_ptr<const Dataset> &dataset,
                                        const QStringList &baseline, const QList<Ipv4Address> &adminIps);

// What the history saw from inside one network, and what each of several lists blocks of it: why a
// network that one scenario has and another lacks matters. Counts are sign-in rows.
struct NetworkHistory
{
    struct Blocked
    {
        qint64 signIns = 0;
        qint64 users = 0;
    };
    qint64 signIns = 0;
    qint64 successful = 0;
    qint64 users = 0;
    QList<Blocked> blockedBy; // per list, in the order given (an empty list blocks nothing)
};
// One per network, in the order given; each list is compiled once for all of them.
QList<NetworkHistory> networkHistories(const Dataset &dataset, const QList<Ipv4Network> &networks,
                                       const QList<Allowlist> &lists);

} // namespace alc
