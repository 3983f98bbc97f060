// Compiles nothing of its own: it gives the tests' precompiled headers a target to be built in.
