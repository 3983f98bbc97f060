// MessageView: one conversation's messages as a readable page: markdown rendered, each with
// its time, model, token usage, and errors marked.
#pragma once

#include <QHash>
#include <QStringList>
#include <QTextBrowser>

class MessageModel;
struct MessageRow;

class MessageView final : public QTextBrowser
{
    Q_OBJECT
public:
    explicit MessageView(MessageModel *model, QWidget *parent = nullptr);

    // Scrolls the message to the top of the view and marks it.
    void showMessage(qint64 messageId);
    // Words marked wherever they occur (the search that led here).
    void setHighlightTerms(const QStringList &terms);
    int renderedMessages() const { return int(m_positions.size()); }
    // Where a message's header begins in the document, -1 if it is not shown.
    int positionOf(qint64 messageId) const { return m_positions.value(messageId, -1); }

private:
    void renderAll();
    void append(int first, int last);
    void appendRow(const MessageRow &row);
    void updateSelections();
    void onScroll(int value);

    MessageModel *m_model;
    QHash<qint64, int> m_positions;
    QStringList m_terms;
    qint64 m_marked = 0;
    bool m_rendering = false;
};
