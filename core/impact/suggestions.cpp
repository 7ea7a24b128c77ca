#include "suggestions.h"

#include <rules/validator.h>

#include <algorithm>
#include <array>

namespace alc {

namespace {

int commonPrefix(quint32 a, quint32 b)
{
    const quint32 diff = a ^ b;
    return diff == 0 ? 32 : __builtin_clz(diff);
}

// A suggestion before ranking; user names are looked up only for the ones that are kept.
struct Candidate
{
    Suggestion suggestion;
    std::array<quint32, 3> sampleUsers{};
    int samples = 0;
};

// ips: sorted indexes of blocked public addresses inside one broadestPrefix block.
void fold(const ImpactEvaluator &evaluator, std::span<const quint32> ips, int broadest, std::vector<Candidate> &out)
{
    if (ips.empty())
        return;
    const Dataset &d = evaluator.dataset();
    const quint32 low = d.ips()[ips.front()];
    const quint32 high = d.ips()[ips.back()];
    const int prefix = std::max(broadest, commonPrefix(low, high));
    const Ipv4Network network(Ipv4Address(low), prefix);
    if (Validator::touchesNotPublic(network) && prefix < 32) {
        // Split in halves until each part stays clear of the special block.
        const quint32 middle = network.first().toUInt() | (quint32(1) << (31 - prefix));
        const auto split = std::lower_bound(ips.begin(), ips.end(), middle,
                                            [&d](quint32 ip, quint32 address) { return d.ips()[ip] < address; });
        const auto left = std::size_t(split - ips.begin());
        fold(evaluator, ips.first(left), prefix + 1, out);
        fold(evaluator, ips.subspan(left), prefix + 1, out);
        return;
    }
    Candidate candidate;
    Suggestion &s = candidate.suggestion;
    s.network = network;
    std::vector<quint32> users;
    for (const quint32 ip : ips) {
        s.successful += d.ipSuccessful(ip);
        s.failed += d.ipFailed(ip);
        for (const SignInGroup &g : d.groupsOfIp(ip))
            users.push_back(g.user);
    }
    if (s.successful == 0)
        return;
    s.signIns = s.successful + s.failed;
    s.ips = int(ips.size());
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    s.users = int(users.size());
    candidate.samples = int(std::min<std::size_t>(users.size(), candidate.sampleUsers.size()));
    std::copy_n(users.begin(), candidate.samples, candidate.sampleUsers.begin());
    out.push_back(std::move(candidate));
}

} // namespace

std::vector<Suggestion> suggestNetworks(const ImpactEvaluator &evaluator, const SuggestionOptions &options)
{
    const int broadest = std::clamp(options.broadestPrefix, 16, 32);
    const int remaining = options.budget - int(evaluator.list().size());
    const int wanted = options.maxSuggestions < 0 ? remaining : std::min(remaining, options.maxSuggestions);
    std::vector<Suggestion> result;
    // An empty list blocks nothing, so there is nothing to recover.
    if (wanted <= 0 || evaluator.list().empty())
        return result;
    std::vector<Candidate> candidates;

    const Dataset &d = evaluator.dataset();
    const quint32 blockMask = Ipv4Network::maskFor(broadest);
    std::vector<quint32> cluster;
    auto flush = [&] {
        fold(evaluator, cluster, broadest, candidates);
        cluster.clear();
    };
    for (quint32 i = 0; i < quint32(d.ips().size()); ++i) {
        if (evaluator.isAllowed(i) || Validator::isNotPublic(Ipv4Network(Ipv4Address(d.ips()[i]), 32)))
            continue;
        if (!cluster.empty() && (d.ips()[cluster.front()] & blockMask) != (d.ips()[i] & blockMask))
            flush();
        cluster.push_back(i);
    }
    flush();

    auto better = [](const Suggestion &a, const Suggestion &b) {
        if (a.successful != b.successful)
            return a.successful > b.successful;
        if (a.users != b.users)
            return a.users > b.users;
        if (a.signIns != b.signIns)
            return a.signIns > b.signIns;
        return a.network < b.network;
    };
    const std::size_t kept = std::min(candidates.size(), std::size_t(wanted));
    std::partial_sort(candidates.begin(), candidates.begin() + qsizetype(kept), candidates.end(),
                      [&better](const Candidate &a, const Candidate &b) { return better(a.suggestion, b.suggestion); });
    for (std::size_t k = 0; k < kept; ++k) {
        Suggestion s = std::move(candidates[k].suggestion);
        for (int u = 0; u < candidates[k].samples; ++u)
            s.sampleUsers.append(d.users().at(candidates[k].sampleUsers[std::size_t(u)]));
        result.push_back(std::move(s));
    }
    return result;
}

} // namespace alc
