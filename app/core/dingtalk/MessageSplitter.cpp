#include "dingtalk/MessageSplitter.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMinChars = 200;
constexpr int kMinJsonBytes = 1200;
// Bounds on what counts as a fence, so the lines added around a cut stay short whatever the
// answer holds (the reopened line carries only the first word of the info string).
constexpr qsizetype kMaxFenceIndent = 12;
constexpr qsizetype kMaxFenceRun = 32;
constexpr qsizetype kMaxLanguage = 32;
// How far a hard cut walks back to avoid splitting an emoji sequence or a combining mark.
constexpr int kGraphemeLookBack = 64;
// How many regional indicators a hard cut counts back to keep flags whole; bounded for speed.
constexpr int kMaxFlagRun = 512;

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

bool isHSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r';
}

bool isSpace(QChar c)
{
    return isHSpace(c) || c == u'\n';
}

bool isSentenceCloser(QChar c)
{
    switch (c.unicode()) {
    case u'"':
    case u'\'':
    case u')':
    case u']':
    case u'\u201D': // ”
    case u'\u2019': // ’
    case u'\u300D': // 」
    case u'\u300F': // 』
    case u'\u3011': // 】
    case u'\u300B': // 》
    case u'\uFF09': // ）
        return true;
    default:
        return false;
    }
}

bool isCjkSentenceEnd(QChar c)
{
    return c == u'\u3002' || c == u'\uFF01' || c == u'\uFF1F'; // 。！？
}

