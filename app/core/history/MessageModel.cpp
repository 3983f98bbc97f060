#include "history/MessageModel.h"

MessageModel::MessageModel(HistoryReader reader, QObject *parent)
    : QAbstractListModel(parent)
    , m_reader(std::move(reader))
{}

void MessageModel::openLatest(qint64 conversationId)
{
    beginResetModel();
    m_conversation = conversationId;
    m_rows.clear();
    m_newerDone = true;
    m_olderDone = conversationId == 0;
    if (conversationId != 0) {
        m_rows = m_reader.newestMessages(conversationId, m_pageSize, &m_error);
        m_olderDone = m_rows.size() < m_pageSize;
    }
    endResetModel();
}

void MessageModel::openAt(qint64 conversationId, qint64 messageId)
{
    beginResetModel();
    m_conversation = conversationId;
    m_rows.clear();
    if (const std::optional<qint64> at = m_reader.messageTime(conversationId, messageId)) {
        const PageKey hit{*at, messageId};
        const int before = m_pageSize / 2;
        // The hit and a few before it, then a page after it.
        m_rows = m_reader.messagesUpTo(conversationId, hit, before + 1, &m_error);
        m_olderDone = m_rows.size() < before + 1;
        const QList<MessageRow> after =
            m_reader.messagesAfter(conversationId, hit, m_pageSize, &m_error);
        m_newerDone = after.size() < m_pageSize;
        m_rows << after;
    } else {
        m_rows = m_reader.newestMessages(conversationId, m_pageSize, &m_error);
        m_olderDone = m_rows.size() < m_pageSize;
        m_newerDone = true;
    }
    endResetModel();
}

int MessageModel::fetchOlder()
{
    if (!canFetchOlder())
        return 0;
    QList<MessageRow> page;
    if (m_rows.isEmpty())
        page = m_reader.newestMessages(m_conversation, m_pageSize, &m_error);
    else
        page = m_reader.messagesBefore(
            m_conversation, {m_rows.first().createdAt, m_rows.first().id}, m_pageSize, &m_error);
    m_olderDone = page.size() < m_pageSize;
    if (page.isEmpty())
        return 0;
    beginInsertRows({}, 0, int(page.size() - 1));
    m_rows = page + m_rows;
    endInsertRows();
    emit olderRowsInserted(int(page.size()));
    return int(page.size());
}

bool MessageModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_conversation != 0 && !m_newerDone;
}

void MessageModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || m_rows.isEmpty())
        return;
    const QList<MessageRow> page = m_reader.messagesAfter(
        m_conversation, {m_rows.last().createdAt, m_rows.last().id}, m_pageSize, &m_error);
    m_newerDone = page.size() < m_pageSize;
    if (page.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size() - 1));
    m_rows << page;
    endInsertRows();
}

void MessageModel::refreshSince(qint64 sinceMessageId)
{
    if (m_conversation == 0 || !m_newerDone)
        return;
    QList<MessageRow> fresh =
        m_reader.messagesAfterId(m_conversation, sinceMessageId, 10000, &m_error);
    // A row already shown (written twice in the same instant) is not added again.
    fresh.removeIf([this](const MessageRow &r) { return rowOf(r.id) >= 0; });
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
    m_rows << fresh;
    endInsertRows();
}

int MessageModel::rowOf(qint64 messageId) const
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).id == messageId)
            return i;
    }
    return -1;
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const MessageRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return r.content;
    case IdRole:
        return r.id;
    case RowRole:
        return QVariant::fromValue(r);
    default:
        return {};
    }
}
