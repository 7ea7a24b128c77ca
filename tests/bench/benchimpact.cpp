// alc-bench-impact: measures what the impact path costs.
//   --list L --history H [--history H…]  full import + impact (+ suggestions), wall time and peak RSS
//   --reeval [--ips N]                    re-evaluation after one entry changes, on N distinct IPs
// Prints key=value lines so scripts/bench-impact.sh can build its table.

#include <history/datasetbuilder.h>
#include <history/historyimporter.h>
#include <impact/impactevaluator.h>
#include <impact/suggestions.h>
#include <rules/listfile.h>
#include <session/scenariocomparison.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <random>
#include <tuple>

namespace {

// A content hash of everything the dataset holds, by name rather than by interned id (ids follow the
// order names were first met, which batching may vary): two imports that agree on it built the
// same dataset. Used to check a change of the import path against the previous one.
QByteArray datasetDigest(const alc::Dataset &d)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](const auto &value) {
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(&value), qsizetype(sizeof(value))));
    };
    auto addText = [&hash](const QString &text) {
        hash.addData(text.toUtf8().append('\n'));
    };
    for (quint32 ip : d.ips())
        add(ip);
    std::vector<std::tuple<quint32, QString, QString, quint32, quint32, quint32>> groups;
    groups.reserve(d.groups().size());
    for (const alc::SignInGroup &g : d.groups())
        groups.emplace_back(g.ip, d.users()[g.user], d.apps()[g.app], g.successful, g.failed, g.lastSeen);
    std::sort(groups.begin(), groups.end());
    for (const auto &[ip, user, app, successful, failed, lastSeen] : groups) {
        add(ip);
        addText(user);
        addText(app);
        add(successful);
        add(failed);
        add(lastSeen);
    }
    for (const alc::DayGroup &g : d.dayGroups()) {
        add(g.ip);
        add(g.day);
        add(g.successful);
        add(g.failed);
    }
    std::vector<std::pair<QString, quint64>> ipv6Users;
    for (quint32 u = 0; u < quint32(d.users().size()); ++u)
        ipv6Users.emplace_back(d.users()[qsizetype(u)], d.userIpv6Rows(u));
    std::sort(ipv6Users.begin(), ipv6Users.end());
    for (const auto &[user, rows] : ipv6Users) {
        addText(user);
        add(rows);
    }
    std::vector<std::tuple<QString, quint64, quint64>> ipv6;
    for (const alc::Ipv6Source &s : d.ipv6Sources())
        ipv6.emplace_back(s.address, s.successful, s.failed);
    std::sort(ipv6.begin(), ipv6.end());
    for (const auto &[address, successful, failed] : ipv6) {
        addText(address);
        add(successful);
        add(failed);
    }
    return hash.result().toHex();
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

int benchImport(QTextStream &out, const QString &listPath, const QStringList &histories, int threads, qint64 chunkBytes)
{
    const alc::ListFile::ReadResult list = alc::ListFile::read(listPath);
    if (!list.ok()) {
        out << "error=" << list.error << '\n';
        return 2;
    }
    QElapsedTimer timer;
    timer.start();
    alc::ImportOptions options;
    options.threads = threads;
    if (chunkBytes > 0)
        options.chunkBytes = chunkBytes;
    const alc::ImportResult imported = alc::HistoryImporter(options).importFiles(histories);
    if (!imported.ok()) {
        out << "error=" << imported.error << '\n';
        return 2;
    }
    const qint64 importNs = timer.nsecsElapsed();
    alc::ImpactEvaluator evaluator(imported.dataset);
    evaluator.setList(list.list.networks());
    const std::vector<alc::Suggestion> suggestions = alc::suggestNetworks(evaluator);
    const qint64 totalNs = timer.nsecsElapsed();
    const alc::ImpactSummary &s = evaluator.summary();
    out << "rows=" << s.rows << "\nblocked=" << s.blocked << "\nallowed=" << s.allowed << "\nipv6Rows=" << s.ipv6Rows
        << "\ndistinctIps=" << s.distinctIps << "\nusers=" << s.users
        << "\ngroups=" << evaluator.dataset().groups().size() << "\nsuggestions=" << suggestions.size()
        << "\nimportSeconds=" << double(importNs) / 1e9 << "\ntotalSeconds=" << double(totalNs) / 1e9
        << "\npeakRssMb=" << peakRssMb() << "\ndatasetDigest=" << datasetDigest(evaluator.dataset()) << '\n';
    return 0;
}

