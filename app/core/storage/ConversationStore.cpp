#include "storage/ConversationStore.h"

using namespace Qt::StringLiterals;

ConversationStore::ConversationStore(Database &database)
    : m_sql(database)
{}

ConversationStore::~ConversationStore() = default;

ConversationState ConversationStore::state(const QString &conversationKey)
{
    ConversationState state;
    QSqlQuery &q = m_sql.prepared(
        "SELECT id, model, system_prompt, persona FROM conversations WHERE conv_key = ?");
    q.bindValue(0, conversationKey);
    if (m_sql.run(q) && q.next()) {
        state.id = q.value(0).toLongLong();
        state.model = q.value(1).toString();
        state.systemPrompt = q.value(2).toString();
        state.persona = q.value(3).toString();
    }
    q.finish();
    return state;
}

bool ConversationStore::setModel(qint64 conversationId, const QString &model)
{
    QSqlQuery &q = m_sql.prepared("UPDATE conversations SET model = ? WHERE id = ?");
    q.bindValue(0, model.isEmpty() ? QVariant() : QVariant(model));
    q.bindValue(1, conversationId);
    return m_sql.run(q);
}

bool ConversationStore::setSystemPrompt(qint64 conversationId, const QString &prompt)
{
    QSqlQuery &q =
        m_sql.prepared("UPDATE conversations SET system_prompt = ?, persona = NULL WHERE id = ?");
    q.bindValue(0, prompt.isEmpty() ? QVariant() : QVariant(prompt));
    q.bindValue(1, conversationId);
    return m_sql.run(q);
}

bool ConversationStore::setPersona(qint64 conversationId, const QString &persona)
{
    QSqlQuery &q =
        m_sql.prepared("UPDATE conversations SET persona = ?, system_prompt = NULL WHERE id = ?");
    q.bindValue(0, persona.isEmpty() ? QVariant() : QVariant(persona));
    q.bindValue(1, conversationId);
    return m_sql.run(q);
}

DailyUsage ConversationStore::usageSince(const QString &robotId, const QString &senderKey,
                                         qint64 sinceMs)
{
    DailyUsage usage;
    QSqlQuery &q =
        m_sql.prepared("SELECT COUNT(*), COALESCE(SUM(COALESCE(m.prompt_tokens, 0) + "
                       "COALESCE(m.completion_tokens, 0)), 0) FROM messages m "
                       "JOIN conversations c ON c.id = m.conversation_id "
                       "WHERE m.role = 'assistant' AND m.sender_key = ? AND m.created_at >= ? "
                       "AND c.robot_id = ?");
    q.bindValue(0, senderKey);
    q.bindValue(1, sinceMs);
    q.bindValue(2, robotId);
    if (m_sql.run(q) && q.next()) {
        usage.messages = q.value(0).toInt();
        usage.tokens = q.value(1).toLongLong();
    }
    q.finish();
    return usage;
}

std::optional<AskedQuestion> ConversationStore::lastQuestion(const QString &conversationKey)
{
    // A question is a user row whose job got an answer or an error (not a command's notice).
    QSqlQuery &q =
        m_sql.prepared("SELECT u.job_id, u.content FROM messages u "
                       "JOIN conversations c ON c.id = u.conversation_id "
                       "WHERE c.conv_key = ? AND u.role = 'user' AND u.id > c.context_since "
                       "AND EXISTS (SELECT 1 FROM messages a WHERE a.job_id = u.job_id "
                       "AND a.role IN ('assistant', 'error')) "
                       "ORDER BY u.id DESC LIMIT 1");
    q.bindValue(0, conversationKey);
    std::optional<AskedQuestion> asked;
    if (m_sql.run(q) && q.next())
        asked = AskedQuestion{q.value(0).toLongLong(), q.value(1).toString()};
    q.finish();
    return asked;
}
