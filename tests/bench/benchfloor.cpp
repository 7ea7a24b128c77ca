// alc-bench-floor: a lower bound for issue 3's speed target, measured on the benchmark's own file.
// It does a small part of what an import must do, in the cheapest way this machine allows, so
// that the table can say how much of grepcidr's time any importer that keeps the file's SHA-256
// needs at the least. It is not an importer: it reads only the IP column of a CSV without quoted
// fields (what alc-genhistory writes), validates nothing and keeps nothing but distinct addresses.
//   --history H   the CSV to read (its header names an `ip` column)
// Prints key=value lines for scripts/bench-impact.sh:
//   readSeconds      one thread reads the file (from the page cache)
//   sha256Seconds    one thread reads and hashes it: the fingerprint every imported file keeps
//   ipColumnSeconds  both cores split the lines and parse the IP column into per-thread tables of
//                    distinct addresses, no hash
//   floorSeconds     the same while a third thread hashes the file (SHA-256 cannot be split)
//   mappedFloorSeconds  floorSeconds with the file mapped into memory instead of read

#include <history/sha256.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

namespace {

constexpr qint64 ChunkBytes = 1 << 20;

double secondsOf(const auto &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e9;
}

// Reads the whole file in chunks, handing each to `take`; false on a read error.
bool readChunks(const QString &path, const auto &take)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    std::vector<char> buffer(std::size_t{ChunkBytes});
    qint64 got = 0;
    while ((got = file.read(buffer.data(), ChunkBytes)) > 0)
        take(buffer.data(), std::size_t(got));
    return got == 0;
}

