#include "history/MessageView.h"

#include "history/MessageModel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
QColor bubbleColor(const QString &role)
{
    if (role == u"user"_s)
        return QColor(0xe8, 0xf1, 0xff);
    if (role == u"error"_s)
        return QColor(0xfd, 0xec, 0xea);
    if (role == u"notice"_s)
        return QColor(0xff, 0xf6, 0xdc);
    return QColor(0xf4, 0xf5, 0xf7);
}

QString tokens(const MessageRow &m)
{
    if (m.promptTokens < 0 && m.completionTokens < 0)
        return {};
    return QObject::tr("%1 in + %2 out tokens")
        .arg(std::max(0, m.promptTokens))
        .arg(std::max(0, m.completionTokens));
}

// Markdown as Qt reads it, with code blocks shaded so they stand apart from the prose.
QTextDocumentFragment renderMarkdown(const QString &markdown)
{
    QTextDocument doc;
    doc.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        const QTextBlockFormat format = block.blockFormat();
        if (!format.hasProperty(QTextFormat::BlockCodeFence) &&
            !format.hasProperty(QTextFormat::BlockCodeLanguage) &&
            !block.charFormat().fontFixedPitch())
            continue;
        QTextCursor cursor(block);
        QTextBlockFormat shaded = format;
        shaded.setBackground(QColor(0xe9, 0xeb, 0xee));
        shaded.setLeftMargin(6);
        cursor.setBlockFormat(shaded);
        QTextCharFormat chars;
        chars.setFont(mono);
        cursor.select(QTextCursor::BlockUnderCursor);
        cursor.mergeCharFormat(chars);
    }
    return QTextDocumentFragment(&doc);
}
} // namespace

MessageView::MessageView(MessageModel *model, QWidget *parent)
    : QTextBrowser(parent)
    , m_model(model)
{
    setOpenExternalLinks(true);
    document()->setDocumentMargin(12);
    connect(model, &QAbstractItemModel::modelReset, this, &MessageView::renderAll);
    connect(model, &MessageModel::olderRowsInserted, this, [this](int count) {
        // Older messages came in above: render again and keep the one read before in place.
        const qint64 keep = m_model->rowCount() > count ? m_model->at(count).id : 0;
        renderAll();
        if (keep)
            showMessage(keep);
        m_marked = 0;
        updateSelections();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                if (first > 0)
                    append(first, last);
            });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &MessageView::onScroll);
}

void MessageView::renderAll()
{
    m_rendering = true;
    clear();
    m_positions.clear();
    m_marked = 0;
    for (int i = 0; i < m_model->rowCount(); ++i)
        appendRow(m_model->at(i));
    updateSelections();
    // The newest message is what a conversation opens on.
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_rendering = false;
}

void MessageView::append(int first, int last)
{
    const bool atBottom = verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 4;
    m_rendering = true;
    for (int i = first; i <= last; ++i)
        appendRow(m_model->at(i));
    updateSelections();
    if (atBottom) // a reader at the end follows new messages; one reading back stays put
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_rendering = false;
}

void MessageView::appendRow(const MessageRow &m)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!m_positions.isEmpty())
        cursor.insertBlock();
    QTextBlockFormat headerBlock;
    headerBlock.setTopMargin(m_positions.isEmpty() ? 0 : 10);
    cursor.setBlockFormat(headerBlock);
    m_positions.insert(m.id, cursor.position());

    QTextCharFormat who;
    who.setFontWeight(QFont::Bold);
    QTextCharFormat meta;
    meta.setForeground(QColor(0x6b, 0x72, 0x80));
    QString name;
    if (m.role == u"user"_s)
        name = m.senderNick.isEmpty() ? tr("Question") : m.senderNick;
    else if (m.role == u"assistant"_s)
        name = tr("Answer");
    else if (m.role == u"error"_s)
        name = tr("⚠ Error");
    else
        name = tr("Notice");
    if (m.role == u"error"_s)
        who.setForeground(QColor(0xc6, 0x28, 0x28));
    cursor.insertText(name, who);
    QStringList parts{QDateTime::fromMSecsSinceEpoch(m.createdAt).toString(u"yyyy-MM-dd HH:mm"_s)};
    if (!m.errorKind.isEmpty())
        parts << m.errorKind;
    if (!m.model.isEmpty())
        parts << m.model;
    if (const QString t = tokens(m); !t.isEmpty())
        parts << t;
    cursor.insertText(u"   "_s + parts.join(u" · "_s), meta);

    QTextFrameFormat bubble;
    bubble.setBackground(bubbleColor(m.role));
    bubble.setPadding(8);
    bubble.setBorder(m.role == u"error"_s ? 1 : 0);
    bubble.setBorderBrush(QColor(0xe5, 0x73, 0x73));
    bubble.setTopMargin(3);
    QTextFrame *frame = cursor.insertFrame(bubble);
    QTextCursor inside = frame->firstCursorPosition();
    inside.insertFragment(renderMarkdown(m.content));
}

void MessageView::showMessage(qint64 messageId)
{
    const int position = positionOf(messageId);
    if (position < 0)
        return;
    m_marked = messageId;
    updateSelections();
    const bool wasRendering = m_rendering;
    m_rendering = true; // a jump is not the reader scrolling to an end
    QTextCursor cursor(document());
    cursor.setPosition(position);
    setTextCursor(cursor);
    // Put the message at the top, not merely somewhere in sight.
    const int y = cursorRect(cursor).top() + verticalScrollBar()->value() - 8;
    verticalScrollBar()->setValue(std::clamp(y, 0, verticalScrollBar()->maximum()));
    m_rendering = wasRendering;
}

void MessageView::setHighlightTerms(const QStringList &terms)
{
    m_terms = terms;
    updateSelections();
}

void MessageView::updateSelections()
{
    QList<ExtraSelection> selections;
    if (m_marked) {
        ExtraSelection header;
        header.cursor = QTextCursor(document());
        header.cursor.setPosition(positionOf(m_marked));
        header.format.setBackground(QColor(0xff, 0xe0, 0x82));
        header.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections << header;
    }
    for (const QString &term : std::as_const(m_terms)) {
        if (term.isEmpty())
            continue;
        QTextCursor found = document()->find(term);
        while (!found.isNull()) {
            ExtraSelection hit;
            hit.cursor = found;
            hit.format.setBackground(QColor(0xff, 0xe0, 0x66));
            hit.format.setForeground(Qt::black);
            selections << hit;
            found = document()->find(term, found);
        }
    }
    setExtraSelections(selections);
}

void MessageView::onScroll(int value)
{
    if (m_rendering)
        return;
    // Reaching the top reads the page before; reaching the end after a jump, the one after.
    if (value == verticalScrollBar()->minimum() && m_model->canFetchOlder()) {
        QTimer::singleShot(0, m_model, [model = m_model] { model->fetchOlder(); });
    } else if (value == verticalScrollBar()->maximum() && m_model->canFetchMore()) {
        QTimer::singleShot(0, m_model, [model = m_model] { model->fetchMore(); });
    }
}
