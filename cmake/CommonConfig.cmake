# One INTERFACE target carries the language standard, warnings and strict Qt defines for
# every DingRelay target, so the libraries, the app, the tests and the benchmarks agree.
option(DINGRELAY_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(DINGRELAY_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
# Core and gui compiled eight files to a unit take less than half the time of a file at a time,
# since each unit parses the headers and optimizes Qt's inline code once. Off, each file is
# compiled alone: quicker to rebuild after editing one file, and it shows a missing #include.
option(DINGRELAY_UNITY_BUILD "Compile core and gui eight files at a time" ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

add_library(dingrelay_options INTERFACE)
target_compile_features(dingrelay_options INTERFACE cxx_std_20)
target_compile_options(dingrelay_options INTERFACE
    -Wall -Wextra -pedantic -Wold-style-cast -Wnon-virtual-dtor -Wshadow
    -Wcast-qual -Wformat=2 -Wundef)
target_compile_definitions(dingrelay_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    DINGRELAY_VERSION="${PROJECT_VERSION}")
if(DINGRELAY_WERROR)
    target_compile_options(dingrelay_options INTERFACE -Werror)
endif()
# lld links a test executable four times faster than GNU ld (0.7 s against 2.6 s for
# tst_relay), and the suite links some seventy of them. GNU ld stays where lld is missing.
include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=lld DINGRELAY_HAVE_LLD)
if(DINGRELAY_HAVE_LLD)
    target_link_options(dingrelay_options INTERFACE -fuse-ld=lld)
endif()
if(DINGRELAY_SANITIZE)
    # Every report ends the process (UBSAN_OPTIONS=halt_on_error=1, scripts/run-tests.sh) but
    # the vptr check may let it go on: with no file descriptor left it cannot read the memory
    # map and reports any object, so the tests that run a relay out of descriptors let it.
    target_compile_options(dingrelay_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
        -fsanitize-recover=vptr)
    target_link_options(dingrelay_options INTERFACE -fsanitize=address,undefined)
endif()
