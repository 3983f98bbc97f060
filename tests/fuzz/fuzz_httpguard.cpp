// Fuzzes the HTTP framing guard in front of Qt's parser: its verdict and the requests it counts
// must not depend on how the bytes arrive. The first byte picks the piece size.
#include "FuzzCheck.h"

#include "relay/HttpGuard.h"

#include <cstdint>

namespace {
std::pair<HttpGuard::Verdict, int> run(QByteArrayView bytes, qsizetype piece)
{
    HttpGuard guard(HttpLimits{512, 2048});
    HttpGuard::Verdict verdict = HttpGuard::Verdict::Ok;
    for (qsizetype at = 0; at < bytes.size() && verdict == HttpGuard::Verdict::Ok; at += piece)
        verdict = guard.feed(bytes.sliced(at, std::min(piece, bytes.size() - at)));
    return {verdict, guard.completed()};
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = data[0] % 32 + 1;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const auto whole = run(bytes, std::max<qsizetype>(1, bytes.size()));
    const auto cut = run(bytes, piece);
    FUZZ_CHECK(whole.first == cut.first);
    // Requests completed before a refusal may differ with the cut; when all is well they agree.
    if (whole.first == HttpGuard::Verdict::Ok)
        FUZZ_CHECK(whole.second == cut.second);
    FUZZ_CHECK(HttpGuard::status(whole.first) >= 200);
    return 0;
}
