// MessageSplitter: cuts a long answer into numbered markdown parts DingTalk accepts and renders.
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// The size of one part. Both are raised to at least 200 characters and 1200 bytes: a smaller
// part could not carry its number and the fence lines added around a cut code block.
struct SplitLimits
{
    // QString::size() of a part: DingTalk's markdown degrades above about 3500 characters.
    int maxChars = 3500;
    // jsonBytes() of a part: the budget for the text inside the 20000-byte JSON body, leaving
    // room for the envelope, the title and the @mention.
    int maxJsonBytes = 18000;
};

namespace MessageSplitter {

// Escaped JSON size of a string as DingTalk counts it: ASCII printable 1 byte, '"' '\\' and
// control characters escaped (2 bytes for \b \f \n \r \t, else 6), every non-ASCII UTF-16 code
// unit 6 bytes (\uXXXX; a surrogate pair is 12).
int jsonBytes(QStringView text);

// Splits an answer into parts that each fit both limits.
//
// A text that fits is returned unchanged as the only part (an empty text too). Otherwise:
// - Parts are numbered: each starts with "**(i/N)**" and a blank line. A text that fits once
//   the whitespace around it is dropped comes back as one part, without a number.
// - Cuts go, by preference, at block boundaries (blank lines outside code blocks, except after
//   a heading; before a fence, heading or quote run; after a fence or quote run), then line
//   ends, then sentence ends (after 。！？, or after .!? and a blank, closing quotes included),
//   then blanks, then anywhere: never inside a surrogate pair and, when another position is
//   near, never before a combining mark, variation selector, skin tone or ZWJ, nor inside a
//   flag. A cut that fills less than half a part gives way to a lower-level one only when
//   the block after it would not fit one part anyway: a block that fits one part stays whole.
// - What a cut drops, and nothing else: the whitespace (space, tab, CR, LF) at the end of the
//   part; then, after it, spaces and tabs, and when a line break follows, every blank line up
//   to the start of the next non-blank line, whose indentation is kept. Blank lines before
//   the first part and whitespace after the last are dropped the same way.
// - A fenced code block (``` or ~~~) cut in two is closed at the end of the part (a line with
//   the opening fence's indentation and fence) and reopened at the start of the next (a line
//   with that indentation, fence and the language word); a block the answer leaves open is
//   closed at the end of the last part, so every part balances its fences.
// - A text that does not fit and holds only whitespace gives no parts.
QStringList split(const QString &markdown, const SplitLimits &limits = {});

} // namespace MessageSplitter
