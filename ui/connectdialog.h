#pragma once

#include "orgconnection.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace alc::ui {

// Picks the org: region (or explicit URLs), OAuth client id, sign-in method, and the client
// secret for client credentials. Profiles are remembered without their secret.
class ConnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)

public:
    explicit ConnectDialog(const OrgProfile &initial, QWidget *parent = nullptr);
    OrgProfile profile() const;
    QString clientSecret() const;

private:
    void updateMethod();

    QComboBox *m_region = nullptr;
    QLineEdit *m_apiUrl = nullptr;
    QLineEdit *m_loginUrl = nullptr;
    QLineEdit *m_clientId = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_secret = nullptr;
    QSpinBox *m_port = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_problem = nullptr; // why OK is disabled
    QPushButton *m_ok = nullptr;
};

} // namespace alc::ui
