#include "command.h"

#include <history/historyimporter.h>

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

bool readColumnMapping(const QStringList &values, ColumnMapping &mapping, const QString &command, Io io)
{
    for (const QString &value : values) {
        const qsizetype equals = value.indexOf(u'=');
        const QString role = value.left(equals).trimmed().toLower();
        const QString header = equals < 0 ? QString() : value.mid(equals + 1).trimmed();
        QString *target = role == u"time"     ? &mapping.timestamp
                          : role == u"user"   ? &mapping.user
                          : role == u"ip"     ? &mapping.ip
                          : role == u"app"    ? &mapping.app
                          : role == u"result" ? &mapping.result
                                              : nullptr;
        if (!target || header.isEmpty()) {
            io.err << command << ": --column '" << value
                   << "' is not ROLE=HEADER with ROLE one of time, user, ip, app, result\n";
            return false;
        }
        *target = header;
    }
    return true;
}

} // namespace alc::cli
