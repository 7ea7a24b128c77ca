#include "historyimporter.h"

#include "csvreader.h"
#include "datasetbuilder.h"
#include "fieldparsing.h"
#include "jsonrecordscanner.h"
#include "sha256.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScopeGuard>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <utility>
#include <vector>

namespace alc {

QMap<QString, QString> ColumnMapping::roles() const
{
    QMap<QString, QString> byRole;
    const std::pair<const char *, const QString *> named[] = {
        {"time", &timestamp}, {"user", &user}, {"ip", &ip}, {"app", &app}, {"result", &result}};
    for (const auto &[role, header] : named) {
        if (!header->isEmpty())
            byRole.insert(QLatin1String(role), *header);
    }
    return byRole;
}

bool ColumnMapping::setRole(const QString &role, const QString &header)
{
    const QString name = role.trimmed().toLower();
    QString *target = name == u"time"     ? &timestamp
                      : name == u"user"   ? &user
                      : name == u"ip"     ? &ip
                      : name == u"app"    ? &app
                      : name == u"result" ? &result
                                          : nullptr;
    if (!target || header.trimmed().isEmpty())
        return false;
    *target = header.trimmed();
    return true;
}

namespace {

using history::CsvLayout;
using history::CsvRecordParser;
using history::DateOrder;

constexpr qint64 HeadBytes = 64 * 1024;
// A sign-in row is well under a kilobyte. A "record" longer than this (a stray quote, a file with
// no newlines) is counted as malformed and skipped to its first newline, so memory stays bounded.
constexpr qint64 MaxCsvRecordBytes = 1 << 20;
// Shares per worker when a CSV file is split.
constexpr int SharesPerWorker = 8;

// Shared by all workers of one import.
struct ImportContext
{
    const ImportCallbacks &callbacks;
    qint64 total = 0;
    std::atomic<qint64> done{0};
    std::atomic<bool> canceled{false};

    bool isCanceled()
    {
        if (!canceled.load(std::memory_order_relaxed) && callbacks.isCanceled && callbacks.isCanceled())
            canceled.store(true);
        return canceled.load(std::memory_order_relaxed);
    }
    void advance(qint64 bytes)
    {
        const qint64 now = done.fetch_add(bytes) + bytes;
        if (callbacks.progress)
            callbacks.progress(std::min(now, total), total);
    }
};

// One share of a CSV file: records starting in [begin, end). Rows go to the builder of the worker
// that parses the share; the statistics stay with the share, in file order, for line numbers.
struct CsvShare
{
    FileStats stats;
    qint64 stoppedAt = 0; // where the first record at or after end starts (or the file size)
    QString error;
};

void parseCsvShare(const QString &path, const CsvLayout &layout, qint64 begin, qint64 end, qint64 fileSize,
                   qint64 chunkBytes, ImportContext &context, CsvShare &share, DatasetBuilder &builder)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(begin)) {
        share.error = file.errorString();
        return;
    }
    CsvRecordParser parser(layout);
    std::vector<char> buffer(std::size_t(std::max<qint64>(chunkBytes, 1024)));
    qint64 bufferOffset = begin; // file offset of buffer[0]
    qint64 filled = 0;
    qint64 reported = begin;
    bool skipping = false; // past an overlong record, up to the newline that ends its first line
    history::RawSignIn row;
    row.oktaEvents = layout.format == HistoryFormat::Okta;
    row.dateOrder = layout.dateOrder;
    history::DateCache dates;
    // IPv4 rows are handed to the builder in batches; their views stay valid until the buffer moves.
    constexpr std::size_t BatchSize = 32;
    std::vector<DatasetBuilder::PendingSignIn> batch;
    batch.reserve(BatchSize);
    auto flush = [&] {
        builder.addIpv4Batch(batch);
        batch.clear();
    };

