// Database: opens DingRelay's SQLite file (WAL) and brings its schema up to date.
#pragma once

#include <QSqlDatabase>
#include <QString>

class Database final
{
public:
    static constexpr int SchemaVersion = 7;

    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Creates dataDir when needed and opens dingrelay.sqlite3 in it. On failure returns
    // false and error() says what went wrong and where.
    // targetVersion stops the migrations early: tests build a database as an older
    // DingRelay left it.
    bool open(const QString &dataDir, int targetVersion = SchemaVersion);
    void close();

    QSqlDatabase handle() const;
    QString filePath() const { return m_filePath; }
    QString error() const { return m_error; }
    int schemaVersion() const;

private:
    bool exec(const QString &sql);
    bool migrate(int targetVersion);

    QString m_connection;
    QString m_filePath;
    QString m_error;
};
