#include "storage/Database.h"

#include "storage/Sql.h"
#include "util/Log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// Each entry brings the schema from version i to i + 1. Entries are never edited once
// released; a change is a new entry.
const QStringList &migrations()
{
    static const QStringList list{
        uR"(
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    robot_id TEXT NOT NULL,
    conv_key TEXT NOT NULL UNIQUE,
    dingtalk_conversation_id TEXT NOT NULL,
    is_group INTEGER NOT NULL,
    title TEXT,
    sender_id TEXT,
    sender_nick TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    context_since INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    robot_id TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('received', 'replying', 'done', 'undelivered')),
    reply TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    received_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (robot_id, msg_id)
);
CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN ('received', 'replying');
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'error', 'notice')),
    content TEXT NOT NULL,
    sender_nick TEXT,
    created_at INTEGER NOT NULL,
    in_context INTEGER NOT NULL DEFAULT 0,
    model TEXT,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    request_id TEXT,
    error_kind TEXT,
    UNIQUE (job_id, role)
);
CREATE INDEX messages_context ON messages (conversation_id, id) WHERE in_context = 1;
CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);
)"_s,
        // 2: an answer is delivered in parts, each with its own state, so a part that was
        // delivered is never sent again and one in flight at a crash is known.
        uR"(
CREATE TABLE parts (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    total INTEGER NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    route TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, idx)
);
)"_s,
        // 3: DingTalk OpenAPI calls per robot and month (DingTalk's allowance counts them), and
        // the AI card each answer opened, so a restart can close one left half-written.
        uR"(
CREATE TABLE IF NOT EXISTS api_calls (
    robot_id TEXT NOT NULL,
    month TEXT NOT NULL,
    calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (robot_id, month)
);
CREATE TABLE IF NOT EXISTS cards (
    job_id INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    robot_id TEXT NOT NULL,
    out_track_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'finished', 'failed', 'closed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cards_open ON cards (state) WHERE state = 'open';
)"_s,
        // 4: a table the relay writes to and empties again to learn whether storage works
        // again after a full disk, a read-only file or a lock (Store::probe).
        uR"(
CREATE TABLE storage_probe (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);
)"_s,
        // 5: the history window: full-text search over every message (FTS5 trigram, which
        // finds Chinese substrings), kept in step by triggers, and indexes for listing
        // conversations by activity and for retention and usage by time. The indexed text
        // ends in two newlines, so a one- or two-character query still has trigrams that
        // start with it, even at the end of a message (history/SearchQuery).
        uR"(
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content || char(10, 10));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content)
    VALUES ('delete', old.id, old.content || char(10, 10));
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content)
    VALUES ('delete', old.id, old.content || char(10, 10));
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content || char(10, 10));
END;
INSERT INTO messages_fts (rowid, content) SELECT id, content || char(10, 10) FROM messages;
CREATE INDEX messages_by_time ON messages (created_at);
CREATE INDEX conversations_by_activity ON conversations (updated_at);
)"_s,
        // 6: conversations people steer: a conversation's own model, system prompt or persona
        // (/model, /system, /persona); who asked, for daily limits and /usage; the model's
        // words before a <think> block was taken out; and every refused message.
        uR"(
ALTER TABLE conversations ADD COLUMN model TEXT;
ALTER TABLE conversations ADD COLUMN system_prompt TEXT;
ALTER TABLE conversations ADD COLUMN persona TEXT;
ALTER TABLE messages ADD COLUMN sender_key TEXT;
ALTER TABLE messages ADD COLUMN raw_content TEXT;
CREATE INDEX messages_usage ON messages (sender_key, created_at) WHERE role = 'assistant';
CREATE TABLE refusals (
    id INTEGER PRIMARY KEY,
    robot_id TEXT NOT NULL,
    job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    conversation_id TEXT NOT NULL,
    sender_key TEXT,
    sender_nick TEXT,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX refusals_by_time ON refusals (created_at);
)"_s,
        // 7: each callback sign with the message it carried, while it can verify (a second
        // message under one sign is a replay), and the groups and people each robot has heard
        // from, first by which job (an HTTP robot answers through the OpenAPI only to those).
        // The jobs so far name the recipients already known.
        uR"(
