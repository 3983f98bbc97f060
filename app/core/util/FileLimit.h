// FileLimit: how many files the process may open (RLIMIT_NOFILE), raised where the system allows.
#pragma once

#include <QtGlobal>

// Every connection, database file and model call takes a file descriptor. Linux starts most
// processes with a soft limit of 1024 and allows far more (the hard limit): the soft limit is
// raised to the hard one at start, so the relay's limits, not the kernel's, decide.
namespace FileLimit {
// Raises the soft limit to the hard limit; returns the soft limit in force afterwards.
qint64 raise();
// The soft limit in force; a very large number when there is none.
qint64 current();
} // namespace FileLimit
