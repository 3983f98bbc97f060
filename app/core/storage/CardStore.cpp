#include "storage/CardStore.h"

#include "storage/Database.h"
#include "util/Log.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
QString stateName(CardStore::State state)
{
    switch (state) {
    case CardStore::State::Open:
        return u"open"_s;
    case CardStore::State::Finished:
        return u"finished"_s;
    case CardStore::State::Failed:
        return u"failed"_s;
    case CardStore::State::Closed:
        return u"closed"_s;
    }
    return u"open"_s;
}

bool run(QSqlQuery &q)
{
    if (q.exec())
        return true;
    qCWarning(lcStorage).noquote() << "database error (cards):" << q.lastError().text();
    return false;
}
} // namespace

CardStore::CardStore(Database &database)
    : m_db(database)
{}

bool CardStore::open(qint64 jobId, const QString &robotId, const QString &outTrackId, qint64 nowMs)
{
    QSqlQuery q(m_db.handle());
    q.prepare(u"INSERT INTO cards (job_id, robot_id, out_track_id, state, created_at, updated_at) "
              u"VALUES (?, ?, ?, 'open', ?, ?) ON CONFLICT (job_id) DO UPDATE SET "
              u"out_track_id = excluded.out_track_id, state = 'open', "
              u"updated_at = excluded.updated_at"_s);
    q.addBindValue(jobId);
    q.addBindValue(robotId);
    q.addBindValue(outTrackId);
    q.addBindValue(nowMs);
    q.addBindValue(nowMs);
    return run(q);
}

bool CardStore::setState(qint64 jobId, State state, qint64 nowMs)
{
    QSqlQuery q(m_db.handle());
    q.prepare(u"UPDATE cards SET state = ?, updated_at = ? WHERE job_id = ?"_s);
    q.addBindValue(stateName(state));
    q.addBindValue(nowMs);
    q.addBindValue(jobId);
    return run(q);
}

bool CardStore::hasCard(qint64 jobId) const
{
    QSqlQuery q(m_db.handle());
    q.prepare(u"SELECT 1 FROM cards WHERE job_id = ?"_s);
    q.addBindValue(jobId);
    return run(q) && q.next();
}

QList<CardStore::Card> CardStore::openCards() const
{
    QList<Card> cards;
    QSqlQuery q(m_db.handle());
    q.prepare(u"SELECT job_id, robot_id, out_track_id FROM cards WHERE state = 'open' "
              u"ORDER BY created_at, job_id"_s);
    if (!run(q))
        return cards;
    while (q.next())
        cards.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()});
    return cards;
}
