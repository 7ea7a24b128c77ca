#pragma once

#include "impactevaluator.h"
#include "suggestions.h"

#include <QJsonObject>

namespace alc {

// The documented JSON shape of `impact --json` (docs/impact.md): summary counts at the top level,
// plus topBlockedIps, suggestions and files arrays.
QJsonObject impactToJson(const ImpactEvaluator &evaluator, const std::vector<Suggestion> &suggestions,
                         int topBlockedIps = 20);

} // namespace alc
