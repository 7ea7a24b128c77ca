#include "scenariocomparison.h"

#include <impact/impactevaluator.h>
#include <rules/matcher.h>
#include <rules/validator.h>

#include <algorithm>

namespace alc {

QList<ScenarioFigures> compareScenarios(const QList<Scenario> &scenarios, const std::shared_ptr<const Dataset> &dataset,
                                        const QStringList &baseline, const QList<Ipv4Address> &adminIps)
{
    std::unique_ptr<ImpactEvaluator> evaluator;
    if (dataset) {
        evaluator = std::make_unique<ImpactEvaluator>(dataset);
        if (!baseline.isEmpty())
            evaluator->setBaseline(Allowlist::fromCidrs(baseline).networks());
    }
    ValidationOptions options;
    options.adminIps = adminIps;
    QList<ScenarioFigures> result;
    for (const Scenario &scenario : scenarios) {
        ScenarioFigures figures;
        figures.name = scenario.name;
        figures.entries = int(scenario.list.size());
        const ValidationResult validation = Validator::validate(scenario.list, options);
        figures.errors = validation.errors;
        figures.warnings = validation.warnings;
        figures.adminCovered = validation.adminCovered;
        figures.fingerprint = scenario.list.fingerprint();
        if (evaluator) {
            evaluator->setList(scenario.list.networks()); // incremental between similar scenarios
            const ImpactSummary &s = evaluator->summary();
            figures.hasImpact = true;
            figures.blocked = s.blocked;
            figures.blockedSuccessful = s.blockedSuccessful;
            figures.usersBlocked = s.usersBlocked;
            figures.usersBlockedSuccessful = s.usersBlockedSuccessful;
            figures.usersFullyBlocked = s.usersFullyBlocked;
            figures.newlyBlocked = s.newlyBlocked;
            figures.newlyAllowed = s.newlyAllowed;
        }
        result.append(figures);
    }
    return result;
}

QList<NetworkHistory> networkHistories(const Dataset &dataset, const QList<Ipv4Network> &networks,
                                       const QList<Allowlist> &lists)
{
    std::vector<Matcher> matchers;
    matchers.reserve(std::size_t(lists.size()));
    for (const Allowlist &list : lists)
        matchers.push_back(Matcher::fromNetworks(list.networks()));
    const auto uniqueCount = [](std::vector<quint32> &ids) {
        std::sort(ids.begin(), ids.end());
        return qint64(std::unique(ids.begin(), ids.end()) - ids.begin());
    };
    QList<NetworkHistory> result;
    result.reserve(networks.size());
    std::vector<quint32> users, ipUsers;
    std::vector<std::vector<quint32>> blockedUsers(matchers.size());
    for (const Ipv4Network &network : networks) {
        NetworkHistory h;
        h.blockedBy.resize(lists.size());
        users.clear();
        for (std::vector<quint32> &b : blockedUsers)
            b.clear();
        const auto [first, last] = dataset.ipRange(network.first().toUInt(), network.last().toUInt());
        for (quint32 ip = first; ip < last; ++ip) {
            const auto rows = qint64(dataset.ipRows(ip));
            h.signIns += rows;
            h.successful += qint64(dataset.ipSuccessful(ip));
            ipUsers.clear();
            for (const SignInGroup &g : dataset.groupsOfIp(ip))
                ipUsers.push_back(g.user);
            users.insert(users.end(), ipUsers.begin(), ipUsers.end());
            for (std::size_t l = 0; l < matchers.size(); ++l) {
                if (matchers[l].allows(Ipv4Address(dataset.ips()[ip])))
                    continue;
                h.blockedBy[qsizetype(l)].signIns += rows;
                blockedUsers[l].insert(blockedUsers[l].end(), ipUsers.begin(), ipUsers.end());
            }
        }
        h.users = uniqueCount(users);
        for (std::size_t l = 0; l < matchers.size(); ++l)
            h.blockedBy[qsizetype(l)].users = uniqueCount(blockedUsers[l]);
        result.append(h);
    }
    return result;
}

} // namespace alc
