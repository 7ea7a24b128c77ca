#include "mainwindow.h"

#include <rules/allowlistmodel.h>
#include <rules/listfile.h>

#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace alc::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new AllowlistModel(this))
{
    setWindowTitle(tr("Allowlist Console"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    m_summary = new QLabel(central);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    layout->addWidget(m_summary);

    m_table = new QTableView(central);
    m_table->setObjectName(QStringLiteral("allowlistTable"));
    m_table->setAccessibleName(tr("Allowlist entries"));
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setSectionResizeMode(AllowlistModel::StatusColumn, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    layout->addWidget(m_table);
    setCentralWidget(central);

    connect(m_model, &AllowlistModel::validationChanged, this, &MainWindow::updateSummary);
    updateSummary();
    resize(1100, 600);
}

MainWindow::~MainWindow() = default;

bool MainWindow::openListFile(const QString &path)
{
    const ListFile::ReadResult read = ListFile::read(path);
    if (!read.ok()) {
        statusBar()->showMessage(read.error);
        return false;
    }
    m_model->setAllowlist(read.list);
    m_table->resizeColumnsToContents();
    statusBar()->showMessage(tr("Opened %1").arg(path));
    return true;
}

void MainWindow::updateSummary()
{
    const ValidationResult &v = m_model->validation();
    m_summary->setText(tr("%1 of %2 entries — %3 errors, %4 warnings")
                           .arg(m_model->rowCount())
                           .arg(Allowlist::MaxEntries)
                           .arg(v.errors)
                           .arg(v.warnings));
}

} // namespace alc::ui
