#include "connectdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace alc::ui {

ConnectDialog::ConnectDialog(const OrgProfile &initial, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect to a Genesys Cloud org"));
    auto *form = new QFormLayout;
    m_region = new QComboBox(this);
    m_region->setObjectName(QStringLiteral("region"));
    m_region->setAccessibleName(tr("Region"));
    for (const Region &region : Region::all())
        m_region->addItem(region.domain, region.domain);
    m_region->addItem(tr("Custom API and login URLs…"), QString());
    const int index = m_region->findData(initial.region);
    m_region->setCurrentIndex(index >= 0 ? index : (initial.apiUrl.isValid() ? m_region->count() - 1 : 0));
    form->addRow(tr("&Region:"), m_region);
    m_apiUrl = new QLineEdit(initial.apiUrl.toString(), this);
    m_apiUrl->setObjectName(QStringLiteral("apiUrl"));
    m_apiUrl->setPlaceholderText(QStringLiteral("https://api.mypurecloud.com"));
    m_loginUrl = new QLineEdit(initial.loginUrl.toString(), this);
    m_loginUrl->setObjectName(QStringLiteral("loginUrl"));
    m_loginUrl->setPlaceholderText(QStringLiteral("https://login.mypurecloud.com"));
    form->addRow(tr("API URL:"), m_apiUrl);
    form->addRow(tr("Login URL:"), m_loginUrl);
    m_clientId = new QLineEdit(initial.clientId, this);
    m_clientId->setObjectName(QStringLiteral("clientId"));
    m_clientId->setAccessibleName(tr("OAuth client id"));
    form->addRow(tr("OAuth &client id:"), m_clientId);
    m_method = new QComboBox(this);
    m_method->setAccessibleName(tr("Sign-in method"));
    m_method->addItem(tr("Sign in as me in the browser (authorization code + PKCE)"));
    m_method->addItem(tr("Client credentials (OAuth client secret)"));
    m_method->setCurrentIndex(initial.pkce ? 0 : 1);
    form->addRow(tr("Sign-in &method:"), m_method);
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("clientSecret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(tr("Client secret"));
    m_secret->setPlaceholderText(
        tr("empty: the one kept for this client; once it signs in, kept in the OS keychain, never in a file"));
    form->addRow(tr("Client &secret:"), m_secret);
    m_port = new QSpinBox(this);
    m_port->setRange(1024, 65535);
    m_port->setValue(initial.redirectPort);
    m_port->setAccessibleName(tr("Redirect port"));
    form->addRow(tr("Redirect &port:"), m_port);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("connectProblem"));
    m_problem->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_method, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateMethod);
    connect(m_region, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateMethod);
    for (QLineEdit *edit : {m_clientId, m_apiUrl, m_loginUrl})
        connect(edit, &QLineEdit::textChanged, this, &ConnectDialog::updateMethod);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    updateMethod();
}

void ConnectDialog::updateMethod()
{
    const bool pkce = m_method->currentIndex() == 0;
    const bool custom = m_region->currentData().toString().isEmpty();
    m_apiUrl->setEnabled(custom);
    m_loginUrl->setEnabled(custom);
    m_secret->setEnabled(!pkce);
    m_port->setEnabled(pkce);
    m_note->setText(pkce ? tr("Your browser opens Genesys Cloud's sign-in page; the redirect comes back to "
                              "http://127.0.0.1:%1/callback, which must be registered on the OAuth client. Only this "
                              "method puts <b>your name</b> on the change in Genesys's audit log.")
                               .arg(m_port->value())
                         : tr("The change is made by the OAuth client: Genesys's audit log names the client, not you. "
                              "The client needs the permission directory:organization:admin."));

    // OK only for a profile that can be tried: connecting replaces the current connection.
    QString problem;
    if (m_clientId->text().trimmed().isEmpty()) {
        problem = tr("Enter the OAuth client id.");
    } else if (custom) {
        QString why;
        for (const QLineEdit *edit : {m_apiUrl, m_loginUrl}) {
            const QUrl url(edit->text().trimmed());
            if (edit->text().trimmed().isEmpty() || !url.isValid() || url.host().isEmpty()) {
                problem = tr("Enter the API and login URLs.");
                break;
            }
            if (!OrgEndpoint::isAcceptableUrl(url, &why)) {
                problem = why;
                break;
            }
        }
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_ok->setEnabled(problem.isEmpty());
}

OrgProfile ConnectDialog::profile() const
{
    OrgProfile profile;
    profile.region = m_region->currentData().toString();
    if (profile.region.isEmpty()) {
        profile.apiUrl = QUrl(m_apiUrl->text().trimmed());
        profile.loginUrl = QUrl(m_loginUrl->text().trimmed());
    }
    profile.clientId = m_clientId->text().trimmed();
    profile.pkce = m_method->currentIndex() == 0;
    profile.redirectPort = quint16(m_port->value());
    return profile;
}

QString ConnectDialog::clientSecret() const
{
    return m_secret->text();
}

} // namespace alc::ui
