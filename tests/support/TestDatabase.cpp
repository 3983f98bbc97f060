#include "TestDatabase.h"

#include "history/ConversationModel.h"
#include "history/MessageModel.h"
#include "storage/ReadConnection.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

QVariant TestDatabase::value(const QString &databaseFile, const QString &sql)
{
    // A connection of its own, opened and closed per call: the relay's stays untouched.
    const QString name = QUuid::createUuid().toString();
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(databaseFile);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                result = q.value(0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

int TestDatabase::exec(const QString &databaseFile, const QString &sql)
{
    const QString name = QUuid::createUuid().toString();
    int changed = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(databaseFile);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql))
                changed = q.numRowsAffected();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return changed;
}

bool TestDatabase::execOnRelayConnection(const QString &sql, QVariant *value)
{
    // Database names its connections dingrelay-<uuid>; the relay holds the only open one.
    // ReadConnection's (dingrelay-read-<uuid>, the start's quick_check on its own thread among
    // them) are not the relay's.
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (!name.startsWith(u"dingrelay-"_s) || name.startsWith(u"dingrelay-read-"_s))
            continue;
        QSqlQuery q(QSqlDatabase::database(name, false));
        if (!q.exec(sql))
            return false;
        if (value)
            *value = q.next() ? q.value(0) : QVariant();
        return true;
    }
    return false;
}

bool TestDatabase::damageIndex(const QString &databaseFile, const QString &index)
{
    const int page = value(databaseFile, u"PRAGMA page_size"_s).toInt();
    const int root =
        value(databaseFile, u"SELECT rootpage FROM sqlite_schema WHERE name = '%1'"_s.arg(index))
            .toInt();
    QFile file(databaseFile);
    // Bytes 3 and 4 of a b-tree page's header count its cells: far more than fit, even on an
    // empty page.
    return page > 0 && root > 1 && file.open(QIODevice::ReadWrite) &&
           file.seek(qint64(root - 1) * page + 3) && file.write("\xff\xf0", 2) == 2;
}

TestDatabase::WriteLock::WriteLock(const QString &databaseFile)
    : m_connection(QUuid::createUuid().toString())
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(databaseFile);
    if (!db.open())
        return;
    // A write inside an exclusive transaction: nobody else writes until it ends.
    QSqlQuery q(db);
    m_held = q.exec(u"BEGIN EXCLUSIVE"_s) &&
             q.exec(u"INSERT INTO storage_probe (filler) VALUES (x'00')"_s);
}

TestDatabase::WriteLock::~WriteLock()
{
    release();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool TestDatabase::WriteLock::release()
{
    if (!m_held)
        return false;
    m_held = false;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(u"ROLLBACK"_s);
}

QList<MessageRow> TestDatabase::messages(const QString &databaseFile)
{
    QList<MessageRow> out;
    const ReadConnection connection(databaseFile);
    if (!connection.isOpen())
        return out;
    const HistoryReader reader(connection);
    ConversationModel conversations(reader);
    conversations.reload();
    while (conversations.canFetchMore({}))
        conversations.fetchMore({});
    MessageModel messages(reader);
    for (int c = 0; c < conversations.rowCount(); ++c) {
        messages.openLatest(conversations.at(c).id);
        while (messages.fetchOlder() > 0) {
        }
        for (int m = 0; m < messages.rowCount(); ++m)
            out << messages.at(m);
    }
    return out;
}

QList<MessageRow> TestDatabase::messages(const QString &databaseFile, const QString &role)
{
    QList<MessageRow> out;
    for (const MessageRow &row : messages(databaseFile)) {
        if (row.role == role)
            out << row;
    }
    return out;
}
