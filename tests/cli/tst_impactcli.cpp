#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestImpactCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonReport();
    void baselineCounts();
    void severalHistories();
    void textReport();
    void columnMapping();
    void entriesThatAreNoIpv4NetworkAreSaid();
    void missingColumnsAreNoted();
    void dottedDatesAndForwardedFor();
    void usageErrors_data();
    void usageErrors();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run run(const QStringList &arguments);
    static QString data(const QString &name)
    {
        return qEnvironmentVariable("ALC_TEST_DATA") + QStringLiteral("/history/") + name;
    }
};

TestImpactCli::Run TestImpactCli::run(const QStringList &arguments)
{
    QProcess process;
    process.start(qEnvironmentVariable("ALC_EXE"), QStringList{QStringLiteral("impact")} + arguments);
    Run result;
    if (!process.waitForFinished(60000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void TestImpactCli::jsonReport()
{
    const Run r = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                       data(QStringLiteral("generic-basic.csv")), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"rows").toInteger(), 7);
    QCOMPARE(json.value(u"skippedRows").toInteger(), 3);
    QCOMPARE(json.value(u"ipv6Rows").toInteger(), 1);
    QCOMPARE(json.value(u"allowed").toInteger(), 3);
    QCOMPARE(json.value(u"blocked").toInteger(), 3);
    QCOMPARE(json.value(u"blockedSuccessful").toInteger(), 1);
    QCOMPARE(json.value(u"blockedFailed").toInteger(), 2);
    QCOMPARE(json.value(u"users").toInteger(), 4);
    QCOMPARE(json.value(u"usersBlocked").toInteger(), 2);
    QCOMPARE(json.value(u"usersFullyBlocked").toInteger(), 1);
    QCOMPARE(json.value(u"usersBlockedSuccessful").toInteger(), 1); // the other one only failed
    QCOMPARE(json.value(u"distinctIps").toInteger(), 4);
    QCOMPARE(json.value(u"newlyBlocked").toInteger(), 0);
    QCOMPARE(json.value(u"newlyAllowed").toInteger(), 0);

    const QJsonArray top = json.value(u"topBlockedIps").toArray();
    QCOMPARE(top.size(), 2);
    QCOMPARE(top.at(0).toObject().value(u"ip").toString(), QStringLiteral("185.199.108.153"));
    QCOMPARE(top.at(0).toObject().value(u"signIns").toInteger(), 2);

    const QJsonArray ipv6 = json.value(u"topIpv6Sources").toArray();
    QCOMPARE(ipv6.size(), 1);
    QCOMPARE(ipv6.at(0).toObject().value(u"ip").toString(), QStringLiteral("2001:db8::1"));

    // 93.184.216.34 only saw a failure, so 185.199.108.153 is the one worth admitting.
    const QJsonArray suggestions = json.value(u"suggestions").toArray();
    QCOMPARE(suggestions.size(), 1);
    QCOMPARE(suggestions.at(0).toObject().value(u"cidr").toString(), QStringLiteral("185.199.108.153/32"));
    QCOMPARE(suggestions.at(0).toObject().value(u"successful").toInteger(), 1);

    const QJsonArray files = json.value(u"files").toArray();
    QCOMPARE(files.size(), 1);
    const QJsonObject file = files.at(0).toObject();
    QCOMPARE(file.value(u"name").toString(), QStringLiteral("generic-basic.csv"));
    QCOMPARE(file.value(u"format").toString(), QStringLiteral("generic"));
    QCOMPARE(file.value(u"rows").toInteger(), 7);
    QCOMPARE(file.value(u"skipped").toInteger(), 3);
    QCOMPARE(file.value(u"sha256").toString().size(), 64);
    QCOMPARE(file.value(u"badRowExamples").toArray().at(0).toObject().value(u"line").toInteger(), 7);
}

void TestImpactCli::baselineCounts()
{
    const Run r = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--baseline"),
                       data(QStringLiteral("list-live.txt")), QStringLiteral("--history"),
                       data(QStringLiteral("generic-basic.csv")), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"newlyBlocked").toInteger(), 2);
    QCOMPARE(json.value(u"newlyAllowed").toInteger(), 3);
}

