#include "dingtalk/MessageSplitter.h"

#include "dingtalk/CodeFences.h"
#include "dingtalk/SplitPoints.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace MessageSplitterDetail;

namespace {

constexpr int kMinChars = 200;
constexpr int kMinJsonBytes = 1200;
// How far a hard cut walks back to avoid splitting an emoji sequence or a combining mark.
constexpr int kGraphemeLookBack = 64;

int unitBytes(char16_t u)
{
    if (u >= 0x80)
        return 6;
    if (u == u'"' || u == u'\\')
        return 2;
    if (u >= 0x20)
        return 1; // Including DEL, which JSON does not escape.
    switch (u) {
    case u'\b':
    case u'\f':
    case u'\n':
    case u'\r':
    case u'\t':
        return 2;
    default:
        return 6;
    }
}

struct Span
{
    qsizetype start = 0;
    qsizetype end = 0;
};

// The first of `cuts` (in text order) that ends after `pos`.
std::vector<Cut>::const_iterator firstEndingAfter(const std::vector<Cut> &cuts, qsizetype pos)
{
    return std::upper_bound(cuts.begin(), cuts.end(), pos,
                            [](qsizetype e, const Cut &c) { return e < c.end; });
}

class Splitter
{
public:
    Splitter(QStringView text, int maxChars, int maxBytes)
        : m_text(text)
        , m_size(text.size())
        , m_maxChars(maxChars)
        , m_maxBytes(maxBytes)
        , m_code(text)
    {
        m_bytes.resize(size_t(m_size) + 1);
        m_bytes[0] = 0;
        for (qsizetype i = 0; i < m_size; ++i)
            m_bytes[size_t(i) + 1] = m_bytes[size_t(i)] + unitBytes(m_text[i].unicode());
        m_firstStart = skipBlankLines(m_text, 0);
        m_textEnd = m_size;
        while (m_textEnd > 0 && isSpace(m_text[m_textEnd - 1]))
            --m_textEnd;
        m_cuts = collectCuts(m_text, m_code);
    }

    bool empty() const { return m_firstStart >= m_textEnd; }

    // The parts' spans when every part carries a marker of markerChars characters and
    // markerBytes bytes.
    std::vector<Span> plan(int markerChars, int markerBytes)
    {
        m_markerChars = markerChars;
        m_markerBytes = markerBytes;
        std::vector<Span> spans;
        qsizetype start = m_firstStart;
        for (;;) {
            const qsizetype windowEnd = lastEnd(start);
            if (windowEnd >= m_textEnd && fits(start, m_textEnd)) {
                spans.push_back({start, m_textEnd});
                return spans;
            }
            const Cut cut = pick(start, windowEnd);
            spans.push_back({start, cut.end});
            start = cut.next;
        }
    }

    QString render(const Span &span, const QString &marker) const
    {
        const int open = m_code.fenceAtStart(span.start);
        const int close = m_code.fenceAtEnd(span.end);
        QString part;
        part.reserve(marker.size() + (span.end - span.start) + 2 * kMaxFenceRun + 64);
        part += marker;
        if (open >= 0)
            part += m_code.fence(open).reopen + u'\n';
        part += m_text.mid(span.start, span.end - span.start);
        if (close >= 0)
            part += u'\n' + m_code.fence(close).close;
        return part;
    }

private:
    bool fits(qsizetype start, qsizetype end) const
    {
        qsizetype chars = m_markerChars + (end - start);
        qsizetype bytes = m_markerBytes + (m_bytes[size_t(end)] - m_bytes[size_t(start)]);
        if (const int open = m_code.fenceAtStart(start); open >= 0) {
            chars += m_code.fence(open).reopenChars;
            bytes += m_code.fence(open).reopenBytes;
        }
        if (const int close = m_code.fenceAtEnd(end); close >= 0) {
            chars += m_code.fence(close).closeChars;
            bytes += m_code.fence(close).closeBytes;
        }
        return chars <= m_maxChars && bytes <= m_maxBytes;
    }

    // The furthest end a part starting at `start` could have before a closing fence.
    qsizetype lastEnd(qsizetype start) const
    {
        qsizetype charBudget = m_maxChars - m_markerChars;
        qsizetype byteBudget = m_maxBytes - m_markerBytes;
        if (const int open = m_code.fenceAtStart(start); open >= 0) {
            charBudget -= m_code.fence(open).reopenChars;
            byteBudget -= m_code.fence(open).reopenBytes;
        }
        if (charBudget <= 0 || byteBudget <= 0)
            return start;
        const qsizetype byChars = start + charBudget;
        const auto byBytes = std::upper_bound(m_bytes.begin() + start, m_bytes.end(),
                                              m_bytes[size_t(start)] + byteBudget);
        return std::min({byChars, qsizetype(byBytes - m_bytes.begin()) - 1, m_textEnd});
    }

    // The latest cut of `level` after `floor` whose part fits.
    std::optional<Cut> latest(int level, qsizetype start, qsizetype windowEnd,
                              qsizetype floor) const
    {
        const std::vector<Cut> &cuts = m_cuts[size_t(level)];
        auto it = firstEndingAfter(cuts, windowEnd);
        while (it != cuts.begin()) {
            --it;
            if (it->end <= floor)
                break;
            if (fits(start, it->end))
                return *it;
        }
        return std::nullopt;
    }

