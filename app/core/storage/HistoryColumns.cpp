#include "storage/HistoryColumns.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

const QString HistoryColumns::MessagesOf =
    u"SELECT id, role, content, sender_nick, created_at, model, prompt_tokens, "
    "completion_tokens, request_id, error_kind FROM messages WHERE conversation_id = ? "_s;

ConversationRow HistoryColumns::conversation(const QSqlQuery &q)
{
    ConversationRow c;
    c.id = q.value(0).toLongLong();
    c.robotId = q.value(1).toString();
    c.isGroup = q.value(2).toInt() != 0;
    c.groupId = q.value(3).toString();
    c.title = q.value(4).toString();
    c.senderId = q.value(5).toString();
    c.senderNick = q.value(6).toString();
    c.createdAt = q.value(7).toLongLong();
    c.updatedAt = q.value(8).toLongLong();
    return c;
}

MessageRow HistoryColumns::message(const QSqlQuery &q, qint64 conversationId)
{
    MessageRow r;
    r.id = q.value(0).toLongLong();
    r.conversationId = conversationId;
    r.role = q.value(1).toString();
    r.content = q.value(2).toString();
    r.senderNick = q.value(3).toString();
    r.createdAt = q.value(4).toLongLong();
    r.model = q.value(5).toString();
    r.promptTokens = q.value(6).isNull() ? -1 : q.value(6).toInt();
    r.completionTokens = q.value(7).isNull() ? -1 : q.value(7).toInt();
    r.requestId = q.value(8).toString();
    r.errorKind = q.value(9).toString();
    return r;
}
