#pragma once

#include "httpclient.h"

#include <QString>

namespace alc {

// Why an org API call failed, in words an admin can act on, with the support reference.
struct ApiError
{
    enum class Kind {
        None,
        Insecure, // refused before sending: plain HTTP to a non-loopback host
        Network,  // refused, reset, DNS, proxy
        Timeout,
        Tls,
        SignIn,      // 401 after one refresh, or the token endpoint refused the credentials
        Forbidden,   // 403: the permission is missing
        RateLimited, // 429 after the bounded attempts
        Server,      // 5xx after the bounded attempts
        Rejected,    // other 4xx: the request itself was refused (e.g. the list was invalid)
        BadResponse, // malformed JSON, an unexpected shape, or larger than the size limit
        Cancelled,
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString message;
    QString correlationId;

    bool isError() const { return kind != Kind::None; }
    // "message (HTTP 403, inin-correlation-id: …)"
    QString toString() const;

    // Classifies a response that is not a success; `what` names the operation ("reading the allowlist").
    static ApiError fromResponse(const HttpResponse &response, const QString &what);
};

// The permission Genesys requires to read and change the allowlist.
inline constexpr QStringView RequiredPermission = u"directory:organization:admin";

} // namespace alc
