// libFuzzer target: every history importer through the real file-based entry point.
// The first byte picks the forced format (auto, generic, Entra, Okta, Genesys) and the worker
// count; the rest is the file. A tiny chunk size makes records cross buffer and share borders.
#include <history/historyimporter.h>

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static QTemporaryDir dir;
    static const QString path = dir.filePath(QStringLiteral("input.log"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char *>(data) + 1, qint64(size - 1));
    }
    alc::ImportOptions options;
    options.format = alc::HistoryFormat(data[0] % 5);
    options.threads = 1 + (data[0] >> 7);
    options.chunkBytes = 1024;
    const alc::ImportResult result = alc::HistoryImporter(options).importFiles({path});
    if (result.ok() == !result.error.isEmpty())
        std::abort(); // exactly one of a dataset or an error
    if (!result.ok() && !result.error.startsWith(path))
        std::abort(); // an error must name the file
    if (result.ok()) {
        const alc::ImportedFile &file = result.dataset->files().constFirst();
        if (file.bytes != qint64(size - 1))
            std::abort();
    }
    return 0;
}
