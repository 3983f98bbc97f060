// MessageModel: the messages of one conversation in time order, a window of it at a time:
// older pages are read when the reader scrolls up, newer ones (after a jump) going down.
#pragma once

#include "storage/HistoryReader.h"

#include <QAbstractListModel>

class MessageModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, RowRole };

    explicit MessageModel(HistoryReader reader, QObject *parent = nullptr);

    void setPageSize(int rows) { m_pageSize = rows; }
    qint64 conversationId() const { return m_conversation; }
    // The newest page of a conversation (0: none).
    void openLatest(qint64 conversationId);
    // A page around one message, so a search hit is shown among its neighbours.
    void openAt(qint64 conversationId, qint64 messageId);
    void clear() { openLatest(0); }

    bool canFetchOlder() const { return m_conversation != 0 && !m_olderDone; }
    // Adds the page before the first row at the top; returns how many rows came.
    int fetchOlder();
    // Newer rows: only after openAt(), until the newest message is loaded.
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

    // Appends messages of this conversation written after sinceMessageId, when the newest
    // ones are what is shown.
    void refreshSince(qint64 sinceMessageId);

    const MessageRow &at(int row) const { return m_rows.at(row); }
    int rowOf(qint64 messageId) const;
    QString lastError() const { return m_error; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

signals:
    // Rows were put in front of the first one (a view keeps its reading position).
    void olderRowsInserted(int count);

private:
    HistoryReader m_reader;
    qint64 m_conversation = 0;
    QList<MessageRow> m_rows;
    int m_pageSize = 50;
    bool m_olderDone = true;
    bool m_newerDone = true;
    QString m_error;
};
