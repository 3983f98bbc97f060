// Fuzzes the markdown adapter and the splitter after it: whatever the model writes, every
// part must fit DingTalk's limits. The first two bytes pick the limits.
#include "FuzzCheck.h"

#include "dingtalk/MarkdownAdapter.h"
#include "dingtalk/MessageSplitter.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    SplitLimits limits;
    limits.maxChars = 150 + data[0] * 8;       // 150 (raised to 200) .. 2190
    limits.maxJsonBytes = 1000 + data[1] * 40; // 1000 (raised to 1200) .. 11200
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);
    const QString adapted = MarkdownAdapter::adapt(text);
    const QStringList parts = MessageSplitter::split(adapted, limits);
    const int maxChars = std::max(limits.maxChars, 200);
    const int maxBytes = std::max(limits.maxJsonBytes, 1200);
    for (const QString &part : parts) {
        FUZZ_CHECK(part.size() <= maxChars);
        FUZZ_CHECK(MessageSplitter::jsonBytes(part) <= maxBytes);
        // Never a cut inside a surrogate pair.
        FUZZ_CHECK(part.isEmpty() || !part.back().isHighSurrogate());
        FUZZ_CHECK(part.isEmpty() || !part.front().isLowSurrogate());
    }
    if (parts.size() == 1 && adapted.size() <= maxChars &&
        MessageSplitter::jsonBytes(adapted) <= maxBytes)
        FUZZ_CHECK(parts.first() == adapted); // a text that fits comes back unchanged
    return 0;
}
