#include "journal.h"

#include <session/appdata.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace alc {

namespace {

constexpr int SchemaVersion = 1;

QString toJson(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

// A stored list: a JSON array of strings, or nullopt (a damaged row).
std::optional<QStringList> fromJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    QStringList result;
    for (const QJsonValue value : document.array()) {
        if (!value.isString())
            return std::nullopt;
        result.append(value.toString());
    }
    return result;
}

const QString Columns = QStringLiteral("id, time, kind, org_id, org_name, region, actor, before, after, "
                                       "correlation_id, fingerprint, override_reason, "
                                       "status, restored_from");

JournalEntry readRow(const QSqlQuery &query)
{
    JournalEntry entry;
    entry.id = query.value(0).toLongLong();
    entry.time = QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs);
    QStringList damaged;
    const QString kind = query.value(2).toString();
    if (const auto known = JournalEntry::kindFromName(kind))
        entry.kind = *known;
    else {
        entry.kindKnown = false;
        damaged.append(QStringLiteral("its kind '%1' is not pull, push or rollback").arg(kind.left(40)));
    }
    entry.orgId = query.value(3).toString();
    entry.orgName = query.value(4).toString();
    entry.region = query.value(5).toString();
    entry.actor = query.value(6).toString();
    const std::optional<QStringList> before = fromJson(query.value(7).toString());
    const std::optional<QStringList> after = fromJson(query.value(8).toString());
    entry.before = before.value_or(QStringList());
    entry.after = after.value_or(QStringList());
    if (!before)
        damaged.append(QStringLiteral("'before' is not a list of CIDRs"));
    if (!after)
        damaged.append(QStringLiteral("'after' is not a list of CIDRs"));
    entry.correlationId = query.value(9).toString();
    entry.fingerprint = query.value(10).toString();
    entry.overrideReason = query.value(11).toString();
    entry.status = query.value(12).toString();
    entry.restoredFrom = query.value(13).toLongLong();
    entry.damaged = damaged.join(QStringLiteral("; "));
    return entry;
}

} // namespace

QString JournalEntry::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Pull:
        return QStringLiteral("pull");
    case Kind::Push:
        return QStringLiteral("push");
    case Kind::Rollback:
        return QStringLiteral("rollback");
    }
    return {};
}

bool JournalEntry::tellsLiveList() const
{
    return damaged.isEmpty() && (status == u"ok" || status == u"verify-mismatch" || status == u"unverified");
}

std::optional<JournalEntry::Kind> JournalEntry::kindFromName(QStringView name)
{
    for (Kind kind : {Kind::Pull, Kind::Push, Kind::Rollback}) {
        if (name == kindName(kind))
            return kind;
    }
    return std::nullopt;
}

