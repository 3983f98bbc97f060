// SearchModel: the messages that match a search, newest first, a page at a time.
#pragma once

#include "history/SearchQuery.h"
#include "storage/SearchIndex.h"

#include <QAbstractListModel>

struct SearchHit
{
    qint64 messageId = 0;
    qint64 conversationId = 0;
    QString role;
    qint64 createdAt = 0;
    QString robotId;
    QString conversationName; // as ConversationRow::displayName()
    QString snippet;          // one line around the first hit
    QList<TextRange> ranges;  // the hits within snippet
};
Q_DECLARE_METATYPE(SearchHit)

class SearchModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { MessageIdRole = Qt::UserRole + 1, ConversationIdRole, HtmlRole, HitRole };

    explicit SearchModel(SearchIndex index, QObject *parent = nullptr);

    void setPageSize(int rows) { m_pageSize = rows; }
    // See SearchQuery::plan(); for tests and tuning.
    void setMaxExpansion(int trigrams) { m_maxExpansion = trigrams; }
    // Runs the search and loads its first page; an empty text clears the results.
    void setQuery(const QString &text, const QString &robotId = {});
    QString text() const { return m_text; }
    const SearchPlan &plan() const { return m_plan; }
    const SearchHit &at(int row) const { return m_hits.at(row); }
    QString lastError() const { return m_error; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    QList<SearchHit> page(int limit);
    // The hits of what the index found; a failure ends the results.
    QList<SearchHit> hitsOf(const QList<FoundMessage> &found, const QString &error);

    SearchIndex m_index;
    QString m_text;
    QString m_robot;
    SearchPlan m_plan;
    QList<SearchHit> m_hits;
    qint64 m_cursor = 0; // hits have ids below this
    bool m_atEnd = true;
    int m_pageSize = 50;
    int m_maxExpansion = 400;
    QString m_error;
};
