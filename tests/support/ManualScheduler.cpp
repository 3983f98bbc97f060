#include "ManualScheduler.h"

#include <QTimer>

ManualScheduler ManualScheduler::runningAtOnce(int limit)
{
    ManualScheduler scheduler;
    scheduler.m_atOnce = true;
    scheduler.m_limit = limit;
    return scheduler;
}

void ManualScheduler::schedule(int delayMs, QObject *context, std::function<void()> action)
{
    delays << delayMs;
    if (m_atOnce) {
        if (delays.size() <= m_limit)
            QTimer::singleShot(0, context, std::move(action));
        return;
    }
    m_pending.append({QPointer<QObject>(context), std::move(action)});
}

bool ManualScheduler::runNext()
{
    if (m_pending.isEmpty())
        return false;
    auto [context, action] = m_pending.takeFirst();
    if (context)
        action();
    return true;
}

void ManualScheduler::runAll()
{
    while (runNext()) {
    }
}

void ManualScheduler::reset()
{
    delays.clear();
    m_pending.clear();
}
