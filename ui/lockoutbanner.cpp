#include "lockoutbanner.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>

#include <rules/validator.h>

namespace alc::ui {

LockoutBanner::LockoutBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("lockoutBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Lockout check"));
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("lockoutText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fix = new QPushButton(this);
    m_fix->setObjectName(QStringLiteral("lockoutFix"));
    m_setAddress = new QPushButton(tr("Set my &IP…"), this);
    m_setAddress->setObjectName(QStringLiteral("setAdminIp"));
    m_setAddress->setToolTip(tr("Type your public address by hand (overrides detection)"));

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_fix);
    layout->addWidget(m_setAddress);

    connect(m_fix, &QPushButton::clicked, this, [this] { Q_EMIT addAddressRequested(m_missing); });
    connect(m_setAddress, &QPushButton::clicked, this, &LockoutBanner::setAddressRequested);
    update({}, {});
}

QString LockoutBanner::text() const
{
    return m_text->text();
}

void LockoutBanner::update(const AdminAddressState &admin, const Allowlist &list)
{
    m_fix->hide();
    QStringList addresses;
    for (const Ipv4Address &a : admin.ipv4)
        addresses.append(a.toString());
    const QString who = addresses.join(QStringLiteral(", "));
    const QString how = admin.how.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(admin.how);

    if (admin.ipv4.isEmpty()) {
        m_text->setText(tr("Your public IPv4 address is not known yet, so this draft cannot be checked for a "
                           "lockout. Detect it or set it by hand before pushing."));
        applyLevel(Level::Amber);
        return;
    }
    // Find the first address the draft leaves out.
    const std::vector<Ipv4Network> networks = list.networks();
    for (const Ipv4Address &a : admin.ipv4) {
        if (list.isEmpty() || Validator::covers(networks, a))
            continue;
        m_missing = a;
        m_text->setText(tr("<b>Saving this list locks you out.</b> Your address %1%2 is not covered by any entry.")
                            .arg(a.toString(), how));
        m_fix->setText(tr("&Add %1/32").arg(a.toString()));
        m_fix->show();
        applyLevel(Level::Red);
        return;
    }
    QString message = list.isEmpty()
                          ? tr("The list is empty: every address can sign in, including yours (%1%2).").arg(who, how)
                          : tr("You stay signed in: your address %1%2 is covered by this draft.").arg(who, how);
    Level level = list.isEmpty() ? Level::Amber : Level::Green;
    if (!list.isEmpty() && list.isWideOpen()) {
        message = tr("<b>This list admits half of all IPv4 addresses or more</b> (0.0.0.0/0 or a /1): in effect "
                     "every address can sign in, yours (%1%2) included. A push needs you to say you mean it.")
                      .arg(who, how);
        level = Level::Amber;
    }
    if (admin.agreement == AdminAddressState::Agreement::Disagree) {
        message += tr(" <b>Detection services disagree</b> (split-tunnel VPN or proxy?): make sure every address "
                      "you may appear from is covered.");
        level = Level::Amber;
    }
    if (!admin.ipv6.isEmpty()) {
        message += tr(" You also have IPv6 (%1): Genesys only admits IPv4, so make sure your browser signs in "
                      "over IPv4.")
                       .arg(admin.ipv6.join(QStringLiteral(", ")));
        level = Level::Amber;
    }
    m_text->setText(message);
    applyLevel(level);
}

void LockoutBanner::applyLevel(Level level)
{
    m_level = level;
    const char *name = level == Level::Green ? "green" : level == Level::Amber ? "amber" : "red";
    setProperty("level", QString::fromLatin1(name));
    // Translucent tints read well on both light and dark palettes.
    const QString colour = level == Level::Green   ? QStringLiteral("rgba(46,125,50,0.18)")
                           : level == Level::Amber ? QStringLiteral("rgba(242,169,0,0.22)")
                                                   : QStringLiteral("rgba(211,47,47,0.22)");
    const QString border = level == Level::Green   ? QStringLiteral("#2e7d32")
                           : level == Level::Amber ? QStringLiteral("#b37d00")
                                                   : QStringLiteral("#d32f2f");
    setStyleSheet(QStringLiteral("#lockoutBanner { background: %1; border: 1px solid %2; border-radius: 4px; }")
                      .arg(colour, border));
    const QString icon = level == Level::Green   ? QStringLiteral(":/icons/ok.svg")
                         : level == Level::Amber ? QStringLiteral(":/icons/warning.svg")
                                                 : QStringLiteral(":/icons/error.svg");
    m_icon->setPixmap(QIcon(icon).pixmap(24, 24));
    setAccessibleDescription(m_text->text());
}

} // namespace alc::ui
