#include "storage/CardStore.h"

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
} // namespace

CardStore::CardStore(Database &database)
    : m_sql(database, "cards")
{}

bool CardStore::open(qint64 jobId, const QString &robotId, const QString &outTrackId, qint64 nowMs)
{
    QSqlQuery &q = m_sql.prepared(
        "INSERT INTO cards (job_id, robot_id, out_track_id, state, created_at, updated_at) "
        "VALUES (?, ?, ?, 'open', ?, ?) ON CONFLICT (job_id) DO UPDATE SET "
        "out_track_id = excluded.out_track_id, state = 'open', updated_at = excluded.updated_at");
    q.bindValue(0, jobId);
    q.bindValue(1, robotId);
    q.bindValue(2, outTrackId);
    q.bindValue(3, nowMs);
    q.bindValue(4, nowMs);
    return m_sql.run(q);
}

bool CardStore::setState(qint64 jobId, State state, qint64 nowMs)
{
    QSqlQuery &q = m_sql.prepared("UPDATE cards SET state = ?, updated_at = ? WHERE job_id = ?");
    q.bindValue(0, stateName(state));
    q.bindValue(1, nowMs);
    q.bindValue(2, jobId);
    return m_sql.run(q);
}

bool CardStore::hasCard(qint64 jobId) const
{
    QSqlQuery &q = m_sql.prepared("SELECT 1 FROM cards WHERE job_id = ?");
    q.bindValue(0, jobId);
    const bool found = m_sql.run(q) && q.next();
    q.finish();
    return found;
}

QList<CardStore::Card> CardStore::openCards() const
{
    QList<Card> cards;
    QSqlQuery &q = m_sql.prepared("SELECT job_id, robot_id, out_track_id FROM cards "
                                  "WHERE state = 'open' ORDER BY created_at, job_id");
    if (!m_sql.run(q))
        return cards;
    while (q.next())
        cards.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()});
    q.finish();
    return cards;
}
