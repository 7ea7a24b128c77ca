#pragma once

#include <history/historyimporter.h>

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
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

    QString detectedText() const;
    // Says that importing replaces the history already loaded (described by the caller).
    void setReplacedHistory(const QString &description);

private:
    void updateDetection();

    QStringList m_paths;
    QByteArray m_head;
    QLabel *m_detected = nullptr;
    QLabel *m_replaces = nullptr;
    QPushButton *m_import = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_ip = nullptr;
    QComboBox *m_user = nullptr;
    QComboBox *m_time = nullptr;
    QComboBox *m_app = nullptr;
    QComboBox *m_result = nullptr;
};

} // namespace alc::ui
