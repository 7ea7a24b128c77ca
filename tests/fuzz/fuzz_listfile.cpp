// libFuzzer target: list files (text and CSV) and validation of whatever they contain.
#include <rules/listfile.h>
#include <rules/validator.h>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const auto &read : {alc::ListFile::parse(bytes), alc::ListFile::parseCsv(bytes)}) {
        if (!read.ok())
            continue;
        alc::ValidationOptions options;
        options.adminIps = {alc::Ipv4Address(81, 2, 69, 7)};
        const alc::ValidationResult result = alc::Validator::validate(read.list, options);
        if (result.entryFindings.size() != read.list.entries().size())
            std::abort();
        // Writing then reading, as a list file or as CSV, keeps every entry that has text.
        QStringList before;
        for (const auto &entry : read.list.entries()) {
            if (!entry.text.trimmed().isEmpty())
                before.append(entry.text.trimmed());
        }
        for (const auto &again : {alc::ListFile::parse(alc::ListFile::serialize(read.list)),
                                  alc::ListFile::parseCsv(alc::ListFile::serializeCsv(read.list))}) {
            if (!again.ok() || again.list.entries().size() != before.size())
                std::abort();
        }
    }
    return 0;
}
