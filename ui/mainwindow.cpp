#include "mainwindow.h"

#include <impact/wording.h>

#include "allowlisteditor.h"
#include "comparescenariosdialog.h"
#include "connectdialog.h"
#include "historyimportdialog.h"
#include "impactpanel.h"
#include "journaldialog.h"
#include "pdfreport.h"
#include "pushdialog.h"
#include "undocommands.h"

#include <history/importjob.h>
#include <journal/journal.h>
#include <orgapi/orgclient.h>
#include <orgapi/publicipdetector.h>

#include <report/reportrenderer.h>
#include <rules/allowlistmodel.h>
#include <rules/listfile.h>
#include <rules/validator.h>

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace alc::ui {
namespace {

// File dialogs open in the folder the last one was used in (kept in the settings).
QString lastFolder()
{
    return QSettings().value(QStringLiteral("ui/lastFolder")).toString();
}

void rememberFolderOf(const QString &path)
{
    if (!path.isEmpty())
        QSettings().setValue(QStringLiteral("ui/lastFolder"), QFileInfo(path).absolutePath());
}

QString openFileName(QWidget *parent, const QString &caption, const QString &filter)
{
    const QString path = QFileDialog::getOpenFileName(parent, caption, lastFolder(), filter);
    rememberFolderOf(path);
    return path;
}

QStringList openFileNames(QWidget *parent, const QString &caption, const QString &filter)
{
    const QStringList paths = QFileDialog::getOpenFileNames(parent, caption, lastFolder(), filter);
    rememberFolderOf(paths.value(0));
    return paths;
}

QString saveFileName(QWidget *parent, const QString &caption, const QString &suggested, const QString &filter)
{
    const QString folder = lastFolder();
    const QString start =
        folder.isEmpty() || QFileInfo(suggested).isAbsolute() ? suggested : QDir(folder).filePath(suggested);
    const QString path = QFileDialog::getSaveFileName(parent, caption, start, filter);
    rememberFolderOf(path);
    return path;
}

constexpr int MaxRecentFiles = 8;

// Messages quote files, logs, paths and the org's answers: shown as written, never as rich text
// (QMessageBox would render anything that looks like HTML).
void showPlain(QWidget *parent, QMessageBox::Icon icon, const QString &title, const QString &text)
{
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

// A list with error findings is never offered for push; the one exception is a lockout, which
// the push dialog refuses unless the admin types an override reason (recorded in the journal).
bool hasErrorsBesidesLockout(const AllowlistModel &model)
{
    const Findings all = model.validation().all();
    return std::any_of(all.cbegin(), all.cend(), [](const Finding &finding) {
        return finding.isError() && finding.code != FindingCode::AdminNotCovered;
    });
}

SessionDocument emptySession()
{
    SessionDocument session;
    session.scenarios.append(Scenario{QObject::tr("Proposed"), {}, {}});
    return session;
}

} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_session(emptySession())
    , m_model(new AllowlistModel(this))
    , m_undoStack(new QUndoStack(this))
    , m_autosaveTimer(new QTimer(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    m_banner = new LockoutBanner(central);
    layout->addWidget(m_banner);

    m_editor = new AllowlistEditor(m_model, m_undoStack, central);
    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_editor);
    m_impact = new ImpactPanel(splitter);
    splitter->addWidget(m_impact);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({780, 560});
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_importJob = new ImportJob(this);
    m_importProgress = new QProgressBar(this);
    m_importProgress->setObjectName(QStringLiteral("importProgress"));
    m_importProgress->setMaximumWidth(220);
    m_importProgress->setAccessibleName(tr("Import progress"));
    m_importProgress->hide();
    m_importCancel = new QPushButton(tr("Cancel import"), this);
    m_importCancel->setObjectName(QStringLiteral("importCancel"));
    m_importCancel->hide();
    statusBar()->addPermanentWidget(m_importProgress);
    statusBar()->addPermanentWidget(m_importCancel);
    connect(m_importCancel, &QPushButton::clicked, m_importJob, &ImportJob::cancel);
    connect(m_importJob, &ImportJob::progressChanged, this, [this](qint64 done, qint64 total) {
        // Bytes can exceed an int: show permille.
        m_importProgress->setRange(0, 1000);
        m_importProgress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(m_importJob, &ImportJob::importFinished, this, &MainWindow::importFinished);
    connect(m_importJob, &ImportJob::importFailed, this, [this](const QString &message) {
        m_importProgress->hide();
        m_importCancel->hide();
        m_lastImportSummary = tr("Import failed: %1").arg(message);
        showMessage(m_lastImportSummary);
        if (isVisible())
            showPlain(this, QMessageBox::Warning, tr("Import failed"), message);
    });
    connect(m_importJob, &ImportJob::importCanceled, this, [this] {
        m_importProgress->hide();
        m_importCancel->hide();
        m_lastImportSummary = tr("Import cancelled: the previous history is unchanged.");
        showMessage(m_lastImportSummary);
    });
    connect(m_impact, &ImpactPanel::suggestionAccepted, this, [this](const Ipv4Network &network, const QString &label) {
        AllowlistEntry entry;
        entry.text = network.toString();
        entry.label = label;
        m_editor->addEntries({entry}, tr("Add suggestion %1").arg(entry.text));
    });
    connect(m_impact, &ImpactPanel::historyFilesDropped, this, &MainWindow::reviewAndImportHistory);
    connect(m_impact, &ImpactPanel::impactChanged, this,
            [this] { m_model->setAdmittedSignIns(m_impact->admittedPerEntry(m_model->allowlist())); });

    if (m_options.http && m_options.journal && m_options.secrets) {
        m_org = new OrgConnection(m_options.http, m_options.journal, m_options.secrets, this);
        connect(m_org, &OrgConnection::browserSignInRequested, this, [this](const QUrl &url) {
            // Stays until the connection changes: the wait can last minutes.
            statusBar()->showMessage(tr("Waiting for you to sign in in the browser (up to 5 minutes)…"));
            if (!QDesktopServices::openUrl(url)) {
                // Not modal: the sign-in goes on waiting for the browser while the box is open.
                auto *box = new QMessageBox(QMessageBox::Information, tr("Sign in"),
                                            tr("No browser could be opened. Open this address in a browser on this "
                                               "computer to sign in:<br><br><tt>%1</tt>")
                                                .arg(url.toString().toHtmlEscaped()),
                                            QMessageBox::Ok, this);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->setTextInteractionFlags(Qt::TextSelectableByMouse);
                box->open();
            }
        });
        connect(m_org, &OrgConnection::connectionChanged, this, &MainWindow::refreshOrgActions);
        connect(m_org, &OrgConnection::secretKeptInMemory, this, [this](const QString &reason) {
            showMessage(tr("The client secret is kept in memory until the app closes (no keychain: %1)").arg(reason));
        });
        connect(m_org, &OrgConnection::retryScheduled, this,
                [this](const QString &what, const QString &reason, int delayMs, int nextAttempt, int maxAttempts) {
                    // A visible countdown: the org is rate limiting or failing, and the app is waiting.
                    auto *timer = new QTimer(this);
                    auto remaining = std::make_shared<int>((delayMs + 999) / 1000);
                    const auto show = [this, what, reason, remaining, nextAttempt, maxAttempts] {
                        showMessage(tr("%1: %2 — retrying in %3 s (attempt %4 of %5)")
                                        .arg(what, reason)
                                        .arg(*remaining)
                                        .arg(nextAttempt)
                                        .arg(maxAttempts));
                    };
                    show();
                    connect(timer, &QTimer::timeout, this, [timer, remaining, show] {
                        if (--*remaining <= 0) {
                            timer->deleteLater();
                            return;
                        }
                        show();
                    });
                    timer->start(1000);
                });
    }
    if (m_options.detector) {
        connect(m_options.detector, &PublicIpDetector::detected, this, &MainWindow::applyDetection);
        connect(m_options.detector, &PublicIpDetector::networkChanged, this, &MainWindow::networkChanged);
        m_options.detector->watchNetworkChanges();
    }

    createActions();

    connect(m_model, &AllowlistModel::validationChanged, this, &MainWindow::refreshOrgActions);
    connect(m_model, &AllowlistModel::validationChanged, this, &MainWindow::refreshBanner);
    connect(m_model, &AllowlistModel::validationChanged, this, &MainWindow::refreshImpact);
    connect(m_editor, &AllowlistEditor::messageRaised, this, &MainWindow::showMessage);
    connect(m_banner, &LockoutBanner::addAddressRequested, this, [this](Ipv4Address address) {
        AllowlistEntry entry;
        entry.text = Ipv4Network(address, 32).toString();
        entry.label = tr("My address (added by the lockout check)");
        m_editor->addEntries({entry}, tr("Add my address %1").arg(entry.text));
    });
    connect(m_banner, &LockoutBanner::setAddressRequested, this, &MainWindow::promptAdminAddress);
    connect(m_undoStack, &QUndoStack::cleanChanged, this, &MainWindow::refreshTitle);
    connect(m_undoStack, &QUndoStack::indexChanged, this, [this] {
        // A message about the list as it was ("This entry has no automatic fix.") is stale now;
        // one about this change is raised after it.
        statusBar()->clearMessage();
        m_sessionDirty = true;
        refreshTitle();
    });

    m_autosaveTimer->setInterval(m_options.autosaveIntervalMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosaveTimer->start();

    resize(1280, 760);
    if (m_options.restoreLayout) {
        QSettings settings;
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
        splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    }
    refreshScenarioPicker();
    refreshBanner();
    refreshOrgActions();
    refreshTitle();
}

MainWindow::~MainWindow()
{
    // Children are destroyed after this body, when this is only a QWidget: the undo stack's clear
    // and the import job's cancel would otherwise call back into a half-destroyed window.
    for (QObject *child : std::initializer_list<QObject *>{m_undoStack, m_importJob, m_model, m_impact, m_org}) {
        if (child)
            child->disconnect(this);
    }
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    QAction *newSession = file->addAction(tr("&New session"), this, [this] {
        if (maybeSave())
            setSession(emptySession());
    });
    newSession->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open session…"), this, [this] {
        if (!maybeSave())
            return;
        const QString path = openFileName(this, tr("Open session"), tr("Allowlist Console sessions (*.alcsession)"));
        if (!path.isEmpty())
            openSession(path);
    });
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] {
        m_recentMenu->clear();
        const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
        for (const QString &path : recent)
            m_recentMenu->addAction(path, this, [this, path] {
                if (maybeSave())
                    path.endsWith(SessionFile::Suffix) ? openSession(path) : openListFile(path);
            });
        m_recentMenu->setEnabled(!recent.isEmpty());
    });
    QAction *save = file->addAction(tr("&Save session"), this, [this] {
        if (m_sessionPath.isEmpty()) {
            const QString path = saveFileName(this, tr("Save session"), QStringLiteral("review.alcsession"),
                                              tr("Allowlist Console sessions (*.alcsession)"));
            if (!path.isEmpty())
                saveSession(path);
        } else {
            saveSession(m_sessionPath);
        }
    });
    save->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save session &as…"), this, [this] {
        const QString path =
            saveFileName(this, tr("Save session as"), m_sessionPath, tr("Allowlist Console sessions (*.alcsession)"));
        if (!path.isEmpty())
            saveSession(path);
    });
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    file->addAction(tr("Open &list file…"), this, [this] {
        const QString path =
            openFileName(this, tr("Open list file"), tr("Allowlists (*.txt *.csv *.list);;All files (*)"));
        if (!path.isEmpty())
            openListFile(path);
    });
    file->addAction(tr("&Export list file…"), this, [this] {
        const QString path =
            saveFileName(this, tr("Export list file"), QStringLiteral("allowlist.txt"), tr("Allowlists (*.txt)"));
        QString error;
        if (!path.isEmpty() && !ListFile::write(path, m_model->allowlist(), &error))
            showPlain(this, QMessageBox::Warning, tr("Export failed"), error);
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undoStack->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undoStack->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *add = edit->addAction(tr("&Add entry"), m_editor, &AllowlistEditor::addEmptyEntry);
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    QAction *remove = edit->addAction(tr("Re&move entries"), m_editor, &AllowlistEditor::removeSelected);
    QAction *fix = edit->addAction(tr("Apply &fix"), m_editor, &AllowlistEditor::fixCurrent);
    fix->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    QAction *find = edit->addAction(tr("&Find entries"), this, [this] {
        if (auto *filter = m_editor->findChild<QWidget *>(QStringLiteral("entryFilter")))
            filter->setFocus(Qt::ShortcutFocusReason);
    });
    find->setShortcut(QKeySequence::Find);

    QMenu *scenario = menuBar()->addMenu(tr("S&cenario"));
    QAction *duplicate = scenario->addAction(tr("&Duplicate scenario…"), this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Duplicate scenario"), tr("Name of the copy:"), QLineEdit::Normal,
                                  tr("%1 (copy)").arg(m_session.scenarios.at(m_session.currentScenario).name), &ok);
        if (ok && !name.trimmed().isEmpty())
            duplicateScenario(name.trimmed());
    });
    scenario->addAction(tr("&Rename scenario…"), this, [this] {
        bool ok = false;
        Scenario &current = m_session.scenarios[m_session.currentScenario];
        const QString name =
            QInputDialog::getText(this, tr("Rename scenario"), tr("Name:"), QLineEdit::Normal, current.name, &ok);
        if (ok && !name.trimmed().isEmpty()) {
            current.name = name.trimmed();
            m_sessionDirty = true;
            refreshScenarioPicker();
        }
    });
    m_deleteScenarioAction = scenario->addAction(tr("De&lete scenario…"), this, [this] {
        const QString name = m_session.scenarios.at(m_session.currentScenario).name;
        const auto answer = QMessageBox::question(
            this, tr("Delete scenario"),
            tr("Delete the scenario ‘%1’ and its %n entries? Scenario ▸ Restore brings it back until another "
               "scenario is deleted.",
               nullptr, m_model->rowCount())
                .arg(name),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            deleteScenario(m_session.currentScenario);
    });
    m_deleteScenarioAction->setObjectName(QStringLiteral("deleteScenario"));
    m_restoreScenarioAction =
        scenario->addAction(tr("&Restore deleted scenario"), this, [this] { restoreDeletedScenario(); });
    m_restoreScenarioAction->setObjectName(QStringLiteral("restoreScenario"));
    m_restoreScenarioAction->setEnabled(false);
    QAction *compare = scenario->addAction(tr("&Compare scenarios…"), this, [this] {
        // The live list, when pulled, is one more column: what a push would change from.
        const bool live = m_session.baselinePulledAt.isValid() || !m_session.baseline.isEmpty();
        QList<ScenarioFigures> figures = compareScenarios();
        QList<std::pair<QString, Allowlist>> lists;
        for (const Scenario &s : std::as_const(m_session.scenarios))
            lists.append({s.name, s.list});
        std::shared_ptr<const Dataset> dataset;
        if (m_impact->hasDataset())
            dataset = m_importJob->dataset();
        if (live) {
            const Scenario liveList{tr("Live list"), Allowlist::fromCidrs(m_session.baseline), {}};
            figures += alc::compareScenarios({liveList}, dataset, m_session.baseline, m_admin.ipv4);
            lists.append({liveList.name, liveList.list});
        }
        CompareScenariosDialog dialog(figures, this);
        dialog.setLists(lists, dataset.get());
        dialog.exec();
    });
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compare->setObjectName(QStringLiteral("compareScenarios"));
    scenario->addSeparator();
    QAction *exportReportAction = scenario->addAction(tr("&Export report…"), this, [this] {
        const QString path = saveFileName(this, tr("Export report"), QStringLiteral("allowlist-change.pdf"),
                                          tr("PDF (*.pdf);;HTML (*.html);;Markdown (*.md);;CSV (*.csv)"));
        if (path.isEmpty())
            return;
        bool ok = false;
        // A person signed in by PKCE is the author; an OAuth client is not a name.
        const QString actor = m_org && m_org->isConnected() ? m_org->session()->identity().actor : QString();
        const QString signedIn = actor.startsWith(u"OAuth client ") ? QString() : actor;
        // Else the name given last time (a name, never a secret, so QSettings may keep it).
        const QString last = QSettings().value(QStringLiteral("report/author")).toString();
        const QString author = QInputDialog::getText(this, tr("Report author"), tr("Your name, as the change author:"),
                                                     QLineEdit::Normal, signedIn.isEmpty() ? last : signedIn, &ok)
                                   .trimmed();
        if (!ok)
            return;
        if (author.isEmpty() &&
            QMessageBox::question(this, tr("No author"),
                                  tr("The report will say \u201cAuthor: (not given)\u201d, and an approver cannot "
                                     "tell who proposes the change. Export it anyway?"),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
            return;
        QString fingerprint;
        bool expected = false;
        if (!exportReport(path, author, &fingerprint, &expected))
            return;
        QString text = tr("Wrote %1.\n\nFingerprint (SHA-256 of the proposed list):\n%2\n\n").arg(path, fingerprint);
        if (expected)
            text += tr("Push now expects this report: a push of any other list is refused until you export "
                       "another report or choose Org → Stop expecting the exported report.");
        else
            text += tr("This list has error findings, so it cannot be pushed as it is: Push does not expect this "
                       "report.");
        if (!expected && m_expectedReport.isSet())
            text += tr(" Push still expects %1.").arg(m_expectedReport.describe());
        showPlain(this, QMessageBox::Information, tr("Report exported"), text);
    });
    exportReportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->insertAction(quit, exportReportAction); // where people look for it, beside the list export
    file->insertSeparator(quit);
    m_scenarioPicker = new QComboBox(this);
    m_scenarioPicker->setObjectName(QStringLiteral("scenarioPicker"));
    m_scenarioPicker->setAccessibleName(tr("Scenario"));
    m_scenarioPicker->setMinimumContentsLength(16);
    connect(m_scenarioPicker, &QComboBox::activated, this, &MainWindow::switchScenario);

    QMenu *history = menuBar()->addMenu(tr("&History"));
    QAction *import = history->addAction(tr("&Import sign-in history…"), this, [this] {
        const QStringList paths = openFileNames(this, tr("Import sign-in history"),
                                                tr("Sign-in logs (*.csv *.tsv *.json *.txt);;All files (*)"));
        if (!paths.isEmpty())
            reviewAndImportHistory(paths);
    });
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    history->addAction(tr("Import &details…"), this, [this] {
        showPlain(this, QMessageBox::Information, tr("Import details"),
                  m_lastImportSummary.isEmpty() ? tr("No history imported yet.") : m_lastImportSummary);
    });

    QMenu *org = menuBar()->addMenu(tr("&Org"));
    QAction *connectAction = org->addAction(tr("&Connect…"), this, [this] {
        QSettings settings;
        OrgProfile initial;
        initial.region = settings.value(QStringLiteral("org/region"), QStringLiteral("mypurecloud.com")).toString();
        initial.apiUrl = settings.value(QStringLiteral("org/apiUrl")).toUrl();
        initial.loginUrl = settings.value(QStringLiteral("org/loginUrl")).toUrl();
        initial.clientId = settings.value(QStringLiteral("org/clientId")).toString();
        initial.pkce = settings.value(QStringLiteral("org/pkce"), true).toBool();
        initial.redirectPort = quint16(settings.value(QStringLiteral("org/redirectPort"), 8085).toUInt());
        ConnectDialog dialog(initial, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const OrgProfile profile = dialog.profile();
        // The profile is remembered; the secret never is (keychain or memory only).
        settings.setValue(QStringLiteral("org/region"), profile.region);
        settings.setValue(QStringLiteral("org/apiUrl"), profile.apiUrl);
        settings.setValue(QStringLiteral("org/loginUrl"), profile.loginUrl);
        settings.setValue(QStringLiteral("org/clientId"), profile.clientId);
        settings.setValue(QStringLiteral("org/pkce"), profile.pkce);
        settings.setValue(QStringLiteral("org/redirectPort"), profile.redirectPort);
        connectToOrg(profile, dialog.clientSecret());
    });
    connectAction->setEnabled(m_org != nullptr);
    QAction *pullAction = org->addAction(tr("&Pull the live list"), this, &MainWindow::pull);
    pullAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pushAction = org->addAction(tr("P&ush…"), this, [this] { openPushDialog(); });
    m_pushAction->setObjectName(QStringLiteral("pushAction"));
    m_pushAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_stopExpectingAction =
        org->addAction(tr("Stop e&xpecting the exported report"), this, &MainWindow::stopExpectingReport);
    m_stopExpectingAction->setObjectName(QStringLiteral("stopExpectingReport"));
    m_stopExpectingAction->setEnabled(false);
    QAction *journalAction = org->addAction(tr("&Journal…"), this, &MainWindow::showJournal);
    journalAction->setEnabled(m_options.journal != nullptr);
    QAction *ranges = org->addAction(tr("Genesys &service ranges…"), this, &MainWindow::showIpRanges);
    org->addSeparator();
    QAction *detect = org->addAction(tr("&Detect my public address"), this, &MainWindow::detectAdminAddressNow);
    detect->setEnabled(m_options.detector != nullptr);
    org->addAction(tr("Set my address by &hand…"), this, &MainWindow::promptAdminAddress);
    m_orgActions = {pullAction, ranges};

    toolbar->addAction(open);
    toolbar->addAction(save);
    toolbar->addSeparator();
    // The toolbar's Undo/Redo keep short labels (the menu's read "Undo Add my address …", and a
    // label that long pushed the scenario picker off the toolbar); the step is in the tooltip.
    const auto addStepButton = [this, toolbar](const QString &text, void (QUndoStack::*step)(),
                                               bool (QUndoStack::*can)() const, void (QUndoStack::*canChanged)(bool),
                                               void (QUndoStack::*textChanged)(const QString &)) {
        QAction *action = toolbar->addAction(text, m_undoStack, step);
        action->setEnabled((m_undoStack->*can)());
        connect(m_undoStack, canChanged, action, &QAction::setEnabled);
        connect(m_undoStack, textChanged, action, [action, text](const QString &what) {
            action->setToolTip(what.isEmpty() ? text : text + u' ' + what);
        });
    };
    addStepButton(tr("Undo"), &QUndoStack::undo, &QUndoStack::canUndo, &QUndoStack::canUndoChanged,
                  &QUndoStack::undoTextChanged);
    addStepButton(tr("Redo"), &QUndoStack::redo, &QUndoStack::canRedo, &QUndoStack::canRedoChanged,
                  &QUndoStack::redoTextChanged);
    toolbar->addSeparator();
    toolbar->addAction(add);
    toolbar->addAction(remove);
    toolbar->addAction(fix);
    toolbar->addSeparator();
    toolbar->addAction(import);
    toolbar->addSeparator();
    toolbar->addAction(connectAction);
    toolbar->addAction(pullAction);
    toolbar->addAction(m_pushAction);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Scenario: "), this));
    toolbar->addWidget(m_scenarioPicker);
    toolbar->addAction(duplicate);
}

bool MainWindow::openListFile(const QString &path)
{
    const ListFile::ReadResult read = ListFile::read(path);
    if (!read.ok()) {
        showMessage(read.error);
        return false;
    }
    Allowlist list = read.list;
    for (AllowlistEntry &entry : list.entries())
        entry.sourceLine = 0; // findings in the table name rows, which the user sees
    m_model->setAllowlist(list);
    m_undoStack->clear();
    m_editor->fitColumns();
    if (!path.startsWith(u':'))
        addRecentFile(path);
    showMessage(tr("Opened %1 (entries: %n)", nullptr, int(read.list.size())).arg(QFileInfo(path).fileName()));
    m_sessionDirty = true;
    refreshTitle();
    return true;
}

void MainWindow::reviewAndImportHistory(const QStringList &paths)
{
    HistoryImportDialog dialog(paths, this);
    if (m_impact->hasDataset()) {
        // An import replaces the history: say so, with what would go.
        const Dataset &current = m_impact->evaluator()->dataset();
        QStringList names;
        for (const ImportedFile &file : current.files())
            names.append(file.name);
        dialog.setReplacedHistory(tr("%1 (%2 %3)")
                                      .arg(names.join(QStringLiteral(", ")), QLocale().toString(current.rows()),
                                           noun(current.rows(), "sign-in"_L1, "sign-ins"_L1)));
    }
    if (dialog.exec() == QDialog::Accepted)
        importHistory(dialog.paths(), dialog.options());
}

void MainWindow::importHistory(const QStringList &paths, const ImportOptions &options, ImportSource source)
{
    if (m_importJob->isRunning())
        m_importJob->cancel();
    m_importPaths = paths;
    m_importSource = source;
    m_importOptions = options;
    m_importProgress->setRange(0, 0);
    m_importProgress->show();
    m_importCancel->show();
    showMessage(tr("Importing %1 %2…").arg(QString::number(paths.size()), noun(paths.size(), "file"_L1, "files"_L1)));
    m_importJob->start(paths, options);
}

void MainWindow::importFinished()
{
    m_importProgress->hide();
    m_importCancel->hide();
    const std::shared_ptr<const Dataset> dataset = m_importJob->dataset();
    if (!dataset)
        return;
    m_impact->setDataset(dataset);
    m_historyNotes = m_importJob->notes();
    if (m_importSource == ImportSource::Session) {
        // The session names its files by path and content: one that changed since is read as it
        // is now, and the figures say so.
        for (const ImportedFile &file : dataset->files()) {
            for (const HistorySourceRef &source : std::as_const(m_session.historySources)) {
                if (source.path == file.path && !source.sha256.isEmpty() && source.sha256 != file.sha256)
                    m_historyNotes.append(tr("%1 changed since the session was saved (its SHA-256 differs): the "
                                             "figures are from the file as it is now")
                                              .arg(file.name));
            }
        }
        m_historyNotes += m_missingHistory;
    } else {
        m_session.historySources.clear();
        for (const ImportedFile &file : dataset->files())
            m_session.historySources.append(
                {file.path, file.sha256, historyFormatName(file.format), m_importOptions.columns.roles()});
    }
    QStringList lines;
    for (const ImportedFile &file : dataset->files()) {
        QString line = tr("%1: %2 format, %3 %4, %5 %6")
                           .arg(file.name, historyFormatName(file.format), QString::number(file.rows),
                                noun(file.rows, "sign-in"_L1, "sign-ins"_L1), QString::number(file.skipped),
                                noun(file.skipped, "bad row"_L1, "bad rows"_L1));
        for (auto it = file.skippedByReason.cbegin(); it != file.skippedByReason.cend(); ++it)
            line += QStringLiteral("\n    %1: %2").arg(it.key()).arg(it.value());
        for (const BadRowExample &example : file.badRowExamples)
            line += tr("\n    line %1: %2").arg(example.line).arg(example.reason);
        lines.append(line);
    }
    lines += m_historyNotes;
    m_lastImportSummary = lines.join(u'\n');
    if (m_importSource == ImportSource::User)
        m_sessionDirty = true;
    refreshTitle();
    QString message = tr("Imported %1 %2 (%3 over IPv6; %4 %5 skipped)")
                          .arg(QString::number(dataset->rows()), noun(dataset->rows(), "sign-in"_L1, "sign-ins"_L1),
                               QString::number(dataset->ipv6Rows()), QString::number(dataset->skippedRows()),
                               noun(dataset->skippedRows(), "bad row"_L1, "bad rows"_L1));
    // The notes are whole under History > Import details; the status bar has room for their count.
    if (!m_historyNotes.isEmpty())
        message += tr("; %1 %2: History \u25b8 Import details")
                       .arg(QString::number(m_historyNotes.size()), noun(m_historyNotes.size(), "note"_L1, "notes"_L1));
    showMessage(message);
}

void MainWindow::setBaseline(const QStringList &cidrs, const QDateTime &pulledAt)
{
    m_session.baseline = cidrs;
    m_session.baselinePulledAt = pulledAt;
    m_impact->setBaseline(Allowlist::fromCidrs(cidrs).networks());
}

void MainWindow::refreshImpact()
{
    m_impact->setList(m_model->allowlist());
    if (m_impact->hasDataset())
        m_model->setAdmittedSignIns(m_impact->admittedPerEntry(m_model->allowlist()));
}

void MainWindow::refreshOrgActions()
{
    const bool connected = m_org && m_org->isConnected();
    for (QAction *action : std::as_const(m_orgActions))
        action->setEnabled(connected);
    const bool errors = hasErrorsBesidesLockout(*m_model);
    m_pushAction->setEnabled(connected && !errors);
    m_pushAction->setToolTip(!connected ? tr("Connect to an org first")
                             : errors   ? tr("Fix the error findings first")
                                        : tr("Preflight, push and verify this list"));
}

void MainWindow::connectToOrg(const OrgProfile &profile, const QString &secret, bool changesSession)
{
    if (!m_org)
        return;
    showMessage(tr("Connecting to %1…").arg(profile.displayName()));
    // The demo's secret is the sandbox's own: never put in the keychain.
    m_org->connectTo(profile, secret, changesSession).then(this, [this, changesSession](const ApiError &error) {
        if (error.isError()) {
            showMessage(tr("Could not connect: %1").arg(error.toString()));
            if (isVisible())
                showPlain(this, QMessageBox::Warning, tr("Could not connect"), error.toString());
            return;
        }
        const OrgIdentity &identity = m_org->session()->identity();
        m_session.orgName = identity.org.name;
        m_session.region = identity.region;
        m_session.clientId = m_org->profile().clientId;
        if (changesSession)
            m_sessionDirty = true;
        refreshTitle();
        pullLiveList(changesSession);
    });
}

void MainWindow::pull()
{
    pullLiveList(true);
}

void MainWindow::pullLiveList(bool changesSession)
{
    if (!m_org || !m_org->isConnected())
        return;
    m_org->session()->pull().then(this, [this, changesSession](const PullOutcome &outcome) {
        if (!outcome.result.ok()) {
            showMessage(tr("Pull failed: %1").arg(outcome.result.error.toString()));
            return;
        }
        setBaseline(*outcome.result.value, QDateTime::currentDateTimeUtc());
        if (changesSession)
            m_sessionDirty = true;
        refreshTitle();
        showMessage(tr("Pulled the live list from %1 (entries: %n, journal #%2); it is the baseline now.", nullptr,
                       int(outcome.result.value->size()))
                        .arg(m_org->session()->identity().org.name)
                        .arg(outcome.journalId));
    });
}

quint64 MainWindow::startDetection()
{
    // Open push dialogs wait for this answer, from before it can come (an empty service list
    // answers at once): until then they may hold where the admin was.
    const quint64 sequence = m_options.detector->lastStartedSequence() + 1;
    awaitInPushDialogs(sequence);
    showMessage(tr("Detecting your public address…"));
    m_options.detector->detect();
    return sequence;
}

void MainWindow::detectAdminAddress()
{
    if (m_options.detector && !m_addressTyped)
        startDetection();
}

void MainWindow::detectAdminAddressNow()
{
    if (m_options.detector)
        m_askedDetection = startDetection();
}

void MainWindow::networkChanged()
{
    // A typed address was for the network the admin was on; the detector asks again right after
    // this signal (that detection, the next number, is what open dialogs must wait for).
    if (m_addressTyped) {
        m_addressTyped = false;
        showMessage(tr("The network changed: your address is detected again (the one you typed was for the "
                       "network before)"));
    }
    awaitInPushDialogs(m_options.detector->lastStartedSequence() + 1);
}

void MainWindow::awaitInPushDialogs(quint64 sequence)
{
    for (PushDialog *dialog : findChildren<PushDialog *>(Qt::FindDirectChildrenOnly))
        dialog->awaitAdminAddresses(sequence);
}

void MainWindow::handToPushDialogs(const QList<Ipv4Address> &addresses, quint64 sequence)
{
    for (PushDialog *dialog : findChildren<PushDialog *>(Qt::FindDirectChildrenOnly))
        dialog->setAdminAddresses(addresses, sequence);
}

void MainWindow::applyDetection(const PublicIpDetection &detection)
{
    // A typed address is where the admin says Genesys sees them (a split-tunnel VPN: the echo
    // services see another): only a detection they asked for, and that found an address, replaces
    // it. Dialogs waiting for any other answer go on with the typed address.
    if (m_addressTyped && !detection.manual) {
        const bool asked = m_askedDetection > 0 && detection.sequence >= m_askedDetection;
        if (asked)
            m_askedDetection = 0;
        if (!asked || !detection.ok()) {
            if (asked)
                showMessage(tr("No echo service answered: the address you typed stays"));
            handToPushDialogs(m_admin.ipv4, detection.sequence);
            return;
        }
    }
    AdminAddressState state;
    if (detection.ipv4)
        state.ipv4 = detection.ipv4Candidates; // services that disagree: every answer must stay covered
    if (!detection.ipv6.isEmpty())
        state.ipv6 = {detection.ipv6};
    state.agreement = detection.manual   ? AdminAddressState::Agreement::Manual
                      : !detection.ok()  ? AdminAddressState::Agreement::NotDetected
                      : detection.agreed ? AdminAddressState::Agreement::Agree
                                         : AdminAddressState::Agreement::Disagree;
    int answered = 0;
    for (const IpEchoAnswer &answer : detection.answers)
        answered += answer.address.isEmpty() ? 0 : 1;
    state.how = detection.manual ? tr("typed by you")
                                 : tr("%1 of %2 echo services answered%3")
                                       .arg(answered)
                                       .arg(detection.answers.size())
                                       .arg(detection.agreed ? tr(", they agree") : QString());
    m_addressTyped = false;
    setAdminAddresses(state);
    handToPushDialogs(state.ipv4, detection.sequence);
    if (!detection.warnings.isEmpty())
        showMessage(detection.warnings.join(QStringLiteral("; ")));
}

PushDialog *MainWindow::openPushDialog(const QList<AllowlistEntry> &entries, qint64 restoredFrom)
{
    if (!m_org || !m_org->isConnected())
        return nullptr;
    PushRequest request;
    request.kind = restoredFrom ? JournalEntry::Kind::Rollback : JournalEntry::Kind::Push;
    request.proposed = restoredFrom ? Allowlist(entries) : m_model->allowlist();
    request.adminIps = m_admin.ipv4;
    request.restoredFrom = restoredFrom;
    if (!restoredFrom) {
        // The report's change was from the live list it compared: a push over another is refused.
        request.expectedFingerprint = m_expectedReport.fingerprint;
        request.expectedBaseline = m_expectedReport.baseline;
    }
    if (m_session.baselinePulledAt.isValid())
        request.base = m_session.baseline;
    auto *dialog = new PushDialog(m_org, request, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setKnownLabels(knownLabels());
    if (!restoredFrom)
        dialog->setExpectedReport(m_expectedReport);
    connect(dialog, &PushDialog::expectedReportDropped, this, [this](const QString &fingerprint) {
        if (m_expectedReport.fingerprint == fingerprint)
            stopExpectingReport();
    });
    // Who and what this list blocks, from the imported history, at the moment it matters.
    if (const std::optional<ImpactSummary> impact = m_impact->impactOf(request.proposed.networks()))
        dialog->setHistoryImpact(*impact);
    connect(dialog, &PushDialog::pushFinished, this, [this](const PushOutcome &outcome) {
        // What the org was read back to have (verified, or a mismatch); a failed read-back left
        // `after` empty, which as a baseline would read as "every address allowed".
        if (outcome.sent && !outcome.error.isError())
            setBaseline(outcome.after, QDateTime::currentDateTimeUtc());
        showMessage(outcome.ok() ? tr("Pushed and verified (journal #%1)").arg(outcome.journalId)
                                 : tr("Push did not complete: %1").arg(outcome.error.toString()));
    });
    // Right before a push the address is detected again: networks change under laptops, and not
    // every change reaches the OS's network events (a VPN left, a hotspot). The dialog waits for
    // the answer to this detection (an older one answering late is not it); applyDetection() hands
    // it, and any later one, to every open push dialog. An address typed here is not detected again.
    detectAdminAddress();
    dialog->show();
    return dialog;
}

QHash<QString, QString> MainWindow::knownLabels() const
{
    // Genesys keeps no labels and the journal keeps CIDRs: the session's lists are where a label
    // for a removed or restored network can come from. The draft on screen wins over the others.
    QHash<QString, QString> labels;
    const auto take = [&labels](const Allowlist &list) {
        for (const AllowlistEntry &entry : list.entries()) {
            const ParsedCidr parsed = entry.parsed();
            if (parsed.isIpv4() && !entry.label.isEmpty() && !labels.contains(parsed.network.toString()))
                labels.insert(parsed.network.toString(), entry.label);
        }
    };
    take(m_model->allowlist());
    for (const Scenario &scenario : m_session.scenarios)
        take(scenario.list);
    return labels;
}

void MainWindow::showJournal()
{
    if (!m_options.journal)
        return;
    JournalDialog dialog(m_options.journal->entries(), this);
    connect(&dialog, &JournalDialog::restoreRequested, this, [this, &dialog](const JournalEntry &entry) {
        dialog.accept();
        if (!m_org || !m_org->isConnected()) {
            QMessageBox::information(this, tr("Connect first"), tr("Connect to the org to restore a list."));
            return;
        }
        openPushDialog(Allowlist::fromCidrs(OrgSession::restoreTarget(entry)).entries(), entry.id);
    });
    dialog.exec();
}

void MainWindow::showIpRanges()
{
    if (!m_org || !m_org->isConnected())
        return;
    m_org->client()->getIpRanges().then(this, [this](const ApiResult<QList<IpRange>> &result) {
        if (!result.ok()) {
            showPlain(this, QMessageBox::Warning, tr("Service ranges"), result.error.toString());
            return;
        }
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Genesys Cloud service ranges"));
        auto *list = new QListWidget(&dialog);
        list->setAccessibleName(tr("Service ranges"));
        for (const IpRange &range : *result.value) {
            auto *item =
                new QListWidgetItem(QStringLiteral("%1 — %2 (%3)").arg(range.cidr, range.service, range.region), list);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Add checked ranges"));
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        auto *layout = new QVBoxLayout(&dialog);
        layout->addWidget(new QLabel(tr("Ranges Genesys publishes for its own services (GET /api/v2/ipranges). "
                                        "Add them only where your integrations need them."),
                                     &dialog));
        layout->addWidget(list);
        layout->addWidget(buttons);
        if (dialog.exec() != QDialog::Accepted)
            return;
        QList<AllowlistEntry> entries;
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->checkState() != Qt::Checked)
                continue;
            const IpRange &range = result.value->at(i);
            AllowlistEntry entry;
            entry.text = range.cidr;
            entry.label = tr("Genesys %1 (%2)").arg(range.service, range.region);
            entries.append(entry);
        }
        m_editor->addEntries(entries, tr("Add Genesys service ranges"));
    });
}

void MainWindow::openDemo(const std::optional<DemoOrg> &sandbox)
{
    SessionDocument demo = emptySession();
    demo.orgName = tr("Demo Org (sandbox)");
    demo.region = QStringLiteral("sandbox");
    setSession(demo);
    if (!sandbox) {
        // No sandbox (tests of the window alone): the demo org's live list as a fixed baseline.
        setBaseline({QStringLiteral("81.2.69.0/24"), QStringLiteral("62.210.16.0/24"),
                     QStringLiteral("185.53.178.0/24"), QStringLiteral("51.15.0.10/32"),
                     QStringLiteral("34.240.17.9/32")},
                    QDateTime::currentDateTimeUtc());
    }
    importHistory({QStringLiteral(":/samples/sample-history.csv")}, {}, ImportSource::Demo);
    openListFile(QStringLiteral(":/samples/sample-allowlist.txt"));
    m_sessionDirty = false;
    AdminAddressState admin;
    admin.ipv4 = {sandbox ? Ipv4Address::parse(sandbox->callerIp).value_or(Ipv4Address(81, 2, 69, 142))
                          : Ipv4Address(81, 2, 69, 142)};
    admin.agreement = AdminAddressState::Agreement::Manual;
    admin.how = tr("the sandbox's caller address");
    setAdminAddresses(admin);
    refreshTitle();
    if (sandbox) {
        OrgProfile profile;
        profile.apiUrl = sandbox->url;
        profile.loginUrl = sandbox->url;
        profile.clientId = sandbox->clientId;
        connectToOrg(profile, sandbox->clientSecret, false);
    }
}

void MainWindow::setSession(SessionDocument session)
{
    if (session.scenarios.isEmpty())
        session.scenarios.append(Scenario{tr("Proposed"), {}, {}});
    m_session = std::move(session);
    m_deletedScenario.reset(); // it belonged to the session shown before
    m_sessionPath.clear();
    if (m_session.baseline.isEmpty())
        m_impact->setBaseline(std::nullopt);
    else
        m_impact->setBaseline(Allowlist::fromCidrs(m_session.baseline).networks());
    m_model->setAllowlist(m_session.scenarios.at(m_session.currentScenario).list);
    m_undoStack->clear();
    m_sessionDirty = false;
    m_editor->fitColumns();
    AdminAddressState admin;
    QStringList refused;
    for (const AdminAddress &a : m_session.adminAddresses) {
        // The same rule as for a typed address: a private one would turn the banner green.
        QString problem;
        if (const auto address = Validator::parseAdminAddress(a.address, &problem)) {
            admin.ipv4.append(*address);
            admin.how = a.source;
        } else {
            refused.append(problem);
        }
    }
    if (!refused.isEmpty())
        showMessage(tr("The session's admin address was not used: %1").arg(refused.join(u"; "_s)));
    if (!admin.ipv4.isEmpty()) {
        // Where the admin was when the session was saved (maybe another network, maybe another
        // admin): shown until the detection below answers, never kept against it, never handed to
        // a push dialog.
        admin.agreement = AdminAddressState::Agreement::Manual;
        const QString saved = tr("saved in the session");
        if (!admin.how.startsWith(saved))
            admin.how = tr("%1: %2").arg(saved, admin.how);
        setAdminAddresses(admin);
        detectAdminAddress();
    }
    refreshScenarioPicker();
    refreshTitle();
    importSessionHistory();
}

void MainWindow::importSessionHistory()
{
    // The history on screen belongs to the session: another session's (or a new one's) would put
    // its figures under this session's name.
    if (m_importJob->isRunning())
        m_importJob->cancel();
    m_impact->clearDataset();
    m_historyNotes.clear();
    m_missingHistory.clear();
    m_lastImportSummary.clear();
    QStringList paths;
    ImportOptions options;
    // Each file is read as it was (the format it was read in, when all share one), so a file
    // whose format was chosen by hand does not come back as something else.
    QSet<QString> formats;
    for (const HistorySourceRef &source : std::as_const(m_session.historySources))
        formats.insert(source.format);
    if (formats.size() == 1)
        options.format = historyFormatFromName(*formats.cbegin()).value_or(HistoryFormat::Auto);
    for (const HistorySourceRef &source : std::as_const(m_session.historySources)) {
        if (!QFileInfo::exists(source.path)) {
            m_missingHistory.append(tr("%1 was not found: its sign-ins are not in the figures").arg(source.path));
            continue;
        }
        paths.append(source.path);
        // One import, one set of column names: the import dialog gives every file the same.
        ColumnMapping columns;
        for (auto it = source.mapping.cbegin(); it != source.mapping.cend(); ++it)
            columns.setRole(it.key(), it.value());
        if (options.columns.isEmpty())
            options.columns = columns;
    }
    if (!paths.isEmpty()) {
        importHistory(paths, options, ImportSource::Session);
    } else if (!m_missingHistory.isEmpty()) {
        m_lastImportSummary = m_missingHistory.join(u'\n');
        showMessage(m_lastImportSummary);
    }
}

bool MainWindow::openSession(const QString &path)
{
    SessionDocument document;
    QString error;
    if (!SessionFile::read(path, &document, &error)) {
        showPlain(this, QMessageBox::Warning, tr("Cannot open session"), error);
        return false;
    }
    setSession(std::move(document));
    m_sessionPath = path;
    addRecentFile(path);
    refreshTitle();
    showMessage(tr("Opened session %1").arg(QFileInfo(path).fileName()));
    return true;
}

bool MainWindow::saveSession(const QString &path)
{
    storeCurrentScenario();
    QString error;
    if (!SessionFile::write(path, m_session, &error)) {
        showPlain(this, QMessageBox::Warning, tr("Cannot save session"), error);
        return false;
    }
    m_sessionPath = path;
    m_sessionDirty = false;
    m_undoStack->setClean();
    QFile::remove(autosavePath());
    addRecentFile(path);
    refreshTitle();
    showMessage(tr("Saved %1").arg(path));
    return true;
}

void MainWindow::storeCurrentScenario()
{
    m_session.scenarios[m_session.currentScenario].list = m_model->allowlist();
    m_session.adminAddresses.clear();
    for (const Ipv4Address &a : m_admin.ipv4)
        m_session.adminAddresses.append({a.toString(), m_admin.how});
}

QList<ScenarioFigures> MainWindow::compareScenarios()
{
    storeCurrentScenario();
    std::shared_ptr<const Dataset> dataset;
    if (m_impact->hasDataset())
        dataset = m_importJob->dataset();
    return alc::compareScenarios(m_session.scenarios, dataset, m_session.baseline, m_admin.ipv4);
}

bool MainWindow::exportReport(const QString &path, const QString &author, QString *fingerprint, bool *expected)
{
    const std::optional<ReportFormat> format = reportFormatForPath(path);
    if (!format) {
        showPlain(this, QMessageBox::Warning, tr("Cannot export"),
                  tr("Choose a file ending in .pdf, .html, .md or .csv."));
        return false;
    }
    m_impact->refreshNow();
    ReportInput input;
    input.orgName = m_session.orgName;
    input.region = m_session.region;
    input.author = author;
    if (!author.trimmed().isEmpty()) // offered next time (a name, never a secret)
        QSettings().setValue(QStringLiteral("report/author"), author.trimmed());
    input.scenarioName = m_session.scenarios.at(m_session.currentScenario).name;
    input.generatedAt = reportTimestamp();
    input.proposed = m_model->allowlist();
    if (!m_session.baseline.isEmpty() || m_session.baselinePulledAt.isValid())
        input.baseline = m_session.baseline;
    for (const Ipv4Address &address : m_admin.ipv4)
        input.adminIps.append({address.toString(), m_admin.how});
    input.impact = m_impact->evaluator();
    input.suggestions = m_impact->suggestions();
    input.importNotes = m_historyNotes;
    for (int i = 0; i < m_session.scenarios.size(); ++i) { // labels for networks the live list has
        if (i != m_session.currentScenario)
            input.labelSources.append(m_session.scenarios.at(i).list);
    }
    const ReportData report = buildReport(input);
    QString error;
    if (!writeReportFile(report, *format, path, &error)) {
        showPlain(this, QMessageBox::Warning, tr("Cannot export"), error);
        return false;
    }
    // A what-if review exports one report per scenario; one for a list that cannot be pushed as it
    // is must not decide what the next push may send.
    const bool pushable = !hasErrorsBesidesLockout(*m_model);
    if (pushable) {
        m_expectedReport = {report.fingerprint, input.scenarioName, QDateTime::currentDateTime(), path,
                            report.hasBaseline ? report.baselineFingerprint : QString()};
        m_stopExpectingAction->setEnabled(true);
        m_stopExpectingAction->setToolTip(tr("Push expects %1").arg(m_expectedReport.describe()));
    }
    if (expected)
        *expected = pushable;
    if (fingerprint)
        *fingerprint = report.fingerprint;
    showMessage(tr("Report written to %1 (fingerprint %2…)").arg(path, report.fingerprint.left(12)));
    return true;
}

void MainWindow::stopExpectingReport()
{
    if (!m_expectedReport.isSet())
        return;
    showMessage(tr("Push no longer expects %1").arg(m_expectedReport.describe()));
    m_expectedReport = {};
    m_stopExpectingAction->setEnabled(false);
    m_stopExpectingAction->setToolTip({});
}

void MainWindow::switchScenario(int index)
{
    if (index < 0 || index >= m_session.scenarios.size() || index == m_session.currentScenario)
        return;
    storeCurrentScenario();
    m_session.currentScenario = index;
    m_model->setAllowlist(m_session.scenarios.at(index).list);
    // Undo history belongs to the table contents it was recorded on.
    m_undoStack->clear();
    m_sessionDirty = true;
    refreshScenarioPicker();
    refreshTitle();
}

void MainWindow::duplicateScenario(const QString &name)
{
    storeCurrentScenario();
    Scenario copy = m_session.scenarios.at(m_session.currentScenario);
    copy.name = name;
    m_session.scenarios.append(copy);
    switchScenario(int(m_session.scenarios.size() - 1));
}

void MainWindow::deleteScenario(int index)
{
    // The last scenario stays: a session always shows a list.
    if (index < 0 || index >= m_session.scenarios.size() || m_session.scenarios.size() < 2)
        return;
    storeCurrentScenario();
    const QString name = m_session.scenarios.at(index).name;
    m_deletedScenario = std::make_pair(index, m_session.scenarios.at(index));
    m_session.scenarios.removeAt(index);
    const int current = m_session.currentScenario;
    const int next = current > index ? current - 1 : current == index ? std::max(0, index - 1) : current;
    m_session.currentScenario = next;
    if (current == index) {
        m_model->setAllowlist(m_session.scenarios.at(next).list);
        m_undoStack->clear(); // its steps were recorded on the deleted list
    }
    m_sessionDirty = true;
    refreshScenarioPicker();
    refreshTitle();
    showMessage(tr("Deleted scenario ‘%1’ (Scenario ▸ Restore brings it back)").arg(name));
}

void MainWindow::restoreDeletedScenario()
{
    if (!m_deletedScenario)
        return;
    const auto [index, scenario] = *std::exchange(m_deletedScenario, std::nullopt);
    const int at = std::min<int>(index, int(m_session.scenarios.size()));
    storeCurrentScenario();
    m_session.scenarios.insert(at, scenario);
    // The current scenario moved one place down when the restored one comes before it.
    if (m_session.currentScenario >= at)
        ++m_session.currentScenario;
    switchScenario(at);
    showMessage(tr("Restored scenario ‘%1’").arg(scenario.name));
}

void MainWindow::refreshScenarioPicker()
{
    if (m_restoreScenarioAction) {
        m_restoreScenarioAction->setEnabled(m_deletedScenario.has_value());
        m_restoreScenarioAction->setText(m_deletedScenario ? tr("&Restore ‘%1’").arg(m_deletedScenario->second.name)
                                                           : tr("&Restore deleted scenario"));
    }
    if (m_deleteScenarioAction) {
        m_deleteScenarioAction->setEnabled(m_session.scenarios.size() > 1);
        m_deleteScenarioAction->setToolTip(m_session.scenarios.size() > 1 ? QString()
                                                                          : tr("The last scenario cannot be deleted"));
    }
    m_scenarioPicker->clear();
    for (const Scenario &scenario : std::as_const(m_session.scenarios))
        m_scenarioPicker->addItem(scenario.name);
    m_scenarioPicker->setCurrentIndex(m_session.currentScenario);
}

void MainWindow::setTypedAdminAddress(Ipv4Address address)
{
    AdminAddressState state;
    state.ipv4 = {address};
    state.agreement = AdminAddressState::Agreement::Manual;
    state.how = tr("typed by you");
    setAdminAddresses(state);
    m_addressTyped = true;
    m_askedDetection = 0; // typed while a detection asked for was out: what was typed wins
    // Open push dialogs check it from now on, and stop waiting for a detection.
    handToPushDialogs(state.ipv4, m_options.detector ? m_options.detector->lastStartedSequence() : 0);
}

void MainWindow::setAdminAddresses(const AdminAddressState &state)
{
    m_addressTyped = false;
    m_admin = state;
    ValidationOptions options = m_model->validationOptions();
    options.adminIps = state.ipv4;
    m_model->setValidationOptions(options);
    refreshBanner();
}

void MainWindow::promptAdminAddress()
{
    // Asked again with what was typed after a refusal, to correct it rather than retype it.
    QString text = m_admin.ipv4.isEmpty() ? QString() : m_admin.ipv4.constFirst().toString();
    while (true) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Your public address"),
                                     tr("Your public IPv4 address as Genesys Cloud sees it:"), QLineEdit::Normal, text,
                                     &ok);
        if (!ok)
            return;
        QString problem;
        if (const auto address = Validator::parseAdminAddress(text, &problem)) {
            setTypedAdminAddress(*address);
            return;
        }
        showPlain(this, QMessageBox::Warning, tr("Not your public address"), problem + u'.');
    }
}

void MainWindow::refreshBanner()
{
    m_banner->update(m_admin, m_model->allowlist());
}

void MainWindow::refreshTitle()
{
    const bool dirty = m_sessionDirty || !m_undoStack->isClean();
    const QString name = m_sessionPath.isEmpty() ? tr("Untitled session") : QFileInfo(m_sessionPath).fileName();
    QString org = m_session.orgName.isEmpty() ? QString() : QStringLiteral(" — %1").arg(m_session.orgName);
    setWindowTitle(QStringLiteral("%1[*]%2").arg(name, org));
    setWindowModified(dirty);
}

QString MainWindow::autosavePath() const
{
    return QDir(m_options.dataDir).filePath(QStringLiteral("autosave.alcsession"));
}

void MainWindow::autosave()
{
    if (!(m_sessionDirty || !m_undoStack->isClean()) || m_options.dataDir.isEmpty())
        return;
    QDir().mkpath(m_options.dataDir);
    storeCurrentScenario();
    QString error;
    if (!SessionFile::write(autosavePath(), m_session, &error))
        showMessage(tr("Autosave failed: %1").arg(error));
}

bool MainWindow::hasRecoverableAutosave() const
{
    return !m_options.dataDir.isEmpty() && QFileInfo::exists(autosavePath());
}

bool MainWindow::recoverAutosave()
{
    SessionDocument document;
    QString error;
    if (!SessionFile::read(autosavePath(), &document, &error)) {
        showMessage(tr("The autosaved session could not be read: %1").arg(error));
        return false;
    }
    setSession(std::move(document));
    m_sessionDirty = true;
    refreshTitle();
    showMessage(tr("Recovered unsaved work from the previous run"));
    return true;
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 10000);
    statusBar()->setToolTip(message); // a long message is cut at the window's edge
}

bool MainWindow::maybeSave()
{
    if (!(m_sessionDirty || !m_undoStack->isClean()))
        return true;
    const auto answer =
        QMessageBox::question(this, tr("Unsaved changes"), tr("The session has unsaved changes. Save them first?"),
                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save) {
        if (m_sessionPath.isEmpty()) {
            const QString path = saveFileName(this, tr("Save session"), QStringLiteral("review.alcsession"),
                                              tr("Allowlist Console sessions (*.alcsession)"));
            return !path.isEmpty() && saveSession(path);
        }
        return saveSession(m_sessionPath);
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        settings.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    // A clean exit leaves nothing to recover.
    QFile::remove(autosavePath());
    event->accept();
}

} // namespace alc::ui
