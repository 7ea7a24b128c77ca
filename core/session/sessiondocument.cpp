#include "sessiondocument.h"

#include <files/savefile.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace alc {
namespace {

constexpr qint64 MaxSessionBytes = 64 * 1024 * 1024;

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject entryToJson(const AllowlistEntry &entry)
{
    QJsonObject object{{QStringLiteral("cidr"), entry.text}};
    if (!entry.label.isEmpty())
        object.insert(QStringLiteral("label"), entry.label);
    if (!entry.owner.isEmpty())
        object.insert(QStringLiteral("owner"), entry.owner);
    if (entry.expiry.isValid())
        object.insert(QStringLiteral("expires"), entry.expiry.toString(Qt::ISODate));
    if (!entry.commentsBefore.isEmpty())
        object.insert(QStringLiteral("comments"), toArray(entry.commentsBefore));
    return object;
}

// Reads typed fields and remembers the first problem with its JSON path.
class Reader
{
public:
    explicit Reader(QString *error)
        : m_error(error)
    {}
    bool failed() const { return m_failed; }

    void fail(const QString &path, const QString &message)
    {
        if (m_failed)
            return;
        m_failed = true;
        if (m_error)
            *m_error = path + QStringLiteral(": ") + message;
    }

    QString string(const QJsonObject &object, const QString &key, const QString &path, bool required = false)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(path + u'.' + key, QStringLiteral("missing"));
            return {};
        }
        if (!value.isString())
            fail(path + u'.' + key, QStringLiteral("expected a string"));
        return value.toString();
    }

    QStringList strings(const QJsonObject &object, const QString &key, const QString &path)
    {
        QStringList result;
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return result;
        if (!value.isArray()) {
            fail(path + u'.' + key, QStringLiteral("expected an array of strings"));
            return result;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString())
                fail(QStringLiteral("%1.%2[%3]").arg(path, key).arg(i), QStringLiteral("expected a string"));
            result.append(array.at(i).toString());
        }
        return result;
    }

    // A missing or null object reads as empty; anything else that is not an object is an error,
    // never silently empty: the next save would drop what it held.
    QJsonObject object(const QJsonObject &parent, const QString &key, const QString &path)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isObject())
            fail(path.isEmpty() ? key : path + u'.' + key, QStringLiteral("expected an object"));
        return value.toObject();
    }

    QJsonArray objects(const QJsonObject &object, const QString &key, const QString &path)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isArray()) {
            fail(path + u'.' + key, QStringLiteral("expected an array"));
            return {};
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isObject())
                fail(QStringLiteral("%1.%2[%3]").arg(path, key).arg(i), QStringLiteral("expected an object"));
        }
        return array;
    }

private:
    QString *m_error;
    bool m_failed = false;
};

} // namespace

QJsonObject SessionDocument::toJson() const
{
    QJsonArray scenarioArray;
    for (const Scenario &scenario : scenarios) {
        QJsonArray entries;
        for (const AllowlistEntry &entry : scenario.list.entries())
            entries.append(entryToJson(entry));
        scenarioArray.append(QJsonObject{{QStringLiteral("name"), scenario.name},
                                         {QStringLiteral("notes"), scenario.notes},
                                         {QStringLiteral("entries"), entries}});
    }
    QJsonArray sources;
    for (const HistorySourceRef &source : historySources) {
        QJsonObject mapping;
        for (auto it = source.mapping.cbegin(); it != source.mapping.cend(); ++it)
            mapping.insert(it.key(), it.value());
        sources.append(QJsonObject{{QStringLiteral("path"), source.path},
                                   {QStringLiteral("sha256"), source.sha256},
                                   {QStringLiteral("format"), source.format},
                                   {QStringLiteral("mapping"), mapping}});
    }
    QJsonArray admins;
    for (const AdminAddress &admin : adminAddresses)
        admins.append(
            QJsonObject{{QStringLiteral("address"), admin.address}, {QStringLiteral("source"), admin.source}});

    return {
        {QStringLiteral("schema"), QStringLiteral("allowlist-console/session")},
        {QStringLiteral("version"), SchemaVersion},
        {QStringLiteral("org"), QJsonObject{{QStringLiteral("name"), orgName},
                                            {QStringLiteral("region"), region},
                                            {QStringLiteral("clientId"), clientId}}},
        {QStringLiteral("baseline"),
         QJsonObject{{QStringLiteral("cidrs"), toArray(baseline)},
                     {QStringLiteral("pulledAt"), baselinePulledAt.isValid()
                                                      ? QJsonValue(baselinePulledAt.toUTC().toString(Qt::ISODate))
                                                      : QJsonValue()}}},
        {QStringLiteral("scenarios"), scenarioArray},
        {QStringLiteral("currentScenario"), currentScenario},
        {QStringLiteral("historySources"), sources},
        {QStringLiteral("adminAddresses"), admins},
        {QStringLiteral("reviewNotes"), reviewNotes},
    };
}

