#include "storage/ExportReader.h"

#include "storage/Database.h"
#include "storage/HistoryColumns.h"
#include "storage/ReadConnection.h"
#include "storage/Sql.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

ExportReader::ExportReader(const Database &database)
    : ExportReader(database.handle())
{}

ExportReader::ExportReader(const ReadConnection &connection)
    : ExportReader(connection.handle())
{}

ExportReader::ExportReader(QSqlDatabase db)
    : m_db(std::move(db))
    , m_conversation(m_db)
    , m_messages(m_db)
{
    m_conversation.prepare(u"SELECT id, robot_id, is_group, dingtalk_conversation_id, title, "
                           "sender_id, sender_nick, created_at, updated_at FROM conversations "
                           "WHERE id = ?"_s);
    m_messages.setForwardOnly(true);
    m_messages.prepare(HistoryColumns::MessagesOf +
                       u"AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?"_s);
}

QList<qint64> ExportReader::conversationIds(QString *error)
{
    QList<qint64> ids;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id FROM conversations ORDER BY updated_at DESC, id DESC"_s)) {
        if (error)
            *error = q.lastError().text();
        return ids;
    }
    while (q.next())
        ids << q.value(0).toLongLong();
    return ids;
}

qint64 ExportReader::countMessages(const QList<qint64> &ids)
{
    QSqlQuery q(m_db);
    if (ids.isEmpty()) {
        if (q.exec(u"SELECT COUNT(*) FROM messages"_s) && q.next())
            return q.value(0).toLongLong();
        return 0;
    }
    qint64 total = 0;
    q.prepare(u"SELECT COUNT(*) FROM messages WHERE conversation_id = ?"_s);
    for (const qint64 id : ids) {
        q.bindValue(0, id);
        if (q.exec() && q.next())
            total += q.value(0).toLongLong();
    }
    return total;
}

std::optional<ConversationRow> ExportReader::conversation(qint64 id, QString *error)
{
    m_conversation.bindValue(0, id);
    if (!Sql::run(m_conversation, error) || !m_conversation.next())
        return std::nullopt;
    const ConversationRow c = HistoryColumns::conversation(m_conversation);
    m_conversation.finish();
    return c;
}

QList<MessageRow> ExportReader::messagesAfter(qint64 conversationId, PageKey after, int limit,
                                              QString *error)
{
    QList<MessageRow> rows;
    m_messages.bindValue(0, conversationId);
    m_messages.bindValue(1, after.time);
    m_messages.bindValue(2, after.id);
    m_messages.bindValue(3, limit);
    if (!Sql::run(m_messages, error))
        return rows;
    while (m_messages.next())
        rows << HistoryColumns::message(m_messages, conversationId);
    m_messages.finish();
    return rows;
}
