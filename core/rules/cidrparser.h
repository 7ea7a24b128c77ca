#pragma once

#include "ipv4network.h"

#include <QString>
#include <QStringView>

namespace alc {

// The outcome of reading one line of an allowlist.
struct ParsedCidr
{
    enum class Kind { Empty, Ipv4, Ipv6, Malformed };

    Kind kind = Kind::Empty;
    Ipv4Address address;      // the address as typed (host bits included)
    Ipv4Network network;      // masked to the prefix
    bool bareAddress = false; // no "/n": read as /32
    bool hostBits = false;    // the typed address had bits set past the prefix
    QString error;            // why it is malformed, in words a user can act on
    QString netmaskFix;       // malformed only for a valid dotted netmask: the same with its prefix

    bool isIpv4() const { return kind == Kind::Ipv4; }
};

// Strict reader for the allowlist syntax: a.b.c.d or a.b.c.d/n, decimal, no leading zeros.
// Leading and trailing whitespace is trimmed first; nothing else is forgiven.
class CidrParser final
{
public:
    static ParsedCidr parse(QStringView text);
    static bool looksLikeIpv6(QStringView text);
};

} // namespace alc