    while (true) {
        if (context.isCanceled())
            return;
        const qint64 room = qint64(buffer.size()) - filled;
        const qint64 wanted = std::min(room, std::max<qint64>(end - (bufferOffset + filled), 64 * 1024));
        const qint64 got = file.read(buffer.data() + filled, wanted);
        if (got < 0) {
            share.error = file.errorString();
            return;
        }
        filled += got;
        const bool atEof = bufferOffset + filled >= fileSize || got == 0;

        const char *p = buffer.data();
        const char *bufferEnd = p + filled;
        bool reachedEnd = false;
        while (p < bufferEnd) {
            if (skipping) {
                const void *newline = std::memchr(p, '\n', std::size_t(bufferEnd - p));
                if (!newline) {
                    p = bufferEnd;
                    break;
                }
                p = static_cast<const char *>(newline) + 1;
                ++share.stats.lines;
                skipping = false;
                continue;
            }
            const qint64 recordStart = bufferOffset + (p - buffer.data());
            if (recordStart >= end) {
                reachedEnd = true;
                break;
            }
            const char *next = nullptr;
            const bool complete = parser.parsePlain(p, bufferEnd, next) ||
                                  parser.parse(p, bufferEnd, atEof, next) == CsvRecordParser::Status::Complete;
            if ((complete ? next : bufferEnd) - p >= MaxCsvRecordBytes) {
                share.stats.addBad(share.stats.lines + 1, BadRowReason::MalformedRecord);
                skipping = true;
                continue;
            }
            if (!complete)
                break;
            const qint64 line = share.stats.lines + 1;
            share.stats.lines += parser.lines();
            p = next;
            if (parser.endsInLoneCr())
                share.stats.noteLoneCr(line);
            if (parser.isBlank())
                continue;
            if (parser.isMalformed()) {
                share.stats.addBad(line, parser.malformedReason());
                continue;
            }
            if (parser.fieldCount() <= layout.columns[history::IpRole]) {
                share.stats.addBad(line, BadRowReason::MissingIp);
                continue;
            }
            row.time = parser.field(history::TimeRole);
            row.user = parser.field(history::UserRole);
            row.ip = parser.field(history::IpRole);
            row.app = parser.field(history::AppRole);
            row.result = parser.field(history::ResultRole);
            row.eventType = parser.field(history::EventTypeRole);
            DatasetBuilder::PendingSignIn pending{};
            if (history::prepareSignIn(row, line, builder, share.stats, pending, &dates)) {
                batch.push_back(pending);
                if (batch.size() == BatchSize || parser.usesOwnBuffer())
                    flush();
            }
        }
        flush();

        const qint64 consumedTo = bufferOffset + (p - buffer.data());
        const qint64 progressTo = std::min(consumedTo, end);
        if (progressTo > reported) {
            context.advance(progressTo - reported);
            reported = progressTo;
        }
        if (reachedEnd || (atEof && p == bufferEnd)) {
            share.stoppedAt = reachedEnd ? consumedTo : fileSize;
            return;
        }
        // Keep the unfinished record and read on; a record longer than the buffer grows it.
        const qint64 carry = bufferEnd - p;
        std::memmove(buffer.data(), p, std::size_t(carry));
        bufferOffset = consumedTo;
        filled = carry;
        if (filled == qint64(buffer.size()))
            buffer.resize(buffer.size() * 2);
    }
}

// The start of the first line that begins at or after offset; the file size when there is none
// nearby (a split there would fall inside an overlong record, and the search would be unbounded).
qint64 lineStartAtOrAfter(QFile &file, qint64 offset, qint64 fileSize)
{
    if (offset <= 0)
        return 0;
    if (!file.seek(offset - 1))
        return fileSize;
    qint64 position = offset - 1;
    QByteArray block;
    while (position < fileSize && position - offset < 2 * MaxCsvRecordBytes) {
        block = file.read(64 * 1024);
        if (block.isEmpty())
            break;
        const qsizetype newline = block.indexOf('\n');
        if (newline >= 0)
            return position + newline + 1;
        position += block.size();
    }
    return fileSize;
}

// The SHA-256 of a file and how many bytes it covers (an empty digest when it cannot be read).
struct FileDigest
{
    QString sha256;
    qint64 bytes = 0;
};

FileDigest hashFile(const QString &path, ImportContext &context)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    FileDigest digest;
    Sha256 hash;
    std::vector<char> buffer(256 << 10);
    while (true) {
        if (context.isCanceled())
            return {};
        const qint64 got = file.read(buffer.data(), qint64(buffer.size()));
        if (got < 0)
            return {}; // a read error: no hash rather than the hash of a part
        if (got == 0)
            break;
        hash.addData(buffer.data(), std::size_t(got));
        digest.bytes += got;
    }
    digest.sha256 = QString::fromLatin1(hash.hexResult());
    return digest;
}

bool isBinary(const QByteArray &head)
{
    return head.contains('\0');
}

// UTF-16 text without a byte order mark: in its first characters every other byte is NUL (the
// header or the JSON punctuation is ASCII), which would otherwise read as a binary file.
bool looksLikeUtf16(const QByteArray &head)
{
    const qsizetype units = std::min<qsizetype>(head.size() / 2, 64);
    if (units < 2)
        return false;
    bool little = true, big = true;
    for (qsizetype i = 0; i < units; ++i) {
        const bool low = head[2 * i] == 0, high = head[2 * i + 1] == 0;
        little = little && !low && high;
        big = big && low && !high;
    }
    return little || big;
}

// Where the first line that is not blank starts (a BOM at the start counts as blank), and how
// many lines come before it; -1 when there is none. Reads on past `head` as far as it takes.
qint64 firstContentLine(QFile &file, const QByteArray &head, qint64 &linesBefore)
{
    linesBefore = 0;
    qint64 lineStart = 0;
    qint64 offset = 0;
    for (QByteArray block = head; !block.isEmpty(); block = file.read(HeadBytes)) {
        for (qsizetype i = 0; i < block.size(); ++i) {
            const char c = block[i];
            if (c == '\n') {
                ++linesBefore;
                lineStart = offset + i + 1;
            } else if (c != ' ' && c != '\t' && c != '\r' && !(offset + i < 3 && c == "\xEF\xBB\xBF"[offset + i])) {
                return lineStart;
            }
        }
        offset += block.size();
    }
    return -1;
}

