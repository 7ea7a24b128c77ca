#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace alc {

struct JournalEntry
{
    enum class Kind { Pull, Push, Rollback };

    qint64 id = 0;
    QDateTime time; // UTC
    Kind kind = Kind::Pull;
    bool kindKnown = true; // false: the row names no kind the console knows (it is damaged; kind is a guess)
    QString orgId;
    QString orgName;
    QString region;     // region domain or API URL
    QString actor;      // "Jane Admin <jane@example.com>" (PKCE) or "OAuth client <id>"
    QStringList before; // the live list before the change (for a pull: as pulled)
    QStringList after;  // the live list after the change, as verified (for a pull: as pulled)
    QString correlationId;
    QString fingerprint; // of `after`; for a push, the approved report's fingerprint when one was given
    QString overrideReason;
    // "ok"; a push is written as "pending" before it is sent, then "ok", "verify-mismatch",
    // "unverified" (sent, not read back), "refused" (the API said no: nothing changed) or "unknown"
    // (the answer was lost: the org may or may not have it). "pending" stays when the app stopped
    // in between. Only ok, verify-mismatch and unverified entries tell what the org has.
    QString status;
    qint64 restoredFrom = 0; // a rollback: the entry it restored
    // Why the stored row cannot be trusted (a before/after that is not a list of CIDR strings, an
    // unknown kind); empty when it is sound. A damaged entry is shown, never restored.
    QString damaged;

    bool tellsLiveList() const;

    static QString kindName(Kind kind); // "pull", "push", "rollback"
    static std::optional<Kind> kindFromName(QStringView name);
};

// The local change journal: every pull and push, on SQLite through Qt SQL. Each instance owns a
// uniquely named connection, so several journals (and tests) never share one.
class Journal final
{
public:
    Journal();
    ~Journal();
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    // <ALLOWLIST_DATA_DIR or the app data location>/journal.sqlite
    static QString defaultPath();
    // The directory for every file the app writes: $ALLOWLIST_DATA_DIR, else AppDataLocation.
    static QString dataDirectory();

    bool open(const QString &path, QString *error = nullptr);
    bool isOpen() const;
    QString path() const { return m_path; }

    // Stores the entry (id and time are filled in when unset); returns the new id.
    std::optional<qint64> append(JournalEntry entry, QString *error = nullptr);
    // A pending push's outcome: its status, the list read back and the PATCH's correlation id.
    bool finish(qint64 id, const QString &status, const QStringList &after, const QString &correlationId,
                QString *error = nullptr);
    QList<JournalEntry> entries(QString *error = nullptr) const; // oldest first
    std::optional<JournalEntry> entry(qint64 id) const;
    // The latest list known to be live in this org and region: the `after` of its newest sound
    // entry that tells it (see tellsLiveList()).
    std::optional<JournalEntry> lastKnownLive(const QString &orgId, const QString &region) const;
    // The same, or a newer push or rollback whose outcome was never known (`unknown`, or `pending`
    // for longer than any push takes: the console stopped in between), which the caller weighs
    // against the live list: its `before` is what the org had right before it, its `after` what it
    // has if it got through. A fresh `pending` row may be a push still on its way (another
    // window): it is skipped.
    std::optional<JournalEntry> lastKnownOrUncertain(const QString &orgId, const QString &region,
                                                     const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // A push's attempts, its Retry-After waits (up to 180 s each) and its read-back end well within this.
    static constexpr qint64 StalePendingSeconds = 60 * 60;

private:
    // The newest entry of this org and region that wanted() accepts.
    std::optional<JournalEntry> newestOf(const QString &orgId, const QString &region,
                                         const std::function<bool(const JournalEntry &)> &wanted) const;

    QString m_connection;
    QString m_path;
};

} // namespace alc
