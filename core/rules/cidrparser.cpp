#include "cidrparser.h"

#include <QHostAddress>

namespace alc {
namespace {

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// Reads a decimal number of at most maxDigits digits, rejecting leading zeros and any other form.
// Returns -1 and fills error when the text is not such a number.
int readDecimal(QStringView part, int maxValue, QStringView what, QString &error)
{
    if (part.isEmpty()) {
        error = QStringLiteral("empty %1").arg(what);
        return -1;
    }
    for (QChar c : part) {
        if (c.isSpace()) {
            error = QStringLiteral("whitespace inside the address");
            return -1;
        }
        if (!isAsciiDigit(c)) {
            if (part.startsWith(u"0x", Qt::CaseInsensitive))
                error = QStringLiteral("%1 '%2' is hexadecimal; only decimal is accepted").arg(what, part);
            else
                error = QStringLiteral("%1 '%2' is not a decimal number").arg(what, part);
            return -1;
        }
    }
    if (part.size() > 1 && part.front() == u'0') {
        error = QStringLiteral("%1 '%2' has a leading zero (it could be read as octal)").arg(what, part);
        return -1;
    }
    if (part.size() > 3) {
        error = QStringLiteral("%1 '%2' is larger than %3").arg(what, part).arg(maxValue);
        return -1;
    }
    const int value = part.toInt();
    if (value > maxValue) {
        error = QStringLiteral("%1 %2 is larger than %3").arg(what).arg(value).arg(maxValue);
        return -1;
    }
    return value;
}

// A dotted netmask such as 255.255.255.0, as a prefix length, or -1.
int prefixFromNetmask(QStringView text)
{
    QString ignored;
    const auto parts = text.split(u'.');
    if (parts.size() != 4)
        return -1;
    quint32 mask = 0;
    for (QStringView part : parts) {
        const int octet = readDecimal(part, 255, u"octet", ignored);
        if (octet < 0)
            return -1;
        mask = (mask << 8) | quint32(octet);
    }
    const quint32 inverted = ~mask;
    if ((inverted & (inverted + 1)) != 0)
        return -1; // not a contiguous run of ones
    int prefix = 0;
    for (quint32 m = mask; m & 0x80000000u; m <<= 1)
        ++prefix;
    return prefix;
}

ParsedCidr malformed(QString error)
{
    ParsedCidr result;
    result.kind = ParsedCidr::Kind::Malformed;
    result.error = std::move(error);
    return result;
}

} // namespace

bool CidrParser::looksLikeIpv6(QStringView text)
{
    if (!text.contains(u':'))
        return false;
    const qsizetype slash = text.indexOf(u'/');
    const QStringView address = slash < 0 ? text : text.left(slash);
    if (slash >= 0) {
        QString ignored;
        const int prefix = readDecimal(text.mid(slash + 1), 128, u"prefix", ignored);
        if (prefix < 0)
            return false;
    }
    QHostAddress host;
    return host.setAddress(address.toString()) && host.protocol() == QAbstractSocket::IPv6Protocol;
}

ParsedCidr CidrParser::parse(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return {};
    // Nothing valid is longer than "255.255.255.255/32" or a full IPv6 prefix; refuse early.
    if (text.size() > 64)
        return malformed(QStringLiteral("too long to be an address (%1 characters)").arg(text.size()));

    if (looksLikeIpv6(text)) {
        ParsedCidr result;
        result.kind = ParsedCidr::Kind::Ipv6;
        result.error = QStringLiteral("IPv6 is not supported by Genesys Cloud's allowlist");
        return result;
    }
    if (text.contains(u':'))
        return malformed(QStringLiteral("not a valid IPv4 address (contains ':')"));

    const qsizetype slash = text.indexOf(u'/');
    if (slash >= 0 && text.indexOf(u'/', slash + 1) >= 0)
        return malformed(QStringLiteral("more than one '/'"));
    const QStringView addressText = slash < 0 ? text : text.left(slash);

    const auto octets = addressText.split(u'.');
    if (octets.size() != 4) {
        return malformed(QStringLiteral("expected four decimal octets a.b.c.d, found %1 part%2")
                             .arg(octets.size())
                             .arg(octets.size() == 1 ? QString() : QStringLiteral("s")));
    }
    quint32 value = 0;
    QString error;
    for (QStringView octet : octets) {
        const int number = readDecimal(octet, 255, u"octet", error);
        if (number < 0)
            return malformed(error);
        value = (value << 8) | quint32(number);
    }

    ParsedCidr result;
    result.kind = ParsedCidr::Kind::Ipv4;
    result.address = Ipv4Address(value);
    int prefix = 32;
    if (slash < 0) {
        result.bareAddress = true;
    } else {
        const QStringView prefixText = text.mid(slash + 1);
        if (prefixText.contains(u'.')) {
            const int fromMask = prefixFromNetmask(prefixText);
            if (fromMask >= 0) {
                ParsedCidr refused =
                    malformed(QStringLiteral("netmask notation is not accepted; write /%1").arg(fromMask));
                refused.netmaskFix = text.left(slash).toString() + u'/' + QString::number(fromMask);
                return refused;
            }
            return malformed(QStringLiteral("'/%1' is not a prefix length 0-32").arg(prefixText));
        }
        prefix = readDecimal(prefixText, 32, u"prefix", error);
        if (prefix < 0)
            return malformed(error);
    }
    result.network = Ipv4Network(result.address, prefix);
    result.hostBits = result.network.first() != result.address;
    return result;
}

} // namespace alc
