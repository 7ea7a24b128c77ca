#include "impactjson.h"

#include <QJsonArray>

namespace alc {

namespace {

QJsonArray stringsToJson(const QStringList &list)
{
    QJsonArray array;
    for (const QString &s : list)
        array.append(s);
    return array;
}

QJsonObject fileToJson(const ImportedFile &f)
{
    QJsonObject reasons;
    for (auto it = f.skippedByReason.cbegin(); it != f.skippedByReason.cend(); ++it)
        reasons.insert(it.key(), it.value());
    QJsonArray examples;
    for (const BadRowExample &e : f.badRowExamples)
        examples.append(QJsonObject{{QStringLiteral("line"), e.line}, {QStringLiteral("reason"), e.reason}});
    return QJsonObject{
        {QStringLiteral("name"), f.name},
        {QStringLiteral("sha256"), f.sha256},
        {QStringLiteral("format"), historyFormatName(f.format)},
        {QStringLiteral("bytes"), f.bytes},
        {QStringLiteral("rows"), f.rows},
        {QStringLiteral("ipv6Rows"), f.ipv6Rows},
        {QStringLiteral("skipped"), f.skipped},
        {QStringLiteral("ignored"), f.ignored},
        {QStringLiteral("first"), f.first.isValid() ? f.first.toString(Qt::ISODate) : QString()},
        {QStringLiteral("last"), f.last.isValid() ? f.last.toString(Qt::ISODate) : QString()},
        {QStringLiteral("skippedByReason"), reasons},
        {QStringLiteral("badRowExamples"), examples},
        {QStringLiteral("dayFirstDates"), f.dayFirstDates},
        {QStringLiteral("ambiguousDates"), f.ambiguousDates},
        {QStringLiteral("outcomes"), f.outcomes},
    };
}

} // namespace

QJsonObject impactToJson(const ImpactEvaluator &evaluator, const std::vector<Suggestion> &suggestions,
                         int topBlockedIps)
{
    const ImpactSummary &s = evaluator.summary();
    QJsonObject json{
        {QStringLiteral("rows"), s.rows},
        {QStringLiteral("skippedRows"), s.skippedRows},
        {QStringLiteral("ignoredRows"), evaluator.dataset().ignoredRows()},
        {QStringLiteral("ipv6Rows"), s.ipv6Rows},
        {QStringLiteral("allowed"), s.allowed},
        {QStringLiteral("blocked"), s.blocked},
        {QStringLiteral("allowedSuccessful"), s.allowedSuccessful},
        {QStringLiteral("allowedFailed"), s.allowedFailed},
        {QStringLiteral("blockedSuccessful"), s.blockedSuccessful},
        {QStringLiteral("blockedFailed"), s.blockedFailed},
        {QStringLiteral("users"), s.users},
        {QStringLiteral("usersBlocked"), s.usersBlocked},
        {QStringLiteral("usersFullyBlocked"), s.usersFullyBlocked},
        {QStringLiteral("usersBlockedSuccessful"), s.usersBlockedSuccessful},
        {QStringLiteral("usersNewlyBlocked"), s.usersNewlyBlocked},
        {QStringLiteral("usersNewlyAllowed"), s.usersNewlyAllowed},
        {QStringLiteral("apps"), s.apps},
        {QStringLiteral("appsBlocked"), s.appsBlocked},
        {QStringLiteral("distinctIps"), s.distinctIps},
        {QStringLiteral("ipsBlocked"), s.ipsBlocked},
        {QStringLiteral("newlyBlocked"), s.newlyBlocked},
        {QStringLiteral("newlyAllowed"), s.newlyAllowed},
        {QStringLiteral("hasBaseline"), s.hasBaseline},
        // false: some file has no result column, so failed sign-ins count as successful
        {QStringLiteral("outcomesKnown"), evaluator.dataset().outcomesKnown()},
        {QStringLiteral("listEntries"), qint64(evaluator.list().size())},
    };

    QJsonArray top;
    for (const IpImpact &ip : evaluator.topBlockedIps(topBlockedIps)) {
        top.append(QJsonObject{
            {QStringLiteral("ip"), ip.address.toString()},
            {QStringLiteral("signIns"), qint64(ip.signIns)},
            {QStringLiteral("successful"), qint64(ip.successful)},
            {QStringLiteral("failed"), qint64(ip.failed)},
            {QStringLiteral("users"), ip.users},
            // null without a baseline: there is nothing to be newly blocked from
            {QStringLiteral("baselineAllowed"), s.hasBaseline ? QJsonValue(ip.baselineAllowed) : QJsonValue()}});
    }
    json.insert(QStringLiteral("topBlockedIps"), top);

    QJsonArray ipv6;
    for (const Ipv6Source &source : topIpv6Sources(evaluator.dataset(), topBlockedIps)) {
        ipv6.append(QJsonObject{{QStringLiteral("ip"), source.address},
                                {QStringLiteral("signIns"), qint64(source.successful + source.failed)},
                                {QStringLiteral("failed"), qint64(source.failed)}});
    }
    json.insert(QStringLiteral("topIpv6Sources"), ipv6);

    QJsonArray suggested;
    for (const Suggestion &sg : suggestions) {
        suggested.append(QJsonObject{{QStringLiteral("cidr"), sg.network.toString()},
                                     {QStringLiteral("signIns"), qint64(sg.signIns)},
                                     {QStringLiteral("successful"), qint64(sg.successful)},
                                     {QStringLiteral("failed"), qint64(sg.failed)},
                                     {QStringLiteral("users"), sg.users},
                                     {QStringLiteral("ips"), sg.ips},
                                     {QStringLiteral("sampleUsers"), stringsToJson(sg.sampleUsers)}});
    }
    json.insert(QStringLiteral("suggestions"), suggested);

    QJsonArray files;
    for (const ImportedFile &f : evaluator.dataset().files())
        files.append(fileToJson(f));
    json.insert(QStringLiteral("files"), files);
    return json;
}

} // namespace alc
