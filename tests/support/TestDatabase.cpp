#include "TestDatabase.h"

#include "history/ConversationModel.h"
#include "history/MessageModel.h"
#include "history/ReadConnection.h"

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

QList<MessageRow> TestDatabase::messages(const QString &databaseFile)
{
    QList<MessageRow> out;
    const ReadConnection connection(databaseFile);
    if (!connection.isOpen())
        return out;
    ConversationModel conversations(connection.handle());
    conversations.reload();
    while (conversations.canFetchMore({}))
        conversations.fetchMore({});
    MessageModel messages(connection.handle());
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
