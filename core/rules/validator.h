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
    std::optional<bool> adminCovered; // unset when no admin address is known

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
    // An address typed as the admin's own (--admin-ip, "Set my IP"): an IPv4 address that Genesys
    // Cloud could see, so not private or reserved — a LAN address would make the lockout check
    // pass against a range that can never admit anyone. Empty with `problem` set otherwise.
    static std::optional<Ipv4Address> parseAdminAddress(QStringView text, QString *problem);
    // Whether any of the networks covers the address (an empty list covers everything).
    static bool covers(const std::vector<Ipv4Network> &networks, Ipv4Address address);
};

} // namespace alc