CREATE TABLE signs (
    robot_id TEXT NOT NULL,
    sign_key TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (robot_id, sign_key)
);
CREATE INDEX signs_by_time ON signs (seen_at);
CREATE TABLE recipients (
    robot_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('group', 'user')),
    dingtalk_id TEXT NOT NULL,
    first_job_id INTEGER NOT NULL,
    PRIMARY KEY (robot_id, kind, dingtalk_id)
);
INSERT INTO recipients (robot_id, kind, dingtalk_id, first_job_id)
SELECT robot_id, kind, dingtalk_id, MIN(id) FROM (
    SELECT id, robot_id,
           CASE json_extract(payload, '$.conversationType') WHEN '2' THEN 'group' ELSE 'user' END
               AS kind,
           CASE json_extract(payload, '$.conversationType') WHEN '2'
               THEN json_extract(payload, '$.conversationId')
               ELSE json_extract(payload, '$.senderStaffId') END AS dingtalk_id
    FROM jobs WHERE json_valid(payload)
) WHERE dingtalk_id IS NOT NULL AND dingtalk_id != '' GROUP BY robot_id, kind, dingtalk_id;
)"_s,
    };
    return list;
}

// The statements of a migration. A trigger's body holds semicolons of its own: it runs on
// to the END that closes it.
QStringList statementsOf(const QString &migration)
{
    QStringList statements;
    QString pending;
    const QStringList pieces = migration.split(u';');
    for (const QString &piece : pieces) {
        pending += piece;
        const QString statement = pending.trimmed();
        if (statement.startsWith(u"CREATE TRIGGER"_s, Qt::CaseInsensitive) &&
            !statement.endsWith(u"END"_s, Qt::CaseInsensitive)) {
            pending += u';';
            continue;
        }
        if (!statement.isEmpty())
            statements << statement;
        pending.clear();
    }
    return statements;
}

} // namespace

Database::FileId Database::fileIdOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return {};
    return {quint64(info.st_dev), quint64(info.st_ino)};
}

Database::~Database()
{
    close();
}

bool Database::open(const QString &dataDir, int targetVersion)
{
    m_error.clear();
    m_unwritable = false;
    m_dataDir = dataDir;
    if (!QDir().mkpath(dataDir)) {
        m_error = u"cannot create the data directory %1"_s.arg(dataDir);
        m_unwritable = true;
        return false;
    }
    m_filePath = QDir(dataDir).absoluteFilePath(u"dingrelay.sqlite3"_s);
    // Conversations are private: the folder is its owner's alone, and so is the file, made
    // before SQLite makes it under the usual umask (its -wal and -shm take the file's mode).
    constexpr auto OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!QFile::setPermissions(dataDir, OwnerOnly | QFileDevice::ExeOwner))
        qCWarning(lcStorage).noquote() << "cannot make" << dataDir << "private to its owner";
    if (QFile created(m_filePath); created.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        created.close();
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        if (QFileInfo::exists(m_filePath + suffix) &&
            !QFile::setPermissions(m_filePath + suffix, OwnerOnly))
            qCWarning(lcStorage).noquote()
                << "cannot make" << m_filePath + suffix << "private to its owner";
    }
    // Opened again (a file that could not be written, or one carried into a new file): the
    // same connection, so every store and reader holding it goes on with the new file.
    QSqlDatabase db;
    if (m_connection.isEmpty()) {
        m_connection = u"dingrelay-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    } else {
        forgetStatements();
        db = handle();
        db.close();
    }
    db.setDatabaseName(m_filePath);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_lockWaitMs));
    if (!db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(m_filePath, db.lastError().text());
        m_unwritable = true;
        return false;
    }
    m_file = fileIdOf(m_filePath);
    // WAL keeps readers (the history window) from blocking the relay. synchronous=NORMAL in
    // WAL mode keeps every committed transaction through a crash or kill of DingRelay; only
    // a power cut can lose the last moments, the price of 5000 acknowledged messages a second.
    if (!exec(u"PRAGMA journal_mode=WAL"_s) || !exec(u"PRAGMA synchronous=NORMAL"_s) ||
        !exec(u"PRAGMA foreign_keys=ON"_s) || !checkWritable() || !migrate(targetVersion)) {
        const QString lower = m_error.toLower();
        m_unwritable = m_unwritable || lower.contains(u"readonly"_s) ||
                       lower.contains(u"read-only"_s) || lower.contains(u"unable to open"_s);
        if (m_unwritable)
            db.close(); // SQLite keeps a read-only connection read-only: open it anew later
        return false;
    }
    // Both exist once the first transaction has begun; a copy carried into a new file must
    // not find these at its path, or SQLite would replay the old file's WAL into it.
    m_wal = fileIdOf(m_filePath + u"-wal"_s);
    m_shm = fileIdOf(m_filePath + u"-shm"_s);
    qCInfo(lcStorage).noquote() << "database" << m_filePath << "schema version" << schemaVersion();
    return true;
}

