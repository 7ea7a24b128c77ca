#pragma once

#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <compare>
#include <optional>

namespace alc {

// An IPv4 address as a 32-bit number; small, copyable, ordered.
class Ipv4Address final
{
public:
    constexpr Ipv4Address() = default;
    constexpr explicit Ipv4Address(quint32 value)
        : m_value(value)
    {}
    constexpr Ipv4Address(quint8 a, quint8 b, quint8 c, quint8 d)
        : m_value((quint32(a) << 24) | (quint32(b) << 16) | (quint32(c) << 8) | quint32(d))
    {}

    // Strict dotted-quad: four decimal octets 0-255, no leading zeros, no surrounding whitespace.
    static std::optional<Ipv4Address> parse(QStringView text);

    constexpr quint32 toUInt() const { return m_value; }
    QString toString() const;

    friend constexpr auto operator<=>(Ipv4Address, Ipv4Address) = default;

private:
    quint32 m_value = 0;
};

} // namespace alc
