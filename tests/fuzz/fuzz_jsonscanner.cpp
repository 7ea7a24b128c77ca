// libFuzzer target: the streaming JSON record scanner. Feeding the same bytes in one piece, split
// at a fuzzer-chosen point, and one byte at a time (which never takes the 16-byte string skip) must
// yield the same records, lines and verdict.
#include <history/jsonrecordscanner.h>

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

struct Seen
{
    std::vector<std::pair<QByteArray, qint64>> records;
    bool ok = false;
    qint64 truncated = 0;
};

// split: where the first feed() ends; 0 feeds one byte at a time.
Seen scan(const char *data, qsizetype size, qsizetype split)
{
    Seen seen;
    alc::history::JsonRecordScanner scanner([&](const QByteArray &record, qint64 line) {
        (void)QJsonDocument::fromJson(record); // what the importer does with each record
        seen.records.emplace_back(record, line);
    });
    if (split == 0) {
        for (qsizetype i = 0; i < size && scanner.error().isEmpty(); ++i)
            scanner.feed(data + i, 1);
    } else {
        scanner.feed(data, split);
        if (scanner.error().isEmpty())
            scanner.feed(data + split, size - split);
    }
    seen.ok = scanner.finish();
    seen.truncated = scanner.truncatedRecordLine();
    return seen;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const auto *text = reinterpret_cast<const char *>(data) + 2;
    const auto length = qsizetype(size - 2);
    const qsizetype split = length == 0 ? 0 : ((data[0] << 8) | data[1]) % length + 1;
    const Seen whole = scan(text, length, length);
    for (const qsizetype at : {split, qsizetype(0)}) {
        const Seen parts = scan(text, length, at);
        if (whole.ok != parts.ok || whole.truncated != parts.truncated || whole.records != parts.records)
            std::abort();
    }
    return 0;
}
