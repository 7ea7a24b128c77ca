#include "comparescenariosdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
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
                           tr("Users blocked"),
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
    // approved report or copy.
    QStringList fingerprints;
    for (const ScenarioFigures &f : figures)
        fingerprints.append(QStringLiteral("%1: <tt>%2</tt>").arg(f.name.toHtmlEscaped(), f.fingerprint));
    auto *whole =
        new QLabel(tr("Fingerprints (SHA-256 of each list):<br>") + fingerprints.join(QStringLiteral("<br>")), this);
    whole->setObjectName(QStringLiteral("fingerprints"));
    whole->setTextInteractionFlags(Qt::TextSelectableByMouse);
    whole->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(whole);
    layout->addWidget(buttons);
    resize(220 + 180 * int(figures.size()), 420);
}

} // namespace alc::ui
