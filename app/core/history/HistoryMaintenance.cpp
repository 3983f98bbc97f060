#include "history/HistoryMaintenance.h"

#include "storage/Sql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
bool exec(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool exec(QSqlDatabase db, const QString &sql, QString *error)
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

bool HistoryMaintenance::deleteConversations(QSqlDatabase db, const QList<qint64> &ids,
                                             QString *error)
{
    Transaction tx(db);
    if (!tx.started(error))
        return false;
    QSqlQuery jobs(db);
    jobs.prepare(u"DELETE FROM jobs WHERE "_s + FinishedJobs +
                 u" AND id IN (SELECT job_id FROM messages WHERE conversation_id = ?)"_s);
    QSqlQuery conversation(db);
    // Its messages go with it (ON DELETE CASCADE), and with them their search entries.
    conversation.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    for (const qint64 id : ids) {
        jobs.bindValue(0, id);
        conversation.bindValue(0, id);
        if (!exec(jobs, error) || !exec(conversation, error))
            return false;
    }
    return tx.commit(error);
}

bool HistoryMaintenance::clearAll(QSqlDatabase db, QString *error)
{
    Transaction tx(db);
    if (!tx.started(error))
        return false;
    // Emptying the search index at once is far quicker than a trigger per message, so the
    // triggers step aside for this transaction and come back exactly as they were.
    QSqlQuery triggers(db);
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
        if (!exec(db, u"DROP TRIGGER \"%1\""_s.arg(name), error))
            return false;
    }
    if (!exec(db, u"DELETE FROM messages"_s, error) ||
        !exec(db, u"INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')"_s, error) ||
        !exec(db, u"DELETE FROM conversations"_s, error) ||
        !exec(db, u"DELETE FROM jobs WHERE "_s + FinishedJobs, error))
        return false;
    for (const QString &definition : std::as_const(definitions)) {
        if (!exec(db, definition, error))
            return false;
    }
    return tx.commit(error);
}

int HistoryMaintenance::pruneBefore(QSqlDatabase db, qint64 cutoffMs, int batch, QString *error)
{
    Transaction tx(db);
    if (!tx.started(error))
        return -1;
    QSqlQuery messages(db);
    messages.prepare(u"DELETE FROM messages WHERE id IN "
                     "(SELECT id FROM messages WHERE created_at < ? LIMIT ?)"_s);
    messages.addBindValue(cutoffMs);
    messages.addBindValue(batch);
    if (!exec(messages, error))
        return -1;
    const int deleted = messages.numRowsAffected();
    if (deleted < batch) {
        // The last batch: what no message refers to any more goes too.
        QSqlQuery conversations(db);
        conversations.prepare(u"DELETE FROM conversations WHERE updated_at < ? AND NOT EXISTS "
                              "(SELECT 1 FROM messages m WHERE m.conversation_id = "
                              "conversations.id)"_s);
        conversations.addBindValue(cutoffMs);
        QSqlQuery jobs(db);
        jobs.prepare(u"DELETE FROM jobs WHERE "_s + FinishedJobs + u" AND updated_at < ?"_s);
        jobs.addBindValue(cutoffMs);
        if (!exec(conversations, error) || !exec(jobs, error))
            return -1;
    }
    if (!tx.commit(error))
        return -1;
    return deleted;
}
