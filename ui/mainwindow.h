#pragma once

#include "expectedreport.h"
#include "lockoutbanner.h"
#include "orgconnection.h"

#include <history/historyimporter.h>
#include <session/scenariocomparison.h>
#include <session/sessiondocument.h>

#include <QMainWindow>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;
class QUndoStack;

namespace alc {
class AllowlistModel;
class HttpClient;
class Journal;
class PublicIpDetector;
class SecretStore;
struct PublicIpDetection;
class ImportJob;
} // namespace alc

namespace alc::ui {

class AllowlistEditor;
class ImpactPanel;
class OrgConnection;

// The sandbox org the demo connects to (started by main()).
struct DemoOrg
{
    QUrl url; // http://127.0.0.1:<port>, both API and login
    QString clientId;
    QString clientSecret; // the sandbox's own, not a real secret
    QString callerIp;     // the address the sandbox sees the admin at
};

// What main() decides and hands to the window; no globals. The org objects are optional: tests
// that do not talk to an org leave them null, and the Org menu is then disabled.
struct MainWindowOptions
{
    QString dataDir; // autosave and other app files
    bool restoreLayout = true;
    int autosaveIntervalMs = 20 * 1000;
    HttpClient *http = nullptr;
    Journal *journal = nullptr;
    SecretStore *secrets = nullptr;
    PublicIpDetector *detector = nullptr; // null: never asks an echo service (tests, offline)
};

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(MainWindowOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    AllowlistModel *allowlistModel() const { return m_model; }
    AllowlistEditor *editor() const { return m_editor; }
    LockoutBanner *lockoutBanner() const { return m_banner; }
    QUndoStack *undoStack() const { return m_undoStack; }
    ImpactPanel *impactPanel() const { return m_impact; }
    ImportJob *importJob() const { return m_importJob; }
    const SessionDocument &session() const { return m_session; }

    // Replaces the current scenario's entries with a list file (undoable as one step).
    bool openListFile(const QString &path);
    bool openSession(const QString &path);
    // The built-in demo: sample list and history; with a sandbox, connects to it and pulls the
    // live list as the baseline, and takes the sandbox's caller address as the admin's.
    void openDemo(const std::optional<DemoOrg> &sandbox = std::nullopt);
    OrgConnection *orgConnection() const { return m_org; }
    // changesSession: false when the demo connects its sandbox (a fresh demo is no unsaved work).
    void connectToOrg(const OrgProfile &profile, const QString &secret, bool changesSession = true);
    void pull();
    // Opens the push dialog for the current draft (or a journal entry's list for a restore).
    class PushDialog *openPushDialog(const QList<AllowlistEntry> &entries = {}, qint64 restoredFrom = 0);
    // Asks the echo services again (at start, when the network changes, as a push dialog opens),
    // unless the admin typed the address: a typed address is not replaced by what they answer.
    void detectAdminAddress();
    // Org → Detect my public address: asked by the admin, so its answer replaces a typed address
    // (when a service answers; a failed detection keeps it).
    void detectAdminAddressNow();
    // Org → Set my IP…: kept against automatic detections until a network change or an answered
    // Detect my public address; open push dialogs check it at once.
    void setTypedAdminAddress(Ipv4Address address);
    bool saveSession(const QString &path);
    // Shows a session: its scenarios, baseline and admin addresses, and its history sources
    // imported again with their column names (the history on screen is the session's, or none).
    void setSession(SessionDocument session);
    void importSessionHistory();
    // Shows addresses that are not the admin's word now (the demo's, a session's, a detection's):
    // a later detection replaces them, and push dialogs are not handed them.
    void setAdminAddresses(const AdminAddressState &state);
    const AdminAddressState &adminAddresses() const { return m_admin; }

    // Where the files of an import come from: the user (the session's history sources become
    // these files, with their column names), the demo's sample (a fresh demo session holds it
    // already), or the session being opened (its sources stay as saved, found or not).
    enum class ImportSource { User, Demo, Session };
    // Imports sign-in history off the GUI thread; progress and cancel in the status bar.
    void importHistory(const QStringList &paths, const ImportOptions &options,
                       ImportSource source = ImportSource::User);
    // The import dialog for these files (format, column names, what the import replaces), then the import.
    void reviewAndImportHistory(const QStringList &paths);
    QString lastImportSummary() const { return m_lastImportSummary; }
    // The report a push expects (set by exporting a report for a list without error findings).
    const ExpectedReport &expectedReport() const { return m_expectedReport; }
    void stopExpectingReport();
    // The live list the draft is compared with (from a pull, or the session).
    void setBaseline(const QStringList &cidrs, const QDateTime &pulledAt);

    QList<ScenarioFigures> compareScenarios();
    // Writes the report of the current scenario; the format follows the extension. A list without
    // error findings (a lockout aside: the push dialog handles it) becomes the one a push expects;
    // `expected` says whether it did.
    bool exportReport(const QString &path, const QString &author, QString *fingerprint = nullptr,
                      bool *expected = nullptr);

    void switchScenario(int index);
    void duplicateScenario(const QString &name);
    // Removes a scenario (never the last one); the one shown next is the one before it.
    void deleteScenario(int index);
    // Brings back the scenario deleted last, where it was, and shows it (Scenario ▸ Restore).
    void restoreDeletedScenario();
    QString autosavePath() const;
    bool hasRecoverableAutosave() const;
    bool recoverAutosave();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void pullLiveList(bool changesSession);
    void createActions();
    void refreshBanner();
    void refreshImpact();
    void refreshOrgActions();
    void applyDetection(const PublicIpDetection &detection);
    // Starts a detection that open push dialogs wait for; returns its sequence.
    quint64 startDetection();
    void networkChanged();
    void awaitInPushDialogs(quint64 sequence);
    void handToPushDialogs(const QList<Ipv4Address> &addresses, quint64 sequence);
    void showIpRanges();
    void showJournal();
    QHash<QString, QString> knownLabels() const;
    void importFinished();
    void refreshTitle();
    void refreshScenarioPicker();
    void storeCurrentScenario();
    void autosave();
    void addRecentFile(const QString &path);
    void showMessage(const QString &message);
    bool maybeSave();
    void promptAdminAddress();

    MainWindowOptions m_options;
    SessionDocument m_session;
    QString m_sessionPath;
    AdminAddressState m_admin;
    quint64 m_askedDetection = 0; // the sequence of the detection the admin asked for (menu)
    bool m_addressTyped = false;  // m_admin was typed in this run (Set my IP…), for this network
    bool m_sessionDirty = false;
    QStringList m_historyNotes;   // what the import of the history on screen said beside the figures
    QStringList m_missingHistory; // the session's history sources that were not found
    ImportSource m_importSource = ImportSource::User;
    ImportOptions m_importOptions;

    AllowlistModel *m_model = nullptr;
    QUndoStack *m_undoStack = nullptr;
    AllowlistEditor *m_editor = nullptr;
    LockoutBanner *m_banner = nullptr;
    QComboBox *m_scenarioPicker = nullptr;
    ImpactPanel *m_impact = nullptr;
    ImportJob *m_importJob = nullptr;
    QProgressBar *m_importProgress = nullptr;
    QPushButton *m_importCancel = nullptr;
    QStringList m_importPaths;
    QString m_lastImportSummary;
    ExpectedReport m_expectedReport; // set by a report export; a push must match it
    QAction *m_stopExpectingAction = nullptr;
    QAction *m_deleteScenarioAction = nullptr;
    QAction *m_restoreScenarioAction = nullptr;
    std::optional<std::pair<int, Scenario>> m_deletedScenario; // the last one deleted, and where it was
    OrgConnection *m_org = nullptr;
    QList<QAction *> m_orgActions; // need a connection
    QAction *m_pushAction = nullptr;
    QTimer *m_autosaveTimer = nullptr;
    QMenu *m_recentMenu = nullptr;
};

} // namespace alc::ui
