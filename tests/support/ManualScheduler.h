// ManualScheduler: a RetryScheduler for tests that records every delay and runs each action
// when the test says so, so backoff is checked exactly without waiting it out.
#pragma once

#include "util/RetryScheduler.h"

#include <QList>
#include <QPointer>

#include <functional>
#include <limits>
#include <utility>

class ManualScheduler final : public RetryScheduler
{
public:
    ManualScheduler() = default;
    // A scheduler that holds nothing: it runs each of the first `limit` actions on the next turn
    // of the event loop and only records the later ones, so a process that keeps failing is
    // seen giving up, or stopped where the test wants it.
    static ManualScheduler runningAtOnce(int limit = std::numeric_limits<int>::max());

    void schedule(int delayMs, QObject *context, std::function<void()> action) override;

    // Runs the oldest held action, unless its context is gone (false: none was held).
    bool runNext();
    // Runs every held action, also those the actions schedule.
    void runAll();
    qsizetype pendingCount() const { return m_pending.size(); }
    // Forgets every delay and held action.
    void reset();

    // Every delay asked for, in order, whether its action ran or not.
    QList<int> delays;

private:
    bool m_atOnce = false;
    int m_limit = 0;
    QList<std::pair<QPointer<QObject>, std::function<void()>>> m_pending;
};
