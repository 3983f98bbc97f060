// ReadConnection: a connection of its own to DingRelay's database, for one thread's work.
#pragma once

#include <QSqlDatabase>
#include <QString>

class ReadConnection final
{
public:
    // Opens databaseFile (it must exist) on a uniquely named connection of the calling thread.
    explicit ReadConnection(const QString &databaseFile);
    ~ReadConnection();
    ReadConnection(const ReadConnection &) = delete;
    ReadConnection &operator=(const ReadConnection &) = delete;

    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    QSqlDatabase handle() const;

private:
    QString m_name;
    QString m_error;
    bool m_open = false;
};
