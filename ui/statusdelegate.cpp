#include "statusdelegate.h"

#include <rules/allowlistmodel.h>

namespace alc::ui {

StatusDelegate::StatusDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

QIcon StatusDelegate::iconForSeverity(const QVariant &severity)
{
    if (!severity.isValid())
        return QIcon(QStringLiteral(":/icons/ok.svg"));
    switch (Severity(severity.toInt())) {
    case Severity::Error:
        return QIcon(QStringLiteral(":/icons/error.svg"));
    case Severity::Warning:
        return QIcon(QStringLiteral(":/icons/warning.svg"));
    case Severity::Info:
        return QIcon(QStringLiteral(":/icons/info.svg"));
    }
    return {};
}

void StatusDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->icon = iconForSeverity(index.data(AllowlistModel::SeverityRole));
    option->features |= QStyleOptionViewItem::HasDecoration;
}

} // namespace alc::ui