void TestImpactCli::severalHistories()
{
    const Run r = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                       data(QStringLiteral("okta.json")), QStringLiteral("--history"),
                       data(QStringLiteral("entra-portal.csv")), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"rows").toInteger(), 3 + 3);
    QCOMPARE(json.value(u"ipv6Rows").toInteger(), 1);
    // 81.2.69.22 (Okta, 2 rows) and 81.2.69.20 (Entra, 1 row) are HQ; 52.1.2.5 and 52.1.2.3 are not.
    QCOMPARE(json.value(u"allowed").toInteger(), 3);
    QCOMPARE(json.value(u"blocked").toInteger(), 2);
    const QJsonArray files = json.value(u"files").toArray();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files.at(0).toObject().value(u"format").toString(), QStringLiteral("okta"));
    QCOMPARE(files.at(1).toObject().value(u"format").toString(), QStringLiteral("entra"));

    // The same file given twice counts once, and stderr says so; the exit status stays 0.
    const Run twice =
        run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
             data(QStringLiteral("okta.json")), QStringLiteral("--history"), data(QStringLiteral("entra-portal.csv")),
             QStringLiteral("--history"), data(QStringLiteral("okta.json")), QStringLiteral("--json")});
    QCOMPARE(twice.exitCode, 0);
    QJsonObject again = QJsonDocument::fromJson(twice.out).object();
    const QJsonArray notes = again.take(u"notes").toArray();
    QCOMPARE(json.value(u"notes").toArray().size(), 0);
    json.remove(QStringLiteral("notes"));
    QCOMPARE(again, json);
    QCOMPARE(notes.size(), 1);
    QVERIFY(notes.first().toString().contains(u"not counted again"));
    QVERIFY2(twice.err.contains("impact: note: ") && twice.err.contains("okta.json: the same content as"),
             twice.err.constData());
}

void TestImpactCli::textReport()
{
    const Run r = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                       data(QStringLiteral("generic-basic.csv"))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("blocked:   3 (1 successful, 2 failed)"), r.out.constData());
    QVERIFY(r.out.contains("line 7: no IP address"));
    QVERIFY(r.out.contains("185.199.108.153/32"));
    QVERIFY(r.out.contains("2001:db8::1"));
    // Counts of one read in the singular, more in the plural.
    QVERIFY2(r.out.contains("93.184.216.34   1 sign-in (1 failed), 1 user\n"), r.out.constData());
    QVERIFY(r.out.contains("185.199.108.153 2 sign-ins (1 failed), 1 user\n"));
    QVERIFY(r.out.contains("recovers 1 successful sign-in of 1 user from 1 address ("));
}

void TestImpactCli::columnMapping()
{
    // A CSV whose IP column has a name detection does not know: refused, then read once --column
    // names it (as the GUI's import dialog lets you do).
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("odd.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("When,Who,Peer Address,What\n"
               "2026-03-09T08:00:00Z,ana@x.org,81.2.69.7,Mail\n"
               "2026-03-09T09:00:00Z,bob@x.org,52.1.2.3,Mail\n");
    file.close();
    const QStringList base{QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                           file.fileName(), QStringLiteral("--json")};
    QCOMPARE(run(base).exitCode, 2);
    const Run mapped = run(base + QStringList{QStringLiteral("--column"), QStringLiteral("ip=Peer Address"),
                                              QStringLiteral("--column"), QStringLiteral("user=Who"),
                                              QStringLiteral("--column"), QStringLiteral("time=When")});
    QCOMPARE(mapped.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(mapped.out).object();
    QCOMPARE(json.value(u"rows").toInteger(), 2);
    QCOMPARE(json.value(u"blocked").toInteger(), 1);
    QCOMPARE(json.value(u"users").toInteger(), 2);
}

void TestImpactCli::entriesThatAreNoIpv4NetworkAreSaid()
{
    // Masks typed for prefixes, an IPv6 network: they admit nothing, and a list of nothing else
    // is never called "empty" (Genesys reads an empty list as every address allowed).
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QByteArray &text) {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(text) == text.size() ? file.fileName() : QString();
    };
    const QString masks = write(QStringLiteral("masks.txt"), "81.2.69.0/255.255.255.0\n62.210.16.0/255.255.255.0\n");
    const QString mixed = write(QStringLiteral("mixed.txt"), "81.2.69.0/24\n2001:db8::/32\n");
    const QString history = data(QStringLiteral("generic-basic.csv"));

    const Run text = run({QStringLiteral("--list"), masks, QStringLiteral("--history"), history});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.err.contains("impact: note: 2 of the list's 2 entries are no IPv4 networks"), text.err.constData());
    QVERIFY2(text.out.contains("None of the list's 2 entries is an IPv4 network: the figures above are those of an "
                               "empty list"),
             text.out.constData());
    QVERIFY(!text.out.contains("The list is empty"));

    const Run json = run({QStringLiteral("--list"), mixed, QStringLiteral("--history"), history,
                          QStringLiteral("--baseline"), masks, QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject figures = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(figures.value(u"listEntries").toInteger(), 1);
    QCOMPARE(figures.value(u"listEntriesSkipped").toInteger(), 1);
    QCOMPARE(figures.value(u"baselineEntriesSkipped").toInteger(), 2);
    QVERIFY2(json.err.contains("1 of the list's 2 entries is no IPv4 network"), json.err.constData());

    // A list of networks only: nothing to say, and no baseline key without a baseline.
    const Run clean = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                           history, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(clean.out).object().value(u"listEntriesSkipped").toInteger(-1), 0);
    QVERIFY(!QJsonDocument::fromJson(clean.out).object().contains(u"baselineEntriesSkipped"));
    QVERIFY(!clean.err.contains("no IPv4 network"));
}

