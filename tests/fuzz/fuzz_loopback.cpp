// libFuzzer target: the PKCE redirect request as the loopback receiver reads it from the browser.
#include <orgapi/authenticator.h>
#include <orgapi/loopbackreceiver.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray received(reinterpret_cast<const char *>(data), qsizetype(size));
    const alc::LoopbackReceiver::Request request = alc::LoopbackReceiver::parseRequest(received);
    using Kind = alc::LoopbackReceiver::Request::Kind;
    if (request.kind == Kind::TooLarge && received.size() <= 16 * 1024)
        std::abort();
    if (request.kind == Kind::Callback) {
        (void)request.query.queryItemValue(QStringLiteral("code"));
        (void)request.query.queryItemValue(QStringLiteral("state"));
        // What reaches a message: capped, with no control or format character (no terminal
        // escape, no bidi override).
        const QString text =
            alc::serverText(request.query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded));
        if (text.size() > 300)
            std::abort();
        for (const QChar c : text) {
            if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
                std::abort();
        }
    }
    return 0;
}
