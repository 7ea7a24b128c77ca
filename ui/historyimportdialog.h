#pragma once

#include <history/historyimporter.h>

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace alc::ui {

// Before an import: the files, a preview of the first lines, the format (detected or forced) and
// optional column names that override detection.
class HistoryImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryImportDialog)

public:
    HistoryImportDialog(const QStringList &paths, QWidget *parent = nullptr);
    ImportOptions options() const;
    QStringList paths() const { return m_paths; }

private:
    QStringList m_paths;
    QComboBox *m_format = nullptr;
    QLineEdit *m_ip = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_time = nullptr;
    QLineEdit *m_app = nullptr;
    QLineEdit *m_result = nullptr;
};

} // namespace alc::ui