bool looksLikeJson(const QByteArray &head)
{
    for (const char c : head) {
        const auto u = uchar(c);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || u == 0xEF || u == 0xBB || u == 0xBF)
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

// Runs the CSV file through shares parsed by `workers` threads, each into its own builder; returns
// false when a share did not end exactly where the next one began (a quoted field spans the
// split), so the caller redoes it in one share. There are several shares per worker, taken in
// order as workers come free, so a worker slowed down by other work does not hold up the rest.
bool importCsvShares(const QString &path, const CsvLayout &layout, qint64 fileSize, int workers,
                     const ImportOptions &options, ImportContext &context, std::vector<CsvShare> &shares,
                     std::vector<DatasetBuilder> &builders)
{
    builders = std::vector<DatasetBuilder>(std::size_t(workers));
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly)) {
        shares.resize(1);
        shares[0].error = probe.errorString();
        return true;
    }
    const int count = workers == 1 ? 1 : workers * SharesPerWorker;
    std::vector<qint64> bounds{layout.dataOffset};
    const qint64 span = fileSize - layout.dataOffset;
    for (int k = 1; k < count; ++k)
        bounds.push_back(
            std::max(bounds.back(), lineStartAtOrAfter(probe, layout.dataOffset + span * k / count, fileSize)));
    bounds.push_back(fileSize);

    shares = std::vector<CsvShare>(std::size_t(count));
    std::atomic<int> next{0};
    auto work = [&](int worker) {
        for (int k = next++; k < count; k = next++) {
            parseCsvShare(path, layout, bounds[std::size_t(k)], bounds[std::size_t(k) + 1], fileSize,
                          options.chunkBytes, context, shares[std::size_t(k)], builders[std::size_t(worker)]);
        }
    };
    QThreadPool *pool = options.pool ? options.pool : QThreadPool::globalInstance();
    std::vector<QFuture<void>> running;
    for (int w = 1; w < workers; ++w)
        running.push_back(QtConcurrent::run(pool, work, w));
    work(0); // this thread works too instead of idling while the others do
    for (QFuture<void> &f : running)
        f.waitForFinished();
    for (int k = 0; k + 1 < count; ++k) {
        if (shares[std::size_t(k)].error.isEmpty() && shares[std::size_t(k)].stoppedAt != bounds[std::size_t(k) + 1])
            return false;
    }
    return true;
}

void absorb(DatasetBuilder &into, bool &intoEmpty, DatasetBuilder &&from)
{
    if (intoEmpty) {
        into = std::move(from);
        intoEmpty = false;
    } else {
        into.merge(std::move(from));
    }
}

// What a CSV without a user or time column means for the figures: it imports, but every sign-in
// is one user or has no date, which no count would show.
QStringList missingColumnNotes(const QString &path, const CsvLayout &layout)
{
    QStringList notes;
    const QString found = layout.headers.join(QStringLiteral(", ")).left(200);
    if (layout.columns[history::UserRole] < 0)
        notes.append(QStringLiteral("%1: no user column (the header has: %2): every sign-in counts as one user, "
                                    "(unknown); name it with --column user=HEADER (in the window: User column "
                                    "in the import dialog)")
                         .arg(path, found));
    if (layout.columns[history::ResultRole] < 0)
        notes.append(QStringLiteral("%1: no result column (the header has: %2): every sign-in counts as successful, "
                                    "so failed attempts (a password spray) cannot be told apart and a suggestion may "
                                    "admit an attacker's network; name it with --column result=HEADER (in the "
                                    "window: Result column in the import dialog)")
                         .arg(path, found));
    if (layout.columns[history::TimeRole] < 0)
        notes.append(QStringLiteral("%1: no time column (the header has: %2): sign-in dates are unknown and the "
                                    "per-day views are empty; name it with --column time=HEADER (in the window: "
                                    "Time column in the import dialog)")
                         .arg(path, found));
    return notes;
}

