#include "util/FileLimit.h"

#include <limits>

#include <sys/resource.h>

namespace {
qint64 asNumber(rlim_t limit)
{
    if (limit == RLIM_INFINITY || limit > rlim_t(std::numeric_limits<qint64>::max()))
        return std::numeric_limits<qint64>::max();
    return qint64(limit);
}
} // namespace

qint64 FileLimit::raise()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return current();
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        // Fails only where the hard limit is above what the kernel allows (fs.nr_open): the
        // soft limit then stays.
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return asNumber(limit.rlim_cur);
}

qint64 FileLimit::current()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return std::numeric_limits<qint64>::max();
    return asNumber(limit.rlim_cur);
}
