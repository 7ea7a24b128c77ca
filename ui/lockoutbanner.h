#pragma once

#include <rules/allowlist.h>
#include <rules/ipv4address.h>

#include <QFrame>

class QLabel;
class QPushButton;

namespace alc::ui {

// What the console knows of the admin's own public address, and how it learned it.
struct AdminAddressState
{
    enum class Agreement { NotDetected, Agree, Disagree, Manual };
    QList<Ipv4Address> ipv4;
    QStringList ipv6;
    Agreement agreement = Agreement::NotDetected;
    QString how; // "2 echo services agree", "typed by you", "sandbox caller address"
};

// The banner above the table: green when the draft covers the admin, amber when unsure, red when
// saving the draft would lock the admin out, with the fix one click away.
class LockoutBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LockoutBanner)

public:
    enum class Level { Green, Amber, Red };

    explicit LockoutBanner(QWidget *parent = nullptr);

    void update(const AdminAddressState &admin, const Allowlist &list);
    Level level() const { return m_level; }
    QString text() const;

Q_SIGNALS:
    void addAddressRequested(alc::Ipv4Address address);
    void setAddressRequested();

private:
    void applyLevel(Level level);

    Level m_level = Level::Amber;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_fix = nullptr;
    QPushButton *m_setAddress = nullptr;
    Ipv4Address m_missing;
};

} // namespace alc::ui