bool isRegionalIndicator(char32_t cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

struct Fence
{
    QString reopen;
    QString close;
    QChar mark;
    qsizetype run = 0;
    int reopenChars = 0; // Including the line break that follows it.
    int reopenBytes = 0;
    int closeChars = 0; // Including the line break before it.
    int closeBytes = 0;
};

enum class Role : quint8 { Text, Opener, Content, Closer };

// A run of ` or ~ that starts a line after at most kMaxFenceIndent spaces.
struct MarkRun
{
    qsizetype start = 0;
    qsizetype end = 0;
    qsizetype backtickAfter = 0; // The line's first backtick after the run, or its textEnd.
};

// A line that is not blank (blank lines matter only as the whitespace a cut drops). Kept
// small: an answer of short lines has one per few characters.
struct Line
{
    qsizetype start = 0;
    qsizetype end = 0;     // At the '\n' or the end of the text.
    qsizetype textEnd = 0; // After the last non-whitespace character.
    qsizetype firstNonSpace = 0;
    qsizetype lastBacktick = -1;    // The line's last backtick, or -1.
    qsizetype trailingRunStart = 0; // Where the run of equal characters ending the line starts.
    int fence = -1;
    int mark = -1; // Index of the line's MarkRun, or -1.
    Role role = Role::Text;
    bool quote = false;
    bool heading = false;
};

// A cut ends a part at `end` and starts the next at `next`; text[end, next) is whitespace.
struct Cut
{
    qsizetype end = 0;
    qsizetype next = 0;
};

enum Level { Block, LineEnd, Sentence, Blank, EmptyCode, LevelCount };

struct Span
{
    qsizetype start = 0;
    qsizetype end = 0;
};

std::optional<Fence> parseOpener(QStringView line)
{
    qsizetype i = 0;
    while (i < line.size() && line[i] == u' ')
        ++i;
    if (i > kMaxFenceIndent || i >= line.size() || (line[i] != u'`' && line[i] != u'~'))
        return std::nullopt;
    const QChar mark = line[i];
    qsizetype j = i;
    while (j < line.size() && line[j] == mark)
        ++j;
    const qsizetype run = j - i;
    if (run < 3 || run > kMaxFenceRun)
        return std::nullopt;
    const QStringView info = line.mid(j).trimmed();
    if (mark == u'`' && info.contains(u'`'))
        return std::nullopt;
    qsizetype w = 0;
    while (w < info.size() && !info[w].isSpace())
        ++w;
    QStringView language = info.left(std::min(w, kMaxLanguage));
    if (!language.isEmpty() && language.back().isHighSurrogate())
        language.chop(1);

    Fence f;
    f.mark = mark;
    f.run = run;
    f.close = line.left(j).toString();
    f.reopen = f.close + language;
    f.reopenChars = int(f.reopen.size()) + 1;
    f.reopenBytes = MessageSplitter::jsonBytes(f.reopen) + 2;
    f.closeChars = int(f.close.size()) + 1;
    f.closeBytes = MessageSplitter::jsonBytes(f.close) + 2;
    return f;
}

bool isCloser(QStringView line, const Fence &f)
{
    qsizetype i = 0;
    while (i < line.size() && line[i] == u' ')
        ++i;
    if (i > kMaxFenceIndent)
        return false;
    qsizetype j = i;
    while (j < line.size() && line[j] == f.mark)
        ++j;
    // `line` ends at its last non-blank character: nothing may follow the fence.
    return j - i >= f.run && j == line.size();
}

class Splitter
{
public:
    Splitter(QStringView text, int maxChars, int maxBytes)
        : m_text(text)
        , m_size(text.size())
        , m_maxChars(maxChars)
        , m_maxBytes(maxBytes)
    {
        m_bytes.resize(size_t(m_size) + 1);
        m_bytes[0] = 0;
        for (qsizetype i = 0; i < m_size; ++i)
            m_bytes[size_t(i) + 1] = m_bytes[size_t(i)] + unitBytes(m_text[i].unicode());
        m_firstStart = skipBlankLines(0);
        m_textEnd = m_size;
        while (m_textEnd > 0 && isSpace(m_text[m_textEnd - 1]))
            --m_textEnd;
        scanLines();
        collectCuts();
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
        const int open = fenceAtStart(span.start);
        const int close = fenceAtEnd(span.end);
        QString part;
        part.reserve(marker.size() + (span.end - span.start) + 2 * kMaxFenceRun + 64);
        part += marker;
        if (open >= 0)
            part += m_fences[size_t(open)].reopen + u'\n';
        part += m_text.mid(span.start, span.end - span.start);
        if (close >= 0)
            part += u'\n' + m_fences[size_t(close)].close;
        return part;
    }

private:
    // From a line start, past every whitespace-only line.
    qsizetype skipBlankLines(qsizetype lineStart) const
    {
        for (;;) {
            qsizetype p = lineStart;
            while (p < m_size && isHSpace(m_text[p]))
                ++p;
            if (p >= m_size)
                return m_size;
            if (m_text[p] != u'\n')
                return lineStart;
            lineStart = p + 1;
        }
    }

    // Where the next part starts when one ends at `end` (see the header).
    qsizetype nextStart(qsizetype end) const
    {
        qsizetype p = end;
        while (p < m_size && isHSpace(m_text[p]))
            ++p;
        if (p >= m_size)
            return m_size;
        if (m_text[p] != u'\n')
            return p;
        return skipBlankLines(p + 1);
    }

    void scanLines()
    {
        m_lines.reserve(size_t(m_text.count(u'\n')) + 1);
        qsizetype start = 0;
        int open = -1;
        for (;;) {
            qsizetype end = m_text.indexOf(u'\n', start);
            if (end < 0)
                end = m_size;
            qsizetype textEnd = end;
            while (textEnd > start && isHSpace(m_text[textEnd - 1]))
                --textEnd;
            qsizetype first = start;
            while (first < textEnd && isHSpace(m_text[first]))
                ++first;
            if (first < textEnd)
                scanLine(start, end, first, textEnd, open);
            if (end >= m_size)
                break;
            start = end + 1;
        }
    }

    void scanLine(qsizetype start, qsizetype end, qsizetype first, qsizetype textEnd, int &open)
    {
        Line line;
        line.start = start;
        line.end = end;
        line.textEnd = textEnd;
        line.firstNonSpace = first;
        if (first - start <= kMaxFenceIndent && (m_text[first] == u'`' || m_text[first] == u'~') &&
            std::all_of(m_text.begin() + start, m_text.begin() + first,
                        [](QChar c) { return c == u' '; })) {
            MarkRun run{first, first, textEnd};
            while (run.end < textEnd && m_text[run.end] == m_text[first])
                ++run.end;
            if (const qsizetype tick = m_text.mid(run.end, textEnd - run.end).indexOf(u'`');
                tick >= 0)
                run.backtickAfter = run.end + tick;
            line.mark = int(m_marks.size());
            m_marks.push_back(run);
        }
        if (const qsizetype tick = m_text.mid(start, textEnd - start).lastIndexOf(u'`'); tick >= 0)
            line.lastBacktick = start + tick;
        line.trailingRunStart = textEnd - 1;
        while (line.trailingRunStart > start &&
               m_text[line.trailingRunStart - 1] == m_text[textEnd - 1])
            --line.trailingRunStart;

        const QStringView content = m_text.mid(start, textEnd - start);
        if (open >= 0) {
            line.fence = open;
            if (isCloser(content, m_fences[size_t(open)])) {
                line.role = Role::Closer;
                open = -1;
            } else {
                line.role = Role::Content;
            }
        } else {
            if (std::optional<Fence> fence = parseOpener(content)) {
                m_fences.push_back(std::move(*fence));
                open = int(m_fences.size()) - 1;
                line.role = Role::Opener;
                line.fence = open;
            } else {
                const qsizetype indent = first - start;
                line.quote = indent <= 3 && m_text[first] == u'>';
                if (indent <= 3 && m_text[first] == u'#') {
                    qsizetype h = first;
                    while (h < textEnd && m_text[h] == u'#')
                        ++h;
                    line.heading = h - first <= 6 && (h == textEnd || isHSpace(m_text[h]));
                }
            }
        }
        m_lines.push_back(line);
    }

    // The line holding `pos`, which is never in a blank line nor before the first line.
    const Line &lineOf(qsizetype pos) const
    {
        const auto it = std::upper_bound(m_lines.begin(), m_lines.end(), pos,
                                         [](qsizetype p, const Line &l) { return p < l.start; });
        return it == m_lines.begin() ? m_lines.front() : *(it - 1);
    }

    void collectCuts()
    {
        for (size_t li = 0; li + 1 < m_lines.size(); ++li)
            collectLineCut(m_lines[li], m_lines[li + 1]);
        for (const Line &line : m_lines) {
            if (line.role != Role::Opener && line.role != Role::Closer)
                collectInlineCuts(line);
        }
    }

    // The cut between two consecutive lines: the blank lines between them are dropped.
    void collectLineCut(const Line &a, const Line &b)
    {
        const Cut cut{a.textEnd, b.start};
        // An empty code block on either side of the cut: only when nothing else fits.
        if (a.role == Role::Opener || b.role == Role::Closer) {
            m_cuts[EmptyCode].push_back(cut);
            return;
        }
        const bool aInCode = a.role == Role::Content;
        const bool bInCode = b.role == Role::Content;
        const bool blankBetween = b.start > a.end + 1;
        const bool block = !aInCode && !bInCode && !a.heading &&
                           (blankBetween || b.role == Role::Opener || a.role == Role::Closer ||
                            a.quote != b.quote || b.heading);
        m_cuts[block ? Block : LineEnd].push_back(cut);
    }

    void collectInlineCuts(const Line &line)
    {
        const qsizetype end = line.textEnd;
        for (qsizetype i = line.firstNonSpace; i < end; ++i) {
            const QChar c = m_text[i];
            if (isHSpace(c)) {
                qsizetype j = i;
                while (j < end && isHSpace(m_text[j]))
                    ++j;
                if (j < end && safeInside(line, i, j))
                    m_cuts[Blank].push_back({i, j});
                i = j - 1;
                continue;
            }
            const bool cjk = isCjkSentenceEnd(c);
            if (!cjk && c != u'.' && c != u'!' && c != u'?')
                continue;
            qsizetype e = i + 1;
            while (e < end && isSentenceCloser(m_text[e]))
                ++e;
            if (e >= end)
                continue;
            if (!cjk) {
                if (!isHSpace(m_text[e]))
                    continue;
                // "1. " starts an ordered list item, it does not end a sentence.
                bool digits = i > line.firstNonSpace;
                for (qsizetype k = line.firstNonSpace; k < i && digits; ++k)
                    digits = m_text[k].isDigit();
                if (digits)
                    continue;
            }
            qsizetype next = e;
            while (next < end && isHSpace(m_text[next]))
                ++next;
            if (safeInside(line, e, next))
                m_cuts[Sentence].push_back({e, next});
        }
    }

    // The fence to reopen before a part that starts at `start`. Inside an opening line (only
    // when that line alone is longer than a part) the rest of the line reads as code.
    int fenceAtStart(qsizetype start) const
    {
        if (start >= m_size)
            return -1;
        const Line &line = lineOf(start);
        const bool inside = line.role == Role::Content || line.role == Role::Closer ||
                            (line.role == Role::Opener && start > line.start);
        return inside ? line.fence : -1;
    }

    int fenceAtEnd(qsizetype end) const
    {
        if (end <= 0)
            return -1;
        const Line &line = lineOf(end - 1);
        return line.role == Role::Content || line.role == Role::Opener ? line.fence : -1;
    }

    bool fits(qsizetype start, qsizetype end) const
    {
        qsizetype chars = m_markerChars + (end - start);
        qsizetype bytes = m_markerBytes + (m_bytes[size_t(end)] - m_bytes[size_t(start)]);
        if (const int open = fenceAtStart(start); open >= 0) {
            chars += m_fences[size_t(open)].reopenChars;
            bytes += m_fences[size_t(open)].reopenBytes;
        }
        if (const int close = fenceAtEnd(end); close >= 0) {
            chars += m_fences[size_t(close)].closeChars;
            bytes += m_fences[size_t(close)].closeBytes;
        }
        return chars <= m_maxChars && bytes <= m_maxBytes;
    }

    // The furthest end a part starting at `start` could have before a closing fence.
    qsizetype lastEnd(qsizetype start) const
    {
        qsizetype charBudget = m_maxChars - m_markerChars;
        qsizetype byteBudget = m_maxBytes - m_markerBytes;
        if (const int open = fenceAtStart(start); open >= 0) {
            charBudget -= m_fences[size_t(open)].reopenChars;
            byteBudget -= m_fences[size_t(open)].reopenBytes;
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
        auto it = std::upper_bound(cuts.begin(), cuts.end(), windowEnd,
                                   [](qsizetype e, const Cut &c) { return e < c.end; });
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
            const auto it = std::upper_bound(cuts.begin(), cuts.end(), from,
                                             [](qsizetype e, const Cut &c) { return e < c.end; });
            if (it != cuts.end())
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

    bool insidePair(qsizetype pos) const
    {
        return pos > 0 && pos < m_size && m_text[pos].isLowSurrogate() &&
               m_text[pos - 1].isHighSurrogate();
    }

    char32_t codePointAt(qsizetype pos) const
    {
        const QChar c = m_text[pos];
        if (c.isHighSurrogate() && pos + 1 < m_size && m_text[pos + 1].isLowSurrogate())
            return QChar::surrogateToUcs4(c, m_text[pos + 1]);
        return c.unicode();
    }

    char32_t codePointBefore(qsizetype pos) const
    {
        const QChar c = m_text[pos - 1];
        if (c.isLowSurrogate() && pos >= 2 && m_text[pos - 2].isHighSurrogate())
            return QChar::surrogateToUcs4(m_text[pos - 2], c);
        return c.unicode();
    }

    // Whether a cut between pos-1 and pos keeps what the reader sees as one character whole,
    // for the cases that are cheap to tell: marks, ZWJ sequences, skin tones, tags and flags.
    bool characterBoundary(qsizetype pos) const
    {
        if (pos >= m_size)
            return true;
        const char32_t before = codePointBefore(pos);
        const char32_t after = codePointAt(pos);
        if (before == 0x200D || after == 0x200D)
            return false;
        switch (QChar::category(after)) {
        case QChar::Mark_NonSpacing:
        case QChar::Mark_SpacingCombining:
        case QChar::Mark_Enclosing:
            return false;
        default:
            break;
        }
        if ((after >= 0x1F3FB && after <= 0x1F3FF) || (after >= 0xE0020 && after <= 0xE007F))
            return false;
        if (!isRegionalIndicator(before) || !isRegionalIndicator(after))
            return true;
        // A flag is a pair of regional indicators: cut only after an even number of them.
        int count = 0;
        for (qsizetype p = pos;
             p >= 2 && count < kMaxFlagRun && isRegionalIndicator(codePointBefore(p)); p -= 2)
            ++count;
        return count % 2 == 0;
    }

    // Whether the first half of `line`, up to `end`, or its second half, from `next`, reads
    // as a fence line: the rules of parseOpener and isCloser, answered from what scanLines
    // noted about the line so that checking every cut stays linear.
    bool headOpens(const MarkRun &mark, qsizetype end) const
    {
        const qsizetype run = std::min(mark.end, end) - mark.start;
        if (run < 3 || run > kMaxFenceRun)
            return false;
        return m_text[mark.start] == u'~' || mark.backtickAfter >= end;
    }

    bool headCloses(const MarkRun &mark, qsizetype end, const Fence &fence) const
    {
        return m_text[mark.start] == fence.mark && end <= mark.end && end - mark.start >= fence.run;
    }

    bool tailOpens(const Line &line, qsizetype next) const
    {
        const QChar mark = m_text[next];
        qsizetype runEnd = next;
        while (runEnd < line.textEnd && runEnd - next <= kMaxFenceRun && m_text[runEnd] == mark)
            ++runEnd;
        const qsizetype run = runEnd - next;
        if (run < 3 || run > kMaxFenceRun)
            return false;
        return mark == u'~' || line.lastBacktick < runEnd;
    }

    bool tailCloses(const Line &line, qsizetype next, const Fence &fence) const
    {
        return m_text[next] == fence.mark && next >= line.trailingRunStart &&
               m_text[line.textEnd - 1] == fence.mark && line.textEnd - next >= fence.run;
    }

    // Whether cutting `line` in two, before `end` and from `next`, keeps the fences as they
    // are: neither half may read as a fence line the whole line is not (half of "``` and
    // more" would close a block), and an opening line may only lose part of its info string.
    bool safeInside(const Line &line, qsizetype end, qsizetype next) const
    {
        if (line.mark >= 0) {
            const MarkRun &mark = m_marks[size_t(line.mark)];
            switch (line.role) {
            case Role::Text:
                if (headOpens(mark, end))
                    return false;
                break;
            case Role::Content:
                if (headCloses(mark, end, m_fences[size_t(line.fence)]))
                    return false;
                break;
            case Role::Opener:
                if (end < line.start + m_fences[size_t(line.fence)].close.size())
                    return false;
                break;
            case Role::Closer:
                return false;
            }
        }
        if (next < line.textEnd && (m_text[next] == u'`' || m_text[next] == u'~')) {
            if (line.role == Role::Text ? tailOpens(line, next)
                                        : tailCloses(line, next, m_fences[size_t(line.fence)]))
                return false;
        }
        return true;
    }

    // Whether a hard cut ending a part at `end` and starting the next at `next` keeps the
    // fences; cutting an opening line (one longer than a part) only when `opener`.
    bool safeHardCut(qsizetype end, qsizetype next, bool opener) const
    {
        const Line &line = lineOf(end - 1);
        if (end >= line.textEnd)
            return true; // A cut at a line end: no line is split.
        if (line.role == Role::Opener && !opener)
            return false;
        return safeInside(line, end, next);
    }

    Cut hardCut(qsizetype start, qsizetype windowEnd) const
    {
        for (const bool opener : {false, true}) {
            int tries = 0;
            for (qsizetype pos = windowEnd; pos > start; --pos, ++tries) {
                if (insidePair(pos) || (tries < kGraphemeLookBack && !characterBoundary(pos)))
                    continue;
                qsizetype end = pos;
                while (end > start && isSpace(m_text[end - 1]))
                    --end;
                if (end <= start || !fits(start, end))
                    continue;
                const qsizetype next = nextStart(end);
                if (!safeHardCut(end, next, opener))
                    continue;
                return {end, next};
            }
        }
        // Unreachable with the minimum limits (a part holds more than any fence line's
        // overhead); kept so that the split always moves on, surrogate pairs whole.
        qsizetype end = std::max(windowEnd, start + 1);
        if (insidePair(end))
            end = end - 1 > start ? end - 1 : end + 1;
        return {end, end};
    }

    QStringView m_text;
    qsizetype m_size = 0;
    int m_maxChars = 0;
    int m_maxBytes = 0;
    int m_markerChars = 0;
    int m_markerBytes = 0;
    qsizetype m_firstStart = 0;
    qsizetype m_textEnd = 0;
    std::vector<qsizetype> m_bytes; // m_bytes[i]: jsonBytes of the first i code units.
    std::vector<Line> m_lines;
    std::vector<MarkRun> m_marks;
    std::vector<Fence> m_fences;
    std::array<std::vector<Cut>, LevelCount> m_cuts;
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
