// StorageWatch: keeps the database file usable while the relay runs, or says why it is not.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class Database;

// Three faults the database's own errors do not cure: a file that could not be written when
// it was opened (SQLite keeps such a connection read-only, so it is opened again every few
// seconds until it can be written); the file deleted or replaced under the open connection
// (every acknowledged message would go into a file no one will open again: what it holds is
// carried into a new file at the path); and a -shm that can no longer be written (the next
// write through its mapping would end the process with SIGBUS).
class StorageWatch final : public QObject
{
    Q_OBJECT
public:
    StorageWatch(Database &database, QString dataDir, QObject *parent = nullptr);

    // Checks every two seconds from now on; a database that open() could not write is
    // reported at once.
    void start();
    // Checks now (a stat and an access(), cheap enough for every message): false while
    // messages must be refused; *why then says why. A file found deleted or replaced is
    // carried into a new file first, so the message can be stored.
    bool check(QString *why);
    bool isOk() const { return m_state == State::Ok; }
    QString problem() const { return m_problem; }

signals:
    // One per episode: the message says what is wrong and what the relay does meanwhile.
    void failed(const QString &message);
    void recovered();
    // The database could not be written when the relay started and now can: the jobs a
    // previous run left unfinished can be taken up.
    void opened();

private:
    enum class State { Ok, Unwritable, Carrying, SharedMemory };
    void tick();
    void inspect();
    void retry();
    void carry();
    void enter(State state, const QString &message);
    void leave();

    Database &m_db;
    QString m_dataDir;
    QTimer m_timer;
    State m_state = State::Ok;
    QString m_problem;
    bool m_openedOnce = false;
};