// Distinct IPv4 addresses in open addressing (address + 1 in the upper half, count in the lower).
class AddressTable
{
public:
    void add(quint32 address) { add(quint64(address) + 1, 1); }
    std::size_t size() const { return m_used; }

private:
    // key: the address + 1 (0 marks a free slot).
    void add(quint64 key, quint32 count)
    {
        if (2 * (m_used + 1) > m_slots.size())
            grow();
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t slot = std::size_t((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;; slot = (slot + 1) & mask) {
            quint64 &s = m_slots[slot];
            if (s == 0) {
                s = key << 32 | count;
                ++m_used;
                return;
            }
            if (s >> 32 == key) {
                s += count;
                return;
            }
        }
    }
    void grow()
    {
        const std::vector<quint64> old =
            std::exchange(m_slots, std::vector<quint64>(std::max<std::size_t>(m_slots.size() * 2, 1 << 16)));
        m_used = 0;
        for (const quint64 s : old) {
            if (s != 0)
                add(s >> 32, quint32(s));
        }
    }

    std::vector<quint64> m_slots;
    std::size_t m_used = 0;
};

// A dotted quad, or false. Just enough to make the lower bound honest about the parse it skips.
bool parseAddress(const char *p, const char *end, quint32 &address)
{
    quint32 value = 0, octet = 0;
    int dots = 0, digits = 0;
    for (; p < end; ++p) {
        if (*p == '.') {
            if (digits == 0 || ++dots > 3)
                return false;
            value = value << 8 | octet;
            octet = 0;
            digits = 0;
        } else if (*p >= '0' && *p <= '9' && digits < 3) {
            octet = octet * 10 + quint32(*p - '0');
            ++digits;
            if (octet > 255)
                return false;
        } else {
            return false;
        }
    }
    address = value << 8 | octet;
    return dots == 3 && digits > 0;
}

struct Share
{
    qint64 begin = 0;
    qint64 end = 0;
    qint64 lines = 0;
    AddressTable addresses;
};

// Complete lines from p on that start before `stop`: the IP column (index `column`) of each into
// the share's table. Returns where the first line not read starts.
const char *scanLines(const char *p, const char *bufferEnd, const char *stop, int column, Share &share)
{
    while (p < stop) {
        const auto *newline = static_cast<const char *>(std::memchr(p, '\n', std::size_t(bufferEnd - p)));
        if (!newline)
            break;
        const char *field = p;
        for (int c = 0; c < column && field; ++c) {
            field = static_cast<const char *>(std::memchr(field, ',', std::size_t(newline - field)));
            field = field ? field + 1 : nullptr;
        }
        if (field) {
            const auto *comma = static_cast<const char *>(std::memchr(field, ',', std::size_t(newline - field)));
            quint32 address = 0;
            if (parseAddress(field, comma ? comma : newline, address))
                share.addresses.add(address);
        }
        ++share.lines;
        p = newline + 1;
    }
    return p;
}

// The start of the first line at or after offset in a file's bytes.
qint64 lineStart(const char *bytes, qint64 size, qint64 offset)
{
    if (offset == 0)
        return 0;
    const void *newline = std::memchr(bytes + offset - 1, '\n', std::size_t(size - offset + 1));
    return newline ? static_cast<const char *>(newline) - bytes + 1 : size;
}

// Lines starting in [begin, end), read with read() in chunks as the importer reads.
void scanShare(const QString &path, int column, Share &share)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    std::vector<char> buffer(std::size_t{2 * ChunkBytes});
    qint64 offset = share.begin; // file offset of buffer[0]
    std::size_t filled = 0;
    if (share.begin > 0) { // start after the line that holds begin - 1
        file.seek(share.begin - 1);
        const qint64 got = file.read(buffer.data(), ChunkBytes);
        const qint64 start = got > 0 ? lineStart(buffer.data(), got, 1) : got;
        if (start <= 0 || start >= got)
            return;
        offset = share.begin - 1 + start;
        file.seek(offset);
    }
    while (offset < share.end) {
        const qint64 got = file.read(buffer.data() + filled, qint64(buffer.size() - filled));
        if (got <= 0)
            return;
        filled += std::size_t(got);
        const char *bufferEnd = buffer.data() + filled;
        const char *p = scanLines(buffer.data(), bufferEnd, buffer.data() + (share.end - offset), column, share);
        const std::size_t carry = std::size_t(bufferEnd - p);
        offset += p - buffer.data();
        std::memmove(buffer.data(), p, carry);
        filled = carry;
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption historyOption(QStringLiteral("history"), QStringLiteral("CSV history."),
                                           QStringLiteral("FILE"));
    parser.addOption(historyOption);
    parser.process(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString path = parser.value(historyOption);
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        err << "alc-bench-floor: --history FILE is required and must be readable\n";
        return 2;
    }
    const QByteArray headerLine = file.readLine();
    const QList<QByteArray> header = headerLine.trimmed().split(',');
    const int column = int(header.indexOf("ip"));
    const qint64 size = file.size();
    file.close();
    if (column < 0) {
        err << "alc-bench-floor: " << path << ": the header has no `ip` column\n";
        return 2;
    }

    quint64 sink = 0;
    const double readSeconds =
        secondsOf([&] { readChunks(path, [&sink](const char *data, std::size_t n) { sink += quint8(data[n - 1]); }); });
    QByteArray digest;
    auto hash = [&] {
        alc::Sha256 sha;
        readChunks(path, [&sha](const char *data, std::size_t n) { sha.addData(data, n); });
        digest = sha.hexResult();
    };
    const double sha256Seconds = secondsOf(hash);

    qint64 lines = 0;
    std::size_t distinct = 0;
    auto scanBothCores = [&] {
        Share shares[2];
        shares[0].begin = headerLine.size();
        shares[0].end = shares[1].begin = size / 2;
        shares[1].end = size;
        std::thread other([&] { scanShare(path, column, shares[1]); });
        scanShare(path, column, shares[0]);
        other.join();
        lines = shares[0].lines + shares[1].lines;
        distinct = shares[0].addresses.size() + shares[1].addresses.size();
    };
    const double ipColumnSeconds = secondsOf(scanBothCores);
    const double floorSeconds = secondsOf([&] {
        std::thread hasher(hash);
        scanBothCores();
        hasher.join();
    });

    // The same with the file mapped instead of read (QFile::map): no copy out of the page cache, at
    // the price the importer will not pay (a file cut short while mapped ends the process, SIGBUS).
    double mappedFloorSeconds = -1;
    QFile mapped(path);
    if (mapped.open(QIODevice::ReadOnly)) {
        mappedFloorSeconds = secondsOf([&] {
            const auto *bytes = reinterpret_cast<const char *>(mapped.map(0, size));
            if (!bytes)
                return;
            std::thread hasher([&] {
                alc::Sha256 sha;
                for (qint64 at = 0; at < size; at += ChunkBytes)
                    sha.addData(bytes + at, std::size_t(std::min(ChunkBytes, size - at)));
                digest = sha.hexResult();
            });
            Share shares[2];
            shares[0].begin = headerLine.size();
            shares[0].end = shares[1].begin = lineStart(bytes, size, size / 2);
            shares[1].end = size;
            std::thread other(
                [&] { scanLines(bytes + shares[1].begin, bytes + size, bytes + size, column, shares[1]); });
            scanLines(bytes + shares[0].begin, bytes + size, bytes + shares[0].end, column, shares[0]);
            other.join();
            hasher.join();
            if (shares[0].lines + shares[1].lines != lines)
                mappedFloorSeconds = -1; // no figure rather than one for different work
        });
    }

    out << "readSeconds=" << readSeconds << "\nsha256Seconds=" << sha256Seconds
        << "\nipColumnSeconds=" << ipColumnSeconds << "\nfloorSeconds=" << floorSeconds
        << "\nmappedFloorSeconds=" << mappedFloorSeconds << "\nlines=" << lines
        << "\ndistinctIpsPerShareSum=" << distinct << "\nsha256=" << digest << "\nsink=" << sink % 2 << '\n';
    return 0;
}