// Reads a CSV/TSV file into `builder`; fills `file` and `notes` and returns an error message on failure.
// head: the first bytes from headOffset on, where the header line starts after blankLines blank lines.
QString importCsv(const QString &path, const QByteArray &head, qint64 headOffset, qint64 blankLines, qint64 fileSize,
                  const ImportOptions &options, ImportContext &context, DatasetBuilder &builder, bool &builderEmpty,
                  ImportedFile &file, QStringList &notes)
{
    QString error;
    std::optional<CsvLayout> layout =
        history::readCsvHeader(head, headOffset + head.size() >= fileSize, options.format, options.columns, error);
    if (!layout)
        return error;
    layout->dataOffset += headOffset;
    layout->headerLines += blankLines;
    file.format = layout->format;
    file.outcomes = layout->columns[history::ResultRole] >= 0;
    notes = missingColumnNotes(path, *layout);
    context.advance(layout->dataOffset);

    const int cores = options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount());
    const qint64 body = fileSize - layout->dataOffset;
    int workers = int(std::clamp<qint64>(body / (2 * std::max<qint64>(options.chunkBytes, 1)), 1, cores));

    std::vector<CsvShare> shares;
    std::vector<DatasetBuilder> builders;
    // Reads the whole body into fresh shares and builders; a quoted field that spans a split makes
    // it read the file again in one share. Progress counted by an earlier pass is taken back.
    bool counted = false;
    const auto readBody = [&](const CsvLayout &read) {
        if (std::exchange(counted, true))
            context.done.fetch_sub(body);
        if (!importCsvShares(path, read, fileSize, workers, options, context, shares, builders)) {
            context.done.fetch_sub(body);
            workers = 1;
            importCsvShares(path, read, fileSize, workers, options, context, shares, builders);
        }
    };
    readBody(*layout);
    // Slashed dates were read month first (US). When some fit only day first and none only month
    // first, the file is D/M/YYYY throughout (Excel in most of Europe): read again that way, or
    // every date up to the 12th would sit in the wrong month and the rest be bad rows.
    FileStats dates;
    for (const CsvShare &share : shares)
        dates.append(share.stats);
    if (dates.dayFirstDates > 0 && dates.monthFirstDates == 0 && !context.isCanceled()) {
        CsvLayout dayFirst = *layout;
        dayFirst.dateOrder = DateOrder::DayFirst;
        readBody(dayFirst);
        file.dayFirstDates = true;
    }
    file.ambiguousDates = dates.eitherOrderDates > 0 && dates.dayFirstDates == 0 && dates.monthFirstDates == 0;
    if (context.isCanceled())
        return {};
    FileStats stats;
    stats.lines = layout->headerLines;
    for (CsvShare &share : shares) {
        if (!share.error.isEmpty())
            return QStringLiteral("cannot be read: %1").arg(share.error);
        stats.append(share.stats);
    }
    for (DatasetBuilder &worker : builders)
        absorb(builder, builderEmpty, std::move(worker));
    stats.fillInto(file);
    // Read as line ends so no sign-in is glued to another, but said: the file was mixed or re-saved.
    if (stats.loneCrs > 0)
        notes.append(QStringLiteral("%1: %2 line(s) end in a lone carriage return (CR without LF; the first is line "
                                    "%3): read as line ends")
                         .arg(path)
                         .arg(stats.loneCrs)
                         .arg(stats.firstLoneCrLine));
    return {};
}

QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'f', 0);
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return array.isEmpty() ? QString() : jsonText(array.first());
    }
    return {};
}

// The sign-in of an Entra record: the record itself (Graph), or its "properties" when it is a
// diagnostic-settings log entry (category SignInLogs and kin, archived one per line).
QJsonObject entraSignIn(const QJsonObject &record)
{
    if (!record.contains(u"createdDateTime") && record.value(u"properties").isObject())
        return record.value(u"properties").toObject();
    return record;
}

std::optional<HistoryFormat> jsonFormatOf(const QJsonObject &record)
{
    const QJsonObject signIn = entraSignIn(record);
    if (signIn.contains(u"createdDateTime") || signIn.contains(u"userPrincipalName"))
        return HistoryFormat::Entra;
    if (record.contains(u"eventType") || record.contains(u"published"))
        return HistoryFormat::Okta;
    if (record.contains(u"eventDate") || record.contains(u"remoteIp"))
        return HistoryFormat::Genesys;
    return std::nullopt;
}

// The fields of one JSON record, kept as UTF-8 so RawSignIn can view them.
struct JsonFields
{
    QByteArray time, user, ip, app, result, eventType;
    bool resultIsErrorCode = false;
    std::optional<BadRowReason> problem; // the first of the time and the outcome that cannot be read
};

// Every JSON export writes a time in each record: one that is missing, null, empty or of another
// type than a string or a number (Unix seconds) is no date to count the sign-in on.
std::optional<BadRowReason> jsonTime(const QJsonValue &value, QByteArray &time)
{
    if (value.isString())
        time = value.toString().trimmed().toUtf8();
    else if (value.isDouble())
        time = QByteArray::number(value.toDouble(), 'f', 0);
    else if (!value.isUndefined() && !value.isNull())
        return BadRowReason::InvalidTimestamp;
    if (time.isEmpty())
        return BadRowReason::MissingTimestamp;
    return std::nullopt;
}

// Graph's status.errorCode: an integer, 0 for success; some exports write it as a string ("50126").
std::optional<BadRowReason> entraErrorCode(const QJsonValue &status, QByteArray &result)
{
    if (status.isUndefined() || status.isNull())
        return BadRowReason::MissingResult;
    const QJsonValue code = status.toObject().value(u"errorCode");
    if (!status.isObject() || (!code.isUndefined() && !code.isNull() && !code.isString() && !code.isDouble()))
        return BadRowReason::InvalidResult;
    if (code.isDouble()) {
        if (code.toDouble() != double(code.toInteger()))
            return BadRowReason::InvalidResult;
        result = QByteArray::number(code.toInteger());
        return std::nullopt;
    }
    result = code.toString().trimmed().toUtf8();
    if (result.isEmpty())
        return BadRowReason::MissingResult;
    const qsizetype digits = result.startsWith('-') ? 1 : 0;
    if (digits == result.size() ||
        !std::all_of(result.cbegin() + digits, result.cend(), [](char c) { return c >= '0' && c <= '9'; }))
        return BadRowReason::InvalidResult;
    return std::nullopt;
}

