// ApiCallCounter: DingTalk OpenAPI calls per robot and month, kept in SQLite for the allowance.
#pragma once

#include "storage/Sql.h"

#include <QString>

#include <functional>

// DingTalk limits how many OpenAPI calls an organisation makes a month, and an AI card spends
// one per update. Every call a robot makes (access token, markdown send, card create or
// update) is counted here, so the log can say how much of the month is used.
class ApiCallCounter final
{
public:
    using Clock = std::function<qint64()>; // wall-clock ms since the epoch

    explicit ApiCallCounter(Database &database, Clock nowMs = {});
    ApiCallCounter(const ApiCallCounter &) = delete;
    ApiCallCounter &operator=(const ApiCallCounter &) = delete;

    // Counts calls made now; returns the robot's total for this month, or -1 when the database
    // could not store it (the call itself is not held up by that).
    qint64 add(const QString &robotId, int calls = 1);
    qint64 count(const QString &robotId, const QString &month) const;
    qint64 thisMonth(const QString &robotId) const { return count(robotId, currentMonth()); }

    QString currentMonth() const { return monthOf(m_now()); }
    // "2025-06": the month in China Standard Time (UTC+8), where DingTalk's month turns.
    static QString monthOf(qint64 msSinceEpoch);

private:
    mutable SqlStatements m_sql; // count() is const; its prepared statement is kept
    Clock m_now;
};
