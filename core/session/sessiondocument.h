#pragma once

#include <rules/allowlist.h>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace alc {

// A named what-if list: entries with their local metadata, plus the reviewers' notes on it.
struct Scenario
{
    QString name;
    Allowlist list;
    QString notes;
    friend bool operator==(const Scenario &, const Scenario &) = default;
};

// A history file the session was reviewed against; re-imported on open and checked by hash.
struct HistorySourceRef
{
    QString path;
    QString sha256;
    QString format;
    QMap<QString, QString> mapping; // role -> column name, when the user overrode detection
    friend bool operator==(const HistorySourceRef &, const HistorySourceRef &) = default;
};

struct AdminAddress
{
    QString address;
    QString source; // "detected by …", "typed", "sandbox"
    friend bool operator==(const AdminAddress &, const AdminAddress &) = default;
};

// A review session: one JSON file with a versioned schema. Holds no secrets by construction:
// there is no field for a token or a client secret.
struct SessionDocument
{
    static constexpr int SchemaVersion = 1;

    QString orgName;
    QString region;
    QString clientId;
    QStringList baseline; // the live list as pulled (canonical CIDRs)
    QDateTime baselinePulledAt;
    QList<Scenario> scenarios;
    int currentScenario = 0;
    QList<HistorySourceRef> historySources;
    QList<AdminAddress> adminAddresses;
    QString reviewNotes;

    QJsonObject toJson() const;
    // Fails with a message naming the field ("scenarios[1].entries[3].expires: …").
    static SessionDocument fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const SessionDocument &, const SessionDocument &) = default;
};

class SessionFile final
{
public:
    static constexpr QStringView Suffix = u".alcsession";

    // Atomic (writeFileAtomically): a crash or a failed write (a full disk) leaves the previous file intact.
    static bool write(const QString &path, const SessionDocument &document, QString *error);
    static bool read(const QString &path, SessionDocument *document, QString *error);
};

} // namespace alc
