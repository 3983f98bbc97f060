// RetryPolicy: decides whether a failed chat call is tried again, and after how long.
#pragma once

#include "openai/ChatTypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <algorithm>
#include <functional>

struct RetryInput
{
    int attempt = 0; // retries already made, 0 for the first failure
    ChatError error;
    QList<QPair<QByteArray, QByteArray>> headers; // response headers, names in any case
    bool headersReceived = false;                 // false for connection errors before any response
    bool partialDelivered = false;  // some of the answer was already shown to the user
    qint64 sinceFirstFailureMs = 0; // how long ago the call first failed
};

struct RetryDecision
{
    bool retry = false;
    int delayMs = 0;
    QString reason; // for the log: why (not)
    // Past the quick retries (max_retries): the model is not answering, and it is tried again
    // until retry_seconds after the first failure. The user should know the answer is delayed.
    bool delayed = false;
};

class RetryPolicy
{
public:
    // random returns [0,1) and now the current UTC time; both are injectable so that the
    // jitter and Retry-After dates can be tested exactly.
    explicit RetryPolicy(int maxRetries = 2, std::function<double()> random = {},
                         std::function<QDateTime()> now = {});

    // After maxRetries, go on until this long after the first failure (0: stop there).
    void setRetrySeconds(int seconds) { m_retryMs = qint64(std::max(0, seconds)) * 1000; }

    RetryDecision decide(const RetryInput &input) const;

private:
    int m_maxRetries;
    qint64 m_retryMs = 0;
    std::function<double()> m_random;
    std::function<QDateTime()> m_now;
};
