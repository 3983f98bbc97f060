// Sql: the prepared statements and the transaction guard every store runs its SQL with.
#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <memory>

class Database;

// A store runs the same few statements many times: each is prepared once, on first use, and
// kept. Failures keep the database's words for lastError() and go to the log.
class SqlStatements final
{
public:
    // what names the store in the log ("cards"); empty for the job store.
    explicit SqlStatements(Database &database, const char *what = nullptr);
    ~SqlStatements();
    SqlStatements(const SqlStatements &) = delete;
    SqlStatements &operator=(const SqlStatements &) = delete;

    // The statement for this literal, prepared on the database's connection. A statement that
    // does not prepare fails at run(), with the reason.
    QSqlQuery &prepared(const char *sql);
    // Executes it; false on failure, with the reason logged and kept.
    bool run(QSqlQuery &query);
    // The same, keeping the reason without logging it: for checks that repeat while they fail.
    bool runQuietly(QSqlQuery &query);

    // Lets go of every statement (the database is about to be copied or opened again); each
    // is prepared again on its next use.
    void forget() { m_queries.clear(); }

    QSqlDatabase handle() const;
    QString lastError() const { return m_error; }
    void setError(const QString &error) { m_error = error; }

private:
    Database &m_db;
    const char *m_what;
    QHash<const char *, std::shared_ptr<QSqlQuery>> m_queries;
    QString m_error;
};

// A transaction that rolls back unless committed, so every early return leaves the database as
// it was. One that did not begin must not be written in: the statements would commit one by
// one, and a failure midway would leave half of what belongs together.
class Transaction final
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    // why, when given, gets the reason it did not begin or commit.
    bool started(QString *why = nullptr) const;
    bool commit(QString *why = nullptr);
    QString error() const;

private:
    QSqlDatabase m_db;
    bool m_open;
};

// For the history's reads and deletions, whose callers keep their own error: *error (when
// given) gets the database's words on failure, and is left alone otherwise.
namespace Sql {
// Runs a prepared statement; false on failure.
bool run(QSqlQuery &query, QString *error);
// Prepares sql on query, binds values in order and runs it; false on failure.
bool run(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error);
} // namespace Sql
