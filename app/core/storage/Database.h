// Database: opens DingRelay's SQLite file (WAL) and brings its schema up to date.
#pragma once

#include <QSet>
#include <QSqlDatabase>
#include <QString>

class SqlStatements;

class Database final
{
public:
    static constexpr int SchemaVersion = 7;

    // Whether filePath() still names the file that is open.
    enum class FileState { Same, Missing, Replaced };

    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Creates dataDir when needed and opens dingrelay.sqlite3 in it. On failure returns
    // false and error() says what went wrong and where. Called again, it opens the file
    // again on the same connection: the stores keep working with it.
    // targetVersion stops the migrations early: tests build a database as an older
    // DingRelay left it.
    bool open(const QString &dataDir, int targetVersion = SchemaVersion);
    void close();
    bool isOpen() const;
    // open() failed because the file, its folder or its -shm cannot be written (read-only,
    // immutable, owned by another user): opening it again later may work.
    bool unwritable() const { return m_unwritable; }

    // How long a write waits for another program's lock (SQLite's busy timeout), on this
    // connection and on every later open of it; 5 s until a store says otherwise.
    void setLockWait(int ms);

    QSqlDatabase handle() const;
    QString filePath() const { return m_filePath; }
    QString error() const { return m_error; }
    int schemaVersion() const;

    // Deleted (Missing) or another file put in its place (Replaced): a stat, cheap enough to
    // run before every message is acknowledged.
    FileState fileState() const;
    // The -shm file (SQLite's shared wal-index, mapped into memory) cannot be written: the
    // next write through the mapping would kill the process with SIGBUS.
    bool sharedMemoryUnwritable() const;
    // Copies all the open file holds (its WAL included; it may be deleted already) into a
    // new file at filePath() and goes on there. A different file found at filePath() is
    // renamed first; *movedAside gets its new name. On failure error() says why.
    bool carryToNewFile(QString *movedAside);

    // Stores' prepared statements, which must let go of the file before it is copied or
    // opened again (SqlStatements does this itself).
    void addStatements(SqlStatements *statements) { m_statements.insert(statements); }
    void removeStatements(SqlStatements *statements) { m_statements.remove(statements); }

private:
    bool exec(const QString &sql);
    bool migrate(int targetVersion);
    bool checkWritable();
    void forgetStatements();

    QString m_connection;
    QString m_dataDir;
    QString m_filePath;
    QString m_error;
    bool m_unwritable = false;
    int m_lockWaitMs = 5000;
    // Which file a path names (0, 0: none), to tell the file open() opened from another.
    struct FileId
    {
        quint64 device = 0;
        quint64 inode = 0;
        bool exists() const { return inode != 0; }
        friend bool operator==(const FileId &, const FileId &) = default;
    };
    static FileId fileIdOf(const QString &path);
    FileId m_file; // what open() opened, and its -wal and -shm
    FileId m_wal;
    FileId m_shm;
    QSet<SqlStatements *> m_statements;
};