// Okta's outcome.result, in any case: SUCCESS, ALLOW, CHALLENGE, SKIPPED and UNKNOWN count as
// successful (the sign-in was not refused), FAILURE and DENY as failed; anything else is unread.
std::optional<BadRowReason> oktaOutcome(const QJsonValue &outcome, QByteArray &result)
{
    if (outcome.isUndefined() || outcome.isNull())
        return BadRowReason::MissingResult;
    const QJsonValue value = outcome.toObject().value(u"result");
    if (!outcome.isObject() || (!value.isUndefined() && !value.isNull() && !value.isString()))
        return BadRowReason::InvalidResult;
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return BadRowReason::MissingResult;
    static const QStringList known = {QStringLiteral("SUCCESS"), QStringLiteral("ALLOW"),   QStringLiteral("CHALLENGE"),
                                      QStringLiteral("SKIPPED"), QStringLiteral("UNKNOWN"), QStringLiteral("FAILURE"),
                                      QStringLiteral("DENY")};
    if (!known.contains(text, Qt::CaseInsensitive))
        return BadRowReason::InvalidResult;
    result = text.toUtf8();
    return std::nullopt;
}

JsonFields fieldsOf(const QJsonObject &o, HistoryFormat format)
{
    JsonFields f;
    switch (format) {
    case HistoryFormat::Entra: {
        const QJsonObject signIn = entraSignIn(o);
        const std::optional<BadRowReason> time = jsonTime(signIn.value(u"createdDateTime"), f.time);
        f.user = jsonText(signIn.value(u"userPrincipalName")).toUtf8();
        if (f.user.isEmpty()) // a service principal's sign-in names the principal instead
            f.user = jsonText(signIn.value(u"servicePrincipalName")).toUtf8();
        f.ip = jsonText(signIn.value(u"ipAddress")).toUtf8();
        f.app = jsonText(signIn.value(u"appDisplayName")).toUtf8();
        const std::optional<BadRowReason> result = entraErrorCode(signIn.value(u"status"), f.result);
        f.resultIsErrorCode = true;
        f.problem = time ? time : result;
        break;
    }
    case HistoryFormat::Okta: {
        const std::optional<BadRowReason> time = jsonTime(o.value(u"published"), f.time);
        const std::optional<BadRowReason> result = oktaOutcome(o.value(u"outcome"), f.result);
        f.problem = time ? time : result;
        f.user = jsonText(o.value(u"actor").toObject().value(u"alternateId")).toUtf8();
        f.ip = jsonText(o.value(u"client").toObject().value(u"ipAddress")).toUtf8();
        f.eventType = jsonText(o.value(u"eventType")).toUtf8();
        // The application signed in to is the AppInstance target of SSO events.
        const QJsonArray targets = o.value(u"target").toArray();
        for (const QJsonValue &t : targets) {
            if (t.toObject().value(u"type").toString() == u"AppInstance") {
                f.app = t.toObject().value(u"displayName").toString().toUtf8();
                break;
            }
        }
        if (f.app.isEmpty())
            f.app = "Okta";
        break;
    }
    case HistoryFormat::Genesys: {
        f.problem = jsonTime(o.value(u"eventDate"), f.time);
        const QJsonObject user = o.value(u"user").toObject();
        f.user = (user.contains(u"name") ? jsonText(user.value(u"name")) : jsonText(user.value(u"id"))).toUtf8();
        // The addresses a request came through, like a forwarded-for list: parseIp picks the client.
        if (const QJsonValue remote = o.value(u"remoteIp"); remote.isArray()) {
            QStringList chain;
            for (const QJsonValue &ip : remote.toArray())
                chain.append(jsonText(ip));
            f.ip = chain.join(QStringLiteral(", ")).toUtf8();
        } else {
            f.ip = jsonText(remote).toUtf8();
        }
        const QJsonObject client = o.value(u"client").toObject();
        QString app = client.contains(u"name") ? jsonText(client.value(u"name")) : jsonText(client.value(u"id"));
        if (app.isEmpty())
            app = jsonText(o.value(u"serviceName"));
        f.app = app.toUtf8();
        break;
    }
    case HistoryFormat::Auto:
    case HistoryFormat::Generic:
        break;
    }
    return f;
}

// Records of a JSON file handed to a worker together: their bytes back to back, each with where
// it ends in `bytes` and the line it starts on. An empty record is one the scanner cut short.
struct JsonBatch
{
    QByteArray bytes;
    std::vector<std::pair<qsizetype, qint64>> records; // (end in bytes, line)
};

