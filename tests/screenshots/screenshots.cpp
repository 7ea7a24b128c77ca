// Writes screenshots of the main states of the console, as a person sees them under Xvfb.
// Usage: alc-screenshots OUTDIR   (run by scripts/screenshots.sh under xvfb-run)
#include <allowlisteditor.h>
#include <impactpanel.h>
#include <mainwindow.h>
#include <rules/allowlistmodel.h>

#include <QApplication>
#include <QDir>
#include <QScreen>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

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
    alc::ui::MainWindow window({data.path(), false});
    window.move(0, 0);
    window.resize(1360, 820);
    window.openDemo();
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    if (!QTest::qWaitFor([&] { return window.impactPanel()->hasDataset(); }, 20000))
        return 1;
    window.impactPanel()->refreshNow();
    window.editor()->table()->resizeColumnsToContents();
    bool ok = shoot(&window, out + QStringLiteral("/01-demo.png"));

    // The impact of the draft: a blocked address selected, its users and the suggestion that admits it.
    auto *ips = window.impactPanel()->findChild<QTableView *>(QStringLiteral("ipTable"));
    ips->selectRow(0);
    auto *tabs = window.impactPanel()->findChild<QTabWidget *>(QStringLiteral("impactTabs"));
    ok = shoot(&window, out + QStringLiteral("/02-impact.png")) && ok;
    tabs->setCurrentIndex(3);
    window.impactPanel()->findChild<QTableView *>(QStringLiteral("suggestionTable"))->selectRow(0);
    ok = shoot(&window, out + QStringLiteral("/03-suggestions.png")) && ok;
    tabs->setCurrentIndex(0);

    // Deleting the admin's own network turns the banner red.
    window.editor()->table()->selectRow(0);
    window.editor()->removeSelected();
    window.impactPanel()->refreshNow();
    ok = shoot(&window, out + QStringLiteral("/04-lockout.png")) && ok;
    return ok ? 0 : 1;
}
