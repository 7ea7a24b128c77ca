#pragma once

#include "ipv4address.h"

namespace alc {

// A CIDR block. Always canonical: the stored base address has no bits set past the prefix.
class Ipv4Network final
{
public:
    constexpr Ipv4Network() = default;
    // Masks the address to the prefix; use CidrParser to learn whether host bits were set.
    constexpr Ipv4Network(Ipv4Address address, int prefix)
        : m_base(address.toUInt() & maskFor(prefix))
        , m_prefix(prefix)
    {}

    static constexpr quint32 maskFor(int prefix)
    {
        return prefix <= 0 ? 0u : prefix >= 32 ? 0xffffffffu : ~(0xffffffffu >> prefix);
    }

    constexpr Ipv4Address first() const { return Ipv4Address(m_base); }
    constexpr Ipv4Address last() const { return Ipv4Address(m_base | ~maskFor(m_prefix)); }
    constexpr int prefix() const { return m_prefix; }
    constexpr quint32 mask() const { return maskFor(m_prefix); }
    // Number of addresses; 2^32 for /0, hence 64 bits.
    constexpr quint64 size() const { return quint64(1) << (32 - m_prefix); }

    constexpr bool contains(Ipv4Address address) const { return (address.toUInt() & mask()) == m_base; }
    constexpr bool contains(const Ipv4Network &other) const
    {
        return other.m_prefix >= m_prefix && contains(other.first());
    }
    constexpr bool overlaps(const Ipv4Network &other) const { return contains(other) || other.contains(*this); }

    // "a.b.c.d/n", always with the prefix.
    QString toString() const;

    friend constexpr bool operator==(const Ipv4Network &, const Ipv4Network &) = default;
    // Orders by first address, then wider networks first.
    friend constexpr std::strong_ordering operator<=>(const Ipv4Network &a, const Ipv4Network &b)
    {
        if (auto c = a.m_base <=> b.m_base; c != 0)
            return c;
        return a.m_prefix <=> b.m_prefix;
    }

private:
    quint32 m_base = 0;
    int m_prefix = 0;
};

} // namespace alc
