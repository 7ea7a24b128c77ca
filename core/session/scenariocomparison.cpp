#include "scenariocomparison.h"

#include <impact/impactevaluator.h>
#include <rules/validator.h>

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

} // namespace alc
