// alc-genhistory: writes a realistic, deterministic sign-in history (and a matching allowlist) for
// benchmarks. The same --seed and --rows always give byte-identical files.
//
// The population: agents in a few offices (shared egress /28s), a VPN with a few egress /29s,
// home addresses that change every week or two, service accounts calling the API from a handful
// of servers, and hostile password sprays from addresses all over the Internet.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace {

class Random final
{
public:
    explicit Random(quint64 seed)
        : m_state(seed)
    {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    quint32 below(quint32 n) { return quint32(next() % n); }
    bool chance(double p) { return double(next() >> 11) * 0x1.0p-53 < p; }

private:
    quint64 m_state;
};

quint64 hash2(quint64 a, quint64 b)
{
    Random r(a * 0x9e3779b97f4a7c15ULL ^ b);
    return r.next();
}

// First octets of ordinary public unicast space (no special-purpose blocks among them).
constexpr std::array<quint32, 24> publicFirstOctets = {23, 31, 37, 46, 62, 77, 78,  81,  82,  85,  86,  88,
                                                       90, 91, 92, 93, 94, 95, 109, 151, 176, 178, 185, 212};

quint32 publicAddress(quint64 h)
{
    const quint32 first = publicFirstOctets[h % publicFirstOctets.size()];
    return (first << 24) | quint32((h >> 8) & 0xffffff);
}

void appendIp(std::string &out, quint32 ip)
{
    out += std::to_string(ip >> 24);
    out += '.';
    out += std::to_string((ip >> 16) & 255);
    out += '.';
    out += std::to_string((ip >> 8) & 255);
    out += '.';
    out += std::to_string(ip & 255);
}

void appendTwo(std::string &out, int v)
{
    out += char('0' + v / 10);
    out += char('0' + v % 10);
}

void appendTimestamp(std::string &out, qint64 t)
{
    // Civil date from days (H. Hinnant's civil_from_days).
    qint64 z = t / 86400 + 719468;
    const qint64 era = z / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int d = int(doy - (153 * mp + 2) / 5 + 1);
    const int m = int(mp < 10 ? mp + 3 : mp - 9);
    const int y = int(yoe + era * 400 + (m <= 2));
    const int secs = int(t % 86400);
    out += std::to_string(y);
    out += '-';
    appendTwo(out, m);
    out += '-';
    appendTwo(out, d);
    out += 'T';
    appendTwo(out, secs / 3600);
    out += ':';
    appendTwo(out, secs / 60 % 60);
    out += ':';
    appendTwo(out, secs % 60);
    out += 'Z';
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Generate a deterministic sign-in history CSV for benchmarks."));
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows to write."), QStringLiteral("N"),
                                        QStringLiteral("100000"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S"),
                                        QStringLiteral("1"));
    const QCommandLineOption usersOption(QStringLiteral("users"), QStringLiteral("Agents."), QStringLiteral("N"),
                                         QStringLiteral("20000"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("History CSV to write."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption listOption(QStringLiteral("list"),
                                        QStringLiteral("Also write the org's allowlist (offices, VPN, servers)."),
                                        QStringLiteral("FILE"));
    parser.addOptions({rowsOption, seedOption, usersOption, outOption, listOption});
    parser.process(app);
    if (!parser.isSet(outOption)) {
        QTextStream(stderr) << "alc-genhistory: --out FILE is required\n";
        return 2;
    }
    const qint64 rows = parser.value(rowsOption).toLongLong();
    const quint64 seed = parser.value(seedOption).toULongLong();
    const quint32 users = std::max(1u, parser.value(usersOption).toUInt());
    Random random(seed);

    std::vector<quint32> offices; // /28 egress blocks
    for (int i = 0; i < 8; ++i)
        offices.push_back(publicAddress(random.next()) & 0xfffffff0u);
    std::vector<quint32> vpns; // /29 egress blocks
    for (int i = 0; i < 4; ++i)
        vpns.push_back(publicAddress(random.next()) & 0xfffffff8u);
    std::vector<quint32> servers;
    for (int i = 0; i < 20; ++i)
        servers.push_back(publicAddress(random.next()));

    if (parser.isSet(listOption)) {
        QFile list(parser.value(listOption));
        if (!list.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            QTextStream(stderr) << "alc-genhistory: cannot write " << list.fileName() << '\n';
            return 2;
        }
        std::string text = "# generated by alc-genhistory\n";
        for (quint32 o : offices) {
            appendIp(text, o);
            text += "/28\n";
        }
        for (quint32 v : vpns) {
            appendIp(text, v);
            text += "/29\n";
        }
        // Only half of the API servers are listed: the other half is what the impact run finds.
        for (std::size_t i = 0; i < servers.size() / 2; ++i) {
            appendIp(text, servers[i]);
            text += "/32\n";
        }
        list.write(text.data(), qint64(text.size()));
    }

    std::FILE *out = std::fopen(parser.value(outOption).toLocal8Bit().constData(), "wb");
    if (!out) {
        QTextStream(stderr) << "alc-genhistory: cannot write " << parser.value(outOption) << '\n';
        return 2;
    }
    static const std::array<const char *, 6> agentApps = {
        "Genesys Cloud", "Genesys Cloud Desktop", "Microsoft Teams", "Salesforce", "Outlook", "Zendesk"};
    const qint64 start = 1767225600; // 2026-01-01T00:00:00Z
    const qint64 span = 90 * 86400;
    std::string buffer = "timestamp,user,ip,application,result\n";
    buffer.reserve(1 << 22);
    for (qint64 i = 0; i < rows; ++i) {
        const qint64 t = start + span * i / std::max<qint64>(rows, 1);
        const quint64 kind = random.below(100);
        std::string user;
        quint32 ip = 0;
        bool ipv6 = false;
        const char *application = "Genesys Cloud";
        bool failed = false;
        if (kind < 2) { // hostile: a spray from anywhere, against real and invented names
            ip = publicAddress(random.next());
            user = random.chance(0.5) ? "agent" + std::to_string(random.below(users))
                                      : "admin" + std::to_string(random.below(500));
            user += "@contoso.example";
            application = "Genesys Cloud";
            failed = true;
        } else if (kind < 10) { // service accounts from servers
            const quint32 s = random.below(quint32(servers.size()));
            ip = servers[s];
            user = "svc-integration" + std::to_string(s % 7) + "@contoso.example";
            application = "Genesys Cloud API";
        } else {
            const quint32 agent = random.below(users);
            user = "agent" + std::to_string(agent) + "@contoso.example";
            // Each agent works in three of the applications, through a NAT address that stays put.
            application = agentApps[(agent + 2 * random.below(3)) % agentApps.size()];
            failed = random.chance(0.03);
            const quint64 where = random.below(100);
            const quint64 home = hash2(seed ^ agent, quint64(t / (86400 * (7 + agent % 8)))); // changes every 1-2 weeks
            if (where < 55) {
                ip = offices[agent % offices.size()] | (agent / quint32(offices.size()) % 16);
            } else if (where < 75) {
                ip = vpns[agent % vpns.size()] | random.below(8);
            } else if (where < 99) {
                ip = publicAddress(home);
            } else {
                ipv6 = true;
            }
        }
        appendTimestamp(buffer, t + qint64(random.below(60)));
        buffer += ',';
        buffer += user;
        buffer += ',';
        if (ipv6) {
            char v6[64];
            std::snprintf(v6, sizeof v6, "2a01:e0a:%x:%x::%x", unsigned(random.below(65536)),
                          unsigned(random.below(65536)), unsigned(random.below(65536)));
            buffer += v6;
        } else {
            appendIp(buffer, ip);
        }
        buffer += ',';
        buffer += application;
        buffer += failed ? ",failure\n" : ",success\n";
        if (buffer.size() > (1 << 22) - 256) {
            std::fwrite(buffer.data(), 1, buffer.size(), out);
            buffer.clear();
        }
    }
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    const bool ok = std::fclose(out) == 0;
    return ok ? 0 : 2;
}
