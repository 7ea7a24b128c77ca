// The org commands end to end: the real executable over real HTTP against an in-process sandbox.
#include <orgapi/orgsession.h>
#include <orgapi/preflight.h>
#include <orgapi/sandboxserver.h>
#include <rules/allowlist.h>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace alc;

namespace {

const QString Canary = QStringLiteral("S3cr3t-canary-7f3a9b21");

struct Run
{
    int status = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliOrgApi final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_dataDir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_allOutput; // every stdout and stderr of the test, for the secret check
    QNetworkAccessManager m_browser;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ALLOWLIST_DATA_DIR"), m_dataDir);
        env.insert(QStringLiteral("HOME"), m_root.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root.filePath(QStringLiteral("home/.config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_root.filePath(QStringLiteral("home/.local/share")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_root.filePath(QStringLiteral("home/.cache")));
        env.insert(QStringLiteral("ALLOWLIST_NO_KEYCHAIN"), QStringLiteral("1"));
        env.insert(QStringLiteral("ALLOWLIST_RETRY_SCALE"), QStringLiteral("0.001"));
        env.insert(QStringLiteral("ALLOWLIST_CLIENT_SECRET"), Canary);
        return env;
    }

    QStringList connection() const
    {
        const QString url = m_sandbox->baseUrl().toString();
        return {QStringLiteral("--client-id"), QStringLiteral("cli-client"),
                QStringLiteral("--api-url"),   url,
                QStringLiteral("--login-url"), url};
    }

    // Runs the executable while this process keeps serving the sandbox (no blocking wait).
    Run run(const QStringList &arguments, const std::function<void(QProcess &)> &whileRunning = {})
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.setStandardInputFile(QProcess::nullDevice());
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(qEnvironmentVariable("ALC_EXE"), arguments);
        if (!process.waitForStarted(10000))
            return {};
        if (whileRunning)
            whileRunning(process);
        if (finished.isEmpty() && !finished.wait(60000)) {
            process.kill();
            process.waitForFinished();
        }
        Run result{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                   QString::fromUtf8(process.readAllStandardOutput()),
                   QString::fromUtf8(process.readAllStandardError())};
        m_allOutput += result.out + result.err;
        return result;
    }

    QString writeList(const QString &name, const QStringList &lines)
    {
        const QString path = QDir(m_dataDir).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(lines.join(u'\n').toUtf8() + '\n');
        return path;
    }

    QJsonArray journal()
    {
        const Run r = run({QStringLiteral("journal"), QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"entries").toArray();
    }

    Run pull() { return run(QStringList{QStringLiteral("pull")} + connection()); }

    Run push(const QString &file, const QStringList &extra)
    {
        return run(QStringList{QStringLiteral("push"), file} + connection() + extra);
    }

    static QString describe(const Run &r)
    {
        return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.status).arg(r.out, r.err);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QVERIFY(QFileInfo::exists(qEnvironmentVariable("ALC_EXE")));
    }

    void init()
    {
        // Each test its own journal, all under one root that the last test searches for the secret.
        m_dataDir = m_root.filePath(QString::fromLatin1(QTest::currentTestFunction()));
        QVERIFY(QDir().mkpath(m_dataDir));
        SandboxConfig config;
        config.clientId = QStringLiteral("cli-client");
        config.clientSecret = Canary;
        config.callerIp = QStringLiteral("81.2.69.142");
        config.allowlist = {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")};
        config.retryAfterSeconds = 1;
        m_sandbox = std::make_unique<SandboxServer>(config);
        QVERIFY(m_sandbox->listen(0) > 0);
    }

    void cleanup() { m_sandbox.reset(); }

    void pullWritesTheListAndJournalsIt()
    {
        const QString out = QDir(m_dataDir).filePath(QStringLiteral("live.txt"));
        const Run r = run(QStringList{QStringLiteral("pull"), QStringLiteral("--out"), out} + connection());
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(file.readAll());
        QVERIFY(content.contains(u"81.2.69.0/24"));
        QVERIFY(content.contains(u"62.210.16.0/24"));
        const QJsonArray entries = journal();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.at(0).toObject();
        QCOMPARE(entry.value(u"kind").toString(), QStringLiteral("pull"));
        QCOMPARE(entry.value(u"orgName").toString(), QStringLiteral("Sandbox Org"));
        QCOMPARE(entry.value(u"actor").toString(), QStringLiteral("OAuth client cli-client"));
        QCOMPARE(entry.value(u"after").toArray().size(), 2);
        QVERIFY(!entry.value(u"correlationId").toString().isEmpty());
    }

    void pullToStandardOutput()
    {
        const Run r = pull();
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(u"81.2.69.0/24"));
        QVERIFY(r.err.contains(u"journal entry #1"));
    }

    void saveSecretWithoutKeychainIsAnnounced()
    {
        const Run r = run(QStringList{QStringLiteral("pull"), QStringLiteral("--save-secret")} + connection());
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(u"was not stored") && r.err.contains(u"memory for this session only"),
                 qPrintable(describe(r)));
    }

