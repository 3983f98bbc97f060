#include "TestDatabase.h"

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
