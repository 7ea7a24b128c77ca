#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace alc {

enum class Severity { Info, Warning, Error };

QString severityName(Severity severity); // "info", "warning", "error"

// Stable codes: the GUI, the CLI, reports and scripts rely on these exact strings.
namespace FindingCode {
inline constexpr QStringView Malformed = u"malformed";
inline constexpr QStringView Ipv6Unsupported = u"ipv6-unsupported";
inline constexpr QStringView HostBits = u"host-bits";
inline constexpr QStringView NotPublic = u"not-public";
inline constexpr QStringView TooMany = u"too-many";
inline constexpr QStringView AdminNotCovered = u"admin-not-covered";
inline constexpr QStringView Duplicate = u"duplicate";
inline constexpr QStringView Overlap = u"overlap";
inline constexpr QStringView TooBroad = u"too-broad";
inline constexpr QStringView EmptyList = u"empty-list";
inline constexpr QStringView Expired = u"expired";
inline constexpr QStringView BareAddress = u"bare-address";
} // namespace FindingCode

struct Finding
{
    QString code;
    Severity severity = Severity::Info;
    QString message;
    QString fix;           // replacement text for the entry, when one exists
    int relatedEntry = -1; // the other entry of a duplicate or overlap

    bool isError() const { return severity == Severity::Error; }
    friend bool operator==(const Finding &, const Finding &) = default;
};

using Findings = QList<Finding>;

} // namespace alc
