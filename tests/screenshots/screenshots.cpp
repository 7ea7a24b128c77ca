// Writes screenshots of the main states of the console, as a person sees them under Xvfb.
// Usage: alc-screenshots OUTDIR   (run by scripts/screenshots.sh under xvfb-run)
#include <allowlisteditor.h>
#include <impactpanel.h>
#include <journal/journal.h>
#include <journaldialog.h>
#include <mainwindow.h>
#include <orgapi/httpclient.h>
#include <orgapi/sandboxserver.h>
#include <orgapi/secretstore.h>
#include <pushdialog.h>
#include <rules/allowlistmodel.h>

#include <QAction>
#include <QApplication>

#include <QDir>
#include <QScreen>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>

namespace {

bool shoot(QWidget *window, const QString &path)
{
    QTest::qWait(400); // let layouts and icon rendering settle
    QApplication::processEvents();
    const QPixmap pixmap = window->screen()->grabWindow(0, window->x(), window->y(), window->frameGeometry().width(),
                                                        window->frameGeometry().height());
    return pixmap.save(path);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    QDir().mkpath(out);
    QTemporaryDir data;
    // The same wiring as `allowlist-console --demo`: the sandbox org on 127.0.0.1.
    alc::HttpClient http;
    alc::SecretStore secrets;
    secrets.setKeychainEnabled(false);
    alc::Journal journal;
    journal.open(data.filePath(QStringLiteral("journal.sqlite")));
    alc::SandboxServer sandbox(alc::SandboxConfig::demoConfig());
    sandbox.listen(0);
    alc::ui::MainWindowOptions options{data.path(), false};
    options.http = &http;
    options.journal = &journal;
    options.secrets = &secrets;
    alc::ui::MainWindow window(options);
    window.move(0, 0);
    window.resize(1280, 760); // the size the window opens at: what a first look shows
    const alc::SandboxConfig &config = sandbox.config();
    window.openDemo(alc::ui::DemoOrg{sandbox.baseUrl(), config.clientId, config.clientSecret, config.callerIp});
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    if (!QTest::qWaitFor(
            [&] { return window.impactPanel()->hasDataset() && window.session().baselinePulledAt.isValid(); }, 20000))
        return 1;
    window.impactPanel()->refreshNow();
    window.editor()->fitColumns();
    bool ok = shoot(&window, out + QStringLiteral("/01-demo.png"));

    // The impact of the draft: a blocked address selected, its users and the suggestion that admits it.
    auto *ips = window.impactPanel()->findChild<QTableView *>(QStringLiteral("ipTable"));
    ips->selectRow(0);
    auto *tabs = window.impactPanel()->findChild<QTabWidget *>(QStringLiteral("impactTabs"));
    ok = shoot(&window, out + QStringLiteral("/02-impact.png")) && ok;
    auto *suggestions = window.impactPanel()->findChild<QTableView *>(QStringLiteral("suggestionTable"));
    tabs->setCurrentIndex(tabs->indexOf(suggestions->parentWidget()));
    suggestions->selectRow(0);
    ok = shoot(&window, out + QStringLiteral("/03-suggestions.png")) && ok;
    // The chart's figures as a table, one row per day.
    auto *days = window.impactPanel()->findChild<QTableView *>(QStringLiteral("dayTable"));
    tabs->setCurrentIndex(tabs->indexOf(days->parentWidget()));
    ok = shoot(&window, out + QStringLiteral("/06-days.png")) && ok;
    tabs->setCurrentIndex(0);

    // Deleting the admin's own networks turns the banner red.
    window.editor()->table()->selectRow(0);
    window.editor()->removeSelected();
    window.editor()->table()->selectRow(0);
    window.editor()->removeSelected();
    window.impactPanel()->refreshNow();
    ok = shoot(&window, out + QStringLiteral("/04-lockout.png")) && ok;
    window.undoStack()->undo();
    window.undoStack()->undo();

    // The push dialog on a clean draft: the difference with the live list and the preflight.
    alc::Allowlist clean = window.allowlistModel()->allowlist();
    clean.entries().erase(std::remove_if(clean.entries().begin(), clean.entries().end(),
                                         [](const alc::AllowlistEntry &e) {
                                             const auto p = e.parsed();
                                             return !p.isIpv4() || p.hostBits ||
                                                    e.text.startsWith(QStringLiteral("10."));
                                         }),
                          clean.entries().end());
    window.allowlistModel()->setAllowlist(clean);
    alc::ui::PushDialog *push = window.openPushDialog();
    if (!push || !QTest::qWaitFor([push] { return push->isPrepared(); }, 10000))
        return 1;
    push->move(300, 80);
    QTest::qWait(300);
    const QPixmap dialog = push->screen()->grabWindow(0, push->x(), push->y(), push->frameGeometry().width(),
                                                      push->frameGeometry().height());
    ok = dialog.save(out + QStringLiteral("/05-push.png")) && ok;
    push->close();

    // The journal: the demo's pull, newest first, with the correlation id whole.
    alc::ui::JournalDialog journalDialog(journal.entries(), &window);
    journalDialog.move(200, 120);
    journalDialog.show();
    QTest::qWait(300);
    const QPixmap journalShot = journalDialog.screen()->grabWindow(0, journalDialog.x(), journalDialog.y(),
                                                                   journalDialog.frameGeometry().width(),
                                                                   journalDialog.frameGeometry().height());
    ok = journalShot.save(out + QStringLiteral("/07-journal.png")) && ok;
    journalDialog.close();

    // Compare: the draft and a copy without the VPN egress, side by side, with what the history saw
    // from each network that differs and what each list without it blocks.
    window.duplicateScenario(QStringLiteral("Without VPN"));
    for (int row = 0; row < window.allowlistModel()->rowCount(); ++row) {
        if (window.allowlistModel()->allowlist().entries().at(row).text == u"185.53.178.0/24") {
            window.editor()->table()->selectRow(row);
            window.editor()->removeSelected();
            break;
        }
    }
    QTimer::singleShot(0, &window, [&] {
        QWidget *compare = QApplication::activeModalWidget();
        if (!compare) {
            ok = false;
            return;
        }
        compare->move(120, 40);
        ok = shoot(compare, out + QStringLiteral("/08-compare.png")) && ok;
        compare->close();
    });
    if (QAction *action = window.findChild<QAction *>(QStringLiteral("compareScenarios")))
        action->trigger();
    else
        ok = false;
    window.undoStack()->setClean();
    return ok ? 0 : 1;
}
