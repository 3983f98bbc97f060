#include "storage/ReadConnection.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

ReadConnection::ReadConnection(const QString &databaseFile)
    : m_name(u"dingrelay-read-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    if (!QFileInfo::exists(databaseFile)) {
        m_error = u"%1 does not exist"_s.arg(databaseFile);
        return;
    }
    db.setDatabaseName(databaseFile);
    // WAL lets this read beside the relay's writes; the timeout covers a checkpoint.
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(databaseFile, db.lastError().text());
        return;
    }
    QSqlQuery(db).exec(u"PRAGMA foreign_keys=ON"_s);
    m_open = true;
}

ReadConnection::~ReadConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase ReadConnection::handle() const
{
    return QSqlDatabase::database(m_name, false);
}
