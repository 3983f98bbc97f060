#include "util/TokenBucket.h"

#include <QDateTime>

#include <algorithm>

TokenBucket::TokenBucket(int capacity, qint64 periodMs, std::function<qint64()> nowMs)
    : m_capacity(std::max(1, capacity))
    , m_cost(std::max<qint64>(1, periodMs))
    , m_units(m_capacity * m_cost)
    , m_now(nowMs ? std::move(nowMs) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_last = m_now();
}

void TokenBucket::refill()
{
    const qint64 now = m_now();
    if (now > m_last)
        m_units = std::min(m_capacity * m_cost, m_units + (now - m_last) * m_capacity);
    m_last = std::max(m_last, now);
}

qint64 TokenBucket::waitMs()
{
    refill();
    if (m_units >= m_cost)
        return 0;
    return (m_cost - m_units + m_capacity - 1) / m_capacity;
}

void TokenBucket::take()
{
    refill();
    m_units -= m_cost;
}
