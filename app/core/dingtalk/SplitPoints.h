// SplitPoints: where MessageSplitter may end a part, ranked, and what a cut drops.
#pragma once

#include "dingtalk/CodeFences.h"

#include <QStringView>

#include <array>
#include <vector>

namespace MessageSplitterDetail {

// A cut ends a part at `end` and starts the next at `next`; text[end, next) is whitespace.
struct Cut
{
    qsizetype end = 0;
    qsizetype next = 0;
};

// The kinds of cuts, best first.
enum Level { Block, LineEnd, Sentence, Blank, EmptyCode, LevelCount };

// The cuts of each level, in text order.
using CutsByLevel = std::array<std::vector<Cut>, LevelCount>;

// Every cut at a block boundary, line end, sentence end or blank of `text`, which `fences`
// describes (see MessageSplitter.h for the rules).
CutsByLevel collectCuts(QStringView text, const CodeFences &fences);

// From a line start, past every whitespace-only line.
qsizetype skipBlankLines(QStringView text, qsizetype lineStart);

// Where the next part starts when one ends at `end` (see MessageSplitter.h).
qsizetype nextStart(QStringView text, qsizetype end);

// Whether a cut at `pos` falls between the two halves of a surrogate pair.
bool insidePair(QStringView text, qsizetype pos);

// Whether a cut between pos-1 and pos keeps what the reader sees as one character whole,
// for the cases that are cheap to tell: marks, ZWJ sequences, skin tones, tags and flags.
bool characterBoundary(QStringView text, qsizetype pos);

} // namespace MessageSplitterDetail
