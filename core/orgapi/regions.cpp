#include "regions.h"

#include <QHostAddress>

namespace alc {

namespace {

QUrl hostUrl(const QString &prefix, const QString &domain)
{
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(prefix + u'.' + domain);
    return url;
}

} // namespace

QUrl Region::apiBase() const
{
    return hostUrl(QStringLiteral("api"), domain);
}

QUrl Region::loginBase() const
{
    return hostUrl(QStringLiteral("login"), domain);
}

const QList<Region> &Region::all()
{
    static const QList<Region> regions = {
        {QStringLiteral("mypurecloud.com"), QStringLiteral("Americas (US East)")},
        {QStringLiteral("usw2.pure.cloud"), QStringLiteral("Americas (US West)")},
        {QStringLiteral("use2.us-gov-pure.cloud"), QStringLiteral("Americas (US East 2, FedRAMP)")},
        {QStringLiteral("cac1.pure.cloud"), QStringLiteral("Americas (Canada)")},
        {QStringLiteral("sae1.pure.cloud"), QStringLiteral("Americas (Sao Paulo)")},
        {QStringLiteral("mxc1.pure.cloud"), QStringLiteral("Americas (Mexico)")},
        {QStringLiteral("mypurecloud.ie"), QStringLiteral("EMEA (Dublin)")},
        {QStringLiteral("euw2.pure.cloud"), QStringLiteral("EMEA (London)")},
        {QStringLiteral("mypurecloud.de"), QStringLiteral("EMEA (Frankfurt)")},
        {QStringLiteral("euc2.pure.cloud"), QStringLiteral("EMEA (Zurich)")},
        {QStringLiteral("edee1.eusc-pure.cloud"), QStringLiteral("EMEA (EU Sovereign Cloud)")},
        {QStringLiteral("mec1.pure.cloud"), QStringLiteral("EMEA (UAE)")},
        {QStringLiteral("aps1.pure.cloud"), QStringLiteral("Asia Pacific (Mumbai)")},
        {QStringLiteral("apse1.pure.cloud"), QStringLiteral("Asia Pacific (Singapore)")},
        {QStringLiteral("mypurecloud.com.au"), QStringLiteral("Asia Pacific (Sydney)")},
        {QStringLiteral("mypurecloud.jp"), QStringLiteral("Asia Pacific (Tokyo)")},
        {QStringLiteral("apne2.pure.cloud"), QStringLiteral("Asia Pacific (Seoul)")},
        {QStringLiteral("apne3.pure.cloud"), QStringLiteral("Asia Pacific (Osaka)")},
    };
    return regions;
}

std::optional<Region> Region::find(QStringView domain)
{
    for (const Region &region : all()) {
        if (domain.compare(region.domain, Qt::CaseInsensitive) == 0)
            return region;
    }
    return std::nullopt;
}

OrgEndpoint OrgEndpoint::forRegion(const Region &region)
{
    return {region.apiBase(), region.loginBase(), region.domain};
}

QString OrgEndpoint::labelOf(const QUrl &apiUrl)
{
    // Requests go to the URL's origin (OrgClient sets the path), so the origin names the org's
    // API; a region's own API host is named by its domain, as --region names it.
    const QString scheme = apiUrl.scheme().toLower();
    const int defaultPort = scheme == u"https" ? 443 : 80;
    const int port = apiUrl.port(defaultPort);
    if (scheme == u"https" && port == 443) {
        for (const Region &region : Region::all()) {
            if (apiUrl.host().compare(region.apiBase().host(), Qt::CaseInsensitive) == 0)
                return region.domain;
        }
    }
    QUrl origin;
    origin.setScheme(scheme);
    origin.setHost(apiUrl.host().toLower());
    if (port != defaultPort)
        origin.setPort(port);
    return origin.toString();
}

std::optional<OrgEndpoint> OrgEndpoint::make(const QString &regionDomain, const QUrl &apiUrl, const QUrl &loginUrl,
                                             QString *error)
{
    OrgEndpoint endpoint;
    if (!regionDomain.isEmpty()) {
        const auto region = Region::find(regionDomain);
        if (!region) {
            if (error)
                *error = QStringLiteral("unknown region '%1'").arg(regionDomain);
            return std::nullopt;
        }
        endpoint = forRegion(*region);
    }
    if (!apiUrl.isEmpty()) {
        endpoint.apiBase = apiUrl;
        endpoint.label = labelOf(apiUrl);
    }
    if (!loginUrl.isEmpty())
        endpoint.loginBase = loginUrl;
    if (endpoint.apiBase.isEmpty() || endpoint.loginBase.isEmpty()) {
        if (error)
            *error = QStringLiteral("a region (or both --api-url and --login-url) is required");
        return std::nullopt;
    }
    if (!isAcceptableUrl(endpoint.apiBase, error) || !isAcceptableUrl(endpoint.loginBase, error))
        return std::nullopt;
    return endpoint;
}

bool OrgEndpoint::isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool OrgEndpoint::isAcceptableUrl(const QUrl &url, QString *error)
{
    if (!url.isValid() || url.host().isEmpty()) {
        if (error)
            *error = QStringLiteral("'%1' is not a valid URL").arg(url.toString(QUrl::RemoveUserInfo));
        return false;
    }
    if (url.scheme() == u"https")
        return true;
    if (url.scheme() == u"http" && isLoopbackHost(url.host()))
        return true;
    if (error)
        *error = QStringLiteral("'%1': HTTPS is required (plain HTTP only for loopback addresses)")
                     .arg(url.toString(QUrl::RemoveUserInfo));
    return false;
}

} // namespace alc
