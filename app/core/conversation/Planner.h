// Planner: decides what one message gets: a refusal, a command's reply, or a model request.
#pragma once

#include "config/Config.h"
#include "conversation/Quota.h"
#include "storage/ConversationStore.h"
#include "storage/Store.h"

#include <QDateTime>

#include <optional>

struct Plan
{
    Job job;          // as it goes on: without the @mention; for /retry, the question again
    JobRecord record; // no request: the whole record; a request: what the answer's carries
    std::optional<ChatRequest> request;         // set: ask the model
    qsizetype promptTokens = 0;                 // of the request, as counted here
    bool exactCount = false;                    // the model's tokenizer is known
    QString tokenizer = QStringLiteral("auto"); // what promptTokens was counted with
};

class Planner final
{
public:
    Planner(const AppConfig &config, Store &store);

    // Access first, then the kind of message, commands, the daily limits, and last the model
    // request with the conversation's context trimmed to the model's budget. Settings a
    // command changes are written here, before its reply is recorded.
    Plan plan(const Job &job, const RobotSettings &robot, const QDateTime &now);

    // The lane a job waits in: jobs of one conversation (as the robot shares it) run in order.
    static QString laneKey(const Job &job, const RobotSettings *robot);

private:
    void command(Plan &plan, const RobotSettings &robot, bool admin, const QDateTime &now);
    void ask(Plan &plan, const RobotSettings &robot, qint64 replacesJob);
    QStringList modelChoices(const RobotSettings &robot) const;
    // The robot's own model, else model/model: what a conversation uses until /model picks.
    QString configuredModel(const RobotSettings &robot) const;
    QString modelFor(const RobotSettings &robot, const ConversationState &state) const;
    QString promptFor(const RobotSettings &robot, const ConversationState &state) const;
    std::optional<QuotaCheck> overQuota(const Plan &plan, const RobotSettings &robot, bool admin,
                                        const QDateTime &now);
    DailyUsage usageToday(const Plan &plan, const RobotSettings &robot, const QDateTime &now);

    const AppConfig &m_config;
    Store &m_store;
    ConversationStore m_conversations;
};