    // Where the unit that starts at `from` ends, counting cuts of `level` and better.
    qsizetype unitEnd(int level, qsizetype from) const
    {
        qsizetype end = m_textEnd;
        for (int l = Block; l <= level; ++l) {
            const std::vector<Cut> &cuts = m_cuts[size_t(l)];
            if (const auto it = firstEndingAfter(cuts, from); it != cuts.end())
                end = std::min(end, it->end);
        }
        return end;
    }

    // A cut that fills less than half a part is worth it only when the unit after it fits a
    // part of its own; otherwise that unit gets cut anyway, so better fill this part.
    bool goodEnough(const Cut &cut, int level, qsizetype start, qsizetype windowEnd) const
    {
        return (cut.end - start) * 2 >= windowEnd - start ||
               fits(cut.next, unitEnd(level, cut.next));
    }

    Cut pick(qsizetype start, qsizetype windowEnd) const
    {
        std::optional<Cut> poor;
        for (int level = Block; level < EmptyCode; ++level) {
            const std::optional<Cut> cut =
                latest(level, start, windowEnd, poor ? poor->end : start);
            if (!cut)
                continue;
            if (goodEnough(*cut, level, start, windowEnd))
                return *cut;
            if (!poor)
                poor = cut;
        }
        if (poor)
            return *poor;
        if (const std::optional<Cut> cut = latest(EmptyCode, start, windowEnd, start);
            cut && (cut->end - start) * 2 >= windowEnd - start)
            return *cut;
        return hardCut(start, windowEnd);
    }

    Cut hardCut(qsizetype start, qsizetype windowEnd) const
    {
        for (const bool opener : {false, true}) {
            int tries = 0;
            for (qsizetype pos = windowEnd; pos > start; --pos, ++tries) {
                if (insidePair(m_text, pos) ||
                    (tries < kGraphemeLookBack && !characterBoundary(m_text, pos)))
                    continue;
                qsizetype end = pos;
                while (end > start && isSpace(m_text[end - 1]))
                    --end;
                if (end <= start || !fits(start, end))
                    continue;
                const qsizetype next = nextStart(m_text, end);
                if (!m_code.safeHardCut(end, next, opener))
                    continue;
                return {end, next};
            }
        }
        // Unreachable with the minimum limits (a part holds more than any fence line's
        // overhead); kept so that the split always moves on, surrogate pairs whole.
        qsizetype end = std::max(windowEnd, start + 1);
        if (insidePair(m_text, end))
            end = end - 1 > start ? end - 1 : end + 1;
        return {end, end};
    }

    QStringView m_text;
    qsizetype m_size = 0;
    int m_maxChars = 0;
    int m_maxBytes = 0;
    CodeFences m_code;
    int m_markerChars = 0;
    int m_markerBytes = 0;
    qsizetype m_firstStart = 0;
    qsizetype m_textEnd = 0;
    std::vector<qsizetype> m_bytes; // m_bytes[i]: jsonBytes of the first i code units.
    CutsByLevel m_cuts;
};

int digitCount(qsizetype n)
{
    int digits = 1;
    for (; n >= 10; n /= 10)
        ++digits;
    return digits;
}

} // namespace

int MessageSplitter::jsonBytes(QStringView text)
{
    qsizetype bytes = 0;
    for (const QChar c : text)
        bytes += unitBytes(c.unicode());
    return int(std::min<qsizetype>(bytes, std::numeric_limits<int>::max()));
}

QStringList MessageSplitter::split(const QString &markdown, const SplitLimits &limits)
{
    const int maxChars = std::max(limits.maxChars, kMinChars);
    const int maxBytes = std::max(limits.maxJsonBytes, kMinJsonBytes);
    if (markdown.size() <= maxChars && jsonBytes(markdown) <= maxBytes)
        return {markdown};

    Splitter splitter(markdown, maxChars, maxBytes);
    if (splitter.empty())
        return {};

    // The marker's width depends on the count it names: plan with the widest marker for a
    // number of digits, and plan again while the count needs more digits (9 -> 10 parts).
    // Digits only grow, so this ends; a narrower marker than planned for still fits.
    int digits = 1;
    std::vector<Span> spans;
    for (;;) {
        // "**(" i "/" N ")**" "\n\n": the line breaks are 2 bytes each once escaped.
        spans = splitter.plan(9 + 2 * digits, 11 + 2 * digits);
        const int needed = digitCount(qsizetype(spans.size()));
        if (needed <= digits)
            break;
        digits = needed;
    }

    QStringList parts;
    parts.reserve(qsizetype(spans.size()));
    if (spans.size() == 1) {
        parts.append(splitter.render(spans.front(), QString()));
        return parts;
    }
    const QString total = QString::number(qsizetype(spans.size()));
    for (size_t i = 0; i < spans.size(); ++i) {
        const QString marker =
            u"**("_s + QString::number(qsizetype(i) + 1) + u'/' + total + u")**\n\n"_s;
        parts.append(splitter.render(spans[i], marker));
    }
    return parts;
}
