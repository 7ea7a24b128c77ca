#include "validationjson.h"

#include <QJsonArray>

namespace alc {

QJsonObject findingToJson(const Finding &finding)
{
    QJsonObject object{{QStringLiteral("code"), finding.code},
                       {QStringLiteral("severity"), severityName(finding.severity)},
                       {QStringLiteral("message"), finding.message}};
    if (!finding.fix.isEmpty())
        object.insert(QStringLiteral("fix"), finding.fix);
    return object;
}

namespace {

QJsonArray findingsToJson(const Findings &findings)
{
    QJsonArray array;
    for (const Finding &finding : findings)
        array.append(findingToJson(finding));
    return array;
}

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QJsonObject validationToJson(const Allowlist &list, const ValidationResult &result, const ValidationOptions &options)
{
    QJsonArray entries;
    for (qsizetype i = 0; i < list.entries().size(); ++i) {
        const AllowlistEntry &entry = list.entries().at(i);
        const ParsedCidr parsed = entry.parsed();
        QJsonObject object{
            {QStringLiteral("line"), entry.lineAt(i)},
            {QStringLiteral("text"), entry.text},
            {QStringLiteral("network"), parsed.isIpv4() ? QJsonValue(parsed.network.toString()) : QJsonValue()},
            {QStringLiteral("label"), stringOrNull(entry.label)},
            {QStringLiteral("owner"), stringOrNull(entry.owner)},
            {QStringLiteral("expires"),
             entry.expiry.isValid() ? QJsonValue(entry.expiry.toString(Qt::ISODate)) : QJsonValue()},
            {QStringLiteral("findings"), findingsToJson(result.entryFindings.value(i))},
        };
        entries.append(object);
    }
    QJsonValue adminIp;
    QJsonArray adminIps;
    if (!options.adminIps.isEmpty())
        adminIp = options.adminIps.constFirst().toString();
    for (const Ipv4Address &address : options.adminIps)
        adminIps.append(address.toString());
    const QJsonObject summary{
        {QStringLiteral("entries"), int(list.size())},
        {QStringLiteral("errors"), result.errors},
        {QStringLiteral("warnings"), result.warnings},
        {QStringLiteral("infos"), result.infos},
        {QStringLiteral("adminIp"), adminIp},   // the first --admin-ip
        {QStringLiteral("adminIps"), adminIps}, // every one; adminCovered: all of them
        {QStringLiteral("adminCovered"), result.adminCovered ? QJsonValue(*result.adminCovered) : QJsonValue()},
        {QStringLiteral("budget"), Allowlist::MaxEntries},
        {QStringLiteral("fingerprint"), list.fingerprint()},
    };
    return {{QStringLiteral("entries"), entries},
            {QStringLiteral("findings"), findingsToJson(result.listFindings)},
            {QStringLiteral("summary"), summary}};
}

} // namespace alc
