#include "dingtalk/CodeFences.h"

#include "dingtalk/MessageSplitter.h"

#include <algorithm>
#include <optional>

namespace MessageSplitterDetail {

namespace {

// The first index from `i` on whose character is not `c`.
qsizetype skipRun(QStringView line, qsizetype i, QChar c)
{
    while (i < line.size() && line[i] == c)
        ++i;
    return i;
}

std::optional<Fence> parseOpener(QStringView line)
{
    const qsizetype i = skipRun(line, 0, u' ');
    if (i > kMaxFenceIndent || i >= line.size() || (line[i] != u'`' && line[i] != u'~'))
        return std::nullopt;
    const QChar mark = line[i];
    const qsizetype j = skipRun(line, i, mark);
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
    const qsizetype i = skipRun(line, 0, u' ');
    if (i > kMaxFenceIndent)
        return false;
    const qsizetype j = skipRun(line, i, f.mark);
    // `line` ends at its last non-blank character: nothing may follow the fence.
    return j - i >= f.run && j == line.size();
}

} // namespace

CodeFences::CodeFences(QStringView text)
    : m_text(text)
{
    const qsizetype size = m_text.size();
    m_lines.reserve(size_t(m_text.count(u'\n')) + 1);
    qsizetype start = 0;
    int open = -1;
    for (;;) {
        qsizetype end = m_text.indexOf(u'\n', start);
        if (end < 0)
            end = size;
        qsizetype textEnd = end;
        while (textEnd > start && isHSpace(m_text[textEnd - 1]))
            --textEnd;
        const qsizetype first = skipHSpace(m_text, start, textEnd);
        if (first < textEnd)
            scanLine(start, end, first, textEnd, open);
        if (end >= size)
            break;
        start = end + 1;
    }
}

void CodeFences::scanLine(qsizetype start, qsizetype end, qsizetype first, qsizetype textEnd,
                          int &open)
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
        if (const qsizetype tick = m_text.mid(run.end, textEnd - run.end).indexOf(u'`'); tick >= 0)
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

const Line &CodeFences::lineOf(qsizetype pos) const
{
    const auto it = std::upper_bound(m_lines.begin(), m_lines.end(), pos,
                                     [](qsizetype p, const Line &l) { return p < l.start; });
    return it == m_lines.begin() ? m_lines.front() : *(it - 1);
}

int CodeFences::fenceAtStart(qsizetype start) const
{
    if (start >= m_text.size())
        return -1;
    const Line &line = lineOf(start);
    const bool inside = line.role == Role::Content || line.role == Role::Closer ||
                        (line.role == Role::Opener && start > line.start);
    return inside ? line.fence : -1;
}

int CodeFences::fenceAtEnd(qsizetype end) const
{
    if (end <= 0)
        return -1;
    const Line &line = lineOf(end - 1);
    return line.role == Role::Content || line.role == Role::Opener ? line.fence : -1;
}

bool CodeFences::headOpens(const MarkRun &mark, qsizetype end) const
{
    const qsizetype run = std::min(mark.end, end) - mark.start;
    if (run < 3 || run > kMaxFenceRun)
        return false;
    return m_text[mark.start] == u'~' || mark.backtickAfter >= end;
}

bool CodeFences::headCloses(const MarkRun &mark, qsizetype end, const Fence &fence) const
{
    return m_text[mark.start] == fence.mark && end <= mark.end && end - mark.start >= fence.run;
}

bool CodeFences::tailOpens(const Line &line, qsizetype next) const
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

bool CodeFences::tailCloses(const Line &line, qsizetype next, const Fence &fence) const
{
    return m_text[next] == fence.mark && next >= line.trailingRunStart &&
           m_text[line.textEnd - 1] == fence.mark && line.textEnd - next >= fence.run;
}

bool CodeFences::safeInside(const Line &line, qsizetype end, qsizetype next) const
{
    if (line.mark >= 0) {
        const MarkRun &mark = m_marks[size_t(line.mark)];
        switch (line.role) {
        case Role::Text:
            if (headOpens(mark, end))
                return false;
            break;
        case Role::Content:
            if (headCloses(mark, end, fence(line.fence)))
                return false;
            break;
        case Role::Opener:
            if (end < line.start + fence(line.fence).close.size())
                return false;
            break;
        case Role::Closer:
            return false;
        }
    }
    if (next < line.textEnd && (m_text[next] == u'`' || m_text[next] == u'~')) {
        if (line.role == Role::Text ? tailOpens(line, next)
                                    : tailCloses(line, next, fence(line.fence)))
            return false;
    }
    return true;
}

bool CodeFences::safeHardCut(qsizetype end, qsizetype next, bool opener) const
{
    const Line &line = lineOf(end - 1);
    if (end >= line.textEnd)
        return true; // A cut at a line end: no line is split.
    if (line.role == Role::Opener && !opener)
        return false;
    return safeInside(line, end, next);
}

} // namespace MessageSplitterDetail
