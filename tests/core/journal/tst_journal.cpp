#include <journal/journal.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace alc;

namespace {

JournalEntry sample(JournalEntry::Kind kind, const QString &org, const QString &region, const QStringList &after)
{
    JournalEntry entry;
    entry.kind = kind;
    entry.orgId = org;
    entry.orgName = org + QStringLiteral(" name");
    entry.region = region;
    entry.actor = QStringLiteral("OAuth client c");
    entry.before = {QStringLiteral("81.2.69.0/24")};
    entry.after = after;
    entry.correlationId = QStringLiteral("corr-1");
    entry.fingerprint = QStringLiteral("ab");
    return entry;
}

} // namespace

class TestJournal final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void roundTripsEveryField()
    {
        Journal journal;
        QString error;
        QVERIFY2(journal.open(m_dir.filePath(QStringLiteral("a/journal.sqlite")), &error), qPrintable(error));
        JournalEntry entry = sample(JournalEntry::Kind::Push, QStringLiteral("org1"), QStringLiteral("mypurecloud.ie"),
                                    {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")});
        entry.overrideReason = QStringLiteral("moving office");
        entry.restoredFrom = 0;
        const auto id = journal.append(entry, &error);
        QVERIFY2(id, qPrintable(error));
        const auto read = journal.entry(*id);
        QVERIFY(read);
        QCOMPARE(read->id, *id);
        QCOMPARE(read->kind, JournalEntry::Kind::Push);
        QCOMPARE(read->orgId, entry.orgId);
        QCOMPARE(read->orgName, entry.orgName);
        QCOMPARE(read->region, entry.region);
        QCOMPARE(read->actor, entry.actor);
        QCOMPARE(read->before, entry.before);
        QCOMPARE(read->after, entry.after);
        QCOMPARE(read->correlationId, entry.correlationId);
        QCOMPARE(read->fingerprint, entry.fingerprint);
        QCOMPARE(read->overrideReason, entry.overrideReason);
        QCOMPARE(read->status, QStringLiteral("ok"));
        QVERIFY(qAbs(read->time.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(!journal.entry(*id + 100));
    }

    void lastKnownLiveIsPerOrgAndRegion()
    {
        Journal journal;
        QVERIFY(journal.open(m_dir.filePath(QStringLiteral("b.sqlite"))));
        QVERIFY(!journal.lastKnownLive(QStringLiteral("org1"), QStringLiteral("r")));
        journal.append(sample(JournalEntry::Kind::Pull, QStringLiteral("org1"), QStringLiteral("r"),
                              {QStringLiteral("1.1.1.0/24")}));
        journal.append(sample(JournalEntry::Kind::Pull, QStringLiteral("org2"), QStringLiteral("r"),
                              {QStringLiteral("2.2.2.0/24")}));
        journal.append(sample(JournalEntry::Kind::Push, QStringLiteral("org1"), QStringLiteral("r"),
                              {QStringLiteral("3.3.3.0/24")}));
        journal.append(sample(JournalEntry::Kind::Pull, QStringLiteral("org1"), QStringLiteral("other"),
                              {QStringLiteral("4.4.4.0/24")}));
        const auto last = journal.lastKnownLive(QStringLiteral("org1"), QStringLiteral("r"));
        QVERIFY(last);
        QCOMPARE(last->after, QStringList{QStringLiteral("3.3.3.0/24")});
        QCOMPARE(journal.entries().size(), 4);
        QCOMPARE(journal.entries().constFirst().orgId, QStringLiteral("org1"));
    }

    void pendingAndFailedPushesDoNotTellTheLiveList()
    {
        // A push is written "pending" before it is sent; until its outcome says the org has it,
        // the entry before it is what is known to be live.
        Journal journal;
        QVERIFY(journal.open(m_dir.filePath(QStringLiteral("p.sqlite"))));
        const QString org = QStringLiteral("org1"), region = QStringLiteral("r");
        journal.append(sample(JournalEntry::Kind::Pull, org, region, {QStringLiteral("1.1.1.0/24")}));
        JournalEntry push = sample(JournalEntry::Kind::Push, org, region, {QStringLiteral("2.2.2.0/24")});
        push.status = QStringLiteral("pending");
        const auto id = journal.append(push);
        QVERIFY(id);
        QCOMPARE(journal.lastKnownLive(org, region)->after, QStringList{QStringLiteral("1.1.1.0/24")});
        for (const QString &status : {QStringLiteral("refused"), QStringLiteral("unknown")}) {
            QVERIFY(journal.finish(*id, status, {QStringLiteral("2.2.2.0/24")}, QStringLiteral("c2")));
            QCOMPARE(journal.lastKnownLive(org, region)->after, QStringList{QStringLiteral("1.1.1.0/24")});
        }
        QVERIFY(journal.finish(*id, QStringLiteral("ok"), {QStringLiteral("2.2.2.1/32")}, QStringLiteral("c3")));
        const auto done = journal.entry(*id);
        QCOMPARE(done->status, QStringLiteral("ok"));
        QCOMPARE(done->after, QStringList{QStringLiteral("2.2.2.1/32")});
        QCOMPARE(done->correlationId, QStringLiteral("c3"));
        QCOMPARE(journal.lastKnownLive(org, region)->id, *id);
        QString error;
        QVERIFY(!journal.finish(*id + 100, QStringLiteral("ok"), {}, {}, &error)); // no such entry
        QVERIFY2(error.contains(u"there is no such entry"), qPrintable(error));
    }

    void anUnansweredPushIsWeighedByTheCaller()
    {
        // `unknown` (and a `pending` row the console left behind) is returned for the caller to
        // weigh against the live list; a fresh `pending` row may still be on its way: skipped.
        Journal journal;
        QVERIFY(journal.open(m_dir.filePath(QStringLiteral("u.sqlite"))));
        const QString org = QStringLiteral("org1"), region = QStringLiteral("r");
        const auto pull = journal.append(sample(JournalEntry::Kind::Pull, org, region, {QStringLiteral("1.1.1.0/24")}));
        JournalEntry push = sample(JournalEntry::Kind::Push, org, region, {QStringLiteral("2.2.2.0/24")});
        push.status = QStringLiteral("pending");
        const auto id = journal.append(push);
        QVERIFY(pull && id);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 stale = Journal::StalePendingSeconds + 60;
        QCOMPARE(journal.lastKnownOrUncertain(org, region, now)->id, *pull);              // fresh pending
        QCOMPARE(journal.lastKnownOrUncertain(org, region, now.addSecs(stale))->id, *id); // left behind
        QCOMPARE(journal.lastKnownLive(org, region)->id, *pull);                          // never live by itself
        QVERIFY(journal.finish(*id, QStringLiteral("unknown"), {QStringLiteral("2.2.2.0/24")}, QStringLiteral("c")));
        QCOMPARE(journal.lastKnownOrUncertain(org, region, now)->id, *id);
        QVERIFY(journal.finish(*id, QStringLiteral("refused"), {QStringLiteral("1.1.1.0/24")}, QStringLiteral("c")));
        QCOMPARE(journal.lastKnownOrUncertain(org, region, now)->id, *pull); // refused: nothing changed
    }

    void damagedRowsAreFlaggedNotRead()
    {
        // A row edited or cut by hand must not read as an empty list: a rollback would send it.
        const QString path = m_dir.filePath(QStringLiteral("d.sqlite"));
        Journal journal;
        QVERIFY(journal.open(path));
        const QString org = QStringLiteral("org1"), region = QStringLiteral("r");
        const auto good = journal.append(sample(JournalEntry::Kind::Pull, org, region, {QStringLiteral("1.1.1.0/24")}));
        const auto cut = journal.append(sample(JournalEntry::Kind::Push, org, region, {QStringLiteral("2.2.2.0/24")}));
        const auto odd = journal.append(sample(JournalEntry::Kind::Push, org, region, {QStringLiteral("3.3.3.0/24")}));
        QVERIFY(good && cut && odd);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(
                query.exec(QStringLiteral("UPDATE entries SET before = '[\"81.2.69.0/24\"' WHERE id = %1").arg(*cut)));
            QVERIFY(query.exec(
                QStringLiteral("UPDATE entries SET after = '[1, 2]', kind = 'undo' WHERE id = %1").arg(*odd)));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        QVERIFY(journal.entry(*good)->damaged.isEmpty());
        QCOMPARE(journal.entry(*cut)->damaged, QStringLiteral("'before' is not a list of CIDRs"));
        const QString both = journal.entry(*odd)->damaged;
        QVERIFY2(both.contains(u"kind 'undo'") && both.contains(u"'after' is not a list of CIDRs"), qPrintable(both));
        QCOMPARE(journal.lastKnownLive(org, region)->id, *good);
    }

    void twoInstancesShareTheFileNotTheConnection()
    {
        const QString path = m_dir.filePath(QStringLiteral("c.sqlite"));
        const QStringList before = QSqlDatabase::connectionNames();
        {
            Journal first;
            Journal second;
            QVERIFY(first.open(path));
            QVERIFY(second.open(path));
            QVERIFY(!QSqlDatabase::contains(QLatin1StringView(QSqlDatabase::defaultConnection)));
            first.append(sample(JournalEntry::Kind::Pull, QStringLiteral("o"), QStringLiteral("r"), {}));
            QCOMPARE(second.entries().size(), 1);
            QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 2);
        }
        QCOMPARE(QSqlDatabase::connectionNames(), before);
        Journal reopened;
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.entries().size(), 1);
    }

    void unopenedJournalRefusesToWrite()
    {
        Journal journal;
        QString error;
        QVERIFY(
            !journal.append(sample(JournalEntry::Kind::Pull, QStringLiteral("o"), QStringLiteral("r"), {}), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(journal.entries().isEmpty());
    }

    void unwritableLocationIsReported()
    {
        Journal journal;
        QString error;
        QVERIFY(!journal.open(QStringLiteral("/proc/alc-no/journal.sqlite"), &error));
        QVERIFY(!error.isEmpty());
    }

    void dataDirectoryFollowsTheEnvironment()
    {
        qputenv("ALLOWLIST_DATA_DIR", m_dir.path().toUtf8());
        QCOMPARE(Journal::dataDirectory(), m_dir.path());
        QCOMPARE(Journal::defaultPath(), m_dir.filePath(QStringLiteral("journal.sqlite")));
        qunsetenv("ALLOWLIST_DATA_DIR");
        QVERIFY(Journal::dataDirectory() != m_dir.path());
    }

    // Every list, who changed it and why: for the admin's eyes only, whatever the umask.
    void theJournalAndItsFolderAreTheOwnersOnly()
    {
        constexpr QFileDevice::Permissions ownerOnly =
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
        const QString folder = m_dir.filePath(QStringLiteral("new/data"));
        qputenv("ALLOWLIST_DATA_DIR", folder.toUtf8());
        QCOMPARE(Journal::dataDirectory(), folder);
        qunsetenv("ALLOWLIST_DATA_DIR");
        const auto othersAndGroup = [](const QString &path) {
            return QFileInfo(path).permissions() &
                   ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadUser |
                     QFileDevice::WriteUser | QFileDevice::ExeUser);
        };
        QCOMPARE(QFileInfo(folder).permissions() & ownerOnly, ownerOnly);
        QCOMPARE(othersAndGroup(folder), QFileDevice::Permissions());

        const QString fresh = QDir(folder).filePath(QStringLiteral("journal.sqlite"));
        const QString earlier = m_dir.filePath(QStringLiteral("earlier.sqlite"));
        {
            QFile old(earlier); // an earlier version's journal, made with the umask's rw-r--r--
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.close();
            QVERIFY(QFile::setPermissions(earlier, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                       QFileDevice::ReadGroup | QFileDevice::ReadOther));
        }
        for (const QString &path : {fresh, earlier}) {
            Journal journal;
            QString error;
            QVERIFY2(journal.open(path, &error), qPrintable(error));
            QVERIFY(
                journal.append(sample(JournalEntry::Kind::Pull, QStringLiteral("o"), QStringLiteral("r"), {}), &error));
            QCOMPARE(othersAndGroup(path), QFileDevice::Permissions());
            QVERIFY(QFileInfo(path).permissions() & QFileDevice::WriteOwner);
            QCOMPARE(journal.entries().size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
