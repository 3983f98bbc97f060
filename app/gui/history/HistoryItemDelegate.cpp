#include "history/HistoryItemDelegate.h"

#include "history/ConversationModel.h"
#include "history/SearchModel.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QRegularExpression>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace {
QString shortTime(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    if (t.date() == QDate::currentDate())
        return t.toString(u"HH:mm"_s);
    if (t.date().year() == QDate::currentDate().year())
        return t.toString(u"MM-dd HH:mm"_s);
    return t.toString(u"yyyy-MM-dd"_s);
}
// A message's start without its markdown marks: a preview, not a rendering.
QString plainPreview(const QString &markdown)
{
    static const QRegularExpression marks(
        u"(^|\\s)(#{1,6}|>|[-*+]|\\d+\\.)(?=\\s)|\\*\\*|__|`+|\\|"_s);
    QString text = markdown;
    text.replace(marks, u"\\1"_s);
    return text.simplified();
}
} // namespace

HistoryItemDelegate::HistoryItemDelegate(Kind kind, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_kind(kind)
{}

QSize HistoryItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int line = option.fontMetrics.height();
    return {200, line * 2 + 14};
}

void HistoryItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor text =
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.62f);

    QString title;
    QString second;
    QString html;
    qint64 at = 0;
    QString tag;
    if (m_kind == Kind::Conversation) {
        const auto row = index.data(ConversationModel::RowRole).value<ConversationRow>();
        title = row.displayName();
        at = row.lastAt ? row.lastAt : row.updatedAt;
        tag = row.robotId;
        second = (row.lastRole == u"error"_s ? u"⚠ "_s : QString()) + plainPreview(row.lastText);
    } else {
        const auto hit = index.data(SearchModel::HitRole).value<SearchHit>();
        title = hit.conversationName;
        at = hit.createdAt;
        tag = hit.robotId;
        html = index.data(SearchModel::HtmlRole).toString();
    }

    const QRect r = option.rect.adjusted(8, 6, -8, -6);
    const int line = option.fontMetrics.height();
    painter->save();
    QFont bold = option.font;
    bold.setBold(true);
    const QString time = shortTime(at);
    const int timeWidth = option.fontMetrics.horizontalAdvance(time) + 6;
    painter->setPen(dim);
    painter->drawText(QRect(r.right() - timeWidth, r.top(), timeWidth, line),
                      Qt::AlignRight | Qt::AlignVCenter, time);
    // The robot as a small tag after the name: which robot a chat belongs to at a glance.
    painter->setFont(bold);
    painter->setPen(text);
    const QFontMetrics boldMetrics(bold);
    const int tagWidth = tag.isEmpty() ? 0 : option.fontMetrics.horizontalAdvance(tag) + 12;
    const int nameWidth = r.width() - timeWidth - tagWidth - 6;
    const QString name = boldMetrics.elidedText(title, Qt::ElideRight, nameWidth);
    painter->drawText(QRect(r.left(), r.top(), nameWidth, line), Qt::AlignLeft | Qt::AlignVCenter,
                      name);
    if (!tag.isEmpty()) {
        painter->setFont(option.font);
        const QRect tagRect(r.left() + boldMetrics.horizontalAdvance(name) + 6, r.top() + 1,
                            tagWidth - 4, line - 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? QColor(255, 255, 255, 60) : QColor(0xe3, 0xe8, 0xf0));
        painter->drawRoundedRect(tagRect, 4, 4);
        painter->setPen(dim);
        painter->drawText(tagRect, Qt::AlignCenter, tag);
    }
    painter->setFont(option.font);
    const QRect lower(r.left(), r.top() + line + 2, r.width(), line);
    if (html.isEmpty()) {
        painter->setPen(dim);
        painter->drawText(lower, Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(second, Qt::ElideRight, lower.width()));
    } else {
        QTextDocument doc;
        doc.setDefaultFont(option.font);
        doc.setDocumentMargin(0);
        doc.setHtml(u"<span style=\"color:%1\">"_s.arg(dim.name(QColor::HexArgb)) + html +
                    u"</span>"_s);
        painter->translate(lower.topLeft());
        painter->setClipRect(QRect(QPoint(0, 0), lower.size()));
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette.setColor(QPalette::Text, dim);
        doc.documentLayout()->draw(painter, context);
    }
    painter->restore();
}
