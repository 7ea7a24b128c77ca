#pragma once

#include "impactresult.h"

#include <history/dataset.h>
#include <rules/ipv4network.h>
#include <rules/matcher.h>

#include <memory>
#include <vector>

namespace alc {

// Replays allowlists against an imported history. Holds the allowed state of every distinct IP
// and the running totals; setList() after an edit only revisits the IPs inside the networks that
// were added or removed, so a live table can re-evaluate on every keystroke.
class ImpactEvaluator final
{
public:
    explicit ImpactEvaluator(std::shared_ptr<const Dataset> dataset);

    const Dataset &dataset() const { return *m_dataset; }
    const std::shared_ptr<const Dataset> &sharedDataset() const { return m_dataset; }

    // The live list to compare with; without one, newlyBlocked/newlyAllowed stay 0.
    void setBaseline(const std::vector<Ipv4Network> &networks);
    void clearBaseline();

    // Evaluates a proposed list (entries in list order; duplicates allowed).
    void setList(const std::vector<Ipv4Network> &networks);
    const std::vector<Ipv4Network> &list() const { return m_networks; }

    const ImpactSummary &summary() const { return m_summary; }
    bool isAllowed(quint32 ipIndex) const { return m_allowed[ipIndex] != 0; }
    bool isBaselineAllowed(quint32 ipIndex) const { return m_baselineAllowed[ipIndex] != 0; }
    // Blocked IPv4 sign-ins of a user, kept current incrementally.
    quint64 userBlocked(quint32 user) const { return m_userBlocked[user]; }

    // Table rows for the GUI and reports, computed on demand from the current state.
    UserImpact user(quint32 index) const;
    std::vector<UserImpact> users(bool blockedOnly = false) const;
    IpImpact ip(quint32 index) const;
    std::vector<IpImpact> ips(bool blockedOnly = false) const;
    // Blocked IPs, most sign-ins first.
    std::vector<IpImpact> topBlockedIps(int count) const;
    std::vector<AppImpact> apps() const;
    std::vector<DayImpact> days() const;

private:
    void indexDays();
    void recomputeAll();
    // Writes out[0 .. last-first) for IPs [first, last) under matcher (an empty list allows all).
    void computeAllowed(const Matcher &matcher, quint32 first, quint32 last, quint8 *out) const;
    void applyBlocked(quint32 ip, bool blocked);
    void addUserBlocked(quint32 user, qint64 delta, qint64 successfulDelta);
    void addUserNewlyBlocked(quint32 user, qint64 delta);
    void addUserNewlyAllowed(quint32 user, qint64 delta);
    void addAppBlocked(quint32 app, qint64 delta);

    std::shared_ptr<const Dataset> m_dataset;
    std::vector<Ipv4Network> m_networks;
    Matcher m_matcher;
    bool m_hasBaseline = false;
    std::vector<quint8> m_allowed;
    std::vector<quint8> m_baselineAllowed;
    std::vector<quint64> m_userBlocked;
    std::vector<quint64> m_userNewlyBlocked;
    std::vector<quint64> m_userNewlyAllowed; // sign-ins per user the baseline refuses and the list admits
    std::vector<quint64> m_userBlockedSuccessful;
    std::vector<quint64> m_appBlocked;
    std::vector<quint64> m_appRows;
    std::vector<qint32> m_days;             // distinct days, sorted
    std::vector<quint32> m_dayIndexOfGroup; // parallel to Dataset::dayGroups()
    std::vector<quint64> m_dayBlocked;
    std::vector<quint64> m_dayBlockedFailed;
    ImpactSummary m_summary;
};

} // namespace alc
