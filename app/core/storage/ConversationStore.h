// ConversationStore: what people set for a conversation (model, prompt, persona) and usage.
#pragma once

#include "storage/Sql.h"

#include <QString>

#include <optional>

class Database;

struct ConversationState
{
    qint64 id = 0;        // 0: no row yet (nothing was ever said or set)
    QString model;        // /model; empty: the robot's
    QString systemPrompt; // /system; empty: the persona's, else the robot's
    QString persona;      // /persona; empty: none
};

// A sender's use of a robot over a day, against the daily limits.
struct DailyUsage
{
    int messages = 0;  // questions the model answered
    qint64 tokens = 0; // their prompt and answer tokens
};

// A question that was sent to the model, for /retry.
struct AskedQuestion
{
    qint64 jobId = 0;
    QString text;
};

class ConversationStore final
{
public:
    explicit ConversationStore(Database &database);
    ~ConversationStore();
    ConversationStore(const ConversationStore &) = delete;
    ConversationStore &operator=(const ConversationStore &) = delete;

    ConversationState state(const QString &conversationKey);
    // Each writes one conversation's row (from Store::ensureConversation).
    bool setModel(qint64 conversationId, const QString &model);
    // A prompt of its own, or a persona: setting one clears the other.
    bool setSystemPrompt(qint64 conversationId, const QString &prompt);
    bool setPersona(qint64 conversationId, const QString &persona);

    // The sender's questions the model answered since sinceMs, and their tokens, on one robot.
    DailyUsage usageSince(const QString &robotId, const QString &senderKey, qint64 sinceMs);
    // The newest question the model was asked in the conversation since its last reset.
    std::optional<AskedQuestion> lastQuestion(const QString &conversationKey);

    QString lastError() const { return m_sql.lastError(); }

private:
    SqlStatements m_sql;
};
