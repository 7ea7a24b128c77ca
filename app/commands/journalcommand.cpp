#include "command.h"

#include <journal/journal.h>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace alc::cli {

namespace {

QJsonObject toJson(const JournalEntry &entry)
{
    QJsonObject object{{QStringLiteral("id"), entry.id},
                       {QStringLiteral("time"), entry.time.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("kind"), entry.kindKnown ? QJsonValue(JournalEntry::kindName(entry.kind))
                                                                : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("orgId"), entry.orgId},
                       {QStringLiteral("orgName"), entry.orgName},
                       {QStringLiteral("region"), entry.region},
                       {QStringLiteral("actor"), entry.actor},
                       {QStringLiteral("before"), QJsonArray::fromStringList(entry.before)},
                       {QStringLiteral("after"), QJsonArray::fromStringList(entry.after)},
                       {QStringLiteral("correlationId"), entry.correlationId},
                       {QStringLiteral("fingerprint"), entry.fingerprint},
                       {QStringLiteral("overrideReason"), entry.overrideReason},
                       {QStringLiteral("status"), entry.status},
                       {QStringLiteral("restoredFrom"), entry.restoredFrom}};
    if (!entry.damaged.isEmpty())
        object.insert(QStringLiteral("damaged"), entry.damaged); // why the row cannot be trusted
    return object;
}

} // namespace

int runJournal(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the change journal: every pull, push and rollback."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the entries as JSON."));
    parser.addOption(json);
    const QString usage = QStringLiteral("usage: allowlist-console journal [--json]\n");
    if (const auto done = parseArguments(parser, QStringLiteral("journal"), arguments, usage, io))
        return *done;
    if (!parser.positionalArguments().isEmpty()) {
        io.err << "journal: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n" << usage;
        return Usage;
    }

    Journal journal;
    const QString path = Journal::defaultPath();
    QList<JournalEntry> entries;
    if (QFileInfo::exists(path)) {
        QString problem;
        if (!journal.open(path, &problem)) {
            io.err << "journal: " << problem << '\n';
            return Usage;
        }
        entries = journal.entries(&problem);
        if (!problem.isEmpty()) {
            io.err << "journal: " << problem << '\n';
            return Usage;
        }
    }

    if (parser.isSet(json)) {
        QJsonArray array;
        for (const JournalEntry &entry : entries)
            array.append(toJson(entry));
        io.out << QJsonDocument(QJsonObject{{QStringLiteral("entries"), array}}).toJson(QJsonDocument::Indented);
        return Ok;
    }
    if (entries.isEmpty()) {
        io.out << "the journal is empty (" << path << ")\n";
        return Ok;
    }
    for (const JournalEntry &entry : entries) {
        io.out << '#' << entry.id << "  " << entry.time.toUTC().toString(Qt::ISODate)
               << "  "
               // A row of an unknown kind reads as a pull; its DAMAGED note names what it says.
               << (entry.kindKnown ? JournalEntry::kindName(entry.kind) : QStringLiteral("?")).leftJustified(8) << ' '
               << entry.orgName << " (" << entry.region << ")  " << entry.before.size() << " → " << entry.after.size()
               << " entries  by " << entry.actor;
        if (entry.status != u"ok")
            io.out << "  [" << entry.status << ']';
        if (!entry.damaged.isEmpty())
            io.out << "  DAMAGED: " << entry.damaged;
        if (entry.restoredFrom > 0)
            io.out << "  restores #" << entry.restoredFrom;
        if (!entry.overrideReason.isEmpty())
            io.out << "  lockout override: " << entry.overrideReason;
        if (!entry.correlationId.isEmpty())
            io.out << "  inin-correlation-id: " << entry.correlationId;
        io.out << '\n';
    }
    return Ok;
}

} // namespace alc::cli
