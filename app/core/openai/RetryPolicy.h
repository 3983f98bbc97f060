// RetryPolicy: decides whether a failed chat call is tried again, and after how long.
#pragma once

#include "openai/ChatTypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

struct RetryInput
{
    int attempt = 0; // retries already made, 0 for the first failure
    ChatError error;
    QList<QPair<QByteArray, QByteArray>> headers; // response headers, names in any case
    bool headersReceived = false;                 // false for connection errors before any response
    bool partialDelivered = false; // some of the answer was already shown to the user
};

struct RetryDecision
{
    bool retry = false;
    int delayMs = 0;
    QString reason; // for the log: why (not)
};

class RetryPolicy
{
public:
    // random returns [0,1) and now the current UTC time; both are injectable so that the
    // jitter and Retry-After dates can be tested exactly.
    explicit RetryPolicy(int maxRetries = 2, std::function<double()> random = {},
                         std::function<QDateTime()> now = {});

    RetryDecision decide(const RetryInput &input) const;

private:
    int m_maxRetries;
    std::function<double()> m_random;
    std::function<QDateTime()> m_now;
};
