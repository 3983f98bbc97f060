// Quota: a sender's daily allowance of questions and tokens, and when the day starts again.
#pragma once

#include "config/Config.h"
#include "storage/ConversationStore.h"

#include <QDateTime>

struct QuotaCheck
{
    enum class Result { Allowed, MessagesUsed, TokensUsed };
    Result result = Result::Allowed;
    QDateTime resetsAt; // the next local midnight
    bool allowed() const { return result == Result::Allowed; }
};

namespace Quota {
// Local midnight that began now's day, and the one that ends it.
QDateTime dayStart(const QDateTime &now);
QDateTime nextReset(const QDateTime &now);
// Refused once today's questions or tokens have reached the robot's daily limit (0: none);
// admins are never refused. A question that starts under the token limit may end above it.
QuotaCheck check(const RobotSettings &robot, bool admin, const DailyUsage &today,
                 const QDateTime &now);
} // namespace Quota
