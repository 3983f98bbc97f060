#include "util/LogSampler.h"

LogSampler::LogSampler(int perMinute)
    : m_perMinute(perMinute)
{}

bool LogSampler::admit(int *dropped)
{
    if (dropped)
        *dropped = 0;
    if (!m_window.isValid() || m_window.elapsed() > 60 * 1000) {
        if (dropped)
            *dropped = m_held;
        m_window.start();
        m_inWindow = 0;
        m_held = 0;
    }
    if (++m_inWindow <= m_perMinute)
        return true;
    ++m_held;
    return false;
}
