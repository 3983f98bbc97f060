// TestDatabase: reads DingRelay's SQLite file from a test the way another program would.
#pragma once

#include "storage/HistoryRows.h"

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

// Runs sql on the relay's own connection (the relay runs in the test's thread): per-connection
// limits set there stand in for a full disk or a read-only file, which root cannot be denied
// by chmod. value, if given, takes the first column of the first row. False on error.
bool execOnRelayConnection(const QString &sql, QVariant *value = nullptr);

// Overwrites the cell count of index's root page in databaseFile (closed, its WAL
// checkpointed) with one that cannot fit the page: damage of the kind a stray write leaves,
// which PRAGMA quick_check finds and opening the file does not. False on failure.
bool damageIndex(const QString &databaseFile, const QString &index);

// Another program holding the write lock of databaseFile, from construction until release().
class WriteLock final
{
public:
    explicit WriteLock(const QString &databaseFile);
    ~WriteLock();
    WriteLock(const WriteLock &) = delete;
    WriteLock &operator=(const WriteLock &) = delete;

    bool isHeld() const { return m_held; }
    // Rolls back what it wrote and lets go; false if it held nothing or the rollback failed.
    bool release();

private:
    QString m_connection;
    bool m_held = false;
};
} // namespace TestDatabase
