#pragma once

#include "allowlist.h"
#include "finding.h"

#include <QDate>
#include <QList>

#include <optional>

namespace alc {

struct ValidationOptions
{
    QList<Ipv4Address> adminIps; // the admin's public addresses, when known
    QDate today = QDate::currentDate();
};

struct ValidationResult
{
    QList<Findings> entryFindings; // parallel to Allowlist::entries()
    Findings listFindings;
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    std::optional<bool> adminCovered;   // unset when no admin address is known
    QList<Ipv4Address> uncoveredAdmins; // those of the admin addresses the list does not cover

    bool hasErrors() const { return errors > 0; }
    // Every finding of the list, entry findings first in entry order, then list-level ones.
    Findings all() const;
};

// The documented rules of Genesys Cloud's allowlist plus the hygiene an admin expects.
class Validator final
{
public:
    static ValidationResult validate(const Allowlist &list, const ValidationOptions &options = {});

    // Inside an IANA special-purpose block that is not globally reachable, or multicast.
    static bool isNotPublic(const Ipv4Network &network);
    // Holds at least one address that is not public: a special block inside it, around it, or
    // (192.0.0.0/24 without 192.0.0.9 and 192.0.0.10) beside the two public exceptions.
    static bool touchesNotPublic(const Ipv4Network &network);
    // An address typed as the admin's own (--admin-ip, "Set my IP"): an IPv4 address that Genesys
    // Cloud could see, so not private or reserved — a LAN address would make the lockout check
    // pass against a range that can never admit anyone. Empty with `problem` set otherwise.
    static std::optional<Ipv4Address> parseAdminAddress(QStringView text, QString *problem);
    // The ways to correct an entry typed with host bits (81.2.69.7/24), narrowest first: the typed
    // address alone (81.2.69.7/32), then the network (81.2.69.0/24). For an allowlist the narrower
    // reading is the safer default: the typo more often meant one host than the 255 around it.
    // Empty when the text parses without host bits. (Finding::fix stays the network: the CLI's
    // JSON and the report print it.)
    static QStringList hostBitsFixes(QStringView text);
    // Whether any of the networks covers the address (an empty list covers everything).
    static bool covers(const std::vector<Ipv4Network> &networks, Ipv4Address address);
};

} // namespace alc
