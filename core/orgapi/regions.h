#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace alc {

// A Genesys Cloud region, named by its domain (e.g. "mypurecloud.ie").
struct Region
{
    QString domain;
    QString name;

    QUrl apiBase() const;   // https://api.<domain>
    QUrl loginBase() const; // https://login.<domain>

    static const QList<Region> &all();
    static std::optional<Region> find(QStringView domain);
};

// Where the org API and the login service are reached: a region, or explicit URLs (tests, the
// sandbox). Plain HTTP is only accepted for loopback hosts.
struct OrgEndpoint
{
    QUrl apiBase;
    QUrl loginBase;
    QString label; // the region domain, or the API URL's origin when given explicitly (labelOf)

    static OrgEndpoint forRegion(const Region &region);
    // The journal keys an org's last known list by this: the same API spelled another way
    // (--api-url https://api.mypurecloud.com/ for --region mypurecloud.com, a path, a default
    // port, upper case) had no earlier pull, and the conflict check was skipped.
    static QString labelOf(const QUrl &apiUrl);
    // Builds an endpoint from a region domain and optional overrides; empty error on success.
    static std::optional<OrgEndpoint> make(const QString &regionDomain, const QUrl &apiUrl, const QUrl &loginUrl,
                                           QString *error);
    // HTTPS everywhere except loopback hosts, where plain HTTP is allowed.
    static bool isAcceptableUrl(const QUrl &url, QString *error = nullptr);
    static bool isLoopbackHost(const QString &host);
};

} // namespace alc
