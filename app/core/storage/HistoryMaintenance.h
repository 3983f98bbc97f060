// HistoryMaintenance: deleting conversations, clearing the history, pruning old messages.
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

class Database;
class ReadConnection;

// Each runs in one transaction. On failure *error (when given) says why; the transaction rolls
// back, leaving the history as it was.
class HistoryMaintenance final
{
public:
    explicit HistoryMaintenance(const Database &database);
    explicit HistoryMaintenance(const ReadConnection &connection);

    // Deletes the conversations with their messages and the finished jobs behind them (a job
    // keeps the question's text). Jobs the relay still works on stay.
    bool deleteConversations(const QList<qint64> &ids, QString *error);
    // Deletes every conversation and message and every finished job.
    bool clearAll(QString *error);
    // Deletes up to batch messages written before cutoffMs, then the conversations left empty
    // and finished jobs last touched before it. Returns the messages deleted, -1 on error.
    int pruneBefore(qint64 cutoffMs, int batch, QString *error);

private:
    QSqlDatabase m_db;
};
