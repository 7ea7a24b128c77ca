// libFuzzer target: the strict CIDR reader must never crash, and what it accepts must round-trip.
#include <rules/cidrparser.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const alc::ParsedCidr parsed = alc::CidrParser::parse(text);
    if (parsed.isIpv4()) {
        // The canonical form must parse back to the same network, without host bits.
        const alc::ParsedCidr again = alc::CidrParser::parse(parsed.network.toString());
        if (!again.isIpv4() || again.network != parsed.network || again.hostBits)
            std::abort();
    }
    return 0;
}
