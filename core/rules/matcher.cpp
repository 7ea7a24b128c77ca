#include "matcher.h"

#include <algorithm>

namespace alc {

Matcher::Matcher(std::span<const Entry> entries)
    : m_entryCount(int(entries.size()))
{
    // Segment boundaries: every network's first address and the address after its last.
    std::vector<quint64> cuts;
    cuts.reserve(entries.size() * 2 + 1);
    cuts.push_back(0);
    for (const Entry &e : entries) {
        cuts.push_back(e.network.first().toUInt());
        cuts.push_back(quint64(e.network.last().toUInt()) + 1);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    if (cuts.back() == (quint64(1) << 32))
        cuts.pop_back();

    std::vector<Entry> byStart(entries.begin(), entries.end());
    std::stable_sort(byStart.begin(), byStart.end(),
                     [](const Entry &a, const Entry &b) { return a.network < b.network; });

    m_segmentStarts.reserve(cuts.size());
    m_segmentOffsets.reserve(cuts.size() + 1);
    std::vector<Entry> active; // networks that contain the current segment start
    size_t next = 0;
    for (quint64 cut : cuts) {
        const auto start = quint32(cut);
        std::erase_if(active, [start](const Entry &e) { return e.network.last().toUInt() < start; });
        while (next < byStart.size() && byStart[next].network.first().toUInt() <= start) {
            if (byStart[next].network.last().toUInt() >= start)
                active.push_back(byStart[next]);
            ++next;
        }
        m_segmentStarts.push_back(start);
        m_segmentOffsets.push_back(quint32(m_ids.size()));
        for (const Entry &e : active)
            m_ids.push_back(e.id);
    }
    m_segmentOffsets.push_back(quint32(m_ids.size()));
}

Matcher Matcher::fromNetworks(std::span<const Ipv4Network> networks)
{
    std::vector<Entry> entries;
    entries.reserve(networks.size());
    for (size_t i = 0; i < networks.size(); ++i)
        entries.push_back({networks[i], int(i)});
    return Matcher(entries);
}

std::span<const int> Matcher::entriesCovering(Ipv4Address address) const
{
    if (m_segmentStarts.empty())
        return {};
    const auto it = std::upper_bound(m_segmentStarts.begin(), m_segmentStarts.end(), address.toUInt());
    const auto segment = size_t(std::distance(m_segmentStarts.begin(), it)) - 1;
    const quint32 from = m_segmentOffsets[segment];
    const quint32 to = m_segmentOffsets[segment + 1];
    return std::span<const int>(m_ids).subspan(from, to - from);
}

std::vector<Matcher::Interval> Matcher::mergedIntervals() const
{
    std::vector<Interval> result;
    for (size_t i = 0; i < m_segmentStarts.size(); ++i) {
        if (m_segmentOffsets[i] == m_segmentOffsets[i + 1])
            continue;
        const quint32 first = m_segmentStarts[i];
        const quint32 last = i + 1 < m_segmentStarts.size() ? m_segmentStarts[i + 1] - 1 : 0xffffffffu;
        if (!result.empty() && quint64(result.back().last) + 1 == first)
            result.back().last = last;
        else
            result.push_back({first, last});
    }
    return result;
}

quint64 Matcher::coveredAddressCount() const
{
    quint64 total = 0;
    for (const Interval &i : mergedIntervals())
        total += quint64(i.last) - i.first + 1;
    return total;
}

} // namespace alc