void Database::setLockWait(int ms)
{
    m_lockWaitMs = ms;
    if (isOpen() && !exec(u"PRAGMA busy_timeout = %1"_s.arg(ms)))
        qCWarning(lcStorage).noquote() << "cannot set the lock wait:" << m_error;
}

bool Database::checkWritable()
{
    // A file SQLite could open for reading only, or whose -shm it cannot write, opens without
    // a word; the first write would fail. A write transaction begun and rolled back tells at
    // once; a lock held by another program is not the file's fault, so it does not wait for
    // one (busy timeout 0) and takes it as writable.
    QSqlQuery q(handle());
    exec(u"PRAGMA busy_timeout = 0"_s);
    bool ok = true;
    if (q.exec(u"BEGIN IMMEDIATE"_s)) {
        exec(u"ROLLBACK"_s);
    } else {
        const QString error = q.lastError().text();
        if (!error.contains(u"locked"_s) && !error.contains(u"busy"_s)) {
            m_error = sharedMemoryUnwritable()
                          ? u"cannot write %1-shm (SQLite's shared index of the WAL, which "
                            "every write updates): %2"_s.arg(m_filePath, error)
                          : u"cannot write %1: %2"_s.arg(m_filePath, error);
            m_unwritable = true;
            ok = false;
        }
    }
    exec(u"PRAGMA busy_timeout = %1"_s.arg(m_lockWaitMs));
    return ok;
}

void Database::close()
{
    if (m_connection.isEmpty())
        return;
    forgetStatements();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
}

bool Database::isOpen() const
{
    return !m_connection.isEmpty() && handle().isOpen();
}

void Database::forgetStatements()
{
    const QSet<SqlStatements *> statements = m_statements;
    for (SqlStatements *s : statements)
        s->forget();
}

Database::FileState Database::fileState() const
{
    const FileId now = fileIdOf(m_filePath);
    if (!now.exists())
        return FileState::Missing;
    return now == m_file ? FileState::Same : FileState::Replaced;
}

bool Database::sharedMemoryUnwritable() const
{
    // access(), not open(): closing a descriptor of a file SQLite holds locks on would drop
    // them. No -shm yet: SQLite makes it, and open() learns whether it could.
    const QByteArray shm = QFile::encodeName(m_filePath + u"-shm"_s);
    struct stat info = {};
    if (::stat(shm.constData(), &info) != 0)
        return false;
    return !S_ISREG(info.st_mode) || ::access(shm.constData(), W_OK) != 0;
}

