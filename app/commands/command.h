#pragma once

#include <rules/ipv4address.h>

#include <QStringList>
#include <QTextStream>

#include <optional>

class QCommandLineOption;
class QCommandLineParser;

namespace alc {
struct ColumnMapping;
}

namespace alc::cli {

// Exit statuses shared by every sub-command (documented in the README).
enum ExitCode : int {
    Ok = 0,
    Refused = 1,  // findings with errors, preflight refusal
    Usage = 2,    // bad arguments or unreadable input
    ApiFailed = 3 // the org API failed
};

struct Io
{
    QTextStream &out;
    QTextStream &err;
};

// Each sub-command gets its arguments without the program name and the sub-command itself.
using CommandFunction = int (*)(const QStringList &arguments, Io io);

struct Command
{
    const char16_t *name;
    const char16_t *summary;
    CommandFunction run;
    bool needsGui = false; // runs under a window-less QGuiApplication (fonts for PDF), never QApplication
    // With SOURCE_DATE_EPOCH set, runs in UTC: its output prints only UTC times, and QPdfWriter's
    // local-time stamp had another length elsewhere (the same report differed between zones).
    bool utcWhenReproducible = false;
};

// Parses a sub-command's arguments, with --help added. Returns the exit status when the command is
// done already: --help printed the usage and the options (Ok), or a parse error was printed with
// the usage (Usage). nullopt: go on. usage ends with a newline.
std::optional<int> parseArguments(QCommandLineParser &parser, const QString &name, const QStringList &arguments,
                                  const QString &usage, Io io);

// --column ROLE=HEADER (repeatable): the header of a CSV history column detection would not find
// (roles: time, user, ip, app, result), as the GUI's import dialog offers.
QCommandLineOption columnOption();
// Reads the --column values into mapping; false (the bad value printed) when one is malformed.
bool readColumnMapping(const QStringList &values, ColumnMapping &mapping, const QString &command, Io io);

// Reads --admin-ip values (each a public IPv4 address); an address given twice counts once (it
// was checked, and reported, twice). nullopt (the bad value printed) when one is not such an address.
std::optional<QList<alc::Ipv4Address>> readAdminAddresses(const QStringList &values, const QString &command, Io io);

int runCheck(const QStringList &arguments, Io io);
int runReport(const QStringList &arguments, Io io);
int runImpact(const QStringList &arguments, Io io);
int runPull(const QStringList &arguments, Io io);
int runPush(const QStringList &arguments, Io io);
int runJournal(const QStringList &arguments, Io io);
int runRollback(const QStringList &arguments, Io io);
int runSandbox(const QStringList &arguments, Io io);

} // namespace alc::cli
