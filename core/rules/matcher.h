#pragma once

#include "ipv4network.h"

#include <span>
#include <vector>

namespace alc {

// A list compiled for lookups: "is this address allowed, and by which entries" in O(log n).
// The address space is cut at every entry boundary into segments that each know the entries
// covering them; a lookup is one binary search. Built once per list change.
class Matcher final
{
public:
    struct Entry
    {
        Ipv4Network network;
        int id = 0; // the caller's entry index, reported back by entriesCovering()
    };

    Matcher() = default;
    explicit Matcher(std::span<const Entry> entries);
    static Matcher fromNetworks(std::span<const Ipv4Network> networks);

    // Genesys treats an empty list as "every address allowed".
    bool isEmpty() const { return m_entryCount == 0; }
    int entryCount() const { return m_entryCount; }

    bool covers(Ipv4Address address) const { return !entriesCovering(address).empty(); }
    bool allows(Ipv4Address address) const { return isEmpty() || covers(address); }
    // Ids of the entries that contain the address, widest network first.
    std::span<const int> entriesCovering(Ipv4Address address) const;

    // The covered space as sorted, disjoint, non-adjacent [first, last] intervals.
    struct Interval
    {
        quint32 first = 0;
        quint32 last = 0;
    };
    std::vector<Interval> mergedIntervals() const;
    // Total number of distinct addresses covered.
    quint64 coveredAddressCount() const;

private:
    std::vector<quint32> m_segmentStarts;  // sorted; segment i spans [start[i], start[i+1])
    std::vector<quint32> m_segmentOffsets; // into m_ids; size = segments + 1
    std::vector<int> m_ids;
    int m_entryCount = 0;
};

} // namespace alc
