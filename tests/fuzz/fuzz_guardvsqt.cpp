// Differential fuzzing of HttpGuard against Qt's own HTTP server: whatever the guard passes,
// Qt's parser must read as the same requests (GuardVsQt). The first byte is the size of the
// pieces Qt gets the rest in (0: whole).
#include "FuzzCheck.h"

#include "GuardVsQt.h"
#include "QtParserProbe.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdint>
#include <cstdio>

namespace {
QtParserProbe *probe = nullptr;
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    // Qt warns of each WebSocket upgrade it cannot hand on; the fuzzer's output is for findings.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.httpserver.warning=false"));
    probe = new QtParserProbe;
    FUZZ_CHECK(probe->isValid());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const QString difference = guardVsQt(*probe, bytes, data[0]);
    if (!difference.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(difference));
    // One check a kind of difference, so a report says which.
    FUZZ_CHECK(!difference.contains(QLatin1String("body")));
    FUZZ_CHECK(!difference.contains(QLatin1String("method")));
    FUZZ_CHECK(!difference.contains(QLatin1String("closed")));
    FUZZ_CHECK(difference.isEmpty());
    return 0;
}
