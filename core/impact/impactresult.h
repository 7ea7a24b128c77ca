#pragma once

#include <rules/ipv4address.h>

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace alc {

// Headline numbers of one list against one dataset. Sign-in counts are rows; allowed/blocked
// cover IPv4 rows only, since IPv6 sources are a category of their own.
struct ImpactSummary
{
    qint64 rows = 0; // IPv4 + IPv6
    qint64 ipv6Rows = 0;
    qint64 skippedRows = 0;
    qint64 allowed = 0;
    qint64 blocked = 0;
    qint64 allowedSuccessful = 0;
    qint64 allowedFailed = 0;
    qint64 blockedSuccessful = 0; // "successful" means not failed: success or unknown outcome
    qint64 blockedFailed = 0;
    qint64 users = 0;
    qint64 usersBlocked = 0; // at least one blocked IPv4 sign-in
    // At least one blocked sign-in that did not fail: people who lose access, not names seen only
    // in failed attempts (a password spray's "admin", "test").
    qint64 usersBlockedSuccessful = 0;
    qint64 usersFullyBlocked = 0; // every IPv4 sign-in blocked
    qint64 usersNewlyBlocked = 0; // at least one sign-in the baseline allowed and the list blocks
    qint64 usersNewlyAllowed = 0; // at least one sign-in the baseline refused and the list admits
    qint64 apps = 0;
    qint64 appsBlocked = 0;
    qint64 distinctIps = 0;
    qint64 ipsBlocked = 0;
    qint64 newlyBlocked = 0; // sign-ins the baseline allows and the list blocks; 0 without baseline
    qint64 newlyAllowed = 0;
    bool hasBaseline = false;
    bool listIsEmpty = true; // an empty list allows everything

    friend bool operator==(const ImpactSummary &, const ImpactSummary &) = default;
};

struct UserImpact
{
    quint32 index = 0; // into Dataset::users()
    QString user;
    quint64 signIns = 0; // IPv4
    quint64 blocked = 0;
    quint64 blockedFailed = 0;
    quint64 newlyBlocked = 0;
    quint64 ipv6SignIns = 0;
    QDateTime lastBlocked; // invalid when nothing is blocked or timestamps are unknown
    QList<Ipv4Address> blockedIps;

    bool isBlocked() const { return blocked > 0; }
    bool isFullyBlocked() const { return signIns > 0 && blocked == signIns; }
};

struct IpImpact
{
    quint32 index = 0; // into Dataset::ips()
    Ipv4Address address;
    quint64 signIns = 0;
    quint64 successful = 0;
    quint64 failed = 0;
    int users = 0;
    bool allowed = true;
    bool baselineAllowed = true;
    QString admittedBy; // the list entry that admits it, widest first; empty when blocked or the list is empty
};

struct AppImpact
{
    QString app;
    quint64 signIns = 0;
    quint64 blocked = 0;
    quint64 blockedFailed = 0;
    int users = 0;
    int usersBlocked = 0;
};

struct DayImpact
{
    QDate day; // invalid for sign-ins without a timestamp
    quint64 signIns = 0;
    quint64 blocked = 0;
    quint64 blockedFailed = 0;
};

} // namespace alc
