// TokenBucket: paces sends to a rate (DingTalk's 20 custom-robot messages a minute).
#pragma once

#include <QtGlobal>

#include <functional>

class TokenBucket final
{
public:
    // capacity messages at once, refilled evenly to `capacity` per periodMs. The clock is
    // injectable so that tests check the pacing without waiting.
    TokenBucket(int capacity, qint64 periodMs, std::function<qint64()> nowMs = {});

    // How long until a message may go: 0 means now.
    qint64 waitMs();
    // Spends one message's token; call only when waitMs() is 0.
    void take();

private:
    void refill();

    // Whole numbers: a token is periodMs units and capacity units come back each ms, so the
    // waits are exact (a floating-point bucket waits a millisecond too long now and then).
    qint64 m_capacity;
    qint64 m_cost;
    qint64 m_units;
    qint64 m_last;
    std::function<qint64()> m_now;
};
