#pragma once

#include <QLatin1StringView>
#include <QtGlobal>

namespace alc {

// The noun that goes with a count in a sentence: "1 user", "2 users", "0 users". The GUI, the CLI
// and the reports write English; a count shown in a table column needs no noun.
template <typename Count> constexpr QLatin1StringView noun(Count count, QLatin1StringView one, QLatin1StringView many)
{
    return count == 1 ? one : many;
}

} // namespace alc
