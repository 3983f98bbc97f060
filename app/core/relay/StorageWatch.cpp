#include "relay/StorageWatch.h"

#include "storage/Database.h"
#include "util/Log.h"

using namespace Qt::StringLiterals;

namespace {
constexpr int IntervalMs = 2000;

QString refusing()
{
    return u"Until then DingTalk's messages are refused (HTTP 503, Stream messages left "
           "unacknowledged) rather than taken and lost."_s;
}
} // namespace

StorageWatch::StorageWatch(Database &database, QString dataDir, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_dataDir(std::move(dataDir))
{
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StorageWatch::tick);
}

void StorageWatch::start()
{
    m_openedOnce = m_db.isOpen();
    if (!m_openedOnce) {
        enter(State::Unwritable,
              u"DingRelay cannot store messages: storage unwritable: %1. DingRelay opens the "
              "database again every %2 s until it can write it. %3"_s.arg(m_db.error())
                  .arg(IntervalMs / 1000)
                  .arg(refusing()));
    }
    m_timer.start();
}

bool StorageWatch::check(QString *why)
{
    if (m_state == State::Ok)
        inspect();
    else if (m_state == State::SharedMemory)
        retry(); // a stat, as cheap as the check: the Store's writes may have found it back
    if (m_state == State::Ok)
        return true;
    *why = m_problem;
    return false;
}

void StorageWatch::tick()
{
    if (m_state == State::Ok)
        inspect();
    else
        retry();
}

void StorageWatch::inspect()
{
    if (!m_db.isOpen())
        return; // a failure of its own (Relay's probe reports it)
    const Database::FileState file = m_db.fileState();
    if (file != Database::FileState::Same) {
        const QString what = file == Database::FileState::Missing
                                 ? u"was deleted"_s
                                 : u"was replaced by another file"_s;
        enter(State::Carrying,
              u"DingRelay cannot store messages: the database file %1 %2 while DingRelay was "
              "running. What it held is being carried into a new file there. %3"_s.arg(
                  m_db.filePath(), what, refusing()));
        carry();
        return;
    }
    if (m_db.sharedMemoryUnwritable()) {
        // The mapping stays: a write through it would be the end of the process. Nothing
        // better than refusing and saying so until it is writable again.
        enter(State::SharedMemory,
              u"DingRelay cannot store messages: %1-shm can no longer be written (made "
              "immutable or read-only while DingRelay runs); writing the database now would "
              "crash DingRelay. Make it writable again. %2"_s.arg(m_db.filePath(), refusing()));
    }
}

void StorageWatch::retry()
{
    switch (m_state) {
    case State::Ok:
        return;
    case State::Unwritable:
        if (m_db.open(m_dataDir)) {
            qCInfo(lcStorage).noquote() << "the database can be written now:" << m_db.filePath();
            leave();
            if (!m_openedOnce) {
                m_openedOnce = true;
                emit opened();
            }
        }
        return;
    case State::Carrying:
        carry();
        return;
    case State::SharedMemory:
        if (!m_db.sharedMemoryUnwritable())
            leave();
        return;
    }
}

void StorageWatch::carry()
{
    QString aside;
    if (!m_db.carryToNewFile(&aside)) {
        qCWarning(lcStorage).noquote()
            << "could not carry the database into a new file yet:" << m_db.error()
            << "(trying again in" << IntervalMs / 1000 << "s)";
        return;
    }
    if (!aside.isEmpty())
        qCWarning(lcStorage).noquote()
            << "the file found at" << m_db.filePath() << "is kept, unread, as" << aside;
    qCInfo(lcStorage).noquote() << "the database was carried into a new file" << m_db.filePath()
                                << "with all it held";
    leave();
}

void StorageWatch::enter(State state, const QString &message)
{
    const bool news = m_state == State::Ok;
    m_state = state;
    m_problem = message;
    if (!news)
        return;
    qCCritical(lcStorage).noquote() << message;
    emit failed(message);
}

void StorageWatch::leave()
{
    if (m_state == State::Ok)
        return;
    m_state = State::Ok;
    m_problem.clear();
    emit recovered();
}
