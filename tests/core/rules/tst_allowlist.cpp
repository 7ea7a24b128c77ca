#include <rules/allowlist.h>

#include <QCryptographicHash>
#include <QTest>

using namespace alc;
using namespace Qt::StringLiterals;

class TestAllowlist final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalCidrsDropInvalidAndDuplicates();
    void fingerprintIsIndependentOfOrderAndNotation();
    void fingerprintMatchesTheDocumentedText();
    void admittedAddressesCountOverlapsOnce();
};

void TestAllowlist::canonicalCidrsDropInvalidAndDuplicates()
{
    const Allowlist list =
        Allowlist::fromCidrs({u"81.2.69.7"_s, u"bogus"_s, u"62.210.16.9/24"_s, u"81.2.69.7/32"_s, u"2001:db8::/32"_s});
    QCOMPARE(list.canonicalCidrs(), (QStringList{u"81.2.69.7/32"_s, u"62.210.16.0/24"_s}));
}

void TestAllowlist::fingerprintIsIndependentOfOrderAndNotation()
{
    const Allowlist a = Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.5"_s});
    const Allowlist b = Allowlist::fromCidrs({u" 62.210.16.5/32"_s, u"81.2.69.0/24"_s, u"81.2.69.0/24"_s});
    const Allowlist c = Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.6"_s});
    QCOMPARE(a.fingerprint(), b.fingerprint());
    QVERIFY(a.fingerprint() != c.fingerprint());
    QCOMPARE(a.fingerprint().size(), 64);
}

void TestAllowlist::fingerprintMatchesTheDocumentedText()
{
    // Sorted numerically (62 < 81), canonical, one per line, LF-terminated.
    const QByteArray text = "62.210.16.5/32\n81.2.69.0/24\n";
    const QString expected = QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
    QCOMPARE(Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.5"_s}).fingerprint(), expected);
}

void TestAllowlist::admittedAddressesCountOverlapsOnce()
{
    const auto admitted = [](const QStringList &cidrs) {
        return Allowlist::admittedAddresses(Allowlist::fromCidrs(cidrs).networks());
    };
    QCOMPARE(admitted({}), quint64(0));
    QCOMPARE(admitted({u"81.2.69.7"_s}), quint64(1));
    QCOMPARE(admitted({u"81.2.69.0/24"_s, u"81.2.69.128/25"_s, u"81.2.69.7"_s}), quint64(256));  // nested
    QCOMPARE(admitted({u"81.2.69.0/24"_s, u"81.2.70.0/24"_s, u"81.2.69.0/24"_s}), quint64(512)); // adjacent, repeated
    QCOMPARE(admitted({u"255.255.255.255/32"_s, u"255.255.255.0/24"_s}), quint64(256));          // at the top
    QCOMPARE(admitted({u"0.0.0.0/0"_s, u"81.2.69.0/24"_s}), quint64(1) << 32);
    QVERIFY(Allowlist::fromCidrs({u"0.0.0.0/1"_s}).isWideOpen());
    QVERIFY(!Allowlist::fromCidrs({u"0.0.0.0/2"_s, u"0.0.0.0/3"_s}).isWideOpen());
    QVERIFY(!Allowlist().isWideOpen());
}

QTEST_APPLESS_MAIN(TestAllowlist)
#include "tst_allowlist.moc"
