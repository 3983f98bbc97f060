// CodeFences: an answer's lines and the fenced code blocks they open, hold and close.
#pragma once

#include <QChar>
#include <QString>
#include <QStringView>

#include <vector>

namespace MessageSplitterDetail {

// Bounds on what counts as a fence, so the lines added around a cut stay short whatever the
// answer holds (the reopened line carries only the first word of the info string).
constexpr qsizetype kMaxFenceIndent = 12;
constexpr qsizetype kMaxFenceRun = 32;
constexpr qsizetype kMaxLanguage = 32;

inline bool isHSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r';
}

inline bool isSpace(QChar c)
{
    return isHSpace(c) || c == u'\n';
}

// The first index from `from` on, and before `limit`, that is not a space, tab or CR; or `limit`.
inline qsizetype skipHSpace(QStringView text, qsizetype from, qsizetype limit)
{
    while (from < limit && isHSpace(text[from]))
        ++from;
    return from;
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

// The non-blank lines of a text and the fences they open and close. The text must outlive it.
class CodeFences
{
public:
    explicit CodeFences(QStringView text);

    const std::vector<Line> &lines() const { return m_lines; }
    const Fence &fence(int index) const { return m_fences[size_t(index)]; }

    // The line holding `pos`, which is never in a blank line nor before the first line.
    const Line &lineOf(qsizetype pos) const;

    // The fence to reopen before a part that starts at `start`, or -1. Inside an opening line
    // (only when that line alone is longer than a part) the rest of the line reads as code.
    int fenceAtStart(qsizetype start) const;
    // The fence to close after a part that ends at `end`, or -1.
    int fenceAtEnd(qsizetype end) const;

    // Whether cutting `line` in two, before `end` and from `next`, keeps the fences as they
    // are: neither half may read as a fence line the whole line is not (half of "``` and
    // more" would close a block), and an opening line may only lose part of its info string.
    bool safeInside(const Line &line, qsizetype end, qsizetype next) const;

    // Whether a hard cut ending a part at `end` and starting the next at `next` keeps the
    // fences; cutting an opening line (one longer than a part) only when `opener`.
    bool safeHardCut(qsizetype end, qsizetype next, bool opener) const;

private:
    void scanLine(qsizetype start, qsizetype end, qsizetype first, qsizetype textEnd, int &open);

    // Whether the first half of a line, up to `end`, or its second half, from `next`, reads
    // as a fence line: the rules of parseOpener and isCloser, answered from what scanLine
    // noted about the line so that checking every cut stays linear.
    bool headOpens(const MarkRun &mark, qsizetype end) const;
    bool headCloses(const MarkRun &mark, qsizetype end, const Fence &fence) const;
    bool tailOpens(const Line &line, qsizetype next) const;
    bool tailCloses(const Line &line, qsizetype next, const Fence &fence) const;

    QStringView m_text;
    std::vector<Line> m_lines;
    std::vector<MarkRun> m_marks;
    std::vector<Fence> m_fences;
};

} // namespace MessageSplitterDetail
