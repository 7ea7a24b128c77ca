#include "commands/command.h"

#include <journal/journal.h>
#include <mainwindow.h>
#include <orgapi/httpclient.h>
#include <orgapi/publicipdetector.h>
#include <orgapi/sandboxserver.h>
#include <orgapi/secretstore.h>
#include <session/appdata.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHashSeed>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/prctl.h>
#include <sys/resource.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

namespace {

// Add a sub-command here and in commands/command.h; everything else is in its own file.
constexpr std::array commands = {
    alc::cli::Command{u"check", u"validate an allowlist file", &alc::cli::runCheck},
    alc::cli::Command{u"impact", u"replay sign-in history against a list", &alc::cli::runImpact},
    alc::cli::Command{u"report", u"write a change report (PDF, HTML, Markdown, CSV)", &alc::cli::runReport, true, true},
    alc::cli::Command{u"pull", u"read the org's live allowlist (journalled)", &alc::cli::runPull},
    alc::cli::Command{u"push", u"preflight, send and verify an allowlist file", &alc::cli::runPush},
    alc::cli::Command{u"journal", u"list the change journal", &alc::cli::runJournal},
    alc::cli::Command{u"rollback", u"restore a journal entry's list through the preflight", &alc::cli::runRollback},
    alc::cli::Command{u"sandbox", u"run the sandbox org on 127.0.0.1", &alc::cli::runSandbox},
};

void printUsage(QTextStream &out)
{
    out << "usage: allowlist-console [--demo] [FILE]       open the console\n"
           "       allowlist-console COMMAND [OPTIONS]     run a command without a window\n\ncommands:\n";
    for (const auto &command : commands)
        out << "  " << QString::fromUtf16(command.name).leftJustified(10) << QString::fromUtf16(command.summary)
            << '\n';
    out << "\nRun 'allowlist-console COMMAND --help' for a command's options.\n";
}

// Flushes standard output; the reason when any of it could not be written (a full disk, /dev/full).
QString outputFailure(QTextStream &out)
{
    out.flush();
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int flushErrno = errno;
    if (out.status() == QTextStream::Ok && flushed && !std::ferror(stdout))
        return {};
    if (out.device() && !out.device()->errorString().isEmpty() && out.device()->errorString() != u"Unknown error")
        return out.device()->errorString();
    return flushErrno ? QString::fromLocal8Bit(std::strerror(flushErrno)) : QStringLiteral("the write failed");
}

// Without XDG_RUNTIME_DIR (cron, containers, a bare ssh session) a QGuiApplication warns on stderr
// and uses a private directory of its own; a command that needs the GUI libraries only to paint a
// PDF would print that line to every script that reads its stderr. Only that warning is dropped.
QtMessageHandler g_previousHandler = nullptr;

void dropRuntimeDirWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

int runCli(int argc, char *argv[], const alc::cli::Command &command)
{
    std::unique_ptr<QCoreApplication> app;
    // Reproducible output (reports, PDF font objects included) when the reproducible-builds
    // variable is set: QHash iteration order then no longer changes from run to run.
    if (!qEnvironmentVariableIsEmpty("SOURCE_DATE_EPOCH")) {
        QHashSeed::setDeterministicGlobalSeed();
        if (command.utcWhenReproducible) {
            qputenv("TZ", "UTC");
            tzset();
        }
    }
    if (command.needsGui) {
        // Fonts and painting for PDF without a display: the offscreen platform opens no window.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        g_previousHandler = qInstallMessageHandler(dropRuntimeDirWarning);
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = QCoreApplication::arguments();
    arguments.remove(0, 2);
    int status = command.run(arguments, {out, err});
    if (const QString failure = outputFailure(out); !failure.isEmpty()) {
        err << "allowlist-console: cannot write the output: " << failure << '\n';
        // Scripts read stdout: a cut JSON or an empty pulled list must not pass as a success or a
        // refusal. A failed org API call (3) or usage error (2) already says the command failed.
        if (status == alc::cli::Ok || status == alc::cli::Refused)
            status = alc::cli::Usage;
    }
    err.flush();
    return status;
}

} // namespace

// A crash must not leave the client secret and the tokens on disk: the core size limit is 0, so
// no core file is written and systemd-coredump stores none (it honours the limit). Only the soft
// limit: a browser started for a sign-in may still raise its own. A command also turns itself
// non-dumpable, which keeps every crash collector and same-user ptrace out; the window does not,
// since desktop portals (file dialogs, opening the browser under Flatpak or Snap) refuse
// requests from a non-dumpable process. ALLOWLIST_ALLOW_CORE_DUMPS=1 lifts both, for debugging.
bool coreDumpsAllowed()
{
    return qEnvironmentVariableIntValue("ALLOWLIST_ALLOW_CORE_DUMPS") == 1;
}

void keepSecretsOutOfCoreDumps()
{
    if (coreDumpsAllowed())
        return;
    rlimit limit{};
    if (getrlimit(RLIMIT_CORE, &limit) == 0) {
        limit.rlim_cur = 0;
        setrlimit(RLIMIT_CORE, &limit);
    }
}

int main(int argc, char *argv[])
{
    keepSecretsOutOfCoreDumps();
    QCoreApplication::setOrganizationName(QStringLiteral("AllowlistConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("allowlist-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ALC_VERSION));

    if (argc > 1) {
        const QString first = QString::fromLocal8Bit(argv[1]);
        for (const auto &command : commands) {
            if (first == QStringView(command.name)) {
                if (!coreDumpsAllowed())
                    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
                return runCli(argc, argv, command);
            }
        }
        if (first == u"--help" || first == u"-h" || first == u"help") {
            QTextStream out(stdout);
            printUsage(out);
            return alc::cli::Ok;
        }
        if (first == u"--version") {
            QTextStream(stdout) << "allowlist-console " << ALC_VERSION << '\n';
            return alc::cli::Ok;
        }
        // A word that is no command and no file is a mistyped command (a file named without a dot
        // or slash, such as "mylist", opens).
        if (!first.startsWith(u'-') && !first.contains(u'/') && !first.contains(u'.') && !QFileInfo::exists(first)) {
            QTextStream err(stderr);
            err << "allowlist-console: unknown command '" << first << "'\n";
            printUsage(err);
            return alc::cli::Usage;
        }
    }

#ifdef Q_OS_LINUX
    // QApplication aborts without a display (exit 134, a core dump): say what to do instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        QTextStream err(stderr);
        err << "allowlist-console: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
               "unset); run a command instead:\n";
        printUsage(err);
        return alc::cli::Usage;
    }
#endif
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QObject::tr("Allowlist Console"));
    QApplication::setDesktopFileName(QStringLiteral("allowlist-console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Allowlist Console for Genesys Cloud"));
    parser.addHelpOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QObject::tr("Open the built-in demo (sandbox org, sample history)."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("FILE"), QObject::tr("A session (.alcsession) or list file to open."));
    // Not process(): it exits with 1 on an unknown option, which the README gives to refusals.
    if (!parser.parse(QApplication::arguments())) {
        QTextStream(stderr) << "allowlist-console: " << parser.errorText() << '\n' << parser.helpText();
        return alc::cli::Usage;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        QTextStream(stdout) << parser.helpText();
        return alc::cli::Ok;
    }

    // The objects the window talks to the org with; built here and passed down.
    alc::HttpClient http;
    alc::SecretStore secrets;
    secrets.setKeychainEnabled(qEnvironmentVariable("ALLOWLIST_NO_KEYCHAIN").isEmpty());
    // The demo keeps its journal and autosave in a folder of its own, removed when it closes: its
    // sandbox pulls and pushes do not belong in the admin's change journal, and its autosave must
    // not replace the unsaved work of a real session waiting to be recovered.
    QTemporaryDir demoData;
    const QString dataDir = parser.isSet(demo) && demoData.isValid() ? demoData.path() : alc::appDataDir();
    alc::Journal journal;
    QString journalError;
    if (!journal.open(QDir(dataDir).filePath(QStringLiteral("journal.sqlite")), &journalError))
        qWarning("journal unavailable: %s", qPrintable(journalError));
    std::unique_ptr<alc::SandboxServer> sandbox;
    std::unique_ptr<alc::PublicIpDetector> detector;
    alc::ui::MainWindowOptions options{dataDir, true};
    options.http = &http;
    options.journal = journal.isOpen() ? &journal : nullptr;
    options.secrets = &secrets;
    if (parser.isSet(demo)) {
        // The demo org runs inside the app on 127.0.0.1; nothing leaves the machine.
        sandbox = std::make_unique<alc::SandboxServer>(alc::SandboxConfig::demoConfig());
        if (sandbox->listen(0) == 0)
            qWarning("the demo sandbox could not listen on 127.0.0.1");
    } else {
        detector = std::make_unique<alc::PublicIpDetector>(&http);
        options.detector = detector.get();
    }

    alc::ui::MainWindow window(options);
    const QStringList files = parser.positionalArguments();
    if (sandbox) {
        const alc::SandboxConfig &config = sandbox->config();
        window.openDemo(alc::ui::DemoOrg{sandbox->baseUrl(), config.clientId, config.clientSecret, config.callerIp});
    } else if (!files.isEmpty()) {
        const QString &file = files.constFirst();
        file.endsWith(alc::SessionFile::Suffix) ? window.openSession(file) : window.openListFile(file);
    } else if (window.hasRecoverableAutosave()) {
        const auto answer = QMessageBox::question(nullptr, QObject::tr("Recover unsaved work?"),
                                                  QObject::tr("Allowlist Console did not close cleanly last time. "
                                                              "Restore the unsaved session?"));
        if (answer == QMessageBox::Yes)
            window.recoverAutosave();
    }
    window.show();
    if (detector)
        window.detectAdminAddress();
    return QApplication::exec();
}
