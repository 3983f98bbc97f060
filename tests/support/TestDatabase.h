// TestDatabase: reads DingRelay's SQLite file from a test the way another program would.
#pragma once

#include <QString>
#include <QVariant>

namespace TestDatabase {
// The first column of the first row of sql, over a connection of its own (invalid on error).
QVariant value(const QString &databaseFile, const QString &sql);
// Runs a statement that changes the file (a test setting the scene); the rows it changed, or
// -1 on error.
int exec(const QString &databaseFile, const QString &sql);
} // namespace TestDatabase