Journal::Journal()
    : m_connection(QStringLiteral("alc-journal-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

Journal::~Journal()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString Journal::dataDirectory()
{
    return appDataDir(); // one rule for every file the app writes
}

QString Journal::defaultPath()
{
    return QDir(dataDirectory()).filePath(QStringLiteral("journal.sqlite"));
}

bool Journal::open(const QString &path, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(QStringLiteral("cannot create the folder of the journal %1").arg(path));
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
                          ? QSqlDatabase::database(m_connection, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!db.isValid())
        return fail(QStringLiteral("the SQLite driver for Qt is missing (install libqt6sql6-sqlite)"));
    db.close();
    // The journal is for its owner only (rw-------), a new one and one an earlier version made
    // with the umask's permissions; SQLite gives its rollback and WAL files the same.
    // NewOnly: never truncates a journal another instance created meanwhile.
    if (QFile file(path);
        file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        file.close();
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    db.setDatabaseName(path);
    if (!db.open())
        return fail(QStringLiteral("cannot open the journal %1: %2").arg(path, db.lastError().text()));
    m_path = path;

    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA user_version"));
    const int version = query.next() ? query.value(0).toInt() : 0;
    if (version > SchemaVersion)
        return fail(QStringLiteral("the journal %1 was written by a newer version of the console").arg(path));
    if (version < SchemaVersion) {
        const bool ok =
            query.exec(
                QStringLiteral("CREATE TABLE IF NOT EXISTS entries ("
                               " id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, kind TEXT NOT NULL,"
                               " org_id TEXT NOT NULL, org_name TEXT, region TEXT NOT NULL, actor TEXT,"
                               " before TEXT NOT NULL, after TEXT NOT NULL, correlation_id TEXT, fingerprint TEXT,"
                               " override_reason TEXT, status TEXT, restored_from INTEGER)")) &&
            query.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS entries_org ON entries(org_id, region, id)")) &&
            query.exec(QStringLiteral("PRAGMA user_version = %1").arg(SchemaVersion));
        if (!ok)
            return fail(QStringLiteral("cannot set up the journal %1: %2").arg(path, query.lastError().text()));
    }
    return true;
}

bool Journal::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

std::optional<qint64> Journal::append(JournalEntry entry, QString *error)
{
    if (!isOpen()) {
        if (error)
            *error = QStringLiteral("the journal is not open");
        return std::nullopt;
    }
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("INSERT INTO entries (time, kind, org_id, org_name, region, actor, before, after,"
                                 " correlation_id, fingerprint, override_reason, status, restored_from)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(entry.time.toUTC().toString(Qt::ISODateWithMs));
    query.addBindValue(JournalEntry::kindName(entry.kind));
    query.addBindValue(entry.orgId);
    query.addBindValue(entry.orgName);
    query.addBindValue(entry.region);
    query.addBindValue(entry.actor);
    query.addBindValue(toJson(entry.before));
    query.addBindValue(toJson(entry.after));
    query.addBindValue(entry.correlationId);
    query.addBindValue(entry.fingerprint);
    query.addBindValue(entry.overrideReason);
    query.addBindValue(entry.status.isEmpty() ? QStringLiteral("ok") : entry.status);
    query.addBindValue(entry.restoredFrom);
    if (!query.exec()) {
        if (error)
            *error = QStringLiteral("cannot write to the journal: %1").arg(query.lastError().text());
        return std::nullopt;
    }
    return query.lastInsertId().toLongLong();
}

bool Journal::finish(qint64 id, const QString &status, const QStringList &after, const QString &correlationId,
                     QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("UPDATE entries SET status = ?, after = ?, correlation_id = ? WHERE id = ?"));
    query.addBindValue(status);
    query.addBindValue(toJson(after));
    query.addBindValue(correlationId);
    query.addBindValue(id);
    if (!isOpen() || !query.exec() || query.numRowsAffected() != 1) {
        if (error) {
            const QString why = !isOpen()                      ? QStringLiteral("the journal is not open")
                                : query.lastError().isValid()  ? query.lastError().text()
                                : query.numRowsAffected() == 0 ? QStringLiteral("there is no such entry")
                                                               : QStringLiteral("the update did not apply");
            *error = QStringLiteral("cannot record the outcome in journal entry #%1 (%2): it stays as it was")
                         .arg(id)
                         .arg(why);
        }
        return false;
    }
    return true;
}

QList<JournalEntry> Journal::entries(QString *error) const
{
    QList<JournalEntry> result;
    if (!isOpen()) {
        if (error)
            *error = QStringLiteral("the journal is not open");
        return result;
    }
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT ") + Columns + QStringLiteral(" FROM entries ORDER BY id"))) {
        if (error)
            *error = QStringLiteral("cannot read the journal %1: %2").arg(m_path, query.lastError().text());
        return result;
    }
    while (query.next())
        result.append(readRow(query));
    return result;
}

std::optional<JournalEntry> Journal::entry(qint64 id) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT ") + Columns + QStringLiteral(" FROM entries WHERE id = ?"));
    query.addBindValue(id);
    if (query.exec() && query.next())
        return readRow(query);
    return std::nullopt;
}

std::optional<JournalEntry> Journal::lastKnownLive(const QString &orgId, const QString &region) const
{
    return newestOf(orgId, region, [](const JournalEntry &entry) { return entry.tellsLiveList(); });
}

std::optional<JournalEntry> Journal::lastKnownOrUncertain(const QString &orgId, const QString &region,
                                                          const QDateTime &now) const
{
    return newestOf(orgId, region, [&now](const JournalEntry &entry) {
        const bool uncertain =
            entry.status == u"unknown" || (entry.status == u"pending" && entry.time.secsTo(now) > StalePendingSeconds);
        return entry.tellsLiveList() ||
               (uncertain && entry.damaged.isEmpty() && entry.kind != JournalEntry::Kind::Pull);
    });
}

std::optional<JournalEntry> Journal::newestOf(const QString &orgId, const QString &region,
                                              const std::function<bool(const JournalEntry &)> &wanted) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT ") + Columns +
                  QStringLiteral(" FROM entries WHERE org_id = ? AND region = ? ORDER BY id DESC"));
    query.addBindValue(orgId);
    query.addBindValue(region);
    if (!query.exec())
        return std::nullopt;
    // A pending, refused or lost push says nothing certain about the org: an entry before it may.
    while (query.next()) {
        JournalEntry entry = readRow(query);
        if (wanted(entry))
            return entry;
    }
    return std::nullopt;
}

} // namespace alc
