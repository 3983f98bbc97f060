// RetryScheduler: runs a retry later, so the chat client can be tested without waiting.
#pragma once

#include <QObject>

#include <functional>

class RetryScheduler
{
public:
    virtual ~RetryScheduler() = default;
    // The action is dropped if context is destroyed first, so a retry never outlives its call;
    // a null context leaves the lifetime to the caller.
    virtual void schedule(int delayMs, QObject *context, std::function<void()> action) = 0;
};

// The production scheduler: a single-shot timer on the context's thread.
class TimerRetryScheduler final : public RetryScheduler
{
public:
    void schedule(int delayMs, QObject *context, std::function<void()> action) override;
};
