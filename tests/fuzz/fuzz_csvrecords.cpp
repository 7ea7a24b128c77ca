// libFuzzer target: the in-memory CSV pieces of the history import — header detection, the record
// parser and row validation into a dataset — without the file and thread overhead of
// fuzz_historyimport. The first byte picks the forced format.
#include <history/csvreader.h>
#include <history/datasetbuilder.h>
#include <history/fieldparsing.h>

#include <cstdint>
#include <cstdlib>

using namespace alc;
using namespace alc::history;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    QString error;
    const std::optional<CsvLayout> layout =
        readCsvHeader(bytes, true, HistoryFormat(data[0] % 5), ColumnMapping{}, error);
    if (!layout) {
        if (error.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    if (layout->dataOffset < 0 || layout->dataOffset > bytes.size())
        std::abort();

    CsvRecordParser parser(*layout);
    CsvRecordParser plain(*layout);
    // A tiny stage makes the partitioned counting run between records, not only at build().
    DatasetBuilder builder(1 + data[0] / 5 % 7);
    FileStats stats;
    DateCache dates;
    RawSignIn row;
    row.oktaEvents = layout->format == HistoryFormat::Okta;
    const char *p = bytes.constData() + layout->dataOffset;
    const char *end = bytes.constData() + bytes.size();
    while (p < end) {
        // Not at end of input, a record either completes inside the buffer or asks for more.
        const char *next = nullptr;
        const bool completeEarly = parser.parse(p, end, false, next) == CsvRecordParser::Status::Complete;
        if (completeEarly && (next <= p || next > end))
            std::abort();
        if (parser.parse(p, end, true, next) != CsvRecordParser::Status::Complete || next <= p || next > end)
            std::abort();
        // The quote-free fast path, where it takes a record, must see exactly what parse() sees.
        const char *plainNext = nullptr;
        if (plain.parsePlain(p, end, plainNext)) {
            if (plainNext != next || plain.fieldCount() != parser.fieldCount() || plain.lines() != parser.lines() ||
                plain.isBlank() != parser.isBlank() || plain.isMalformed() != parser.isMalformed() ||
                plain.endsInLoneCr() != parser.endsInLoneCr())
                std::abort();
            for (int role = 0; role < RoleCount; ++role) {
                if (plain.field(CsvRole(role)) != parser.field(CsvRole(role)))
                    std::abort();
            }
        }
        const qint64 line = stats.lines + 1;
        stats.lines += parser.lines();
        p = next;
        if (parser.isBlank() || parser.isMalformed() || parser.fieldCount() <= layout->columns[IpRole])
            continue;
        row.time = parser.field(TimeRole);
        row.user = parser.field(UserRole);
        row.ip = parser.field(IpRole);
        row.app = parser.field(AppRole);
        row.result = parser.field(ResultRole);
        row.eventType = parser.field(EventTypeRole);
        acceptSignIn(row, line, builder, stats, &dates);
    }
    ImportedFile file;
    stats.fillInto(file);
    const Dataset dataset = std::move(builder).build({file});
    if (dataset.rows() != file.rows)
        std::abort();
    return 0;
}