void acceptJsonRecord(const QJsonDocument &document, qint64 line, HistoryFormat format, DatasetBuilder &builder,
                      FileStats &stats, history::DateCache &dates)
{
    const JsonFields f = fieldsOf(document.object(), format);
    history::RawSignIn row;
    row.time = std::string_view(f.time.constData(), std::size_t(f.time.size()));
    row.user = std::string_view(f.user.constData(), std::size_t(f.user.size()));
    row.ip = std::string_view(f.ip.constData(), std::size_t(f.ip.size()));
    row.app = std::string_view(f.app.constData(), std::size_t(f.app.size()));
    row.result = std::string_view(f.result.constData(), std::size_t(f.result.size()));
    row.eventType = std::string_view(f.eventType.constData(), std::size_t(f.eventType.size()));
    row.oktaEvents = format == HistoryFormat::Okta;
    row.resultIsErrorCode = f.resultIsErrorCode;
    row.problem = f.problem;
    history::acceptSignIn(row, line, builder, stats, &dates);
}

// Parses one batch on a worker; its statistics are returned so they can be added in file order.
FileStats parseJsonBatch(const JsonBatch &batch, HistoryFormat format, DatasetBuilder &builder)
{
    FileStats stats;
    history::DateCache dates;
    qsizetype begin = 0;
    for (const auto &[end, line] : batch.records) {
        const QByteArray bytes = QByteArray::fromRawData(batch.bytes.constData() + begin, end - begin);
        begin = end;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        if (bytes.isEmpty() || parseError.error != QJsonParseError::NoError || !document.isObject()) {
            stats.addBad(line, BadRowReason::MalformedRecord);
            continue;
        }
        acceptJsonRecord(document, line, format, builder, stats, dates);
    }
    return stats;
}

