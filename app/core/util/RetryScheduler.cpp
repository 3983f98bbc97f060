#include "util/RetryScheduler.h"

#include <QTimer>

#include <algorithm>

void TimerRetryScheduler::schedule(int delayMs, QObject *context, std::function<void()> action)
{
    if (!action)
        return;
    delayMs = std::max(0, delayMs);
    // Dropping a retry silently would leave its call hanging forever, so a missing context
    // means an unguarded timer, not no timer.
    if (context)
        QTimer::singleShot(delayMs, context, std::move(action));
    else
        QTimer::singleShot(delayMs, std::move(action));
}
