// HistoryWatcher: says when new messages reached the database, so the history views update.
#pragma once

#include "storage/HistoryReader.h"

#include <QObject>
#include <QTimer>

class HistoryWatcher final : public QObject
{
    Q_OBJECT
public:
    // reader: reads databaseFile on a connection of its own. The relay of this process
    // announces each write (StoreEvents); a cheap poll of the newest id also catches other
    // writers.
    HistoryWatcher(HistoryReader reader, const QString &databaseFile, QObject *parent = nullptr);

    qint64 newestMessageId() const { return m_newest; }
    void setPollInterval(int ms) { m_poll.setInterval(ms); }

signals:
    // Messages with ids above since were written. Several writes close together come as one.
    void messagesAdded(qint64 since, qint64 newest);

private:
    void check();
    qint64 queryNewest() const;

    HistoryReader m_reader;
    QString m_file;
    qint64 m_newest = 0;
    QTimer m_coalesce;
    QTimer m_poll;
};