SessionDocument SessionDocument::fromJson(const QJsonObject &json, QString *error)
{
    SessionDocument doc;
    Reader r(error);
    if (json.value(u"schema").toString() != u"allowlist-console/session") {
        r.fail(QStringLiteral("schema"), QStringLiteral("not an Allowlist Console session file"));
        return {};
    }
    const int version = json.value(u"version").toInt(-1);
    if (version < 1 || version > SchemaVersion) {
        r.fail(QStringLiteral("version"),
               QStringLiteral("schema version %1 is not supported (this build reads 1 to %2)")
                   .arg(version)
                   .arg(SchemaVersion));
        return {};
    }
    const QJsonObject org = r.object(json, QStringLiteral("org"), QString());
    doc.orgName = r.string(org, QStringLiteral("name"), QStringLiteral("org"));
    doc.region = r.string(org, QStringLiteral("region"), QStringLiteral("org"));
    doc.clientId = r.string(org, QStringLiteral("clientId"), QStringLiteral("org"));

    const QJsonObject baseline = r.object(json, QStringLiteral("baseline"), QString());
    doc.baseline = r.strings(baseline, QStringLiteral("cidrs"), QStringLiteral("baseline"));
    const QString pulledAt = r.string(baseline, QStringLiteral("pulledAt"), QStringLiteral("baseline"));
    if (!pulledAt.isEmpty()) {
        doc.baselinePulledAt = QDateTime::fromString(pulledAt, Qt::ISODate);
        if (!doc.baselinePulledAt.isValid())
            r.fail(QStringLiteral("baseline.pulledAt"), QStringLiteral("'%1' is not an ISO date-time").arg(pulledAt));
    }

    const QJsonArray scenarios = r.objects(json, QStringLiteral("scenarios"), QString());
    for (qsizetype s = 0; s < scenarios.size() && !r.failed(); ++s) {
        const QJsonObject object = scenarios.at(s).toObject();
        const QString path = QStringLiteral("scenarios[%1]").arg(s);
        Scenario scenario;
        scenario.name = r.string(object, QStringLiteral("name"), path, true);
        scenario.notes = r.string(object, QStringLiteral("notes"), path);
        const QJsonArray entries = r.objects(object, QStringLiteral("entries"), path);
        for (qsizetype e = 0; e < entries.size() && !r.failed(); ++e) {
            const QJsonObject entryObject = entries.at(e).toObject();
            const QString entryPath = QStringLiteral("%1.entries[%2]").arg(path).arg(e);
            AllowlistEntry entry;
            entry.text = r.string(entryObject, QStringLiteral("cidr"), entryPath, true);
            entry.label = r.string(entryObject, QStringLiteral("label"), entryPath);
            entry.owner = r.string(entryObject, QStringLiteral("owner"), entryPath);
            entry.commentsBefore = r.strings(entryObject, QStringLiteral("comments"), entryPath);
            const QString expires = r.string(entryObject, QStringLiteral("expires"), entryPath);
            if (!expires.isEmpty()) {
                entry.expiry = parseExpiryDate(expires);
                if (!entry.expiry.isValid())
                    r.fail(entryPath + QStringLiteral(".expires"),
                           QStringLiteral("'%1' is not a date (YYYY-MM-DD)").arg(expires));
            }
            scenario.list.entries().append(entry);
        }
        doc.scenarios.append(scenario);
    }
    if (doc.scenarios.isEmpty() && !r.failed())
        r.fail(QStringLiteral("scenarios"), QStringLiteral("a session needs at least one scenario"));
    // The window indexes the scenarios with it: one that names no scenario is refused, not reset.
    if (const QJsonValue current = json.value(u"currentScenario");
        !current.isUndefined() && !current.isNull() && !r.failed()) {
        const double number = current.toDouble(-1);
        if (!current.isDouble() || number < 0 || number >= double(doc.scenarios.size()) ||
            number != double(qint64(number)))
            r.fail(QStringLiteral("currentScenario"),
                   QStringLiteral("expected the index of a scenario (0 to %1)").arg(doc.scenarios.size() - 1));
        else
            doc.currentScenario = int(number);
    }

    const QJsonArray sources = r.objects(json, QStringLiteral("historySources"), QString());
    for (qsizetype i = 0; i < sources.size() && !r.failed(); ++i) {
        const QJsonObject object = sources.at(i).toObject();
        const QString path = QStringLiteral("historySources[%1]").arg(i);
        HistorySourceRef source;
        source.path = r.string(object, QStringLiteral("path"), path, true);
        source.sha256 = r.string(object, QStringLiteral("sha256"), path);
        source.format = r.string(object, QStringLiteral("format"), path);
        const QJsonObject mapping = r.object(object, QStringLiteral("mapping"), path);
        for (auto it = mapping.begin(); it != mapping.end(); ++it) {
            if (!it.value().isString())
                r.fail(path + QStringLiteral(".mapping.") + it.key(),
                       QStringLiteral("expected a column name (a string)"));
            source.mapping.insert(it.key(), it.value().toString());
        }
        doc.historySources.append(source);
    }
    const QJsonArray admins = r.objects(json, QStringLiteral("adminAddresses"), QString());
    for (qsizetype i = 0; i < admins.size() && !r.failed(); ++i) {
        const QJsonObject object = admins.at(i).toObject();
        const QString path = QStringLiteral("adminAddresses[%1]").arg(i);
        doc.adminAddresses.append({r.string(object, QStringLiteral("address"), path, true),
                                   r.string(object, QStringLiteral("source"), path)});
    }
    doc.reviewNotes = r.string(json, QStringLiteral("reviewNotes"), QString());
    return r.failed() ? SessionDocument{} : doc;
}