// Reads a JSON export. This thread reads, hashes nothing (that is the digest thread's) and cuts the
// file into records; batches of records (about chunkBytes each) are parsed by up to `workers` pool
// threads, batch k into builder k % workers, and their statistics are appended in file order, so
// the result does not depend on how the file was cut. The first record that parses decides the
// format when it was not given.
QString importJson(const QString &path, const ImportOptions &options, ImportContext &context, DatasetBuilder &builder,
                   bool &builderEmpty, ImportedFile &file, QStringList &notes)
{
    if (options.format == HistoryFormat::Generic)
        return QStringLiteral("is JSON, but the generic format is CSV/TSV");
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot be read: %1").arg(in.errorString());

    const int cores = options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount());
    const qint64 batchBytes = std::max<qint64>(options.chunkBytes, 1024);
    const int workers = int(std::clamp<qint64>(in.size() / batchBytes, 1, cores)); // a small file needs one
    QThreadPool *pool = options.pool ? options.pool : QThreadPool::globalInstance();
    auto builders = std::vector<DatasetBuilder>(std::size_t(workers));
    // Batches being parsed, oldest first, each with how far the file had been read when it was cut:
    // progress counts a part of the file as done once its records are parsed.
    struct Running
    {
        QFuture<FileStats> task;
        qint64 readTo;
    };
    std::deque<Running> running;
    // Whatever happens below (an exception included), no task outlives the builders it fills.
    const auto waitForTasks = qScopeGuard([&running] {
        for (Running &r : running) {
            try {
                r.task.waitForFinished(); // rethrows what the task threw: already unwinding for it
            } catch (...) {
            }
        }
    });
    FileStats stats;
    qint64 dispatched = 0;
    qint64 read = 0;     // bytes handed to the scanner
    qint64 reported = 0; // bytes reported as done
    auto advanceTo = [&](qint64 offset) {
        if (offset > reported) {
            context.advance(offset - reported);
            reported = offset;
        }
    };
    auto collectOldest = [&] {
        stats.append(running.front().task.result());
        advanceTo(running.front().readTo);
        running.pop_front();
    };
    HistoryFormat format = options.format;
    QString error;
    JsonBatch batch;
    auto dispatch = [&] {
        if (batch.records.empty())
            return;
        if (running.size() == std::size_t(workers))
            collectOldest(); // the batch that used this builder is done before it is used again
        DatasetBuilder &worker = builders[std::size_t(dispatched++ % workers)];
        running.push_back(
            {QtConcurrent::run(
                 pool, [format, &worker](const JsonBatch &b) { return parseJsonBatch(b, format, worker); },
                 std::move(batch)),
             read});
        batch = JsonBatch{};
    };
    // Objects of no known export before the first that is one are bad rows (as with a forced
    // format); this many of them, or only such objects, and the file is refused.
    constexpr int MaxUnrecognised = 100;
    int unrecognised = 0;
    const QString notRecognised = QStringLiteral("not a recognised sign-in log: the JSON records are neither "
                                                 "Microsoft Graph signIns, Okta LogEvents nor Genesys Cloud audit "
                                                 "messages");
    history::JsonRecordScanner scanner([&](const QByteArray &bytes, qint64 line) {
        if (!error.isEmpty())
            return;
        if (format == HistoryFormat::Auto && !bytes.isEmpty()) {
            const QJsonDocument document = QJsonDocument::fromJson(bytes);
            if (document.isObject()) {
                if (const std::optional<HistoryFormat> detected = jsonFormatOf(document.object()))
                    format = *detected;
                else if (++unrecognised == MaxUnrecognised)
                    error = notRecognised;
            }
        }
        batch.bytes.append(bytes);
        batch.records.emplace_back(batch.bytes.size(), line);
        // Bad lines are empty records: a batch is also full by count, so a file of them cannot
        // pile up entries on this thread.
        if (batch.bytes.size() >= batchBytes || qint64(batch.records.size()) * 64 >= batchBytes)
            dispatch();
    });

    auto buffer = std::vector<char>(std::size_t(batchBytes));
    bool canceled = false;
    while (error.isEmpty()) {
        if (context.isCanceled()) {
            canceled = true;
            break;
        }
        const qint64 got = in.read(buffer.data(), qint64(buffer.size()));
        if (got < 0) {
            error = QStringLiteral("cannot be read: %1").arg(in.errorString());
            break;
        }
        if (got == 0)
            break;
        read += got;
        scanner.feed(buffer.data(), got);
        if (!scanner.error().isEmpty())
            break;
    }
    if (error.isEmpty() && !canceled)
        dispatch();
    while (!running.empty())
        collectOldest();
    advanceTo(read);
    if (canceled)
        return {};
    if (!error.isEmpty())
        return error;
    // A whole export under a key of its own ({"data": [...]}) reads as one record of no known kind.
    const auto whereRecordsMayBe = [&scanner] {
        const std::optional<history::JsonRecordScanner::ObjectArray> array = scanner.likelyRecordsArray();
        // One arg() call: a key such as "%3" must not be substituted by the next argument.
        return array ? QStringLiteral("; the file holds %1 object(s) under \"%2\" (line %3), but records are read "
                                      "from \"value\", \"entities\" or \"results\" or from a top-level array")
                           .arg(QString::number(array->objects), array->key, QString::number(array->line))
                     : QString();
    };
    if (!scanner.finish()) // a large {"data": [...]} is one oversized object: say where its records are
        return QStringLiteral("not a recognised sign-in log (%1)").arg(scanner.error()) + whereRecordsMayBe();
    if (scanner.truncatedRecordLine() > 0)
        stats.addBad(scanner.truncatedRecordLine(), BadRowReason::MalformedRecord);
    // What a malformed record took with it: sign-ins inside it are not counted anywhere else.
    if (const history::JsonRecordScanner::Span cut = scanner.truncatedRecord(); cut.line > 0) {
        notes.append(QStringLiteral("%1: the record opened on line %2 never closed: everything from there to the end "
                                    "of the file (%3 line(s), %4) was read as that one malformed record, and any "
                                    "sign-ins in it were not (a file cut short, or joined to another after a cut?)")
                         .arg(path, QString::number(cut.line), QString::number(cut.lines),
                              QLocale::c().formattedDataSize(cut.bytes)));
    }
    if (const qint64 oversized = scanner.oversizedRecords(); oversized > 0) {
        const history::JsonRecordScanner::Span first = scanner.firstOversizedRecord();
        notes.append(QStringLiteral("%1: %2 record(s) over %3 were read as malformed records, and any sign-ins in them "
                                    "were not; the first, on line %4, spans %5 line(s) (%6)")
                         .arg(path, QString::number(oversized),
                              QLocale::c().formattedDataSize(history::JsonRecordScanner::MaxRecordBytes),
                              QString::number(first.line), QString::number(first.lines),
                              QLocale::c().formattedDataSize(first.bytes)));
    }
    if (format == HistoryFormat::Auto && unrecognised > 0)
        return notRecognised + whereRecordsMayBe();
    for (const history::JsonRecordScanner::ObjectArray &array : scanner.arraysBesideRecords()) {
        notes.append(QStringLiteral("%1: %2 object(s) under \"%3\" (line %4) were not read: sign-in records are read "
                                    "from \"%5\" only")
                         .arg(path, QString::number(array.objects), array.key, QString::number(array.line),
                              scanner.containerKey()));
    }
    if (const qint64 more = scanner.objectsBesideRecordsUnnamed(); more > 0)
        notes.append(QStringLiteral("%1: %2 more object(s) in arrays under other keys were not read either")
                         .arg(path, QString::number(more)));
    if (format == HistoryFormat::Auto) {
        // No records to look at: the container says which export this is.
        const QString key = scanner.containerKey();
        format = key == u"value" ? HistoryFormat::Entra : key.isEmpty() ? HistoryFormat::Okta : HistoryFormat::Genesys;
    }
    file.format = format;
    stats.fillInto(file);
    for (DatasetBuilder &worker : builders)
        absorb(builder, builderEmpty, std::move(worker));
    return {};
}

} // namespace

