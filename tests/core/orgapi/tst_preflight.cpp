#include <orgapi/preflight.h>

#include <QTest>

using namespace alc;

namespace {

QStringList cidrs(std::initializer_list<const char16_t *> items)
{
    QStringList result;
    for (const char16_t *item : items)
        result.append(QString::fromUtf16(item));
    return result;
}

PreflightItem::State stateOf(const PreflightReport &report, QStringView id)
{
    const PreflightItem *item = report.item(id);
    return item ? item->state : PreflightItem::State::Skipped;
}

} // namespace

Q_DECLARE_METATYPE(PreflightItem::State)

class TestPreflight final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checklist_data()
    {
        using S = PreflightItem::State;
        QTest::addColumn<QStringList>("proposed");
        QTest::addColumn<QStringList>("live");
        QTest::addColumn<QStringList>("base"); // empty: no base
        QTest::addColumn<QString>("admin");
        QTest::addColumn<QString>("overrideReason");
        QTest::addColumn<QString>("item");
        QTest::addColumn<PreflightItem::State>("expected");
        QTest::addColumn<bool>("passes");

        const QStringList live = cidrs({u"81.2.69.0/24", u"62.210.16.0/24"});
        QTest::newRow("clean list passes") << cidrs({u"81.2.69.0/24"}) << live << live << u"81.2.69.5"_qs << QString()
                                           << u"lockout"_qs << S::Pass << true;
        QTest::newRow("error finding refuses") << cidrs({u"81.2.69.0/24", u"10.0.0.0/8"}) << live << live
                                               << u"81.2.69.5"_qs << QString() << u"findings"_qs << S::Fail << false;
        QTest::newRow("warnings do not refuse") << cidrs({u"81.2.69.0/24", u"81.2.69.128/25"}) << live << live
                                                << u"81.2.69.5"_qs << QString() << u"findings"_qs << S::Pass << true;
        QTest::newRow("admin not covered refuses") << cidrs({u"62.210.16.0/24"}) << live << live << u"81.2.69.5"_qs
                                                   << QString() << u"lockout"_qs << S::Fail << false;
        QTest::newRow("typed override allows it") << cidrs({u"62.210.16.0/24"}) << live << live << u"81.2.69.5"_qs
                                                  << u"moving office"_qs << u"lockout"_qs << S::Overridden << true;
        QTest::newRow("blank override does not") << cidrs({u"62.210.16.0/24"}) << live << live << u"81.2.69.5"_qs
                                                 << u"   "_qs << u"lockout"_qs << S::Fail << false;
        QTest::newRow("unknown admin address refuses")
            << cidrs({u"81.2.69.0/24"}) << live << live << QString() << QString() << u"lockout"_qs << S::Fail << false;
        // An empty list covers the admin, but is refused unless meant (see emptyListMustBeMeant).
        QTest::newRow("empty list allows everyone")
            << QStringList() << live << live << u"81.2.69.5"_qs << QString() << u"lockout"_qs << S::Pass << false;
        QTest::newRow("empty list must be meant")
            << QStringList() << live << live << u"81.2.69.5"_qs << QString() << u"empty-list"_qs << S::Fail << false;
        QTest::newRow("live changed since pull refuses")
            << cidrs({u"81.2.69.0/24"}) << cidrs({u"81.2.69.0/24", u"185.53.178.0/24"}) << live << u"81.2.69.5"_qs
            << QString() << u"conflict"_qs << S::Fail << false;
        QTest::newRow("reordered live list is no conflict")
            << cidrs({u"81.2.69.0/24"}) << cidrs({u"62.210.16.0/24", u"81.2.69.0/24"}) << live << u"81.2.69.5"_qs
            << QString() << u"conflict"_qs << S::Pass << true;
        QTest::newRow("no base skips the conflict check")
            << cidrs({u"81.2.69.0/24"}) << live << QStringList() << u"81.2.69.5"_qs << QString() << u"conflict"_qs
            << S::Skipped << true;
        QStringList many = cidrs({u"81.2.69.0/24"});
        for (int i = 0; i < 150; ++i)
            many.append(QStringLiteral("62.210.%1.0/24").arg(i));
        QTest::newRow("151 entries refuse")
            << many << live << live << u"81.2.69.5"_qs << QString() << u"max-entries"_qs << S::Fail << false;
        QTest::newRow("150 entries pass")
            << many.mid(0, 150) << live << live << u"81.2.69.5"_qs << QString() << u"max-entries"_qs << S::Pass << true;
    }

    void checklist()
    {
        QFETCH(QStringList, proposed);
        QFETCH(QStringList, live);
        QFETCH(QStringList, base);
        QFETCH(QString, admin);
        QFETCH(QString, overrideReason);
        QFETCH(QString, item);
        QFETCH(PreflightItem::State, expected);
        QFETCH(bool, passes);

        PreflightInput input;
        input.proposed = Allowlist::fromCidrs(proposed);
        input.live = live;
        if (!base.isEmpty())
            input.base = base;
        if (!admin.isEmpty())
            input.adminIps = {*Ipv4Address::parse(admin)};
        input.overrideLockoutReason = overrideReason;
        const PreflightReport report = Preflight::run(input);
        QCOMPARE(stateOf(report, item), expected);
        QCOMPARE(report.passed(), passes);
        QCOMPARE(report.refusals().isEmpty(), passes);
        QCOMPARE(report.lockoutOverridden, expected == PreflightItem::State::Overridden);
        QCOMPARE(report.items.size(), proposed.isEmpty() ? 6 : 5);
    }

    void emptyListMustBeMeant()
    {
        // A truncated file and "remove the restriction" look the same: an empty list goes out
        // only when the admin says so, and the checklist says what it does.
        PreflightInput input;
        input.live = cidrs({u"81.2.69.0/24", u"62.210.16.0/24"});
        input.adminIps = {Ipv4Address(81, 2, 69, 5)};
        PreflightReport report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"empty-list"), PreflightItem::State::Fail);
        QVERIFY(report.item(u"empty-list")->reason.contains(u"every address"));
        QVERIFY(report.item(u"empty-list")->reason.contains(u"--allow-empty"));
        QVERIFY(report.item(u"lockout")->reason.contains(u"empty list allows every address"));
        QVERIFY(!report.passed());
        input.allowEmpty = true;
        report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"empty-list"), PreflightItem::State::Overridden);
        QVERIFY(report.passed());
        // Nothing to remove when the org's list is empty already.
        input.allowEmpty = false;
        input.live.clear();
        report = Preflight::run(input);
        QVERIFY(!report.item(u"empty-list"));
        QVERIFY(report.passed());
    }

    void aListAdmittingEveryoneMustBeMeant()
    {
        // 0.0.0.0/0 lifts the restriction as surely as an empty list; a /1 admits half the
        // internet. Both go out only when meant; a /8 is broad but still a restriction.
        PreflightInput input;
        input.live = cidrs({u"81.2.69.0/24"});
        input.adminIps = {Ipv4Address(81, 2, 69, 5)};
        input.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_qs, u"0.0.0.0/0"_qs});
        PreflightReport report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"allows-everyone"), PreflightItem::State::Fail);
        QVERIFY2(report.item(u"allows-everyone")->reason.contains(u"admits 100 % of all IPv4 addresses (0.0.0.0/0)"),
                 qPrintable(report.item(u"allows-everyone")->reason));
        QVERIFY(report.item(u"allows-everyone")->reason.contains(u"--allow-everyone"));
        QVERIFY(!report.passed());
        input.allowEmpty = true; // the other opt-in does not stand for this one
        QVERIFY(!Preflight::run(input).passed());
        input.allowEveryone = true;
        report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"allows-everyone"), PreflightItem::State::Overridden);
        QVERIFY(report.passed());

        input.allowEveryone = false;
        input.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_qs, u"128.0.0.0/1"_qs});
        QCOMPARE(stateOf(Preflight::run(input), u"allows-everyone"), PreflightItem::State::Fail);
        input.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_qs, u"64.0.0.0/2"_qs, u"128.0.0.0/2"_qs});
        QCOMPARE(stateOf(Preflight::run(input), u"allows-everyone"), PreflightItem::State::Fail); // 2 × /2
        input.proposed = Allowlist::fromCidrs({u"81.2.69.0/24"_qs, u"64.0.0.0/2"_qs, u"64.0.0.0/3"_qs});
        report = Preflight::run(input); // a quarter: the /3 inside the /2 counts once
        QVERIFY(!report.item(u"allows-everyone"));
        QVERIFY(report.passed());
        // Nothing to lift when the org already admits everyone.
        input.proposed = Allowlist::fromCidrs({u"0.0.0.0/0"_qs});
        input.live = cidrs({u"0.0.0.0/0"});
        QVERIFY(!Preflight::run(input).item(u"allows-everyone"));
        input.live.clear();
        QVERIFY(!Preflight::run(input).item(u"allows-everyone"));
    }

    void warningsAreNamed()
    {
        // Warnings do not stop a push, but an expired entry does not go out under an all-green
        // checklist; errors with an item of their own are not "no error findings".
        PreflightInput input;
        input.proposed = Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24")});
        input.proposed.entries()[0].expiry = QDate(2020, 1, 1);
        input.live = cidrs({u"81.2.69.0/24"});
        input.adminIps = {Ipv4Address(81, 2, 69, 5)};
        input.today = QDate(2026, 11, 28);
        PreflightReport report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"findings"), PreflightItem::State::Pass);
        QVERIFY2(report.item(u"findings")->reason.contains(u"1 warning: [expired]"),
                 qPrintable(report.item(u"findings")->reason));
        QStringList many;
        for (int i = 0; i < 151; ++i)
            many.append(QStringLiteral("62.210.%1.0/24").arg(i));
        input.proposed = Allowlist::fromCidrs(many);
        report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"max-entries"), PreflightItem::State::Fail);
        QCOMPARE(report.item(u"findings")->reason, u"no error findings besides those checked below"_qs);
    }

    void fingerprintMustMatchWhenGiven()
    {
        PreflightInput input;
        input.proposed = Allowlist::fromCidrs({QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.7")});
        input.live = input.proposed.canonicalCidrs();
        input.adminIps = {Ipv4Address(81, 2, 69, 1)};
        QCOMPARE(stateOf(Preflight::run(input), u"fingerprint"), PreflightItem::State::Skipped);
        input.expectedFingerprint = input.proposed.fingerprint().toUpper(); // hex case does not matter
        QCOMPARE(stateOf(Preflight::run(input), u"fingerprint"), PreflightItem::State::Pass);
        input.expectedFingerprint = QString(64, u'0');
        const PreflightReport report = Preflight::run(input);
        QCOMPARE(stateOf(report, u"fingerprint"), PreflightItem::State::Fail);
        QVERIFY(!report.passed());
    }

    void sendsCanonicalCidrs()
    {
        PreflightInput input;
        input.proposed = Allowlist::fromCidrs(
            {QStringLiteral("81.2.69.7/24"), QStringLiteral("51.15.0.10"), QStringLiteral("81.2.69.0/24")});
        const PreflightReport report = Preflight::run(input);
        QCOMPARE(report.proposedCidrs, (QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("51.15.0.10/32")}));
        QCOMPARE(report.fingerprint, Allowlist::fingerprintOf(report.proposedCidrs));
    }

    void threeWayDiffAndRebase()
    {
        const ThreeWayDiff diff = ThreeWayDiff::compute(
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"), QStringLiteral("51.15.0.10/32")},
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("51.15.0.10/32"), QStringLiteral("185.53.178.0/24")},
            {QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"), QStringLiteral("91.121.0.0/24")});
        QVERIFY(diff.liveChanged());
        QCOMPARE(diff.liveAdded, QStringList{QStringLiteral("185.53.178.0/24")});
        QCOMPARE(diff.liveRemoved, QStringList{QStringLiteral("62.210.16.0/24")});
        QCOMPARE(diff.toAdd, (QStringList{QStringLiteral("62.210.16.0/24"), QStringLiteral("91.121.0.0/24")}));
        QCOMPARE(diff.toRemove, (QStringList{QStringLiteral("51.15.0.10/32"), QStringLiteral("185.53.178.0/24")}));
        // Keep the admin's addition, keep the org's removal and addition.
        QCOMPARE(Preflight::canonicalSet(diff.rebased()),
                 (QStringList{QStringLiteral("81.2.69.0/24"), QStringLiteral("91.121.0.0/24"),
                              QStringLiteral("185.53.178.0/24")}));
    }

    void listDifferenceIgnoresOrderAndNotation()
    {
        QVERIFY(ListDifference::between({QStringLiteral("81.2.69.0/24"), QStringLiteral("51.15.0.10/32")},
                                        {QStringLiteral("51.15.0.10"), QStringLiteral("81.2.69.0/24")})
                    .isEmpty());
        const ListDifference d =
            ListDifference::between({QStringLiteral("81.2.69.0/24"), QStringLiteral("51.15.0.10/32")},
                                    {QStringLiteral("81.2.69.0/24"), QStringLiteral("garbage")});
        QCOMPARE(d.missing, QStringList{QStringLiteral("51.15.0.10/32")});
        QCOMPARE(d.unexpected, QStringList{QStringLiteral("garbage")});
    }
};

QTEST_GUILESS_MAIN(TestPreflight)
#include "tst_preflight.moc"
