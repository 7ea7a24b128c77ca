#pragma once

#include "impactevaluator.h"

#include <rules/allowlist.h>

#include <QStringList>

#include <vector>

namespace alc {

struct SuggestionOptions
{
    int broadestPrefix = 24;            // never suggest anything wider; clamped to 16..32
    int budget = Allowlist::MaxEntries; // entries Genesys accepts in total
    int maxSuggestions = -1;            // -1: as many as the remaining budget allows
};

// A CIDR that would admit blocked sign-ins, and what it would recover.
struct Suggestion
{
    Ipv4Network network;
    quint64 signIns = 0;    // blocked sign-ins it would admit
    quint64 successful = 0; // of which not failed
    quint64 failed = 0;
    int users = 0;           // distinct users among them
    int ips = 0;             // distinct blocked addresses inside
    QStringList sampleUsers; // a few, for the reader to recognise
};

// Folds the currently blocked public addresses into the narrowest public prefixes (one cluster per
// broadestPrefix block) and ranks them by successful sign-ins, then users, recovered. Clusters
// that only saw failed sign-ins are left out: admitting an attacker's address is not a recovery.
std::vector<Suggestion> suggestNetworks(const ImpactEvaluator &evaluator, const SuggestionOptions &options = {});

} // namespace alc
