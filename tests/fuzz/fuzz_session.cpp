// libFuzzer target: session documents from untrusted JSON.
#include <session/sessiondocument.h>

#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument json = QJsonDocument::fromJson(bytes);
    QString error;
    const alc::SessionDocument document = alc::SessionDocument::fromJson(json.object(), &error);
    if (error.isEmpty())
        (void)document.toJson();
    return 0;
}