void TestImpactCli::missingColumnsAreNoted()
{
    // Neither "When" nor "Login" is detected: the figures said "users: 1" with no dates, silently.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("signins.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("When,Login,Client IP,App,Outcome\n"
               "2026-03-09T08:00:00Z,ana@x.org,81.2.69.7,Mail,ok\n"
               "2026-03-09T09:00:00Z,bob@x.org,52.1.2.3,Mail,ok\n");
    file.close();
    const Run r = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                       file.fileName(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"users").toInteger(), 1);
    const QJsonArray notes = json.value(u"notes").toArray();
    QCOMPARE(notes.size(), 2);
    QVERIFY2(notes.at(0).toString().startsWith(file.fileName() + u": no user column"),
             qPrintable(notes.at(0).toString()));
    QVERIFY2(notes.at(1).toString().startsWith(file.fileName() + u": no time column"),
             qPrintable(notes.at(1).toString()));
    for (const QJsonValue &note : notes)
        QVERIFY2(note.toString().contains(u"When, Login, Client IP, App, Outcome"), qPrintable(note.toString()));
    QVERIFY2(r.err.contains(QByteArray("impact: note: " + file.fileName().toUtf8() + ": no user column")) &&
                 r.err.contains("--column user=HEADER") && r.err.contains(": no time column") &&
                 r.err.contains("--column time=HEADER"),
             r.err.constData());

    // Named with --column, the notes go away and the users are counted.
    const Run mapped = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                            file.fileName(), QStringLiteral("--column"), QStringLiteral("user=Login"),
                            QStringLiteral("--column"), QStringLiteral("time=When"), QStringLiteral("--json")});
    QCOMPARE(mapped.exitCode, 0);
    const QJsonObject named = QJsonDocument::fromJson(mapped.out).object();
    QCOMPARE(named.value(u"users").toInteger(), 2);
    QCOMPARE(named.value(u"notes").toArray().size(), 0);
    QVERIFY2(!mapped.err.contains("note:"), mapped.err.constData());
    QVERIFY(named.value(u"outcomesKnown").toBool());

    // "Statut" is not a result header: every attempt would count as successful and a password
    // spray's network be suggested, without a word.
    QFile spray(dir.filePath(QStringLiteral("spray.csv")));
    QVERIFY(spray.open(QIODevice::WriteOnly));
    spray.write("Date;User;IP;Statut\n"
                "2026-03-09T08:00:00Z;admin;45.155.205.7;failure\n"
                "2026-03-09T08:00:01Z;test;45.155.205.8;failure\n");
    spray.close();
    const Run sprayed = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                             spray.fileName(), QStringLiteral("--json")});
    QCOMPARE(sprayed.exitCode, 0);
    const QJsonObject unknown = QJsonDocument::fromJson(sprayed.out).object();
    QVERIFY(!unknown.value(u"outcomesKnown").toBool(true));
    QVERIFY(!unknown.value(u"files").toArray().at(0).toObject().value(u"outcomes").toBool(true));
    QVERIFY2(unknown.value(u"notes").toArray().at(0).toString().startsWith(spray.fileName() + u": no result column"),
             sprayed.out.constData());
    QVERIFY(sprayed.err.contains("--column result=HEADER"));
    const Run named2 =
        run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
             spray.fileName(), QStringLiteral("--column"), QStringLiteral("result=Statut"), QStringLiteral("--json")});
    const QJsonObject known = QJsonDocument::fromJson(named2.out).object();
    QVERIFY(known.value(u"outcomesKnown").toBool());
    QCOMPARE(known.value(u"blockedFailed").toInteger(), 2);
    QCOMPARE(known.value(u"suggestions").toArray().size(), 0); // only failures: nothing to recover
}

