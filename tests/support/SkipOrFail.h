// SKIP_OR_FAIL: skips a test whose tool or service is missing, or fails it where a missing one is
// a defect (CI, and scripts/test.sh, set DINGRELAY_TESTS_NO_SKIP=1).
#pragma once

#include <QTest>

// A macro, since QSKIP and QFAIL return from the calling test function.
#define SKIP_OR_FAIL(reason)                                                                       \
    do {                                                                                           \
        if (qEnvironmentVariableIntValue("DINGRELAY_TESTS_NO_SKIP") != 0)                          \
            QFAIL(reason);                                                                         \
        QSKIP(reason);                                                                             \
    } while (false)
