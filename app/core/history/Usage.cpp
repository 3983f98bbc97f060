#include "history/Usage.h"

#include "storage/ReadConnection.h"

#include <QDateTime>
#include <QPointer>
#include <QThread>

using namespace Qt::StringLiterals;

int Usage::localUtcOffsetSeconds()
{
    return QDateTime::currentDateTime().offsetFromUtc();
}

UsageLoader::UsageLoader(QString databaseFile, QObject *parent)
    : QObject(parent)
    , m_file(std::move(databaseFile))
{
    qRegisterMetaType<QList<UsagePoint>>();
}

UsageLoader::~UsageLoader()
{
    ++m_generation;
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void UsageLoader::load(const UsageRequest &request)
{
    const int generation = ++m_generation;
    ++m_running;
    QPointer<UsageLoader> self(this);
    QThread *thread =
        QThread::create([self, file = m_file, request, generation, current = &m_generation] {
            QString error;
            QList<UsagePoint> points;
            {
                ReadConnection connection(file);
                if (!connection.isOpen())
                    error = connection.error();
                else
                    points = UsageReader(connection).perDay(request, &error);
            }
            if (current->load() != generation)
                return; // a newer request, or the loader is going away
            QMetaObject::invokeMethod(
                self.data(),
                [self, points, error, generation] {
                    if (!self || self->m_generation.load() != generation)
                        return;
                    if (error.isEmpty())
                        emit self->loaded(points);
                    else
                        emit self->failed(error);
                },
                Qt::QueuedConnection);
        });
    m_threads << thread;
    connect(thread, &QThread::finished, this, [this, thread] {
        --m_running;
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    thread->start();
}
