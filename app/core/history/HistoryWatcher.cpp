#include "history/HistoryWatcher.h"

#include "storage/StoreEvents.h"

#include <QFileInfo>

HistoryWatcher::HistoryWatcher(HistoryReader reader, const QString &databaseFile, QObject *parent)
    : QObject(parent)
    , m_reader(std::move(reader))
    , m_file(QFileInfo(databaseFile).absoluteFilePath())
{
    m_newest = queryNewest();
    // A burst of answers becomes one update of the views, not one per message.
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(50);
    connect(&m_coalesce, &QTimer::timeout, this, &HistoryWatcher::check);
    connect(&StoreEvents::instance(), &StoreEvents::messagesRecorded, this,
            [this](const QString &file) {
                if (QFileInfo(file).absoluteFilePath() == m_file && !m_coalesce.isActive())
                    m_coalesce.start();
            });
    m_poll.setInterval(5000);
    connect(&m_poll, &QTimer::timeout, this, &HistoryWatcher::check);
    m_poll.start();
}

qint64 HistoryWatcher::queryNewest() const
{
    return m_reader.newestMessageId().value_or(m_newest);
}

void HistoryWatcher::check()
{
    const qint64 newest = queryNewest();
    if (newest < m_newest) {
        m_newest = newest; // cleared elsewhere: nothing new to show
        return;
    }
    if (newest == m_newest)
        return;
    const qint64 since = m_newest;
    m_newest = newest;
    emit messagesAdded(since, newest);
}
