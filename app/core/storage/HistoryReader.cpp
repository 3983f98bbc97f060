#include "storage/HistoryReader.h"

#include "storage/Database.h"
#include "storage/HistoryColumns.h"
#include "storage/ReadConnection.h"
#include "storage/Sql.h"

#include <QSqlQuery>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {
// The newest message and the count come from the (conversation_id, created_at) index.
const QString ConversationSelect = uR"(
SELECT c.id, c.robot_id, c.is_group, c.dingtalk_conversation_id, c.title, c.sender_id,
       c.sender_nick, c.created_at, c.updated_at,
       (SELECT m.role || char(31) || m.created_at || char(31) || substr(m.content, 1, 240)
          FROM messages m WHERE m.conversation_id = c.id
          ORDER BY m.created_at DESC, m.id DESC LIMIT 1),
       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)
FROM conversations c WHERE 1 = 1)"_s;

void addFilterClause(const ConversationFilter &filter, QString *where, QVariantList *values)
{
    if (!filter.robotId.isEmpty()) {
        *where += u" AND c.robot_id = ?"_s;
        *values << filter.robotId;
    }
    if (filter.chats == ConversationFilter::Chats::Groups)
        *where += u" AND c.is_group = 1"_s;
    else if (filter.chats == ConversationFilter::Chats::Direct)
        *where += u" AND c.is_group = 0"_s;
    if (!filter.groupId.isEmpty()) {
        *where += u" AND c.dingtalk_conversation_id = ?"_s;
        *values << filter.groupId;
    }
    if (!filter.user.isEmpty()) {
        *where += u" AND (instr(lower(c.sender_nick), lower(?)) > 0 OR c.sender_id = ?)"_s;
        *values << filter.user << filter.user;
    }
    if (filter.fromMs > 0 || filter.toMs > 0) {
        *where += u" AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id "
                  "AND m.created_at >= ? AND m.created_at < ?)"_s;
        *values << filter.fromMs
                << (filter.toMs > 0 ? filter.toMs : std::numeric_limits<qint64>::max());
    }
}
} // namespace

HistoryReader::HistoryReader(const Database &database)
    : m_db(database.handle())
{}

HistoryReader::HistoryReader(const ReadConnection &connection)
    : m_db(connection.handle())
{}

QList<ConversationRow> HistoryReader::conversationPage(const QString &where,
                                                       const QVariantList &values, int limit,
                                                       QString *error) const
{
    QList<ConversationRow> rows;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!Sql::run(q,
                  ConversationSelect + where +
                      u" ORDER BY c.updated_at DESC, c.id DESC LIMIT %1"_s.arg(limit),
                  values, error))
        return rows;
    while (q.next()) {
        ConversationRow r = HistoryColumns::conversation(q);
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

QList<ConversationRow> HistoryReader::conversations(const ConversationFilter &filter,
                                                    std::optional<PageKey> after, int limit,
                                                    QString *error) const
{
    QString where;
    QVariantList values;
    addFilterClause(filter, &where, &values);
    if (after) {
        where += u" AND (c.updated_at, c.id) < (?, ?)"_s;
        values << after->time << after->id;
    }
    return conversationPage(where, values, limit, error);
}

std::optional<ConversationRow>
HistoryReader::conversation(qint64 id, const ConversationFilter &filter, QString *error) const
{
    QString where = u" AND c.id = ?"_s;
    QVariantList values{id};
    addFilterClause(filter, &where, &values);
    const QList<ConversationRow> rows = conversationPage(where, values, 1, error);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

QList<qint64> HistoryReader::conversationsWrittenAfter(qint64 messageId, QString *error) const
{
    QList<qint64> ids;
    QSqlQuery changed(m_db);
    changed.prepare(u"SELECT DISTINCT conversation_id FROM messages WHERE id > ? LIMIT 1000"_s);
    changed.bindValue(0, messageId);
    if (!Sql::run(changed, error))
        return ids;
    while (changed.next())
        ids << changed.value(0).toLongLong();
    return ids;
}

QStringList HistoryReader::robotIds() const
{
    QStringList ids;
    QSqlQuery q(m_db);
    if (q.exec(u"SELECT DISTINCT robot_id FROM conversations ORDER BY robot_id"_s)) {
        while (q.next())
            ids << q.value(0).toString();
    }
    return ids;
}

QList<QPair<QString, QString>> HistoryReader::groups() const
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

QList<MessageRow> HistoryReader::messagePage(qint64 conversationId, const QString &where,
                                             const QVariantList &values, bool ascending, int limit,
                                             QString *error) const
{
    QList<MessageRow> rows;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // (conversation_id, created_at) is indexed, and the rowid rides along in that index.
    const QString order = ascending ? u"ASC"_s : u"DESC"_s;
    const QString sql = HistoryColumns::MessagesOf + where +
                        u" ORDER BY created_at %1, id %1 LIMIT %2"_s.arg(order).arg(limit);
    if (!Sql::run(q, sql, QVariantList{conversationId} + values, error))
        return rows;
    while (q.next())
        rows << HistoryColumns::message(q, conversationId);
    if (!ascending)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

QList<MessageRow> HistoryReader::newestMessages(qint64 conversationId, int limit,
                                                QString *error) const
{
    return messagePage(conversationId, {}, {}, false, limit, error);
}

QList<MessageRow> HistoryReader::messagesBefore(qint64 conversationId, PageKey key, int limit,
                                                QString *error) const
{
    return messagePage(conversationId, u"AND (created_at, id) < (?, ?)"_s, {key.time, key.id},
                       false, limit, error);
}

QList<MessageRow> HistoryReader::messagesUpTo(qint64 conversationId, PageKey key, int limit,
                                              QString *error) const
{
    return messagePage(conversationId, u"AND (created_at, id) <= (?, ?)"_s, {key.time, key.id},
                       false, limit, error);
}

QList<MessageRow> HistoryReader::messagesAfter(qint64 conversationId, PageKey key, int limit,
                                               QString *error) const
{
    return messagePage(conversationId, u"AND (created_at, id) > (?, ?)"_s, {key.time, key.id}, true,
                       limit, error);
}

QList<MessageRow> HistoryReader::messagesAfterId(qint64 conversationId, qint64 messageId, int limit,
                                                 QString *error) const
{
    return messagePage(conversationId, u"AND id > ?"_s, {messageId}, true, limit, error);
}

std::optional<qint64> HistoryReader::messageTime(qint64 conversationId, qint64 messageId) const
{
    QSqlQuery target(m_db);
    target.prepare(u"SELECT created_at FROM messages WHERE id = ? AND conversation_id = ?"_s);
    target.addBindValue(messageId);
    target.addBindValue(conversationId);
    if (!target.exec() || !target.next())
        return std::nullopt;
    return target.value(0).toLongLong();
}

std::optional<qint64> HistoryReader::newestMessageId() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COALESCE(MAX(id), 0) FROM messages"_s) || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}
