#pragma once

#include "allowlist.h"
#include "validator.h"

#include <QJsonObject>

namespace alc {

// The documented JSON shape of `check --json`:
// {"entries":[{"line","text","network","label","findings":[…]}],"findings":[…],"summary":{…}}
QJsonObject validationToJson(const Allowlist &list, const ValidationResult &result, const ValidationOptions &options);
QJsonObject findingToJson(const Finding &finding);

} // namespace alc
