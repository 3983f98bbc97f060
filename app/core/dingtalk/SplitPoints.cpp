#include "dingtalk/SplitPoints.h"

namespace MessageSplitterDetail {

namespace {

// How many regional indicators a hard cut counts back to keep flags whole; bounded for speed.
constexpr int kMaxFlagRun = 512;

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

char32_t codePointAt(QStringView text, qsizetype pos)
{
    const QChar c = text[pos];
    if (c.isHighSurrogate() && pos + 1 < text.size() && text[pos + 1].isLowSurrogate())
        return QChar::surrogateToUcs4(c, text[pos + 1]);
    return c.unicode();
}

char32_t codePointBefore(QStringView text, qsizetype pos)
{
    const QChar c = text[pos - 1];
    if (c.isLowSurrogate() && pos >= 2 && text[pos - 2].isHighSurrogate())
        return QChar::surrogateToUcs4(text[pos - 2], c);
    return c.unicode();
}

// The cut between two consecutive lines: the blank lines between them are dropped.
void collectLineCut(CutsByLevel &cuts, const Line &a, const Line &b)
{
    const Cut cut{a.textEnd, b.start};
    // An empty code block on either side of the cut: only when nothing else fits.
    if (a.role == Role::Opener || b.role == Role::Closer) {
        cuts[EmptyCode].push_back(cut);
        return;
    }
    const bool aInCode = a.role == Role::Content;
    const bool bInCode = b.role == Role::Content;
    const bool blankBetween = b.start > a.end + 1;
    const bool block = !aInCode && !bInCode && !a.heading &&
                       (blankBetween || b.role == Role::Opener || a.role == Role::Closer ||
                        a.quote != b.quote || b.heading);
    cuts[block ? Block : LineEnd].push_back(cut);
}

// The cuts inside a line: after a sentence end and at a run of blanks.
void collectInlineCuts(CutsByLevel &cuts, QStringView text, const CodeFences &fences,
                       const Line &line)
{
    const qsizetype end = line.textEnd;
    for (qsizetype i = line.firstNonSpace; i < end; ++i) {
        const QChar c = text[i];
        if (isHSpace(c)) {
            const qsizetype j = skipHSpace(text, i, end);
            if (j < end && fences.safeInside(line, i, j))
                cuts[Blank].push_back({i, j});
            i = j - 1;
            continue;
        }
        const bool cjk = isCjkSentenceEnd(c);
        if (!cjk && c != u'.' && c != u'!' && c != u'?')
            continue;
        qsizetype e = i + 1;
        while (e < end && isSentenceCloser(text[e]))
            ++e;
        if (e >= end)
            continue;
        if (!cjk) {
            if (!isHSpace(text[e]))
                continue;
            // "1. " starts an ordered list item, it does not end a sentence.
            bool digits = i > line.firstNonSpace;
            for (qsizetype k = line.firstNonSpace; k < i && digits; ++k)
                digits = text[k].isDigit();
            if (digits)
                continue;
        }
        const qsizetype next = skipHSpace(text, e, end);
        if (fences.safeInside(line, e, next))
            cuts[Sentence].push_back({e, next});
    }
}

} // namespace

CutsByLevel collectCuts(QStringView text, const CodeFences &fences)
{
    CutsByLevel cuts;
    const std::vector<Line> &lines = fences.lines();
    for (size_t li = 0; li + 1 < lines.size(); ++li)
        collectLineCut(cuts, lines[li], lines[li + 1]);
    for (const Line &line : lines) {
        if (line.role != Role::Opener && line.role != Role::Closer)
            collectInlineCuts(cuts, text, fences, line);
    }
    return cuts;
}

qsizetype skipBlankLines(QStringView text, qsizetype lineStart)
{
    for (;;) {
        const qsizetype p = skipHSpace(text, lineStart, text.size());
        if (p >= text.size())
            return text.size();
        if (text[p] != u'\n')
            return lineStart;
        lineStart = p + 1;
    }
}

qsizetype nextStart(QStringView text, qsizetype end)
{
    const qsizetype p = skipHSpace(text, end, text.size());
    return p < text.size() && text[p] == u'\n' ? skipBlankLines(text, p + 1) : p;
}

bool insidePair(QStringView text, qsizetype pos)
{
    return pos > 0 && pos < text.size() && text[pos].isLowSurrogate() &&
           text[pos - 1].isHighSurrogate();
}

bool characterBoundary(QStringView text, qsizetype pos)
{
    if (pos >= text.size())
        return true;
    const char32_t before = codePointBefore(text, pos);
    const char32_t after = codePointAt(text, pos);
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
         p >= 2 && count < kMaxFlagRun && isRegionalIndicator(codePointBefore(text, p)); p -= 2)
        ++count;
    return count % 2 == 0;
}

} // namespace MessageSplitterDetail
