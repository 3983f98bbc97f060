// BenchClock: one monotonic nanosecond clock shared by the load sender and the fakes' thread.
#pragma once

#include <QtGlobal>

#include <chrono>

namespace BenchClock {

// Nanoseconds on std::chrono::steady_clock: the same clock in every thread of the process,
// so times taken by the fakes and by the sender can be subtracted from each other.
inline qint64 nowNs()
{
    return qint64(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

} // namespace BenchClock