bool Database::carryToNewFile(QString *movedAside)
{
    m_error.clear();
    movedAside->clear();
    if (!QDir().mkpath(m_dataDir)) {
        m_error = u"cannot create the data directory %1"_s.arg(m_dataDir);
        return false;
    }
    // VACUUM INTO reads through the connection, which still holds the old file (deleted or
    // not) and its WAL: every committed row goes into the copy. Prepared statements left on
    // a row would make it refuse ("statements in progress").
    // A copy made before a rename that failed holds it all already.
    const QString copy = m_filePath + u".carried"_s;
    if (handle().isOpen()) {
        QFile::remove(copy);
        forgetStatements();
        QSqlQuery vacuum(handle());
        vacuum.prepare(u"VACUUM INTO ?"_s);
        vacuum.addBindValue(copy);
        if (!vacuum.exec()) {
            m_error =
                u"cannot copy the database into %1: %2"_s.arg(copy, vacuum.lastError().text());
            QFile::remove(copy);
            return false;
        }
        vacuum.finish();
        // A file deleted or moved is closed without a checkpoint: SQLite leaves its -wal and
        // -shm, and they must go before anything takes the path.
        handle().close();
        if (fileIdOf(m_filePath + u"-wal"_s) == m_wal)
            QFile::remove(m_filePath + u"-wal"_s);
        if (fileIdOf(m_filePath + u"-shm"_s) == m_shm)
            QFile::remove(m_filePath + u"-shm"_s);
    } else if (!QFileInfo::exists(copy)) {
        return open(m_dataDir); // carried already; opening it failed
    }
    if (QFileInfo::exists(m_filePath)) {
        // Not ours: kept as it is, for whoever put it there, under a name nothing else uses.
        *movedAside = m_filePath + u".found-"_s +
                      QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
            if (QFileInfo::exists(m_filePath + suffix))
                QFile::rename(m_filePath + suffix, *movedAside + suffix);
        }
    }
    if (!QFile::rename(copy, m_filePath)) {
        m_error = u"cannot rename %1 to %2"_s.arg(copy, m_filePath);
        return false;
    }
    return open(m_dataDir);
}

QSqlDatabase Database::handle() const
{
    return QSqlDatabase::database(m_connection, false);
}

int Database::schemaVersion() const
{
    QSqlQuery q(handle());
    if (!q.exec(u"SELECT version FROM schema_version"_s) || !q.next())
        return 0;
    return q.value(0).toInt();
}

bool Database::exec(const QString &sql)
{
    QSqlQuery q(handle());
    if (!q.exec(sql)) {
        m_error = u"database %1: %2 (while running: %3)"_s.arg(m_filePath, q.lastError().text(),
                                                               sql.simplified().left(80));
        return false;
    }
    return true;
}

bool Database::migrate(int targetVersion)
{
    if (!exec(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s))
        return false;
    int version = schemaVersion();
    if (version == 0) {
        QSqlQuery count(handle());
        if (count.exec(u"SELECT COUNT(*) FROM schema_version"_s) && count.next() &&
            count.value(0).toInt() == 0 && !exec(u"INSERT INTO schema_version VALUES (0)"_s))
            return false;
    }
    if (version > SchemaVersion) {
        m_error = u"database %1 was written by a newer DingRelay (schema %2, this one knows %3)"_s
                      .arg(m_filePath)
                      .arg(version)
                      .arg(SchemaVersion);
        return false;
    }
    QSqlDatabase db = handle();
    for (; version < std::min(targetVersion, SchemaVersion); ++version) {
        // Each step whole or not at all: a step applied in part would not run again.
        Transaction tx(db);
        if (!tx.started()) {
            m_error = u"database %1: could not migrate it to schema version %2: %3"_s.arg(
                m_filePath, QString::number(version + 1), tx.error());
            return false;
        }
        const QStringList statements = statementsOf(migrations().at(version));
        for (const QString &statement : statements) {
            if (!statement.trimmed().isEmpty() && !exec(statement))
                return false;
        }
        if (!exec(u"UPDATE schema_version SET version = %1"_s.arg(version + 1)))
            return false;
        if (!tx.commit()) {
            m_error = u"database %1: could not migrate it to schema version %2: %3"_s.arg(
                m_filePath, QString::number(version + 1), tx.error());
            return false;
        }
        qCInfo(lcStorage) << "database migrated to schema version" << version + 1;
    }
    return true;
}
