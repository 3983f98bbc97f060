#include "storage/ApiCallCounter.h"

#include "storage/Database.h"
#include "util/Log.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

ApiCallCounter::ApiCallCounter(Database &database, Clock nowMs)
    : m_db(database)
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
    QSqlQuery q(m_db.handle());
    q.prepare(u"INSERT INTO api_calls (robot_id, month, calls) VALUES (?, ?, ?) "
              u"ON CONFLICT (robot_id, month) DO UPDATE SET calls = calls + excluded.calls "
              u"RETURNING calls"_s);
    q.addBindValue(robotId);
    q.addBindValue(currentMonth());
    q.addBindValue(calls);
    if (!q.exec() || !q.next()) {
        qCWarning(lcStorage).noquote()
            << "could not count a DingTalk API call:" << q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 ApiCallCounter::count(const QString &robotId, const QString &month) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(u"SELECT calls FROM api_calls WHERE robot_id = ? AND month = ?"_s);
    q.addBindValue(robotId);
    q.addBindValue(month);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toLongLong();
}
