#pragma once

#include <QMainWindow>

class QLabel;
class QTableView;

namespace alc {
class AllowlistModel;
}

namespace alc::ui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    AllowlistModel *allowlistModel() const { return m_model; }
    bool openListFile(const QString &path);

private:
    void updateSummary();

    AllowlistModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace alc::ui
