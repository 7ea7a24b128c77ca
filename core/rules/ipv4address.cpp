#include "ipv4address.h"

#include "cidrparser.h"

namespace alc {

std::optional<Ipv4Address> Ipv4Address::parse(QStringView text)
{
    const ParsedCidr parsed = CidrParser::parse(text);
    if (parsed.kind != ParsedCidr::Kind::Ipv4 || !parsed.bareAddress)
        return std::nullopt;
    return parsed.address;
}

QString Ipv4Address::toString() const
{
    return QString::number(m_value >> 24) + u'.' + QString::number((m_value >> 16) & 0xff) + u'.' +
           QString::number((m_value >> 8) & 0xff) + u'.' + QString::number(m_value & 0xff);
}

} // namespace alc
