// ConversationModel: the conversations of the history window, newest activity first, fetched
// a page at a time as the list scrolls.
#pragma once

#include "storage/HistoryReader.h"

#include <QAbstractListModel>

class ConversationModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, RowRole };

    explicit ConversationModel(HistoryReader reader, QObject *parent = nullptr);

    void setPageSize(int rows) { m_pageSize = rows; }
    void setFilter(const ConversationFilter &filter);
    const ConversationFilter &filter() const { return m_filter; }
    // Drops what is loaded and reads the first page again.
    void reload();

    const ConversationRow &at(int row) const { return m_rows.at(row); }
    int rowOf(qint64 conversationId) const;
    QString lastError() const { return m_error; }

    // Robots and groups that have conversations, for the filter choices.
    QStringList robotIds() const;
    QList<QPair<QString, QString>> groups() const; // (conversationId, title)

    // Brings conversations that received messages above sinceMessageId to the top.
    void refreshSince(qint64 sinceMessageId);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    HistoryReader m_reader;
    ConversationFilter m_filter;
    QList<ConversationRow> m_rows;
    int m_pageSize = 100;
    bool m_atEnd = false;
    QString m_error;
};
