#pragma once

#include "command.h"

#include <journal/journal.h>
#include <orgapi/authenticator.h>
#include <orgapi/httpclient.h>
#include <orgapi/orgclient.h>
#include <orgapi/orgsession.h>
#include <orgapi/publicipdetector.h>
#include <orgapi/secretstore.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QObject>

#include <functional>

namespace alc::cli {

// Options every command that talks to an org shares.
struct ConnectionOptions
{
    QCommandLineOption region{QStringLiteral("region"), QStringLiteral("The org's region domain, e.g. mypurecloud.ie."),
                              QStringLiteral("DOMAIN")};
    QCommandLineOption clientId{QStringLiteral("client-id"), QStringLiteral("The OAuth client id."),
                                QStringLiteral("ID")};
    QCommandLineOption apiUrl{QStringLiteral("api-url"),
                              QStringLiteral("Replace https://api.<region> (plain HTTP only for loopback)."),
                              QStringLiteral("URL")};
    QCommandLineOption loginUrl{QStringLiteral("login-url"),
                                QStringLiteral("Replace https://login.<region> (plain HTTP only for loopback)."),
                                QStringLiteral("URL")};
    QCommandLineOption pkce{QStringLiteral("pkce"),
                            QStringLiteral("Sign in as yourself in the browser (authorization code + PKCE) instead of "
                                           "with the client secret; the audit log then names you.")};
    QCommandLineOption redirectPort{QStringLiteral("redirect-port"),
                                    QStringLiteral("Loopback port of the PKCE redirect http://127.0.0.1:PORT/callback "
                                                   "(must match the OAuth client; default 8085)."),
                                    QStringLiteral("PORT"), QStringLiteral("8085")};

    QCommandLineOption saveSecret{QStringLiteral("save-secret"),
                                  QStringLiteral("Store ALLOWLIST_CLIENT_SECRET in the OS keychain for later runs.")};

    void addTo(QCommandLineParser &parser) const;
};

// The objects behind one CLI run against an org, and the steps every command shares: sign in,
// identify the org and the actor, report errors with their correlation id.
class CliConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliConnection)

public:
    CliConnection(QString command, Io io, QObject *parent = nullptr);

    // Reads the connection options; on failure prints the problem and returns false (usage).
    bool configure(const QCommandLineParser &parser, const ConnectionOptions &options);
    // Opens the journal; on failure prints why.
    bool openJournal();
    // Signs in and identifies the org; calls `next` on success, exits with ApiFailed otherwise.
    void connectThen(const std::function<void()> &next);

    void fail(int status, const QString &message);
    void finish(int status);

    Io io;
    QString command;
    HttpClient http;
    SecretStore secrets;
    Journal journal;
    Authenticator *auth = nullptr;
    OrgClient *client = nullptr;
    OrgSession *session = nullptr;

private:
    void signIn(const std::function<void()> &next);
    void showCountdown(int delayMs);
    void signInInBrowser(const std::function<void(const ApiError &)> &done);
    void keepRefreshToken();

    QString m_clientId;
    bool m_pkce = false;
    bool m_saveSecret = false;
    quint16 m_redirectPort = 8085;
};

// What push and rollback share: admin address, preflight, diff, confirmation, PATCH, verify.
struct PushSettings
{
    PushRequest request;
    bool dryRun = false;
    bool yes = false;
    bool rebase = false;
    QList<QUrl> echoUrls;          // empty: the documented defaults
    QList<Ipv4Address> adminIps;   // --admin-ip (repeatable): no detection; each must be covered
    bool alreadyConnected = false; // signed in and identified by the caller
};

void runPushFlow(CliConnection *connection, PushSettings settings);

// Adds the options push and rollback share.
struct PushOptions
{
    QCommandLineOption adminIp{QStringLiteral("admin-ip"),
                               QStringLiteral("Your public IPv4 address; skips detection (repeatable: every one "
                                              "must be covered)."),
                               QStringLiteral("ADDRESS")};
    QCommandLineOption echoUrl{QStringLiteral("echo-url"),
                               QStringLiteral("A public-IP echo service to ask (repeatable; replaces the defaults)."),
                               QStringLiteral("URL")};
    QCommandLineOption dryRun{QStringLiteral("dry-run"),
                              QStringLiteral("Show the plan and the preflight; send nothing.")};
    QCommandLineOption yes{QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation.")};
    QCommandLineOption overrideLockout{QStringLiteral("override-lockout"),
                                       QStringLiteral("Push even though the list does not cover your address; the "
                                                      "reason is recorded in the journal."),
                                       QStringLiteral("REASON")};
    QCommandLineOption allowEmpty{QStringLiteral("allow-empty"),
                                  QStringLiteral("Send an empty list, which lets every address sign in (without "
                                                 "it, an empty list is refused: a truncated file is not a decision).")};
    QCommandLineOption allowEveryone{QStringLiteral("allow-everyone"),
                                     QStringLiteral("Send a list that admits half of all IPv4 addresses or more "
                                                    "(0.0.0.0/0, a /1): in effect no restriction. Without it, such "
                                                    "a list is refused.")};
    QCommandLineOption rebase{QStringLiteral("rebase"),
                              QStringLiteral("If the org changed since the last pull, replay its changes onto "
                                             "your list instead of refusing.")};

    void addTo(QCommandLineParser &parser) const;
    // Fills the shared fields; false (after printing why) on a usage error.
    bool read(const QCommandLineParser &parser, PushSettings &settings, Io io, const QString &command) const;
};

} // namespace alc::cli
