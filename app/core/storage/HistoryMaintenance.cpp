#include "storage/HistoryMaintenance.h"

#include "storage/Database.h"
#include "storage/ReadConnection.h"
#include "storage/Sql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
bool execOnce(const QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

const QString FinishedJobs = u"state IN ('done', 'undelivered')"_s;
} // namespace

HistoryMaintenance::HistoryMaintenance(const Database &database)
    : m_db(database.handle())
{}

HistoryMaintenance::HistoryMaintenance(const ReadConnection &connection)
    : m_db(connection.handle())
{}

bool HistoryMaintenance::deleteConversations(const QList<qint64> &ids, QString *error)
{
    Transaction tx(m_db);
    if (!tx.started(error))
        return false;
    QSqlQuery jobs(m_db);
    jobs.prepare(u"DELETE FROM jobs WHERE "_s + FinishedJobs +
                 u" AND id IN (SELECT job_id FROM messages WHERE conversation_id = ?)"_s);
    QSqlQuery conversation(m_db);
    // Its messages go with it (ON DELETE CASCADE), and with them their search entries.
    conversation.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    for (const qint64 id : ids) {
        jobs.bindValue(0, id);
        conversation.bindValue(0, id);
        if (!Sql::run(jobs, error) || !Sql::run(conversation, error))
            return false;
    }
    return tx.commit(error);
}

bool HistoryMaintenance::clearAll(QString *error)
{
    Transaction tx(m_db);
    if (!tx.started(error))
        return false;
    // Emptying the search index at once is far quicker than a trigger per message, so the
    // triggers step aside for this transaction and come back exactly as they were.
    QSqlQuery triggers(m_db);
    QStringList names;
    QStringList definitions;
    if (!triggers.exec(u"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       "AND tbl_name = 'messages'"_s)) {
        if (error)
            *error = triggers.lastError().text();
        return false;
    }
    while (triggers.next()) {
        names << triggers.value(0).toString();
        definitions << triggers.value(1).toString();
    }
    triggers.finish();
    for (const QString &name : std::as_const(names)) {
        if (!execOnce(m_db, u"DROP TRIGGER \"%1\""_s.arg(name), error))
            return false;
    }
    if (!execOnce(m_db, u"DELETE FROM messages"_s, error) ||
        !execOnce(m_db, u"INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')"_s,
                  error) ||
        !execOnce(m_db, u"DELETE FROM conversations"_s, error) ||
        !execOnce(m_db, u"DELETE FROM jobs WHERE "_s + FinishedJobs, error) ||
        // Who the robots have heard from goes too, but for the questions still being answered;
        // the signs stay, since forgetting them would let a captured one carry a message again.
        !execOnce(m_db, u"DELETE FROM recipients WHERE first_job_id NOT IN (SELECT id FROM jobs)"_s,
                  error))
        return false;
    for (const QString &definition : std::as_const(definitions)) {
        if (!execOnce(m_db, definition, error))
            return false;
    }
    return tx.commit(error);
}

int HistoryMaintenance::pruneBefore(qint64 cutoffMs, int batch, QString *error)
{
    Transaction tx(m_db);
    if (!tx.started(error))
        return -1;
    QSqlQuery messages(m_db);
    messages.prepare(u"DELETE FROM messages WHERE id IN "
                     "(SELECT id FROM messages WHERE created_at < ? LIMIT ?)"_s);
    messages.addBindValue(cutoffMs);
    messages.addBindValue(batch);
    if (!Sql::run(messages, error))
        return -1;
    const int deleted = messages.numRowsAffected();
    if (deleted < batch) {
        // The last batch: what no message refers to any more goes too.
        QSqlQuery conversations(m_db);
        conversations.prepare(u"DELETE FROM conversations WHERE updated_at < ? AND NOT EXISTS "
                              "(SELECT 1 FROM messages m WHERE m.conversation_id = "
                              "conversations.id)"_s);
        conversations.addBindValue(cutoffMs);
        QSqlQuery jobs(m_db);
        jobs.prepare(u"DELETE FROM jobs WHERE "_s + FinishedJobs + u" AND updated_at < ?"_s);
        jobs.addBindValue(cutoffMs);
        if (!Sql::run(conversations, error) || !Sql::run(jobs, error))
            return -1;
    }
    if (!tx.commit(error))
        return -1;
    return deleted;
}
