#include "command.h"

#include <orgapi/sandboxserver.h>
#include <rules/ipv4address.h>

#include <QCommandLineParser>
#include <QCoreApplication>

namespace alc::cli {

int runSandbox(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the sandbox org (the demo org) on 127.0.0.1 until stopped."));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port to listen on; 0 picks a free one."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption callerIp(QStringLiteral("caller-ip"),
                                      QStringLiteral("The address the sandbox pretends callers use (lockout rule)."),
                                      QStringLiteral("ADDRESS"));
    const QCommandLineOption rateLimit(QStringLiteral("rate-limit"), QStringLiteral("API requests allowed per second."),
                                       QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption delay(QStringLiteral("delay"),
                                   QStringLiteral("Delay every API answer by MS milliseconds."), QStringLiteral("MS"),
                                   QStringLiteral("0"));
    const QCommandLineOption serverErrors(QStringLiteral("fail-5xx"),
                                          QStringLiteral("Answer the next N API requests with 503."),
                                          QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption malformed(QStringLiteral("fail-malformed"),
                                       QStringLiteral("Answer the next N API requests with broken JSON."),
                                       QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption resets(QStringLiteral("fail-reset"), QStringLiteral("Reset the next N API connections."),
                                    QStringLiteral("N"), QStringLiteral("0"));
    // Faults of the PATCH itself, to rehearse a push whose outcome is unknown or wrong.
    const QCommandLineOption appliedButFailed(
        QStringLiteral("fail-patch-applied"),
        QStringLiteral("The next N PATCHes store the list, then answer 502 (the push reads the list before "
                       "sending again, finds it applied and does not send it twice)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption outageAfterPatch(
        QStringLiteral("fail-after-patch"),
        QStringLiteral(
            "Once the next PATCH has stored the list, answer the next N API requests with 503 (with "
            "--fail-patch-applied 1 and N = 2, the reads before a retry fail too: the push's outcome is unknown)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption alter(QStringLiteral("alter-patch"),
                                   QStringLiteral("Every PATCH stores the list without its last entry (a verify "
                                                  "mismatch)."));
    const QCommandLineOption unauthorized(QStringLiteral("fail-401"),
                                          QStringLiteral("Answer the next N API requests with 401 (token expired)."),
                                          QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption forbidden(QStringLiteral("fail-403"),
                                       QStringLiteral("Answer the next N API requests with 403 (permission missing)."),
                                       QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({port, callerIp, rateLimit, delay, serverErrors, malformed, resets, appliedButFailed,
                       outageAfterPatch, alter, unauthorized, forbidden});
    const QString usage =
        QStringLiteral("usage: allowlist-console sandbox [--port N] [--caller-ip ADDRESS] "
                       "[--rate-limit N] [--delay MS] [--fail-5xx N] [--fail-malformed N] "
                       "[--fail-reset N] [--fail-patch-applied N] [--fail-after-patch N] [--alter-patch] "
                       "[--fail-401 N] "
                       "[--fail-403 N]\n");
    if (const auto done = parseArguments(parser, QStringLiteral("sandbox"), arguments, usage, io))
        return *done;
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "sandbox: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n" << usage;
        return Usage;
    }
    const auto number = [&parser, &io](const QCommandLineOption &option, int max, int *value) {
        bool ok = false;
        *value = parser.value(option).toInt(&ok);
        if (!ok || *value < 0 || *value > max) {
            io.err << "sandbox: --" << option.names().constFirst() << " must be a number from 0 to " << max << '\n';
            return false;
        }
        return true;
    };
    int portNumber = 0, limit = 0, delayMs = 0, errors = 0, broken = 0, reset = 0, applied = 0, outage = 0, expired = 0,
        denied = 0;
    if (!number(port, 65535, &portNumber) || !number(rateLimit, 100000, &limit) || !number(delay, 600000, &delayMs) ||
        !number(serverErrors, 100000, &errors) || !number(malformed, 100000, &broken) ||
        !number(resets, 100000, &reset) || !number(appliedButFailed, 100000, &applied) ||
        !number(outageAfterPatch, 100000, &outage) || !number(unauthorized, 100000, &expired) ||
        !number(forbidden, 100000, &denied))
        return Usage;

    alc::SandboxConfig config = alc::SandboxConfig::demoConfig();
    if (parser.isSet(callerIp)) {
        if (!alc::Ipv4Address::parse(parser.value(callerIp).trimmed())) {
            io.err << "sandbox: --caller-ip must be an IPv4 address\n";
            return Usage;
        }
        config.callerIp = parser.value(callerIp).trimmed();
    }
    config.rateLimitRequests = limit;
    alc::SandboxServer server(config);
    server.faults().delayMs = delayMs;
    server.faults().serverErrors = errors;
    server.faults().malformedBodies = broken;
    server.faults().resets = reset;
    server.faults().appliedButFailed = applied;
    server.faults().outageAfterPatch = outage;
    server.faults().alterStoredList = parser.isSet(alter);
    server.faults().unauthorized = expired;
    server.faults().forbidden = denied;
    const quint16 listening = server.listen(quint16(portNumber));
    if (listening == 0) {
        io.err << "sandbox: cannot listen on 127.0.0.1:" << portNumber << '\n';
        return Usage;
    }
    const QString url = server.baseUrl().toString();
    io.out << "listening on " << url << '\n'
           << "org: " << config.orgName << "; caller IP: " << config.callerIp << "\n"
           << "client credentials (sandbox only): client id " << config.clientId << ", secret " << config.clientSecret
           << "\n"
           << "try: ALLOWLIST_CLIENT_SECRET=" << config.clientSecret << " allowlist-console pull --client-id "
           << config.clientId << " --api-url " << url << " --login-url " << url << '\n'
           << "echo service for --echo-url: " << url << "/echo\n";
    io.out.flush();
    return QCoreApplication::exec();
}

} // namespace alc::cli
