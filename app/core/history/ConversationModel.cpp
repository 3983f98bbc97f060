#include "history/ConversationModel.h"

#include <QSqlError>
#include <QSqlQuery>

#include <limits>

using namespace Qt::StringLiterals;

namespace {
// The newest message and the count come from the (conversation_id, created_at) index.
const QString Select = uR"(
SELECT c.id, c.robot_id, c.is_group, c.dingtalk_conversation_id, c.title, c.sender_id,
       c.sender_nick, c.created_at, c.updated_at,
       (SELECT m.role || char(31) || m.created_at || char(31) || substr(m.content, 1, 240)
          FROM messages m WHERE m.conversation_id = c.id
          ORDER BY m.created_at DESC, m.id DESC LIMIT 1),
       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)
FROM conversations c WHERE 1 = 1)"_s;
} // namespace

ConversationModel::ConversationModel(QSqlDatabase db, QObject *parent)
    : QAbstractListModel(parent)
    , m_db(std::move(db))
{}

void ConversationModel::setFilter(const ConversationFilter &filter)
{
    m_filter = filter;
    reload();
}

void ConversationModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_atEnd = false;
    endResetModel();
    fetchMore({});
}

int ConversationModel::rowOf(qint64 conversationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == conversationId)
            return i;
    }
    return -1;
}

void ConversationModel::filterClause(QString *where, QVariantList *values) const
{
    if (!m_filter.robotId.isEmpty()) {
        *where += u" AND c.robot_id = ?"_s;
        *values << m_filter.robotId;
    }
    if (m_filter.chats == ConversationFilter::Chats::Groups)
        *where += u" AND c.is_group = 1"_s;
    else if (m_filter.chats == ConversationFilter::Chats::Direct)
        *where += u" AND c.is_group = 0"_s;
    if (!m_filter.groupId.isEmpty()) {
        *where += u" AND c.dingtalk_conversation_id = ?"_s;
        *values << m_filter.groupId;
    }
    if (!m_filter.user.isEmpty()) {
        *where += u" AND (instr(lower(c.sender_nick), lower(?)) > 0 OR c.sender_id = ?)"_s;
        *values << m_filter.user << m_filter.user;
    }
    if (m_filter.fromMs > 0 || m_filter.toMs > 0) {
        *where += u" AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id "
                  "AND m.created_at >= ? AND m.created_at < ?)"_s;
        *values << m_filter.fromMs
                << (m_filter.toMs > 0 ? m_filter.toMs : std::numeric_limits<qint64>::max());
    }
}

QList<ConversationRow> ConversationModel::query(const QString &where, const QVariantList &values,
                                                int limit)
{
    QList<ConversationRow> rows;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(Select + where +
                   u" ORDER BY c.updated_at DESC, c.id DESC LIMIT %1"_s.arg(limit))) {
        m_error = q.lastError().text();
        return rows;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        q.bindValue(int(i), values.at(i));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return rows;
    }
    while (q.next()) {
        ConversationRow r;
        r.id = q.value(0).toLongLong();
        r.robotId = q.value(1).toString();
        r.isGroup = q.value(2).toInt() != 0;
        r.groupId = q.value(3).toString();
        r.title = q.value(4).toString();
        r.senderId = q.value(5).toString();
        r.senderNick = q.value(6).toString();
        r.createdAt = q.value(7).toLongLong();
        r.updatedAt = q.value(8).toLongLong();
        const QStringList last = q.value(9).toString().split(QChar(31));
        if (last.size() == 3) {
            r.lastRole = last.at(0);
            r.lastAt = last.at(1).toLongLong();
            r.lastText = last.at(2).simplified();
        }
        r.messageCount = q.value(10).toInt();
        rows << r;
    }
    return rows;
}

bool ConversationModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void ConversationModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd)
        return;
    QString where;
    QVariantList values;
    filterClause(&where, &values);
    // Keyset paging: rows after the last one loaded, never an OFFSET that rereads the start.
    if (!m_rows.isEmpty()) {
        where += u" AND (c.updated_at, c.id) < (?, ?)"_s;
        values << m_rows.last().updatedAt << m_rows.last().id;
    }
    const QList<ConversationRow> page = query(where, values, m_pageSize);
    m_atEnd = page.size() < m_pageSize;
    if (page.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size() - 1));
    m_rows << page;
    endInsertRows();
}

void ConversationModel::refreshSince(qint64 sinceMessageId)
{
    QSqlQuery changed(m_db);
    changed.prepare(u"SELECT DISTINCT conversation_id FROM messages WHERE id > ? LIMIT 1000"_s);
    changed.bindValue(0, sinceMessageId);
    if (!changed.exec()) {
        m_error = changed.lastError().text();
        return;
    }
    QList<qint64> ids;
    while (changed.next())
        ids << changed.value(0).toLongLong();
    for (const qint64 id : std::as_const(ids)) {
        QString where = u" AND c.id = ?"_s;
        QVariantList values{id};
        filterClause(&where, &values);
        const QList<ConversationRow> fresh = query(where, values, 1);
        const int old = rowOf(id);
        if (fresh.isEmpty()) {
            if (old >= 0) {
                beginRemoveRows({}, old, old);
                m_rows.removeAt(old);
                endRemoveRows();
            }
            continue;
        }
        // Its place among the other rows loaded; past the last one it comes with a later page.
        const ConversationRow &row = fresh.first();
        int at = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (i == old)
                continue;
            const ConversationRow &r = m_rows.at(i);
            if (r.updatedAt > row.updatedAt || (r.updatedAt == row.updatedAt && r.id > row.id))
                ++at;
        }
        const int others = int(m_rows.size()) - (old >= 0 ? 1 : 0);
        if (at == others && !m_atEnd) {
            if (old >= 0) {
                beginRemoveRows({}, old, old);
                m_rows.removeAt(old);
                endRemoveRows();
            }
            continue;
        }
        if (old < 0) {
            beginInsertRows({}, at, at);
            m_rows.insert(at, row);
            endInsertRows();
            continue;
        }
        // A move, not a removal and an insertion: the selection stays on the conversation.
        if (at != old) {
            beginMoveRows({}, old, old, {}, at < old ? at : at + 1);
            m_rows.move(old, at);
            endMoveRows();
        }
        m_rows[at] = row;
        emit dataChanged(index(at), index(at));
    }
}

QStringList ConversationModel::robotIds() const
{
    QStringList ids;
    QSqlQuery q(m_db);
    if (q.exec(u"SELECT DISTINCT robot_id FROM conversations ORDER BY robot_id"_s)) {
        while (q.next())
            ids << q.value(0).toString();
    }
    return ids;
}

QList<QPair<QString, QString>> ConversationModel::groups() const
{
    QList<QPair<QString, QString>> out;
    QSqlQuery q(m_db);
    if (q.exec(u"SELECT dingtalk_conversation_id, MAX(title) FROM conversations WHERE is_group = 1 "
               "GROUP BY dingtalk_conversation_id ORDER BY 2"_s)) {
        while (q.next())
            out.append({q.value(0).toString(), q.value(1).toString()});
    }
    return out;
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConversationRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return r.displayName();
    case Qt::ToolTipRole:
        return u"%1\nrobot %2 · %3 messages"_s.arg(r.displayName(), r.robotId).arg(r.messageCount);
    case IdRole:
        return r.id;
    case RowRole:
        return QVariant::fromValue(r);
    default:
        return {};
    }
}
