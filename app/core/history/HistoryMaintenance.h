// HistoryMaintenance: deleting conversations, clearing the history, pruning old messages.
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace HistoryMaintenance {
// Deletes the conversations with their messages and the finished jobs behind them (a job
// keeps the question's text). Jobs the relay still works on stay.
bool deleteConversations(QSqlDatabase db, const QList<qint64> &ids, QString *error);
// Deletes every conversation and message and every finished job, in one transaction.
bool clearAll(QSqlDatabase db, QString *error);
// Deletes up to batch messages written before cutoffMs, then the conversations left empty
// and finished jobs last touched before it. Returns the messages deleted, -1 on error.
int pruneBefore(QSqlDatabase db, qint64 cutoffMs, int batch, QString *error);
} // namespace HistoryMaintenance
