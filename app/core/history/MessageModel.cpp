#include "history/MessageModel.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

MessageModel::MessageModel(QSqlDatabase db, QObject *parent)
    : QAbstractListModel(parent)
    , m_db(std::move(db))
{}

QList<MessageRow> MessageModel::query(const QString &where, const QVariantList &values,
                                      bool ascending, int limit)
{
    QList<MessageRow> rows;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // (conversation_id, created_at) is indexed, and the rowid rides along in that index.
    const QString order = ascending ? u"ASC"_s : u"DESC"_s;
    const QString sql =
        u"SELECT id, role, content, sender_nick, created_at, model, prompt_tokens, "
        "completion_tokens, request_id, error_kind FROM messages WHERE conversation_id = ? "_s +
        where + u" ORDER BY created_at %1, id %1 LIMIT %2"_s.arg(order).arg(limit);
    if (!q.prepare(sql)) {
        m_error = q.lastError().text();
        return rows;
    }
    q.bindValue(0, m_conversation);
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i + 1), values.at(i));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return rows;
    }
    while (q.next()) {
        MessageRow r;
        r.id = q.value(0).toLongLong();
        r.conversationId = m_conversation;
        r.role = q.value(1).toString();
        r.content = q.value(2).toString();
        r.senderNick = q.value(3).toString();
        r.createdAt = q.value(4).toLongLong();
        r.model = q.value(5).toString();
        r.promptTokens = q.value(6).isNull() ? -1 : q.value(6).toInt();
        r.completionTokens = q.value(7).isNull() ? -1 : q.value(7).toInt();
        r.requestId = q.value(8).toString();
        r.errorKind = q.value(9).toString();
        rows << r;
    }
    if (!ascending)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

void MessageModel::openLatest(qint64 conversationId)
{
    beginResetModel();
    m_conversation = conversationId;
    m_rows.clear();
    m_newerDone = true;
    m_olderDone = conversationId == 0;
    if (conversationId != 0) {
        m_rows = query({}, {}, false, m_pageSize);
        m_olderDone = m_rows.size() < m_pageSize;
    }
    endResetModel();
}

void MessageModel::openAt(qint64 conversationId, qint64 messageId)
{
    beginResetModel();
    m_conversation = conversationId;
    m_rows.clear();
    QSqlQuery target(m_db);
    target.prepare(u"SELECT created_at FROM messages WHERE id = ? AND conversation_id = ?"_s);
    target.addBindValue(messageId);
    target.addBindValue(conversationId);
    if (target.exec() && target.next()) {
        const qint64 at = target.value(0).toLongLong();
        const int before = m_pageSize / 2;
        // The hit and a few before it, then a page after it.
        m_rows = query(u"AND (created_at, id) <= (?, ?)"_s, {at, messageId}, false, before + 1);
        m_olderDone = m_rows.size() < before + 1;
        const QList<MessageRow> after =
            query(u"AND (created_at, id) > (?, ?)"_s, {at, messageId}, true, m_pageSize);
        m_newerDone = after.size() < m_pageSize;
        m_rows << after;
    } else {
        m_rows = query({}, {}, false, m_pageSize);
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
        page = query({}, {}, false, m_pageSize);
    else
        page = query(u"AND (created_at, id) < (?, ?)"_s,
                     {m_rows.first().createdAt, m_rows.first().id}, false, m_pageSize);
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
    const QList<MessageRow> page =
        query(u"AND (created_at, id) > (?, ?)"_s, {m_rows.last().createdAt, m_rows.last().id}, true,
              m_pageSize);
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
    QList<MessageRow> fresh = query(u"AND id > ?"_s, {sinceMessageId}, true, 10000);
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
