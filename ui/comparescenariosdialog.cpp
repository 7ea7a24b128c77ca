#include "comparescenariosdialog.h"

#include <algorithm>

#include <QColor>
#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QScreen>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace alc::ui {

CompareScenariosDialog::CompareScenariosDialog(const QList<ScenarioFigures> &figures, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Compare scenarios"));
    const QStringList rows{tr("Entries"),
                           tr("Errors"),
                           tr("Warnings"),
                           tr("Covers your address"),
                           tr("Blocked sign-ins"),
                           tr("of which successful"),
                           tr("Users losing successful sign-ins"),
                           tr("Users with a blocked sign-in"),
                           tr("Users fully blocked"),
                           tr("Newly blocked vs live"),
                           tr("Newly allowed vs live"),
                           tr("Fingerprint")};
    m_table = new QTableWidget(int(rows.size()), int(figures.size()), this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setAccessibleName(tr("Scenario comparison"));
    m_table->setVerticalHeaderLabels(rows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    const QLocale locale;
    for (int c = 0; c < figures.size(); ++c) {
        const ScenarioFigures &f = figures.at(c);
        m_table->setHorizontalHeaderItem(c, new QTableWidgetItem(f.name));
        const auto impact = [&](qint64 value) {
            return f.hasImpact ? locale.toString(value) : tr("no history");
        };
        const QStringList values{locale.toString(f.entries),
                                 locale.toString(f.errors),
                                 locale.toString(f.warnings),
                                 !f.adminCovered   ? tr("unknown")
                                 : *f.adminCovered ? tr("yes")
                                                   : tr("NO — lockout"),
                                 impact(f.blocked),
                                 impact(f.blockedSuccessful),
                                 impact(f.usersBlockedSuccessful),
                                 impact(f.usersBlocked),
                                 impact(f.usersFullyBlocked),
                                 impact(f.newlyBlocked),
                                 impact(f.newlyAllowed),
                                 f.fingerprint.left(16) + QStringLiteral("…")};
        for (int r = 0; r < values.size(); ++r) {
            auto *item = new QTableWidgetItem(values.at(r));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (r == 10)
                item->setToolTip(f.fingerprint);
            m_table->setItem(r, c, item);
        }
    }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // The table shows the start of each fingerprint; here they are whole, to compare with an
    // exported report or copy.
    QStringList fingerprints;
    for (const ScenarioFigures &f : figures)
        fingerprints.append(QStringLiteral("%1: <tt>%2</tt>").arg(f.name.toHtmlEscaped(), f.fingerprint));
    auto *whole =
        new QLabel(tr("Fingerprints (SHA-256 of each list):<br>") + fingerprints.join(QStringLiteral("<br>")), this);
    whole->setObjectName(QStringLiteral("fingerprints"));
    whole->setTextInteractionFlags(Qt::TextSelectableByMouse);
    whole->setWordWrap(true);
    m_differences = new QTableWidget(0, 0, this);
    m_differences->setObjectName(QStringLiteral("entryDifferences"));
    m_differences->setAccessibleName(tr("Networks that differ between the lists"));
    m_differences->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_differences->verticalHeader()->hide();
    m_differences->hide();
    m_differencesTitle = new QLabel(this);
    m_differencesTitle->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    // Every figure in view first (the fingerprint row was scrolled away); the networks below get
    // the rest, at least a few rows.
    layout->addWidget(m_table, 5);
    layout->addWidget(whole);
    layout->addWidget(m_differencesTitle);
    m_differences->setMinimumHeight(130);
    layout->addWidget(m_differences, 2);
    layout->addWidget(buttons);
    // Room for the figures and the differences without scrolling, within the screen.
    QSize size(std::max(760, 260 + 190 * int(figures.size())), 720);
    if (const QScreen *screen = parent ? parent->screen() : nullptr)
        size = size.boundedTo(screen->availableGeometry().size() * 9 / 10);
    resize(size);
}

void CompareScenariosDialog::setLists(const QList<std::pair<QString, Allowlist>> &lists, const Dataset *history)
{
    // Network → label, and which lists hold it (by canonical network: notation does not matter).
    QMap<quint64, Ipv4Network> networks; // sorted in address order
    QHash<QString, QString> labels;
    QList<QSet<QString>> held;
    QList<Allowlist> allowlists;
    for (const auto &[name, list] : lists) {
        QSet<QString> set;
        for (const AllowlistEntry &entry : list.entries()) {
            const ParsedCidr parsed = entry.parsed();
            if (!parsed.isIpv4())
                continue;
            const QString cidr = parsed.network.toString();
            set.insert(cidr);
            networks.insert((quint64(parsed.network.first().toUInt()) << 8) | parsed.network.prefix(), parsed.network);
            if (!entry.label.isEmpty() && !labels.contains(cidr))
                labels.insert(cidr, entry.label);
        }
        held.append(set);
        allowlists.append(list);
    }
    QList<Ipv4Network> differing;
    for (const Ipv4Network &network : std::as_const(networks)) {
        const QString cidr = network.toString();
        const auto in = [&cidr](const QSet<QString> &set) {
            return set.contains(cidr);
        };
        if (!std::all_of(held.cbegin(), held.cend(), in))
            differing.append(network);
    }
    const QLocale locale;
    const auto counted = [&locale](qint64 signIns, qint64 users) {
        return tr("%1 %2, %3 %4")
            .arg(locale.toString(signIns), signIns == 1 ? tr("sign-in") : tr("sign-ins"), locale.toString(users),
                 users == 1 ? tr("user") : tr("users"));
    };
    QStringList headers{tr("Network"), tr("Label")};
    const int firstList = history ? 3 : 2;
    if (history)
        headers.append(tr("Seen in the history"));
    for (const auto &list : lists)
        headers.append(list.first);
    m_differences->clear();
    m_differences->setColumnCount(int(headers.size()));
    m_differences->setHorizontalHeaderLabels(headers);
    m_differences->setRowCount(int(differing.size()));
    // At most 300 networks against a few lists; each list is compiled once for all of them.
    const QList<NetworkHistory> histories =
        history ? networkHistories(*history, differing, allowlists) : QList<NetworkHistory>();
    for (int r = 0; r < differing.size(); ++r) {
        const QString cidr = differing.at(r).toString();
        m_differences->setItem(r, 0, new QTableWidgetItem(cidr));
        m_differences->setItem(r, 1, new QTableWidgetItem(labels.value(cidr)));
        m_differences->item(r, 1)->setToolTip(labels.value(cidr));
        std::optional<NetworkHistory> seen;
        if (history) {
            seen = histories.at(r);
            auto *item = new QTableWidgetItem(seen->signIns ? counted(seen->signIns, seen->users) : tr("nothing"));
            item->setToolTip(
                tr("Sign-ins from inside %1 in the imported history: %2 successful, %3 failed")
                    .arg(cidr, locale.toString(seen->successful), locale.toString(seen->signIns - seen->successful)));
            m_differences->setItem(r, 2, item);
        }
        for (int c = 0; c < held.size(); ++c) {
            const bool in = held.at(c).contains(cidr);
            QString text = in ? tr("in") : tr("\u2014");
            QString tip = in ? tr("%1 has %2").arg(lists.at(c).first, cidr)
                             : tr("%1 does not have %2").arg(lists.at(c).first, cidr);
            // Without the network, a list may still admit its addresses through a wider entry.
            if (seen && !in && seen->signIns > 0) {
                const NetworkHistory::Blocked &blocked = seen->blockedBy.at(c);
                // Short enough for a column per list; the users are in the tooltip.
                text = blocked.signIns ? tr("\u2014 blocks %1").arg(locale.toString(blocked.signIns))
                                       : tr("\u2014 blocks none");
                tip += blocked.signIns
                           ? tr(": it blocks %1 from inside it").arg(counted(blocked.signIns, blocked.users))
                       : allowlists.at(c).isEmpty() ? tr(": an empty list admits every address")
                                                    : tr(": its other entries admit every sign-in seen from inside it");
            }
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignCenter);
            item->setToolTip(tip);
            if (seen && !in && seen->blockedBy.at(c).signIns > 0)
                item->setForeground(QColor(0xb0, 0x30, 0x20));
            m_differences->setItem(r, firstList + c, item);
        }
    }
    m_differences->resizeColumnsToContents();
    m_differences->setColumnWidth(1, std::min(m_differences->columnWidth(1), 220));
    m_differences->horizontalHeader()->setStretchLastSection(true);
    m_differencesTitle->setText(differing.isEmpty()
                                    ? tr("The lists hold the same networks.")
                                    : tr("Networks that differ between the lists (%1):").arg(differing.size()));
    m_differencesTitle->show();
    m_differences->setVisible(!differing.isEmpty());
}

} // namespace alc::ui
