#include "storage/UsageReader.h"

#include "storage/Database.h"
#include "storage/ReadConnection.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

UsageReader::UsageReader(const Database &database)
    : m_db(database.handle())
{}

UsageReader::UsageReader(const ReadConnection &connection)
    : m_db(connection.handle())
{}

QList<UsagePoint> UsageReader::perDay(const UsageRequest &request, QString *error) const
{
    QString key;
    QString label;
    switch (request.by) {
    case UsageRequest::By::Total:
        key = u"''"_s;
        label = u"''"_s;
        break;
    case UsageRequest::By::Robot:
        key = u"c.robot_id"_s;
        label = u"c.robot_id"_s;
        break;
    case UsageRequest::By::User:
        key = u"c.sender_id"_s;
        label = u"MAX(COALESCE(NULLIF(c.sender_nick, ''), c.sender_id))"_s;
        break;
    }
    // Integer day numbers: a time zone offset added, not strftime per row.
    const QString sql =
        u"SELECT (m.created_at + ?) / 86400000 AS day, %1 AS k, %2, SUM(m.role = 'user'), "
        "SUM(m.role = 'assistant'), SUM(m.role = 'error'), COALESCE(SUM(m.prompt_tokens), 0), "
        "COALESCE(SUM(m.completion_tokens), 0) FROM messages m "
        "JOIN conversations c ON c.id = m.conversation_id "
        "WHERE m.created_at >= ? AND m.created_at < ? GROUP BY day, k ORDER BY day"_s.arg(key,
                                                                                          label);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(qint64(request.utcOffsetSeconds) * 1000);
    q.addBindValue(request.fromMs);
    q.addBindValue(request.toMs > 0 ? request.toMs : QDateTime::currentMSecsSinceEpoch() + 1);
    QList<UsagePoint> points;
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return points;
    }
    while (q.next()) {
        UsagePoint p;
        p.day = q.value(0).toLongLong();
        p.key = q.value(1).toString();
        p.label = q.value(2).toString();
        p.questions = q.value(3).toInt();
        p.answers = q.value(4).toInt();
        p.errors = q.value(5).toInt();
        p.promptTokens = q.value(6).toLongLong();
        p.completionTokens = q.value(7).toLongLong();
        points << p;
    }
    return points;
}
