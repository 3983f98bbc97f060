#include "conversation/Quota.h"

// QDateTime(date, time) is in local time.
QDateTime Quota::dayStart(const QDateTime &now)
{
    const QDateTime local = now.toLocalTime();
    return QDateTime(local.date(), QTime(0, 0));
}

QDateTime Quota::nextReset(const QDateTime &now)
{
    // Midnight of the next date, not now + 24 h: a day with a daylight-saving change is
    // 23 or 25 hours long.
    const QDateTime local = now.toLocalTime();
    return QDateTime(local.date().addDays(1), QTime(0, 0));
}

QuotaCheck Quota::check(const RobotSettings &robot, bool admin, const DailyUsage &today,
                        const QDateTime &now)
{
    QuotaCheck verdict;
    verdict.resetsAt = nextReset(now);
    if (admin)
        return verdict;
    if (robot.dailyMessages > 0 && today.messages >= robot.dailyMessages)
        verdict.result = QuotaCheck::Result::MessagesUsed;
    else if (robot.dailyTokens > 0 && today.tokens >= robot.dailyTokens)
        verdict.result = QuotaCheck::Result::TokensUsed;
    return verdict;
}
