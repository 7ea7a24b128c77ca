// libFuzzer target: everything that reads an org API or login service answer: the JSON body of a
// success, the allowlist / ipranges / users/me / organizations/me shapes, token answers, OAuth
// refusals and Genesys error bodies.
#include <orgapi/apierror.h>
#include <orgapi/authenticator.h>
#include <orgapi/orgclient.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto document = alc::OrgClient::parseBody(body)) {
        if (!document->isObject())
            std::abort();
        (void)alc::OrgClient::allowlistFrom(*document);
        if (const auto ranges = alc::OrgClient::ipRangesFrom(*document))
            (void)alc::IpRange::toEntries(*ranges);
        if (const auto user = alc::OrgClient::userFrom(*document); user && user->id.isEmpty())
            std::abort();
        (void)alc::OrgClient::organizationFrom(*document);
    }
    if (const auto token = alc::Authenticator::parseTokenResponse(body); token && token->accessToken.isEmpty())
        std::abort();
    alc::HttpResponse response;
    response.status = 400;
    response.body = body;
    (void)alc::Authenticator::refusalMessage(response);
    (void)alc::ApiError::fromResponse(response, QStringLiteral("reading the allowlist")).toString();
    return 0;
}
