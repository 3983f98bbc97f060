// Fuzzes the SSE decoder and the stream accumulator behind it. The first byte picks the
// piece size: the events must not depend on how the bytes were cut.
#include "FuzzCheck.h"

#include "openai/SseDecoder.h"
#include "openai/StreamAccumulator.h"

#include <cstdint>

namespace {
QList<SseEvent> decode(QByteArrayView bytes, qsizetype piece)
{
    SseDecoder decoder;
    QList<SseEvent> events;
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        events += decoder.feed(bytes.sliced(at, std::min(piece, bytes.size() - at)));
    events += decoder.finish();
    return events;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = data[0] % 16 + 1;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const QList<SseEvent> whole = decode(bytes, std::max<qsizetype>(1, bytes.size()));
    const QList<SseEvent> cut = decode(bytes, piece);
    FUZZ_CHECK(whole == cut);

    StreamAccumulator accumulator(QStringLiteral("req-fuzz"));
    for (const SseEvent &event : whole) {
        FUZZ_CHECK(!event.data.isEmpty());
        accumulator.add(event);
    }
    accumulator.finish();
    FUZZ_CHECK(accumulator.isDone());
    const ChatResult result = accumulator.result();
    FUZZ_CHECK(!(accumulator.hasError() && result.ok));
    return 0;
}
