#include "historyimportdialog.h"

#include <history/csvreader.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace alc::ui {
namespace {

constexpr int PreviewLines = 12;
constexpr qint64 PreviewBytes = 16 * 1024;

QString preview(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QObject::tr("(cannot read %1: %2)").arg(path, file.errorString());
    const QByteArray head = file.read(PreviewBytes);
    if (head.contains('\0'))
        return QObject::tr("(binary data: this is not a sign-in log)");
    QStringList lines = QString::fromUtf8(head).split(u'\n');
    if (lines.size() > PreviewLines)
        lines = lines.mid(0, PreviewLines);
    for (QString &line : lines) {
        if (line.size() > 240)
            line = line.left(240) + QStringLiteral(" …");
    }
    return lines.join(u'\n');
}

// The names in the first line of a CSV/TSV file, split on the delimiter it uses most
// (comma, semicolon, tab or bar); none for JSON or an unreadable file.
QStringList headerNames(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray line = file.readLine(64 * 1024).trimmed();
    if (line.startsWith("\xEF\xBB\xBF"))
        line = line.mid(3);
    if (line.isEmpty() || line.startsWith('[') || line.startsWith('{'))
        return {};
    char delimiter = ',';
    qsizetype most = 0;
    for (const char candidate : {',', ';', '\t', '|'}) {
        if (line.count(candidate) > most) {
            most = line.count(candidate);
            delimiter = candidate;
        }
    }
    QStringList names;
    for (const QByteArray &field : line.split(delimiter)) {
        const QString name = QString::fromUtf8(field).remove(u'"').trimmed();
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace

HistoryImportDialog::HistoryImportDialog(const QStringList &paths, QWidget *parent)
    : QDialog(parent)
    , m_paths(paths)
{
    setWindowTitle(tr("Import sign-in history"));
    auto *layout = new QVBoxLayout(this);
    QStringList names;
    for (const QString &path : paths)
        names.append(QFileInfo(path).fileName());
    layout->addWidget(new QLabel(tr("Files: %1").arg(names.join(QStringLiteral(", "))), this));
    layout->addWidget(new QLabel(tr("First lines of %1:").arg(names.value(0)), this));
    auto *text = new QPlainTextEdit(preview(paths.value(0)), this);
    text->setObjectName(QStringLiteral("importPreview"));
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setAccessibleName(tr("Preview of the file"));
    layout->addWidget(text, 1);

    auto *form = new QFormLayout;
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("importFormat"));
    m_format->addItem(tr("Detect automatically"), int(HistoryFormat::Auto));
    m_format->addItem(tr("Generic CSV/TSV"), int(HistoryFormat::Generic));
    m_format->addItem(tr("Microsoft Entra ID sign-ins (CSV, Graph JSON or diagnostic log)"), int(HistoryFormat::Entra));
    m_format->addItem(tr("Okta System Log (JSON or CSV)"), int(HistoryFormat::Okta));
    m_format->addItem(tr("Genesys Cloud audit (JSON)"), int(HistoryFormat::Genesys));
    form->addRow(tr("&Format:"), m_format);
    // Editable lists of the file's own header names: picking one cannot mistype it, and a
    // name can still be typed (a file whose header the dialog cannot split).
    const QStringList headers = headerNames(m_paths.value(0));
    const auto addField = [this, form, &headers](QComboBox **box, const QString &label, const QString &hint) {
        *box = new QComboBox(this);
        (*box)->setEditable(true);
        (*box)->setInsertPolicy(QComboBox::NoInsert);
        (*box)->addItem(QString());
        (*box)->addItems(headers);
        (*box)->setCurrentIndex(0);
        (*box)->lineEdit()->setPlaceholderText(hint);
        (*box)->setAccessibleName(label);
        form->addRow(label, *box);
    };
    addField(&m_ip, tr("IP column:"), tr("detected (ip, ip address, client ip, …)"));
    addField(&m_user, tr("User column:"), tr("detected (user, username, email, upn, …)"));
    addField(&m_time, tr("Time column:"), tr("detected (timestamp, date, createdDateTime, …)"));
    addField(&m_app, tr("Application column:"), tr("detected (application, app, client, …)"));
    addField(&m_result, tr("Result column:"), tr("detected (result, status, outcome)"));
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Column names override detection for CSV files; leave empty to keep what is "
                                    "detected. Bad rows are counted, never fatal."),
                                 this));
    m_detected = new QLabel(this);
    m_detected->setObjectName(QStringLiteral("detectedFormat"));
    m_detected->setWordWrap(true);
    m_detected->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Three lines whatever it says: the fields above do not move while a column name is typed.
    m_detected->setFixedHeight(m_detected->fontMetrics().lineSpacing() * 3 + 4);
    layout->addWidget(m_detected);
    m_replaces = new QLabel(this);
    m_replaces->setObjectName(QStringLiteral("replacesHistory"));
    m_replaces->setWordWrap(true);
    m_replaces->hide();
    layout->addWidget(m_replaces);
    QFile head(paths.value(0));
    if (head.open(QIODevice::ReadOnly))
        m_head = head.read(64 * 1024);
    for (QComboBox *box : {m_ip, m_user, m_time, m_app, m_result})
        connect(box, &QComboBox::editTextChanged, this, &HistoryImportDialog::updateDetection);
    connect(m_format, &QComboBox::currentIndexChanged, this, &HistoryImportDialog::updateDetection);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_import = buttons->button(QDialogButtonBox::Ok);
    m_import->setText(tr("&Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    updateDetection();
    resize(760, 520);
}

void HistoryImportDialog::setReplacedHistory(const QString &description)
{
    m_replaces->setText(tr("<b>This replaces the history loaded now:</b> %1. To combine files, select them "
                           "together.")
                            .arg(description.toHtmlEscaped()));
    m_replaces->show();
}

QString HistoryImportDialog::detectedText() const
{
    return m_detected->text();
}

// Shows what the importer will make of the first file with the current choices: the same
// header reader the import uses, so the preview cannot disagree with the result.
void HistoryImportDialog::updateDetection()
{
    // Importing what the dialog already says it cannot read would close it and lose the mapping.
    m_import->setEnabled(true);
    const QByteArray trimmed = m_head.trimmed();
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
        m_detected->setText(tr("JSON (an array, an export object or one object per line): the format (Entra, "
                               "Okta System Log or Genesys audit) is read from the records' keys; column names "
                               "do not apply."));
        return;
    }
    const ImportOptions chosen = options();
    QString error;
    const std::optional<history::CsvLayout> layout =
        history::readCsvHeader(m_head, m_head.size() < 64 * 1024, chosen.format, chosen.columns, error);
    if (!layout) {
        m_detected->setText(tr("<b>Not importable as chosen:</b> %1").arg(error.toHtmlEscaped()));
        m_import->setEnabled(false);
        return;
    }
    const QByteArray firstLine = m_head.left(m_head.indexOf('\n')).trimmed();
    QList<QByteArray> headers = firstLine.split(layout->delimiter);
    const auto name = [&headers](int column) {
        return column >= 0 && column < headers.size() ? QString::fromUtf8(headers.at(column)).remove(u'"').trimmed()
                                                      : QObject::tr("(none)");
    };
    m_detected->setText(
        tr("Detected: <b>%1</b>, delimiter '%2'. IP: <b>%3</b>, user: %4, time: %5, application: "
           "%6, result: %7.")
            .arg(historyFormatName(layout->format),
                 layout->delimiter == '\t' ? QStringLiteral("tab") : QString(QChar::fromLatin1(layout->delimiter)),
                 name(layout->columns[history::IpRole]), name(layout->columns[history::UserRole]),
                 name(layout->columns[history::TimeRole]), name(layout->columns[history::AppRole]),
                 name(layout->columns[history::ResultRole])));
}

ImportOptions HistoryImportDialog::options() const
{
    ImportOptions options;
    options.format = HistoryFormat(m_format->currentData().toInt());
    options.columns.ip = m_ip->currentText().trimmed();
    options.columns.user = m_user->currentText().trimmed();
    options.columns.timestamp = m_time->currentText().trimmed();
    options.columns.app = m_app->currentText().trimmed();
    options.columns.result = m_result->currentText().trimmed();
    return options;
}

} // namespace alc::ui