int benchReevaluation(QTextStream &out, int distinctIps, int changes)
{
    // A dataset with exactly distinctIps addresses spread over public space, three rows each.
    std::mt19937_64 random(42);
    // Multiplying by an odd constant is a bijection on 32 bits: distinct addresses, spread out.
    std::vector<quint32> addresses;
    addresses.reserve(std::size_t(distinctIps));
    for (quint32 i = 1; int(addresses.size()) < distinctIps; ++i) {
        const quint32 a = i * 0x9E3779B1u;
        if ((a >> 24) != 0 && (a >> 24) < 224)
            addresses.push_back(a);
    }
    alc::DatasetBuilder builder;
    const std::array<std::string, 4> apps = {"Genesys Cloud", "Teams", "Salesforce", "API"};
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        for (int r = 0; r < 3; ++r) {
            const std::string user = "user" + std::to_string((i * 7 + std::size_t(r)) % 50000) + "@x.example";
            builder.addIpv4(addresses[i], user, apps[(i + std::size_t(r)) % apps.size()],
                            1767225600 + qint64(i % (90 * 86400)), r == 2);
        }
    }
    auto dataset = std::make_shared<const alc::Dataset>(std::move(builder).build({}));

    // A full 150-entry list: /16 to /24 networks at random.
    auto randomNetwork = [&random] {
        const int prefix = 16 + int(random() % 9);
        return alc::Ipv4Network(alc::Ipv4Address(quint32(random() % 0xdf000000u) + 0x01000000u), prefix);
    };
    std::vector<alc::Ipv4Network> list;
    for (int i = 0; i < alc::Allowlist::MaxEntries; ++i)
        list.push_back(randomNetwork());

    QElapsedTimer timer;
    timer.start();
    alc::ImpactEvaluator evaluator(dataset);
    evaluator.setList(list);
    const double fullMs = double(timer.nsecsElapsed()) / 1e6;

    std::vector<double> samples;
    for (int c = 0; c < changes; ++c) {
        list[std::size_t(random() % list.size())] = randomNetwork();
        timer.restart();
        evaluator.setList(list);
        samples.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    // One deliberately wide change: a /8 replaces a /24.
    const std::vector<alc::Ipv4Network> before = list;
    list[0] = alc::Ipv4Network(alc::Ipv4Address(81, 0, 0, 0), 8);
    timer.restart();
    evaluator.setList(list);
    const double wideMs = double(timer.nsecsElapsed()) / 1e6;

    // Compare scenarios (the window runs it when the dialog opens): three lists that differ by the
    // /8 above and ten other entries, then what the history saw inside each differing network.
    const auto toAllowlist = [](const std::vector<alc::Ipv4Network> &networks) {
        QStringList cidrs;
        for (const alc::Ipv4Network &n : networks)
            cidrs.append(n.toString());
        return alc::Allowlist::fromCidrs(cidrs);
    };
    std::vector<alc::Ipv4Network> without = list;
    without.erase(without.begin(), without.begin() + 10);
    const QList<alc::Scenario> scenarios = {{QStringLiteral("with /8"), toAllowlist(list), {}},
                                            {QStringLiteral("before"), toAllowlist(before), {}},
                                            {QStringLiteral("ten fewer"), toAllowlist(without), {}}};
    QList<alc::Ipv4Network> differing;
    for (std::size_t i = 0; i < 10; ++i)
        differing.append(list[i]);
    differing.append(before[0]);
    timer.restart();
    alc::compareScenarios(scenarios, dataset, {}, {});
    alc::networkHistories(*dataset, differing, {scenarios[0].list, scenarios[1].list, scenarios[2].list});
    const double compareMs = double(timer.nsecsElapsed()) / 1e6;
    // The worst case for the per-network figures: differences that hold every address of the history.
    timer.restart();
    const QList<alc::NetworkHistory> everything = alc::networkHistories(
        *dataset,
        {alc::Ipv4Network(alc::Ipv4Address(0, 0, 0, 0), 1), alc::Ipv4Network(alc::Ipv4Address(128, 0, 0, 0), 1)},
        {scenarios[0].list, scenarios[1].list, scenarios[2].list});
    const double everythingMs = double(timer.nsecsElapsed()) / 1e6;

    std::sort(samples.begin(), samples.end());
    out << "compareMs=" << compareMs << "\ncompareAllIpsMs=" << everythingMs
        << "\ncompareAllIpsSignIns=" << everything[0].signIns + everything[1].signIns << '\n';
    out << "distinctIps=" << dataset->ips().size() << "\ngroups=" << dataset->groups().size()
        << "\nfullEvaluationMs=" << fullMs << "\nchanges=" << samples.size()
        << "\nmedianChangeMs=" << samples[samples.size() / 2] << "\nmaxChangeMs=" << samples.back()
        << "\nslash8ChangeMs=" << wideMs << "\nblocked=" << evaluator.summary().blocked << "\npeakRssMb=" << peakRssMb()
        << '\n';
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption listOption(QStringLiteral("list"), QStringLiteral("Allowlist file."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption historyOption(QStringLiteral("history"), QStringLiteral("History file."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), QStringLiteral("Parse workers (0 = cores)."),
                                           QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption reevalOption(QStringLiteral("reeval"), QStringLiteral("Measure re-evaluation."));
    const QCommandLineOption ipsOption(QStringLiteral("ips"), QStringLiteral("Distinct IPs for --reeval."),
                                       QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption changesOption(QStringLiteral("changes"), QStringLiteral("Edits to time for --reeval."),
                                           QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption chunkOption(QStringLiteral("chunk-kb"), QStringLiteral("Read size in KiB (0 = default)."),
                                         QStringLiteral("n"), QStringLiteral("0"));
    parser.addOptions({listOption, historyOption, threadsOption, chunkOption, reevalOption, ipsOption, changesOption});
    parser.process(app);
    QTextStream out(stdout);
    if (parser.isSet(reevalOption))
        return benchReevaluation(out, parser.value(ipsOption).toInt(),
                                 std::max(1, parser.value(changesOption).toInt()));
    if (!parser.isSet(listOption) || !parser.isSet(historyOption)) {
        QTextStream(stderr) << "usage: alc-bench-impact --list FILE --history FILE... | --reeval [--ips N]\n";
        return 2;
    }
    return benchImport(out, parser.value(listOption), parser.values(historyOption), parser.value(threadsOption).toInt(),
                       parser.value(chunkOption).toLongLong() * 1024);
}
