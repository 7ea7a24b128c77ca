// The client secret, its Basic form and every token the org issued must not reach any file the
// app writes: session, autosave, reports in every format, journal, QSettings, app data.
#include <journal/journal.h>
#include <lockoutbanner.h>
#include <mainwindow.h>
#include <orgapi/httpclient.h>
#include <orgapi/sandboxserver.h>
#include <orgapi/secretstore.h>
#include <orgconnection.h>
#include <pushdialog.h>
#include <rules/allowlistmodel.h>

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace alc;
using namespace alc::ui;
using namespace Qt::StringLiterals;

namespace {

const QString CanarySecret = u"CANARY-9f3b7c1e-do-not-write-me"_s;

// Files anywhere under root that contain needle, as "path (what)".
QStringList filesContaining(const QString &root, const QByteArray &needle, const QString &what)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            found.append(u"%1 (%2)"_s.arg(file.fileName(), what));
    }
    return found;
}

} // namespace

class TestSecretHygiene final : public QObject
{
    Q_OBJECT

public:
    explicit TestSecretHygiene(const QString &root)
        : m_root(root)
    {}

private Q_SLOTS:
    void noSecretOrTokenIsWrittenAnywhere();

private:
    QString m_root;
};

void TestSecretHygiene::noSecretOrTokenIsWrittenAnywhere()
{
    const QString dataDir = m_root + u"/appdata"_s;
    HttpClient http;
    SecretStore secrets;
    secrets.setKeychainEnabled(false);
    Journal journal;
    QVERIFY(QDir().mkpath(m_root + u"/journal"_s) && QDir().mkpath(m_root + u"/saved"_s));
    QVERIFY(journal.open(m_root + u"/journal/journal.sqlite"_s));
    SandboxConfig config = SandboxConfig::demoConfig();
    config.clientSecret = CanarySecret;
    SandboxServer sandbox(config);
    QVERIFY(sandbox.listen(0) > 0);

    MainWindowOptions options{dataDir, false, 200};
    options.http = &http;
    options.journal = &journal;
    options.secrets = &secrets;
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));

    OrgProfile profile;
    profile.apiUrl = sandbox.baseUrl();
    profile.loginUrl = sandbox.baseUrl();
    profile.clientId = config.clientId;
    AdminAddressState admin;
    admin.ipv4 = {*Ipv4Address::parse(config.callerIp)};
    admin.agreement = AdminAddressState::Agreement::Manual;
    admin.how = u"typed by you"_s;
    window->setAdminAddresses(admin);
    window->connectToOrg(profile, CanarySecret);
    QTRY_VERIFY_WITH_TIMEOUT(window->session().baselinePulledAt.isValid(), 10000);
    QVERIFY(!sandbox.issuedTokens().isEmpty());

    // Push through the dialog, as an admin would.
    window->allowlistModel()->setAllowlist(Allowlist::fromCidrs({u"81.2.69.0/24"_s, u"62.210.16.0/24"_s}));
    auto *push = window->findChild<QAction *>(u"pushAction"_s);
    QVERIFY(push && push->isEnabled());
    push->trigger();
    auto *dialog = window->findChild<PushDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isPrepared(), 10000);
    QVERIFY2(dialog->plan().canPush(), qPrintable(dialog->plan().preflight.refusals().join(u"; "_s)));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"confirmOrgName"_s), window->session().orgName);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"pushButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isFinished(), 10000);
    QVERIFY2(dialog->outcome().ok(), qPrintable(dialog->outcome().error.toString()));
    dialog->close();
    QCOMPARE(sandbox.allowlist().size(), 2);

    QVERIFY(window->saveSession(m_root + u"/saved/review.alcsession"_s));
    for (const QString &format : {u"pdf"_s, u"html"_s, u"md"_s, u"csv"_s}) {
        const QString path = m_root + u"/saved/report."_s + format;
        QVERIFY2(window->exportReport(path, u"Secret Hygiene Test"_s), qPrintable(format));
        QVERIFY(QFileInfo(path).size() > 0);
    }

    // An unsaved edit, then the autosave timer; keep a copy, as a clean close removes it.
    window->allowlistModel()->setAllowlist(Allowlist::fromCidrs({u"81.2.69.0/24"_s}));
    window->undoStack()->push(new QUndoCommand(u"dirty"_s));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(window->autosavePath()), 5000);
    QVERIFY(QFile::copy(window->autosavePath(), m_root + u"/saved/autosave-copy.alcsession"_s));

    // Saved again, so the close does not ask; a clean close writes the window state to QSettings.
    QVERIFY(window->saveSession(m_root + u"/saved/review-2.alcsession"_s));
    window->undoStack()->setClean();
    QVERIFY(window->close());
    window.reset();
    const QString settingsFile = QSettings().fileName();
    QVERIFY2(settingsFile.startsWith(m_root) && QFile::exists(settingsFile), qPrintable(settingsFile));

    const QByteArray basic = QByteArray(config.clientId.toUtf8() + ':' + CanarySecret.toUtf8()).toBase64();
    QList<std::pair<QByteArray, QString>> needles = {
        {CanarySecret.toUtf8(), u"client secret"_s},
        {basic, u"Basic credentials"_s},
        {CanarySecret.toUtf8().toBase64(), u"base64 secret"_s},
    };
    for (const QString &token : sandbox.issuedTokens())
        needles.append({token.toUtf8(), u"token"_s});
    QStringList leaks;
    for (const auto &[needle, what] : needles)
        leaks += filesContaining(m_root, needle, what);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u"\n"_s)));

    // The scan must have looked at what it claims to: session, autosave, reports, journal.
    QStringList scanned;
    QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        scanned.append(it.next());
    for (const QString &expected : {u"review.alcsession"_s, u"autosave-copy.alcsession"_s, u"report.pdf"_s,
                                    u"report.html"_s, u"report.md"_s, u"report.csv"_s, u"journal.sqlite"_s}) {
        QVERIFY2(std::any_of(scanned.cbegin(), scanned.cend(), [&](const QString &p) { return p.endsWith(expected); }),
                 qPrintable(expected));
    }
    // And the org name the app did write is found, so the scan can see content.
    QVERIFY(!filesContaining(m_root, config.orgName.toUtf8(), u"org name"_s).isEmpty());
}

int main(int argc, char *argv[])
{
    // Every place the app could write to lives under one temporary root, scanned at the end.
    QTemporaryDir root;
    if (!root.isValid())
        return 1;
    for (const char *variable :
         {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"}) {
        const QString dir = root.path() + u'/' + QString::fromLatin1(variable).toLower();
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv(variable, QFile::encodeName(dir));
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"AllowlistConsoleTest"_s);
    QApplication::setApplicationName(u"secrethygiene"_s);
    QStandardPaths::setTestModeEnabled(true);
    TestSecretHygiene test(root.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secrethygiene.moc"