bool SessionFile::write(const QString &path, const SessionDocument &document, QString *error)
{
    return writeFileAtomically(path, QJsonDocument(document.toJson()).toJson(QJsonDocument::Indented), error);
}

bool SessionFile::read(const QString &path, SessionDocument *document, QString *error)
{
    // A device or a pipe reports size 0 and never ends (/dev/zero) or blocks until written (a
    // FIFO): a session is a regular file, and no more than the limit is ever read.
    if (const QFileInfo info(path); info.exists() && !info.isFile()) {
        if (error)
            *error = QStringLiteral("%1 is not a regular file; not a session file").arg(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.read(MaxSessionBytes + 1);
    if (bytes.size() > MaxSessionBytes) {
        if (error)
            *error = QStringLiteral("%1 is larger than 64 MiB; not a session file").arg(path);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error) {
            const QByteArrayView before =
                QByteArrayView(bytes).first(std::clamp<qsizetype>(parseError.offset, 0, bytes.size()));
            const qsizetype line = before.count('\n') + 1;
            const qsizetype column = before.size() - (before.lastIndexOf('\n') + 1) + 1;
            *error = QStringLiteral("%1 is not valid JSON (line %2, column %3: %4)")
                         .arg(path)
                         .arg(line)
                         .arg(column)
                         .arg(parseError.errorString());
        }
        return false;
    }
    if (!json.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not a session file: its JSON is not an object").arg(path);
        return false;
    }
    QString fieldError;
    SessionDocument read = SessionDocument::fromJson(json.object(), &fieldError);
    if (!fieldError.isEmpty()) {
        if (error)
            *error = path + QStringLiteral(": ") + fieldError;
        return false;
    }
    *document = std::move(read);
    return true;
}

} // namespace alc
