#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

namespace alc::ui {

// Paints the finding's severity icon in the status column; icons are SVG for high-DPI screens.
class StatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusDelegate)

public:
    explicit StatusDelegate(QObject *parent = nullptr);

    static QIcon iconForSeverity(const QVariant &severity);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace alc::ui
