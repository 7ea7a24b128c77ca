#include "command.h"

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

} // namespace alc::cli
