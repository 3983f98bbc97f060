// FuzzCheck: what a fuzz target does when a property it checks does not hold.
#pragma once

#include <cstdio>
#include <cstdlib>

// Aborts with the failed condition, so libFuzzer saves the input that broke it.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);     \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
