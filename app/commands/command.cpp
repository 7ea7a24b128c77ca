#include "command.h"

#include <history/historyimporter.h>
#include <rules/validator.h>

#include <QCommandLineParser>

namespace alc::cli {

std::optional<int> parseArguments(QCommandLineParser &parser, const QString &name, const QStringList &arguments,
                                  const QString &usage, Io io)
{
    parser.addHelpOption();
    if (!parser.parse(QStringList{name} + arguments)) {
        io.err << name << ": " << parser.errorText() << '\n' << usage;
        return Usage;
    }
    // An option that takes one value and is given twice keeps only its last value in Qt: a script
    // that passes two would have the first ignored without a word. The options described as
    // repeatable take every value.
    static const QStringList repeatable = {QStringLiteral("history"), QStringLiteral("column"),
                                           QStringLiteral("echo-url"), QStringLiteral("admin-ip")};
    for (const QString &option : parser.optionNames()) {
        if (parser.values(option).size() > 1 && !repeatable.contains(option)) {
            io.err << name << ": --" << option << " is given more than once; it takes one value\n" << usage;
            return Usage;
        }
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // Qt's own first line names the program without the sub-command: ours replaces it.
        io.out << usage << parser.helpText().section(u'\n', 1);
        return Ok;
    }
    return std::nullopt;
}

QCommandLineOption columnOption()
{
    return QCommandLineOption(QStringLiteral("column"),
                              QStringLiteral("Name a CSV history column: ROLE=HEADER, ROLE one of time, user, ip, app, "
                                             "result (repeatable)."),
                              QStringLiteral("ROLE=HEADER"));
}

std::optional<QList<Ipv4Address>> readAdminAddresses(const QStringList &values, const QString &command, Io io)
{
    QList<Ipv4Address> addresses;
    for (const QString &text : values) {
        QString problem;
        const std::optional<Ipv4Address> address = Validator::parseAdminAddress(text, &problem);
        if (!address) {
            io.err << command << ": --admin-ip: " << problem << '\n';
            return std::nullopt;
        }
        if (!addresses.contains(*address))
            addresses.append(*address);
    }
    return addresses;
}

bool readColumnMapping(const QStringList &values, ColumnMapping &mapping, const QString &command, Io io)
{
    for (const QString &value : values) {
        const qsizetype equals = value.indexOf(u'=');
        if (equals < 0 || !mapping.setRole(value.left(equals), value.mid(equals + 1))) {
            io.err << command << ": --column '" << value
                   << "' is not ROLE=HEADER with ROLE one of time, user, ip, app, result\n";
            return false;
        }
    }
    return true;
}

} // namespace alc::cli