ImportResult HistoryImporter::importFiles(const QStringList &paths, const ImportCallbacks &callbacks) const
{
    ImportResult result;
    ImportContext context{callbacks};
    for (const QString &path : paths)
        context.total += QFileInfo(path).size();

    DatasetBuilder builder;
    bool builderEmpty = true;
    QList<ImportedFile> files;
    QThreadPool *pool = m_options.pool ? m_options.pool : QThreadPool::globalInstance();

    for (const QString &path : paths) {
        const QString shown = QFileInfo(path).fileName();
        auto fail = [&](const QString &why) {
            result.error = QStringLiteral("%1: %2").arg(path, why);
            return result;
        };
        // Taken before anything is read: a file written to while it is read (an export still
        // running, a log being appended to) would be parsed and hashed as two different contents.
        const QDateTime modifiedBefore = QFileInfo(path).lastModified();
        QFile in(path);
        if (!QFileInfo(path).isFile())
            return fail(QFileInfo::exists(path) ? QStringLiteral("is not a file") : QStringLiteral("no such file"));
        if (!in.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot be read: %1").arg(in.errorString()));
        const qint64 fileSize = in.size();
        QByteArray head = in.read(HeadBytes);
        // Excel's "Unicode Text" and some Windows exports are UTF-16: say how to get UTF-8.
        if (head.startsWith("\xFF\xFE") || head.startsWith("\xFE\xFF") || looksLikeUtf16(head))
            return fail(QStringLiteral("is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8) and import it again"));
        // Blank lines before the header (or the JSON) are skipped, however many there are.
        qint64 blankLines = 0;
        const qint64 contentStart = firstContentLine(in, head, blankLines);
        if (fileSize == 0 || contentStart < 0)
            return fail(QStringLiteral("is empty: there are no sign-ins to read"));
        if (contentStart > 0 && (!in.seek(contentStart) || (head = in.read(HeadBytes)).isEmpty()))
            return fail(QStringLiteral("cannot be read: %1").arg(in.errorString()));
        in.close();
        if (isBinary(head))
            return fail(QStringLiteral("is a binary file, not a sign-in log (CSV, TSV or JSON)"));

        ImportedFile file;
        file.name = shown;
        file.path = path;
        file.bytes = fileSize;
        // Hash alongside parsing: on two cores it costs a fraction of the parse. The file's rows
        // join the dataset once the hash shows it is not one already read.
        QFuture<FileDigest> digest = QtConcurrent::run(pool, [&context, path] { return hashFile(path, context); });
        DatasetBuilder fileBuilder;
        bool fileEmpty = true;
        QStringList fileNotes; // said only when the file counts
        const QString error = looksLikeJson(head)
                                  ? importJson(path, m_options, context, fileBuilder, fileEmpty, file, fileNotes)
                                  : importCsv(path, head, contentStart, blankLines, fileSize, m_options, context,
                                              fileBuilder, fileEmpty, file, fileNotes);
        if (!error.isEmpty())
            context.canceled.store(true); // stops the hash early; the import fails anyway
        const FileDigest hashed = digest.result();
        file.sha256 = hashed.sha256;
        if (!error.isEmpty()) {
            result.error = QStringLiteral("%1: %2").arg(path, error);
            return result;
        }
        if (context.isCanceled()) {
            result.canceled = true;
            result.error = QStringLiteral("import canceled");
            return result;
        }
        if (file.sha256.isEmpty()) // the evidence would name no content, or the wrong one
            return fail(QStringLiteral("cannot be read to the end to compute its SHA-256"));
        const QFileInfo after(path);
        if (hashed.bytes != fileSize || after.size() != fileSize || after.lastModified() != modifiedBefore)
            return fail(
                QStringLiteral("changed while it was read (%1 bytes when the import began, %2 now%3): its "
                               "sign-ins and its SHA-256 would not describe the same content; import it "
                               "again once nothing writes to it")
                    .arg(fileSize)
                    .arg(after.size())
                    .arg(after.lastModified() != modifiedBefore ? QStringLiteral(", modified since") : QString()));
        const auto same = std::find_if(files.cbegin(), files.cend(),
                                       [&file](const ImportedFile &earlier) { return earlier.sha256 == file.sha256; });
        if (same != files.cend()) {
            result.notes.append(QStringLiteral("%1: the same content as %2 (SHA-256 %3…): not counted again")
                                    .arg(path, same->path, file.sha256.left(16)));
            continue;
        }
        result.notes.append(fileNotes);
        if (file.ambiguousDates)
            result.notes.append(QStringLiteral("%1: every slashed date fits both day/month and month/day (such as "
                                               "05/11/2026): read month first (US); if the file is day first, its "
                                               "days and months are swapped")
                                    .arg(path));
        if (file.dayFirstDates)
            result.notes.append(QStringLiteral("%1: dates read as day/month/year (D/M/YYYY): some fit no other order, "
                                               "none fits month/day")
                                    .arg(path));
        if (!fileEmpty)
            absorb(builder, builderEmpty, std::move(fileBuilder));
        files.append(file);
    }
    result.dataset = std::make_shared<const Dataset>(std::move(builder).build(std::move(files)));
    return result;
}

} // namespace alc
