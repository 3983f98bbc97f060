// HistoryItemDelegate: draws a conversation or a search hit as two lines: who and when, then
// the text (the hits marked).
#pragma once

#include <QStyledItemDelegate>

class HistoryItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    enum class Kind { Conversation, SearchHit };
    explicit HistoryItemDelegate(Kind kind, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    Kind m_kind;
};