void TestImpactCli::dottedDatesAndForwardedFor()
{
    // A Swiss export: semicolons, D.M.YYYY dates (all bad rows before), a proxy's forwarded-for
    // list led by a LAN address (counted as a blocked 10.0.0.1), addresses with ports (bad rows).
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("anmeldungen.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Date;User;IP address;Status\n"
               "26.11.2026 08:01;ana@x.org;\"10.0.0.1, 34.240.17.9\";Success\n"
               "27.11.2026 09:15:30;bob@x.org;81.2.69.10:5060;Success\n"
               "28.11.2026 10:00;cy@x.org;[2001:db8::1]:443;Success\n");
    file.close();
    const Run r = run({QStringLiteral("--list"), data(QStringLiteral("list-hq.txt")), QStringLiteral("--history"),
                       file.fileName(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json.value(u"skippedRows").toInteger(), 0);
    QCOMPARE(json.value(u"rows").toInteger(), 3);
    QCOMPARE(json.value(u"ipv6Rows").toInteger(), 1);
    QCOMPARE(json.value(u"allowed").toInteger(), 1); // 81.2.69.10 is HQ
    QCOMPARE(json.value(u"blocked").toInteger(), 1);
    const QJsonArray top = json.value(u"topBlockedIps").toArray();
    QCOMPARE(top.size(), 1);
    QCOMPARE(top.at(0).toObject().value(u"ip").toString(), QStringLiteral("34.240.17.9"));
    QCOMPARE(json.value(u"topIpv6Sources").toArray().at(0).toObject().value(u"ip").toString(),
             QStringLiteral("2001:db8::1"));
    const QJsonObject f = json.value(u"files").toArray().at(0).toObject();
    QCOMPARE(f.value(u"first").toString(), QStringLiteral("2026-11-26T08:01:00Z"));
    QCOMPARE(f.value(u"last").toString(), QStringLiteral("2026-11-28T10:00:00Z"));
    QCOMPARE(json.value(u"notes").toArray().size(), 0);
}

void TestImpactCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    const QString list = data(QStringLiteral("list-hq.txt"));
    const QString history = data(QStringLiteral("generic-basic.csv"));
    QTest::newRow("no --list") << QStringList{QStringLiteral("--history"), history} << QByteArray("--list");
    QTest::newRow("no --history") << QStringList{QStringLiteral("--list"), list} << QByteArray("--history");
    QTest::newRow("unknown format") << QStringList{QStringLiteral("--list"),    list,
                                                   QStringLiteral("--history"), history,
                                                   QStringLiteral("--format"),  QStringLiteral("splunk")}
                                    << QByteArray("splunk");
    QTest::newRow("missing history file")
        << QStringList{QStringLiteral("--list"), list, QStringLiteral("--history"), data(QStringLiteral("nope.csv"))}
        << QByteArray("nope.csv");
    QTest::newRow("empty history file") << QStringList{QStringLiteral("--list"), list, QStringLiteral("--history"),
                                                       data(QStringLiteral("empty.csv"))}
                                        << QByteArray("is empty");
    QTest::newRow("unrecognised history file")
        << QStringList{QStringLiteral("--list"), list, QStringLiteral("--history"),
                       data(QStringLiteral("not-a-log.json"))}
        << QByteArray("not a recognised sign-in log");
    QTest::newRow("missing list file") << QStringList{QStringLiteral("--list"), data(QStringLiteral("nope.txt")),
                                                      QStringLiteral("--history"), history}
                                       << QByteArray("nope.txt");
    QTest::newRow("--column with an unknown role")
        << QStringList{QStringLiteral("--list"),    list,
                       QStringLiteral("--history"), history,
                       QStringLiteral("--column"),  QStringLiteral("address=Client")}
        << QByteArray("--column 'address=Client' is not ROLE=HEADER");
    QTest::newRow("--column without a header")
        << QStringList{QStringLiteral("--list"), list, QStringLiteral("--history"), history, QStringLiteral("--column"),
                       QStringLiteral("ip")}
        << QByteArray("--column 'ip'");
    QTest::newRow("forced format that does not fit")
        << QStringList{QStringLiteral("--list"), list, QStringLiteral("--history"), history, QStringLiteral("--format"),
                       QStringLiteral("genesys")}
        << QByteArray("JSON");
    // Qt keeps the last of two values: the list a script meant first would be ignored silently.
    QTest::newRow("--list given twice") << QStringList{QStringLiteral("--list"),    list,
                                                       QStringLiteral("--list"),    data(QStringLiteral("list-hq.txt")),
                                                       QStringLiteral("--history"), history}
                                        << QByteArray("--list is given more than once");
}

void TestImpactCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestImpactCli)
#include "tst_impactcli.moc"
