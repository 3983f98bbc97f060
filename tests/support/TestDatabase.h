// TestDatabase: reads DingRelay's SQLite file from a test the way another program would.
#pragma once

#include "history/HistoryTypes.h"

#include <QList>
#include <QString>
#include <QVariant>

namespace TestDatabase {
// Every stored message of every conversation, read as the history window reads them
// (ConversationModel, MessageModel): a test checks what a user of the app would see.
QList<MessageRow> messages(const QString &databaseFile);
// The messages of one role (user, assistant, error, notice).
QList<MessageRow> messages(const QString &databaseFile, const QString &role);

// For what no interface of the app reads (job states, columns only the relay uses):
// The first column of the first row of sql, over a connection of its own (invalid on error).
QVariant value(const QString &databaseFile, const QString &sql);
// Runs a statement that changes the file (a test setting the scene); the rows it changed, or
// -1 on error.
int exec(const QString &databaseFile, const QString &sql);
} // namespace TestDatabase
