#include "validator.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <map>

namespace alc {
namespace {

constexpr int TooBroadPrefix = 8;

struct SpecialBlock
{
    Ipv4Network network;
    const char16_t *name;
};

// IANA IPv4 special-purpose blocks that are not globally reachable, plus multicast.
const std::array<SpecialBlock, 15> &specialBlocks()
{
    static const std::array<SpecialBlock, 15> blocks = {{
        {Ipv4Network(Ipv4Address(0, 0, 0, 0), 8), u"\"this network\" (0.0.0.0/8)"},
        {Ipv4Network(Ipv4Address(10, 0, 0, 0), 8), u"private (RFC 1918, 10.0.0.0/8)"},
        {Ipv4Network(Ipv4Address(100, 64, 0, 0), 10), u"carrier-grade NAT (100.64.0.0/10)"},
        {Ipv4Network(Ipv4Address(127, 0, 0, 0), 8), u"loopback (127.0.0.0/8)"},
        {Ipv4Network(Ipv4Address(169, 254, 0, 0), 16), u"link-local (169.254.0.0/16)"},
        {Ipv4Network(Ipv4Address(172, 16, 0, 0), 12), u"private (RFC 1918, 172.16.0.0/12)"},
        {Ipv4Network(Ipv4Address(192, 0, 0, 0), 24), u"IETF protocol assignments (192.0.0.0/24)"},
        {Ipv4Network(Ipv4Address(192, 0, 2, 0), 24), u"documentation (TEST-NET-1, 192.0.2.0/24)"},
        {Ipv4Network(Ipv4Address(192, 168, 0, 0), 16), u"private (RFC 1918, 192.168.0.0/16)"},
        {Ipv4Network(Ipv4Address(198, 18, 0, 0), 15), u"benchmarking (198.18.0.0/15)"},
        {Ipv4Network(Ipv4Address(198, 51, 100, 0), 24), u"documentation (TEST-NET-2, 198.51.100.0/24)"},
        {Ipv4Network(Ipv4Address(203, 0, 113, 0), 24), u"documentation (TEST-NET-3, 203.0.113.0/24)"},
        {Ipv4Network(Ipv4Address(224, 0, 0, 0), 4), u"multicast (224.0.0.0/4)"},
        {Ipv4Network(Ipv4Address(240, 0, 0, 0), 4), u"reserved (240.0.0.0/4)"},
        {Ipv4Network(Ipv4Address(255, 255, 255, 255), 32), u"limited broadcast (255.255.255.255)"},
    }};
    return blocks;
}

// 192.0.0.9 and 192.0.0.10 are globally reachable exceptions inside 192.0.0.0/24.
bool containsGlobalException(const Ipv4Network &network)
{
    return network.contains(Ipv4Address(192, 0, 0, 9)) || network.contains(Ipv4Address(192, 0, 0, 10));
}

const SpecialBlock *notPublicBlock(const Ipv4Network &network)
{
    for (const SpecialBlock &block : specialBlocks()) {
        if (!block.network.contains(network))
            continue;
        if (block.network.prefix() == 24 && block.network.first() == Ipv4Address(192, 0, 0, 0) &&
            containsGlobalException(network))
            continue;
        return &block;
    }
    return nullptr;
}

QString lineName(const QList<AllowlistEntry> &entries, int index)
{
    const AllowlistEntry &entry = entries.at(index);
    return QStringLiteral("line %1 (%2)").arg(entry.lineAt(index)).arg(entry.text);
}

QString nameSome(const QList<AllowlistEntry> &entries, const QList<int> &indexes)
{
    constexpr int Shown = 3;
    QStringList names;
    for (int i = 0; i < std::min<int>(Shown, int(indexes.size())); ++i)
        names.append(lineName(entries, indexes.at(i)));
    QString text = names.join(QStringLiteral(", "));
    if (indexes.size() > Shown)
        text += QStringLiteral(" and %1 more").arg(indexes.size() - Shown);
    return text;
}

// An entry as a message quotes it: a pasted megabyte of junk is cut, not echoed back in full.
QString shown(const QString &text)
{
    constexpr qsizetype Limit = 60;
    if (text.size() <= Limit)
        return text;
    // One arg() call: a "%1" inside the entry must not be substituted by the second argument.
    return QStringLiteral("%1… (%2 characters)").arg(text.left(Limit - 20), QString::number(text.size()));
}

} // namespace

Findings ValidationResult::all() const
{
    Findings result;
    for (const Findings &findings : entryFindings)
        result.append(findings);
    result.append(listFindings);
    return result;
}

QStringList Validator::hostBitsFixes(QStringView text)
{
    const ParsedCidr parsed = CidrParser::parse(text);
    if (!parsed.isIpv4() || !parsed.hostBits)
        return {};
    return {Ipv4Network(parsed.address, 32).toString(), parsed.network.toString()};
}

std::optional<Ipv4Address> Validator::parseAdminAddress(QStringView text, QString *problem)
{
    const QStringView trimmed = text.trimmed();
    const std::optional<Ipv4Address> address = Ipv4Address::parse(trimmed);
    if (!address) {
        *problem = QStringLiteral("'%1' is not an IPv4 address").arg(trimmed);
    } else if (isNotPublic(Ipv4Network(*address, 32))) {
        *problem = QStringLiteral("%1 is a private or reserved address: Genesys Cloud sees your public address (the "
                                  "one a service such as ifconfig.me shows), never this one")
                       .arg(address->toString());
        return std::nullopt;
    }
    return address;
}

bool Validator::isNotPublic(const Ipv4Network &network)
{
    return notPublicBlock(network) != nullptr;
}

bool Validator::touchesNotPublic(const Ipv4Network &network)
{
    const Ipv4Network exceptions(Ipv4Address(192, 0, 0, 0), 24);
    return std::any_of(specialBlocks().cbegin(), specialBlocks().cend(), [&](const SpecialBlock &block) {
        if (!block.network.overlaps(network))
            return false;
        // Only 192.0.0.9/32 and 192.0.0.10/32 stay clear of the rest of 192.0.0.0/24.
        return !(block.network == exceptions && network.prefix() == 32 && containsGlobalException(network));
    });
}

bool Validator::covers(const std::vector<Ipv4Network> &networks, Ipv4Address address)
{
    return networks.empty() || std::any_of(networks.begin(), networks.end(),
                                           [address](const Ipv4Network &n) { return n.contains(address); });
}

ValidationResult Validator::validate(const Allowlist &list, const ValidationOptions &options)
{
    const QList<AllowlistEntry> &entries = list.entries();
    ValidationResult result;
    result.entryFindings.resize(entries.size());

    struct Parsed
    {
        Ipv4Network network;
        int index;
    };
    std::vector<Parsed> valid;
    valid.reserve(size_t(entries.size()));

    for (int i = 0; i < entries.size(); ++i) {
        const AllowlistEntry &entry = entries.at(i);
        const ParsedCidr parsed = entry.parsed();
        Findings &out = result.entryFindings[i];
        switch (parsed.kind) {
        case ParsedCidr::Kind::Empty:
            out.append({FindingCode::Malformed.toString(), Severity::Error, QStringLiteral("empty entry"), {}, -1});
            continue;
        case ParsedCidr::Kind::Malformed:
            out.append(
                {FindingCode::Malformed.toString(),
                 Severity::Error,
                 QStringLiteral("'%1' is not a valid IPv4 address or CIDR: %2").arg(shown(entry.text), parsed.error),
                 {},
                 -1});
            continue;
        case ParsedCidr::Kind::Ipv6:
            out.append(
                {FindingCode::Ipv6Unsupported.toString(),
                 Severity::Error,
                 QStringLiteral("'%1' is IPv6; Genesys Cloud's allowlist accepts IPv4 only").arg(shown(entry.text)),
                 {},
                 -1});
            continue;
        case ParsedCidr::Kind::Ipv4:
            break;
        }
        valid.push_back({parsed.network, i});
        const QString canonical = parsed.network.toString();
        if (parsed.hostBits) {
            out.append({FindingCode::HostBits.toString(), Severity::Error,
                        QStringLiteral("'%1' has bits set past the /%2 prefix; the network is %3")
                            .arg(shown(entry.text))
                            .arg(parsed.network.prefix())
                            .arg(canonical),
                        canonical, -1});
        }
        if (const SpecialBlock *block = notPublicBlock(parsed.network)) {
            out.append({FindingCode::NotPublic.toString(),
                        Severity::Error,
                        QStringLiteral("%1 is inside %2, which is never a public source address")
                            .arg(canonical, QString::fromUtf16(block->name)),
                        {},
                        -1});
        }
        if (parsed.network.prefix() < TooBroadPrefix) {
            out.append({FindingCode::TooBroad.toString(),
                        Severity::Warning,
                        QStringLiteral("/%1 admits %2 addresses; prefixes shorter than /%3 are rarely intended")
                            .arg(parsed.network.prefix())
                            .arg(parsed.network.size())
                            .arg(TooBroadPrefix),
                        {},
                        -1});
        }
        if (entry.expiry.isValid() && entry.expiry < options.today) {
            out.append({FindingCode::Expired.toString(),
                        Severity::Warning,
                        QStringLiteral("expired on %1").arg(entry.expiry.toString(Qt::ISODate)),
                        {},
                        -1});
        }
        if (parsed.bareAddress) {
            out.append({FindingCode::BareAddress.toString(), Severity::Info,
                        QStringLiteral("a bare address is read as %1").arg(canonical), canonical, -1});
        }
    }

    // Duplicates: the same network as an earlier entry, whatever the notation.
    std::map<Ipv4Network, int> firstOf;
    std::vector<Parsed> unique;
    for (const Parsed &p : valid) {
        const auto [it, inserted] = firstOf.emplace(p.network, p.index);
        if (inserted) {
            unique.push_back(p);
            continue;
        }
        result.entryFindings[p.index].append({FindingCode::Duplicate.toString(),
                                              Severity::Warning,
                                              QStringLiteral("same network as %1").arg(lineName(entries, it->second)),
                                              {},
                                              it->second});
    }

    // Overlaps: CIDR blocks nest or are disjoint, so a stack sweep in address order finds every
    // containing block of each network.
    std::sort(unique.begin(), unique.end(), [](const Parsed &a, const Parsed &b) { return a.network < b.network; });
    std::map<int, QList<int>> containedBy; // index -> containers, innermost last
    std::map<int, QList<int>> contains;    // index -> networks it contains
    std::vector<Parsed> stack;
    for (const Parsed &p : unique) {
        while (!stack.empty() && !stack.back().network.contains(p.network))
            stack.pop_back();
        for (const Parsed &outer : stack) {
            containedBy[p.index].append(outer.index);
            contains[outer.index].append(p.index);
        }
        stack.push_back(p);
    }
    for (int i = 0; i < entries.size(); ++i) {
        const auto inner = containedBy.find(i);
        const auto outer = contains.find(i);
        if (inner != containedBy.end()) {
            result.entryFindings[i].append(
                {FindingCode::Overlap.toString(),
                 Severity::Warning,
                 QStringLiteral("already covered by %1").arg(nameSome(entries, inner->second)),
                 {},
                 inner->second.back()});
        }
        if (outer != contains.end()) {
            QList<int> sorted = outer->second;
            std::sort(sorted.begin(), sorted.end());
            result.entryFindings[i].append({FindingCode::Overlap.toString(),
                                            Severity::Warning,
                                            QStringLiteral("contains %1").arg(nameSome(entries, sorted)),
                                            {},
                                            sorted.front()});
        }
    }

    if (entries.size() > Allowlist::MaxEntries) {
        result.listFindings.append({FindingCode::TooMany.toString(),
                                    Severity::Error,
                                    QStringLiteral("%1 entries; Genesys Cloud accepts at most %2")
                                        .arg(entries.size())
                                        .arg(Allowlist::MaxEntries),
                                    {},
                                    -1});
    }
    if (entries.isEmpty()) {
        result.listFindings.append({FindingCode::EmptyList.toString(),
                                    Severity::Warning,
                                    QStringLiteral("the list is empty: every address is allowed"),
                                    {},
                                    -1});
    }
    if (!options.adminIps.isEmpty()) {
        std::vector<Ipv4Network> networks;
        for (const Parsed &p : valid)
            networks.push_back(p.network);
        bool allCovered = true;
        for (const Ipv4Address &admin : options.adminIps) {
            // An empty list allows everyone; a list of only invalid entries cannot be saved anyway.
            const bool covered = entries.isEmpty() || (!networks.empty() && covers(networks, admin));
            if (covered)
                continue;
            allCovered = false;
            result.uncoveredAdmins.append(admin);
            result.listFindings.append(
                {FindingCode::AdminNotCovered.toString(), Severity::Error,
                 QStringLiteral("your public address %1 is not covered by any entry: saving this list locks you out")
                     .arg(admin.toString()),
                 Ipv4Network(admin, 32).toString(), -1});
        }
        result.adminCovered = allCovered;
    }

    for (const Finding &f : result.all()) {
        switch (f.severity) {
        case Severity::Error:
            ++result.errors;
            break;
        case Severity::Warning:
            ++result.warnings;
            break;
        case Severity::Info:
            ++result.infos;
            break;
        }
    }
    return result;
}

} // namespace alc
