#include "storage/Sql.h"

#include "storage/Database.h"
#include "util/Log.h"

#include <QSqlError>

SqlStatements::SqlStatements(Database &database, const char *what)
    : m_db(database)
    , m_what(what)
{
    m_db.addStatements(this);
}

SqlStatements::~SqlStatements()
{
    m_db.removeStatements(this);
}

QSqlDatabase SqlStatements::handle() const
{
    return m_db.handle();
}

QSqlQuery &SqlStatements::prepared(const char *sql)
{
    auto &slot = m_queries[sql];
    if (!slot) {
        slot = std::make_shared<QSqlQuery>(m_db.handle());
        if (!slot->prepare(QString::fromUtf8(sql)))
            m_error = slot->lastError().text();
    }
    return *slot;
}

bool SqlStatements::runQuietly(QSqlQuery &query)
{
    if (query.exec())
        return true;
    m_error = query.lastError().text();
    return false;
}

bool SqlStatements::run(QSqlQuery &query)
{
    if (runQuietly(query))
        return true;
    const QString what =
        m_what ? QStringLiteral(" (%1)").arg(QLatin1StringView(m_what)) : QString();
    qCWarning(lcStorage).noquote() << QStringLiteral("database error%1:").arg(what) << m_error;
    return false;
}

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
    , m_open(m_db.transaction())
{}

Transaction::~Transaction()
{
    if (m_open)
        m_db.rollback();
}

bool Transaction::started(QString *why) const
{
    if (!m_open && why)
        *why = error();
    return m_open;
}

bool Transaction::commit(QString *why)
{
    m_open = !m_db.commit();
    if (m_open && why)
        *why = error();
    return !m_open;
}

QString Transaction::error() const
{
    const QString text = m_db.lastError().text();
    return text.isEmpty() ? QStringLiteral("the database could not begin a transaction") : text;
}

bool Sql::run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool Sql::run(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error)
{
    if (!query.prepare(sql)) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    return run(query, error);
}
