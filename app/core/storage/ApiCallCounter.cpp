#include "storage/ApiCallCounter.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

ApiCallCounter::ApiCallCounter(Database &database, Clock nowMs)
    : m_sql(database, "DingTalk API calls")
    , m_now(nowMs ? std::move(nowMs) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{}

QString ApiCallCounter::monthOf(qint64 msSinceEpoch)
{
    // A fixed offset, not a zone name: China has had no daylight saving time since 1991, and
    // this needs no time zone database on the machine.
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, QTimeZone(8 * 3600)).toString(u"yyyy-MM"_s);
}

qint64 ApiCallCounter::add(const QString &robotId, int calls)
{
    QSqlQuery &q =
        m_sql.prepared("INSERT INTO api_calls (robot_id, month, calls) VALUES (?, ?, ?) "
                       "ON CONFLICT (robot_id, month) DO UPDATE SET calls = calls + excluded.calls "
                       "RETURNING calls");
    q.bindValue(0, robotId);
    q.bindValue(1, currentMonth());
    q.bindValue(2, calls);
    if (!m_sql.run(q) || !q.next()) {
        q.finish();
        return -1; // logged by run(); a RETURNING without a row cannot happen
    }
    const qint64 total = q.value(0).toLongLong();
    q.finish();
    return total;
}

qint64 ApiCallCounter::count(const QString &robotId, const QString &month) const
{
    QSqlQuery &q = m_sql.prepared("SELECT calls FROM api_calls WHERE robot_id = ? AND month = ?");
    q.bindValue(0, robotId);
    q.bindValue(1, month);
    const qint64 calls = m_sql.run(q) && q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return calls;
}
