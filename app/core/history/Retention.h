// Retention: deletes messages older than storage/retention_days, at start and once a day.
#pragma once

#include <QObject>
#include <QTimer>

class Database;

class Retention final : public QObject
{
    Q_OBJECT
public:
    // days <= 0 keeps everything: start() then does nothing.
    Retention(Database &database, int days, QObject *parent = nullptr);

    // Prunes now, a batch per turn of the event loop so the relay keeps answering, and
    // again every 24 hours.
    void start();
    void setBatchSize(int messages) { m_batch = messages; }

signals:
    // A pruning run ended: messages deleted (0 when nothing was old enough), or an error.
    void pruned(int messages);
    void failed(const QString &error);

private:
    void runBatch();

    Database &m_database;
    int m_days;
    int m_batch = 500; // a batch (with its search index entries) takes a few ms
    int m_deleted = 0;
    qint64 m_cutoff = 0;
    QTimer m_daily;
    bool m_running = false;
};