    void pullWithPkceNamesTheAdmin()
    {
        m_sandbox->config().autoApprove = true;
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const Run r =
            run(QStringList{QStringLiteral("pull"), QStringLiteral("--pkce"), QStringLiteral("--redirect-port"),
                            QString::number(port)} +
                    connection(),
                [this](QProcess &process) {
                    // Play the browser: open the printed URL, follow the redirect to the loopback.
                    QString printed;
                    QTRY_VERIFY_WITH_TIMEOUT(
                        (printed += QString::fromUtf8(process.readAllStandardError())).contains(u"/oauth/authorize"),
                        10000);
                    const QRegularExpressionMatch match =
                        QRegularExpression(QStringLiteral("(http://\\S+/oauth/authorize\\S+)")).match(printed);
                    QVERIFY(match.hasMatch());
                    QNetworkRequest request(QUrl::fromEncoded(match.captured(1).toLatin1()));
                    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                         QNetworkRequest::NoLessSafeRedirectPolicy);
                    QNetworkReply *reply = m_browser.get(request);
                    QSignalSpy done(reply, &QNetworkReply::finished);
                    QVERIFY(done.wait(10000));
                    QVERIFY(reply->readAll().contains("Signed in"));
                    reply->deleteLater();
                });
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        const QJsonArray entries = journal();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(u"actor").toString(),
                 QStringLiteral("Sandbox Admin <admin@sandbox.example>"));
    }

    void pushIsVerifiedAndJournalled()
    {
        QCOMPARE(pull().status, 0);
        const QString file = writeList(QStringLiteral("new.txt"), {QStringLiteral("81.2.69.0/24  # HQ"),
                                                                   QStringLiteral("91.121.0.0/24 # branch")});
        const Run r =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(u"pushed and verified"));
        QVERIFY(r.out.contains(u"+ 91.121.0.0/24"));
        QVERIFY(r.out.contains(u"- 62.210.16.0/24"));
        QCOMPARE(m_sandbox->allowlist(),
                 (QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")}));
        const QJsonObject sent = QJsonDocument::fromJson(m_sandbox->patchBodies().constLast()).object();
        QCOMPARE(sent.keys(), QStringList{QStringLiteral("ipAddressAllowlist")});

        const QJsonArray entries = journal();
        QCOMPARE(entries.size(), 2);
        const QJsonObject entry = entries.at(1).toObject();
        QCOMPARE(entry.value(u"kind").toString(), QStringLiteral("push"));
        QCOMPARE(entry.value(u"before").toArray().size(), 2);
        QCOMPARE(entry.value(u"after").toArray().at(1).toString(), QStringLiteral("91.121.0.0/24"));
        QCOMPARE(entry.value(u"status").toString(), QStringLiteral("ok"));
        QCOMPARE(entry.value(u"fingerprint").toString(),
                 Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")}).fingerprint());
    }

    void dryRunSendsNothing()
    {
        const QString file = writeList(QStringLiteral("new.txt"), {QStringLiteral("81.2.69.0/24")});
        const Run r =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--dry-run")});
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(u"dry run"));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("reason");
        const QStringList admin{QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")};
        QTest::newRow("error finding") << QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("10.0.0.0/8")}
                                       << admin << QStringLiteral("not-public");
        QStringList many{QStringLiteral("81.2.69.0/24")};
        for (int i = 0; i < 150; ++i)
            many.append(QStringLiteral("62.210.%1.0/24").arg(i));
        QTest::newRow("151 entries") << many << admin << QStringLiteral("at most 150");
        QTest::newRow("admin not covered")
            << QStringList{QStringLiteral("62.210.16.0/24")}
            << QStringList{QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")}
            << QStringLiteral("lock you out");
        QTest::newRow("fingerprint differs")
            << QStringList{QStringLiteral("81.2.69.0/24")}
            << (admin + QStringList{QStringLiteral("--expect-fingerprint"), QString(64, u'a')})
            << QStringLiteral("fingerprint");
        QTest::newRow("empty list not meant") << QStringList{} << admin << QStringLiteral("--allow-empty");
        QTest::newRow("override does not excuse other errors")
            << QStringList{QStringLiteral("62.210.16.0/24"), QStringLiteral("10.0.0.0/8")}
            << (admin + QStringList{QStringLiteral("--override-lockout"), QStringLiteral("VPN change")})
            << QStringLiteral("not-public");
    }

    void refusals()
    {
        QFETCH(QStringList, lines);
        QFETCH(QStringList, extra);
        QFETCH(QString, reason);
        const Run r = push(writeList(QStringLiteral("list.txt"), lines), extra);
        QVERIFY2(r.status == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(u"refused by the preflight") && r.err.contains(reason), qPrintable(describe(r)));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void emptyListIsSentWhenMeant()
    {
        // "Remove the restriction" is a decision: with --allow-empty the empty list is sent.
        const Run r = push(writeList(QStringLiteral("empty.txt"), {}),
                           {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes"),
                            QStringLiteral("--allow-empty")});
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY2(r.out.contains(u"[overridden] empty-list"), qPrintable(describe(r)));
        QCOMPARE(m_sandbox->allowlist(), QStringList());
    }

    void lockoutOverrideIsRecorded()
    {
        // The detected address is wrong (say, a split tunnel); the org still sees the admin inside the list.
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        const QString reason = QStringLiteral("office egress moved, ticket NET-42");
        const Run r = push(file, {QStringLiteral("--admin-ip"), QStringLiteral("9.9.9.9"), QStringLiteral("--yes"),
                                  QStringLiteral("--override-lockout"), reason});
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(u"[overridden] lockout"));
        const QJsonArray entries = journal();
        QCOMPARE(entries.last().toObject().value(u"overrideReason").toString(), reason);
    }

    void sandboxRefusesALockoutOfTheCaller()
    {
        // The admin overrides, but the org itself refuses a list that shuts out the caller: exit 3.
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("62.210.16.0/24")});
        const Run r = push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes"),
                                  QStringLiteral("--override-lockout"), QStringLiteral("testing")});
        QVERIFY2(r.status == 3, qPrintable(describe(r)));
        QVERIFY(r.err.contains(u"inin-correlation-id: "));
        QCOMPARE(m_sandbox->allowlist().size(), 2);
    }

    void aLostAnswerIsNotCalledNothingChanged()
    {
        // Stored, then a 502 and an outage (the list cannot be read before sending again): the
        // org has the list, so "nothing was changed" would be false.
        m_sandbox->faults().appliedButFailed = 1;
        m_sandbox->faults().outageAfterPatch = OrgSession::ReadBeforeRetryAttempts; // every attempt of that read
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        const Run r =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 3, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(u"the org may or may not have the new list"), qPrintable(describe(r)));
        QVERIFY(!r.err.contains(u"nothing was changed"));
        QCOMPARE(m_sandbox->allowlist(), QStringList{QStringLiteral("81.2.69.0/24")});
    }

    void conflictShowsTheThreeWayDifference()
    {
        QCOMPARE(pull().status, 0);
        m_sandbox->setAllowlist(
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"), QStringLiteral("185.53.178.0/24")});
        const QString file =
            writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")});
        const QStringList options{QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")};
        const Run refused = push(file, options);
        QVERIFY2(refused.status == 1, qPrintable(describe(refused)));
        QVERIFY(refused.out.contains(u"three-way difference"));
        QVERIFY(refused.out.contains(u"+ 185.53.178.0/24"));
        QVERIFY(refused.err.contains(u"changed since it was pulled"));
        QVERIFY(m_sandbox->patchBodies().isEmpty());

        const Run rebased = push(file, options + QStringList{QStringLiteral("--rebase")});
        QVERIFY2(rebased.status == 0, qPrintable(describe(rebased)));
        // The checklist says it was rebased and on what, not "unchanged since it was pulled".
        QVERIFY2(rebased.out.contains(u"[pass] conflict: rebased on the live list: the org's changes since the pull "
                                      u"are kept (added 185.53.178.0/24)"),
                 qPrintable(describe(rebased)));
        QVERIFY(rebased.out.contains(u"(of the rebased list, not of your file)"));
        QCOMPARE(Allowlist::fingerprintOf(m_sandbox->allowlist()),
                 Allowlist::fingerprintOf({QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24"),
                                           QStringLiteral("185.53.178.0/24")}));
    }

    void anApprovalHoldsToItsLiveList()
    {
        // The report compared the live list of the day; another admin then added a network, and a
        // pull cleared the conflict: without --expect-baseline the approved list removed it.
        QCOMPARE(pull().status, 0);
        const QString approvedFrom = Allowlist::fingerprintOf(m_sandbox->allowlist());
        const QString file =
            writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")});
        const QStringList options{QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes"),
                                  QStringLiteral("--expect-baseline"), approvedFrom};
        const Run dry = push(file, options + QStringList{QStringLiteral("--dry-run")});
        QVERIFY2(dry.status == 0 && dry.out.contains(u"[pass] baseline"), qPrintable(describe(dry)));

        m_sandbox->setAllowlist(
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"), QStringLiteral("185.53.178.0/24")});
        QCOMPARE(pull().status, 0);
        const Run refused = push(file, options);
        QVERIFY2(refused.status == 1, qPrintable(describe(refused)));
        QVERIFY2(refused.err.contains(u"the live list the approved report compared"), qPrintable(describe(refused)));
        QVERIFY(m_sandbox->patchBodies().isEmpty());

        // Not a SHA-256: a usage error, like --expect-fingerprint.
        const Run bad = push(file, {QStringLiteral("--expect-baseline"), QStringLiteral("abc")});
        QVERIFY2(bad.status == 2 && bad.err.contains(u"--expect-baseline must be a SHA-256"),
                 qPrintable(describe(bad)));
    }

    void rollbackRestoresAnEntry()
    {
        QCOMPARE(pull().status, 0);
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        QCOMPARE(
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")}).status,
            0);
        QCOMPARE(m_sandbox->allowlist(), QStringList{QStringLiteral("81.2.69.0/24")});

        const Run r =
            run(QStringList{QStringLiteral("rollback"), QStringLiteral("2")} + connection() +
                QStringList{QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QCOMPARE(m_sandbox->allowlist(),
                 (QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")}));
        const QJsonObject entry = journal().last().toObject();
        QCOMPARE(entry.value(u"kind").toString(), QStringLiteral("rollback"));
        QCOMPARE(entry.value(u"restoredFrom").toInt(), 2);

        const Run unknown = run(QStringList{QStringLiteral("rollback"), QStringLiteral("99")} + connection());
        QCOMPARE(unknown.status, 2);
    }

    void rollbackGoesThroughThePreflight()
    {
        QCOMPARE(pull().status, 0);
        const Run r =
            run(QStringList{QStringLiteral("rollback"), QStringLiteral("1")} + connection() +
                QStringList{QStringLiteral("--admin-ip"), QStringLiteral("9.9.9.9"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 1, qPrintable(describe(r)));
        QVERIFY(r.err.contains(u"lock you out"));
    }

    void explicitBaseReplacesTheJournal()
    {
        // No pull was journalled; the admin says which list the file was edited from.
        const QString base = writeList(QStringLiteral("base.txt"), {QStringLiteral("81.2.69.0/24")});
        const QString file =
            writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")});
        const Run r = push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes"),
                                  QStringLiteral("--base"), base});
        QVERIFY2(r.status == 1, qPrintable(describe(r)));
        QVERIFY(r.out.contains(u"+ 62.210.16.0/24")); // added in the org since that base

        const Run noBase =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(noBase.status == 0, qPrintable(describe(noBase)));
        QVERIFY(noBase.out.contains(u"[skipped] conflict"));
    }

    void rollbackRefusesAnotherOrgsEntry()
    {
        QCOMPARE(pull().status, 0);
        SandboxConfig config = m_sandbox->config();
        config.orgId = QStringLiteral("00000000-0000-4000-8000-00000000beef");
        config.orgName = QStringLiteral("Other Org");
        SandboxServer other(config);
        QVERIFY(other.listen(0) > 0);
        const QString url = other.baseUrl().toString();
        const Run r =
            run({QStringLiteral("rollback"), QStringLiteral("1"), QStringLiteral("--client-id"),
                 QStringLiteral("cli-client"), QStringLiteral("--api-url"), url, QStringLiteral("--login-url"), url,
                 QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 1, qPrintable(describe(r)));
        QVERIFY(r.err.contains(u"belongs to Sandbox Org"));
        QVERIFY(other.patchBodies().isEmpty());
    }

    void journalListsEntriesForPeople()
    {
        const Run empty = run({QStringLiteral("journal")});
        QCOMPARE(empty.status, 0);
        QVERIFY(empty.out.contains(u"the journal is empty"));
        QCOMPARE(pull().status, 0);
        const Run r = run({QStringLiteral("journal")});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.startsWith(u"#1  ") && r.out.contains(u"pull") && r.out.contains(u"Sandbox Org") &&
                     r.out.contains(u"by OAuth client cli-client") && r.out.contains(u"inin-correlation-id: "),
                 qPrintable(r.out));

        // A row of a kind the console does not know read as "pull" beside its DAMAGED note.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(QDir(m_dataDir).filePath(QStringLiteral("journal.sqlite")));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("UPDATE entries SET kind = 'frob' WHERE id = 1")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        const Run damaged = run({QStringLiteral("journal")});
        QCOMPARE(damaged.status, 0);
        const QString line = damaged.out.section(u'\n', 0, 0);
        QVERIFY2(line.contains(QRegularExpression(QStringLiteral("^#1  \\S+  \\?  "))) &&
                     line.contains(u"DAMAGED: its kind 'frob'"),
                 qPrintable(line));
        const QJsonObject row = journal().at(0).toObject();
        QVERIFY(row.value(u"kind").isNull()); // not "pull"
        QVERIFY(row.value(u"damaged").toString().contains(u"frob"));
    }

    void pullToAnUnwritableFile()
    {
        const Run r = run(
            QStringList{QStringLiteral("pull"), QStringLiteral("--out"), QStringLiteral("/proc/no/such/dir/live.txt")} +
            connection());
        QVERIFY2(r.status == 2, qPrintable(describe(r)));
    }

    void lostPatchAnswerIsNotCalledHarmless()
    {
        // The live list is read for the preflight and again right before sending; then the
        // PATCH's connection is reset: its outcome is unknown.
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        int reads = 0;
        connect(m_sandbox.get(), &SandboxServer::requestHandled, this,
                [this, &reads](const QString &method, const QString &path) {
                    if (method == u"GET" && path.endsWith(u"/authentication/settings") && ++reads == 2)
                        m_sandbox->faults().resets = 5;
                });
        const Run r =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 3, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(u"may or may not have the new list"), qPrintable(describe(r)));
    }

    void lostReadBeforeSendingSendsNothing()
    {
        // The read right before sending is reset: no PATCH went out, and the message says so.
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        connect(m_sandbox.get(), &SandboxServer::requestHandled, this,
                [this](const QString &method, const QString &path) {
                    if (method == u"GET" && path.endsWith(u"/authentication/settings"))
                        m_sandbox->faults().resets = 5;
                });
        const Run r =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 3, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(u"nothing was changed"), qPrintable(describe(r)));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void verifyMismatchIsReported()
    {
        m_sandbox->faults().alterStoredList = true;
        const QString file =
            writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24")});
        const Run r =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(r.status == 3, qPrintable(describe(r)));
        QVERIFY(r.err.contains(u"missing from the org: 91.121.0.0/24"));
        QCOMPARE(journal().last().toObject().value(u"status").toString(), QStringLiteral("verify-mismatch"));
    }

    void apiFailures_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong secret") << QStringLiteral("secret") << QStringLiteral("invalid_client");
        QTest::newRow("403") << QStringLiteral("forbidden") << QStringLiteral("directory:organization:admin");
        QTest::newRow("expired twice") << QStringLiteral("unauthorized") << QStringLiteral("sign in again");
        QTest::newRow("5xx exhausted") << QStringLiteral("5xx") << QStringLiteral("HTTP 503");
        QTest::newRow("429 exhausted") << QStringLiteral("429") << QStringLiteral("too many requests");
        QTest::newRow("malformed JSON") << QStringLiteral("malformed") << QStringLiteral("not valid JSON");
        QTest::newRow("connection reset") << QStringLiteral("reset") << QStringLiteral("failed");
    }

    void apiFailures()
    {
        QFETCH(QString, fault);
        QFETCH(QString, message);
        SandboxFaults &faults = m_sandbox->faults();
        if (fault == u"secret")
            m_sandbox->config().clientSecret = QStringLiteral("another-secret");
        else if (fault == u"forbidden")
            faults.forbidden = 10;
        else if (fault == u"unauthorized")
            faults.unauthorized = 10;
        else if (fault == u"5xx")
            faults.serverErrors = 10;
        else if (fault == u"429")
            faults.tooManyRequests = 10;
        else if (fault == u"malformed")
            faults.malformedBodies = 10;
        else if (fault == u"reset")
            faults.resets = 10;
        const Run r = pull();
        QVERIFY2(r.status == 3, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(message), qPrintable(describe(r)));
        if (fault != u"reset")
            QVERIFY2(r.err.contains(u"inin-correlation-id: "), qPrintable(describe(r)));
        QVERIFY(journal().isEmpty());
    }

    void transientFailuresAreRetried()
    {
        m_sandbox->faults().tooManyRequests = 1;
        m_sandbox->faults().serverErrors = 1;
        m_sandbox->faults().unauthorized = 1;
        const Run r = pull();
        QVERIFY2(r.status == 0, qPrintable(describe(r)));
        QVERIFY(r.err.contains(u"rate limited (HTTP 429); waiting"));
        QVERIFY(r.err.contains(u"service error (HTTP 503); waiting"));
    }

    void echoServicesAreAskedWhenNoAddressIsGiven()
    {
        SandboxConfig other;
        other.callerIp = QStringLiteral("62.210.16.7");
        SandboxServer disagreeing(other);
        QVERIFY(disagreeing.listen(0) > 0);
        const QString file =
            writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")});
        const QString echo = m_sandbox->baseUrl().toString() + QStringLiteral("/echo");
        const Run agreed = push(file, {QStringLiteral("--echo-url"), echo, QStringLiteral("--echo-url"), echo,
                                       QStringLiteral("--dry-run")});
        QVERIFY2(agreed.status == 0, qPrintable(describe(agreed)));
        QVERIFY(agreed.err.contains(u"admin address: 81.2.69.142 (the echo services agree)"));

        const Run split =
            push(file, {QStringLiteral("--echo-url"), echo, QStringLiteral("--echo-url"),
                        disagreeing.baseUrl().toString() + QStringLiteral("/echo"), QStringLiteral("--dry-run")});
        QVERIFY2(split.status == 0, qPrintable(describe(split)));
        QVERIFY(split.err.contains(u"disagree"));
        // One answer each: a tie, either may come first.
        QVERIFY2(split.err.contains(u"admin addresses: 81.2.69.142, 62.210.16.7") ||
                     split.err.contains(u"admin addresses: 62.210.16.7, 81.2.69.142"),
                 qPrintable(describe(split)));
        QVERIFY2(split.out.contains(u"are all covered"), qPrintable(describe(split)));

        // One service each: Genesys may see either address, so a list that leaves one out is a
        // lockout, whichever the tie would have picked.
        const QString one = writeList(QStringLiteral("one.txt"), {QStringLiteral("62.210.16.0/24")});
        const Run tie =
            push(one, {QStringLiteral("--echo-url"), echo, QStringLiteral("--echo-url"),
                       disagreeing.baseUrl().toString() + QStringLiteral("/echo"), QStringLiteral("--dry-run")});
        QVERIFY2(tie.status == 1, qPrintable(describe(tie)));
        QVERIFY2(tie.err.contains(u"81.2.69.142"), qPrintable(describe(tie)));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no client id") << QStringList{QStringLiteral("pull"), QStringLiteral("--region"),
                                                     QStringLiteral("mypurecloud.ie")};
        QTest::newRow("unknown region") << QStringList{QStringLiteral("pull"), QStringLiteral("--region"),
                                                       QStringLiteral("example.com"), QStringLiteral("--client-id"),
                                                       QStringLiteral("x")};
        QTest::newRow("plain HTTP to a remote host") << QStringList{QStringLiteral("pull"),
                                                                    QStringLiteral("--client-id"),
                                                                    QStringLiteral("x"),
                                                                    QStringLiteral("--api-url"),
                                                                    QStringLiteral("http://api.example.com"),
                                                                    QStringLiteral("--login-url"),
                                                                    QStringLiteral("http://127.0.0.1:1")};
        QTest::newRow("push without file")
            << QStringList{QStringLiteral("push"), QStringLiteral("--region"), QStringLiteral("mypurecloud.ie"),
                           QStringLiteral("--client-id"), QStringLiteral("x")};
        QTest::newRow("bad admin ip") << QStringList{QStringLiteral("push"),        QStringLiteral("f.txt"),
                                                     QStringLiteral("--client-id"), QStringLiteral("x"),
                                                     QStringLiteral("--region"),    QStringLiteral("mypurecloud.ie"),
                                                     QStringLiteral("--admin-ip"),  QStringLiteral("1.2.3")};
        QTest::newRow("private admin ip") << QStringList{
            QStringLiteral("push"),       QStringLiteral("f.txt"),       QStringLiteral("--client-id"),
            QStringLiteral("x"),          QStringLiteral("--region"),    QStringLiteral("mypurecloud.ie"),
            QStringLiteral("--admin-ip"), QStringLiteral("192.168.1.20")};
        QTest::newRow("override without reason") << QStringList{QStringLiteral("push"),
                                                                QStringLiteral("f.txt"),
                                                                QStringLiteral("--client-id"),
                                                                QStringLiteral("x"),
                                                                QStringLiteral("--region"),
                                                                QStringLiteral("mypurecloud.ie"),
                                                                QStringLiteral("--override-lockout"),
                                                                QStringLiteral(" ")};
        QTest::newRow("rollback without id")
            << QStringList{QStringLiteral("rollback"), QStringLiteral("--client-id"), QStringLiteral("x")};
        QTest::newRow("save-secret with pkce")
            << QStringList{QStringLiteral("pull"),         QStringLiteral("--client-id"),    QStringLiteral("x"),
                           QStringLiteral("--region"),     QStringLiteral("mypurecloud.ie"), QStringLiteral("--pkce"),
                           QStringLiteral("--save-secret")};
        QTest::newRow("journal with argument") << QStringList{QStringLiteral("journal"), QStringLiteral("extra")};
        QTest::newRow("a private admin ip among others")
            << QStringList{QStringLiteral("push"),       QStringLiteral("f.txt"),    QStringLiteral("--client-id"),
                           QStringLiteral("x"),          QStringLiteral("--region"), QStringLiteral("mypurecloud.ie"),
                           QStringLiteral("--admin-ip"), QStringLiteral("10.0.0.1"), QStringLiteral("--admin-ip"),
                           QStringLiteral("81.2.69.1")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const Run r = run(arguments);
        QVERIFY2(r.status == 2, qPrintable(describe(r)));
    }

    void everyAdminAddressMustBeCovered()
    {
        // Two admins (or a split tunnel): the list must cover both, whichever comes first.
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        const Run one =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("62.210.16.1"), QStringLiteral("--admin-ip"),
                        QStringLiteral("81.2.69.1"), QStringLiteral("--dry-run")});
        QVERIFY2(one.status == 1, qPrintable(describe(one)));
        QVERIFY2(one.err.contains(u"admin addresses: 62.210.16.1, 81.2.69.1 (given with --admin-ip)"),
                 qPrintable(describe(one)));
        QVERIFY2(one.out.contains(u"[FAIL] lockout: your public address 62.210.16.1 is not covered"),
                 qPrintable(describe(one)));
        const QString both =
            writeList(QStringLiteral("both.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")});
        const Run ok =
            push(both, {QStringLiteral("--admin-ip"), QStringLiteral("62.210.16.1"), QStringLiteral("--admin-ip"),
                        QStringLiteral("81.2.69.1"), QStringLiteral("--dry-run")});
        QVERIFY2(ok.status == 0, qPrintable(describe(ok)));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void aListAdmittingEveryoneNeedsItsFlag()
    {
        const QString file =
            writeList(QStringLiteral("open.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("0.0.0.0/0")});
        const Run refused =
            push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.1"), QStringLiteral("--yes")});
        QVERIFY2(refused.status == 1, qPrintable(describe(refused)));
        QVERIFY2(refused.out.contains(u"[FAIL] allows-everyone: the list admits 100 % of all IPv4 addresses"),
                 qPrintable(describe(refused)));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
        const Run meant = push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.1"),
                                      QStringLiteral("--yes"), QStringLiteral("--allow-everyone")});
        QVERIFY2(meant.status == 0, qPrintable(describe(meant)));
        QVERIFY(meant.out.contains(u"[overridden] allows-everyone"));
        QCOMPARE(m_sandbox->patchBodies().size(), 1);
    }

    void unconfirmedPushIsRefusedWithoutATerminal()
    {
        const QString file = writeList(QStringLiteral("list.txt"), {QStringLiteral("81.2.69.0/24")});
        const Run r = push(file, {QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142")});
        QVERIFY2(r.status == 2, qPrintable(describe(r)));
        QVERIFY(r.err.contains(u"--yes"));
        QVERIFY(m_sandbox->patchBodies().isEmpty());
    }

    void sandboxCommandPrintsItsPort()
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(qEnvironmentVariable("ALC_EXE"),
                      {QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(process.waitForStarted());
        QString line;
        QTRY_VERIFY_WITH_TIMEOUT((line += QString::fromUtf8(process.readAllStandardOutput())).contains(u'\n'), 10000);
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)\n")).match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QVERIFY(match.captured(1).toInt() > 0);
        // No core dump would hold a secret (keepSecretsOutOfCoreDumps): the soft limit is 0.
        QFile limits(QStringLiteral("/proc/%1/limits").arg(process.processId()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        const QString coreLimit = QString::fromLatin1(limits.readAll())
                                      .split(u'\n')
                                      .filter(QStringLiteral("Max core file size"))
                                      .value(0)
                                      .simplified();
        QVERIFY2(coreLimit.startsWith(QStringLiteral("Max core file size 0 ")), qPrintable(coreLimit));
        process.kill();
        process.waitForFinished();
    }

    void aRebasedRollbackUndoesOnlyItsChange()
    {
        // An unanswered push added 5.39.0.0/24 and removed 62.210.16.0/24; the org has the addition
        // and someone put 62.210.16.0/24 back. The push is the base (part of its change is there),
        // so the rebased rollback removes 5.39.0.0/24 and keeps the other admin's 62.210.16.0/24 —
        // with the pull as the base it kept 5.39.0.0/24, sent nothing and said "done".
        QCOMPARE(pull().status, 0);
        const QString file =
            writeList(QStringLiteral("swap.txt"), {QStringLiteral("81.2.69.0/24"), QStringLiteral("5.39.0.0/24")});
        const QStringList options{QStringLiteral("--admin-ip"), QStringLiteral("81.2.69.142"), QStringLiteral("--yes")};
        m_sandbox->faults().appliedButFailed = 1;
        m_sandbox->faults().outageAfterPatch = OrgSession::ReadBeforeRetryAttempts;
        const Run pushed = push(file, options);
        QVERIFY2(pushed.status == 3, qPrintable(describe(pushed)));
        m_sandbox->setAllowlist(
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("5.39.0.0/24"), QStringLiteral("62.210.16.0/24")});
        const QString id = QString::number(journal().last().toObject().value(u"id").toInteger());
        const Run undone = run(QStringList{QStringLiteral("rollback"), id} + connection() + options +
                               QStringList{QStringLiteral("--rebase")});
        QVERIFY2(undone.status == 0, qPrintable(describe(undone)));
        QCOMPARE(Preflight::canonicalSet(m_sandbox->allowlist()),
                 Preflight::canonicalSet({QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24")}));

        // Someone already undid it all, and added a network of their own: nothing of the change is
        // left to undo, which is done (it was refused as "restores nothing").
        m_sandbox->setAllowlist(
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"), QStringLiteral("91.121.0.0/24")});
        const Run already = run(QStringList{QStringLiteral("rollback"), id} + connection() + options +
                                QStringList{QStringLiteral("--rebase")});
        QVERIFY2(already.status == 0 && already.out.contains(u"the org already has this list"),
                 qPrintable(describe(already)));
    }

    void sandboxCommandRehearsesAnUnknownPush()
    {
        // --fail-patch-applied 2 --fail-after-patch 2: the push's PATCH lands, its answer is a 502
        // and the API is down for the reads before sending again: the outcome is unknown. The
        // rollback's PATCH lands with a 502 too, but the API is up: the read finds it applied, and
        // it is done and verified without being sent twice.
        QProcess sandbox;
        sandbox.setProcessEnvironment(environment());
        sandbox.start(qEnvironmentVariable("ALC_EXE"),
                      {QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0"),
                       QStringLiteral("--fail-patch-applied"), QStringLiteral("2"),
                       QStringLiteral("--fail-after-patch"), QString::number(OrgSession::ReadBeforeRetryAttempts)});
        QVERIFY(sandbox.waitForStarted());
        QString banner;
        QTRY_VERIFY_WITH_TIMEOUT((banner += QString::fromUtf8(sandbox.readAllStandardOutput())).contains(u'\n'), 10000);
        const QString url = QRegularExpression(QStringLiteral("http://127\\.0\\.0\\.1:\\d+")).match(banner).captured();
        QVERIFY2(!url.isEmpty(), qPrintable(banner));
        const auto cli = [this, &url](QStringList arguments) {
            QProcessEnvironment env = environment();
            env.insert(QStringLiteral("ALLOWLIST_CLIENT_SECRET"), QStringLiteral("demo-secret"));
            arguments += {QStringLiteral("--client-id"), QStringLiteral("demo-client"),
                          QStringLiteral("--api-url"),   url,
                          QStringLiteral("--login-url"), url};
            QProcess process;
            process.setProcessEnvironment(env);
            process.setStandardInputFile(QProcess::nullDevice());
            process.start(qEnvironmentVariable("ALC_EXE"), arguments);
            process.waitForFinished(60000);
            return Run{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                       QString::fromUtf8(process.readAllStandardError())};
        };
        const Run pulled = cli({QStringLiteral("pull")});
        QVERIFY2(pulled.status == 0, qPrintable(describe(pulled)));
        const QStringList original = pulled.out.trimmed().split(u'\n');
        const QString file =
            writeList(QStringLiteral("plus.txt"), original + QStringList{QStringLiteral("5.39.0.0/24")});
        const Run pushed = cli({QStringLiteral("push"), file, QStringLiteral("--admin-ip"),
                                QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(pushed.status == 3 && pushed.err.contains(u"may or may not have the new list"),
                 qPrintable(describe(pushed)));
        const QJsonArray entries = journal();
        QCOMPARE(entries.last().toObject().value(u"status").toString(), QStringLiteral("unknown"));
        const QString id = QString::number(entries.last().toObject().value(u"id").toInteger());

        const Run undone = cli({QStringLiteral("rollback"), id, QStringLiteral("--admin-ip"),
                                QStringLiteral("81.2.69.142"), QStringLiteral("--yes")});
        QVERIFY2(undone.status == 0, qPrintable(describe(undone)));
        QVERIFY2(undone.out.contains(QStringLiteral("note: the org has the change journal #") + id) &&
                     undone.out.contains(u"whose outcome was not known: it was applied, and is the base"),
                 qPrintable(describe(undone)));
        QVERIFY2(undone.out.contains(u"- 5.39.0.0/24"), qPrintable(describe(undone)));
        QVERIFY2(undone.err.contains(u"HTTP 502") && undone.out.contains(u"verified"), qPrintable(describe(undone)));
        QCOMPARE(journal().last().toObject().value(u"status").toString(), QStringLiteral("ok"));
        QCOMPARE(cli({QStringLiteral("pull")}).out.trimmed().split(u'\n'), original);
        sandbox.kill();
        sandbox.waitForFinished();
    }

    // Last: every file the app wrote during this test, and everything it printed.
    void secretIsNeverWritten()
    {
        QVERIFY(m_allOutput.size() > 1000);
        QVERIFY(!m_allOutput.contains(Canary));
        QVERIFY(!m_allOutput.contains(QString::fromLatin1(QByteArray("cli-client:" + Canary.toUtf8()).toBase64())));
        int files = 0;
        QDirIterator it(m_root.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray content = file.readAll();
            QVERIFY2(!content.contains(Canary.toUtf8()), qPrintable(path));
            QVERIFY2(!content.contains(QByteArray("cli-client:" + Canary.toUtf8()).toBase64()), qPrintable(path));
            if (path.endsWith(u"journal.sqlite"))
                ++files;
        }
        QVERIFY(files >= 5); // the journals were really written and searched
    }
};

QTEST_GUILESS_MAIN(TestCliOrgApi)
#include "tst_cli_orgapi.moc"
