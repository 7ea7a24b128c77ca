#include <journal/journal.h>

#include <QSqlDatabase>
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
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
