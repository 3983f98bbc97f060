#include "history/Retention.h"

#include "storage/Database.h"
#include "storage/HistoryMaintenance.h"
#include "util/Log.h"

#include <QDateTime>

Retention::Retention(Database &database, int days, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_days(days)
{
    m_daily.setInterval(24 * 60 * 60 * 1000);
    connect(&m_daily, &QTimer::timeout, this, &Retention::start);
}

void Retention::start()
{
    if (m_days <= 0 || m_running)
        return;
    m_daily.start();
    m_running = true;
    m_deleted = 0;
    m_cutoff = QDateTime::currentMSecsSinceEpoch() - qint64(m_days) * 24 * 60 * 60 * 1000;
    QTimer::singleShot(0, this, &Retention::runBatch);
}

void Retention::runBatch()
{
    QString error;
    const int deleted = HistoryMaintenance(m_database).pruneBefore(m_cutoff, m_batch, &error);
    if (deleted < 0) {
        m_running = false;
        qCWarning(lcStorage).noquote() << "retention: pruning old messages failed:" << error;
        emit failed(error);
        return;
    }
    m_deleted += deleted;
    if (deleted == m_batch) {
        QTimer::singleShot(0, this, &Retention::runBatch);
        return;
    }
    m_running = false;
    if (m_deleted > 0)
        qCInfo(lcStorage) << "retention: deleted" << m_deleted << "messages older than" << m_days
                          << "days";
    emit pruned(m_deleted);
}
