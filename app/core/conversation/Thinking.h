// Thinking: takes a reasoning model's <think>…</think> blocks out of the answer people see.
#pragma once

#include <QString>

namespace Thinking {
// Every <think>…</think> block goes, with the blank lines after it; a </think> with no
// opening tag (some servers drop it) takes everything before it; an unclosed <think> (a
// cut-off answer) everything after it. When nothing but thinking is left, text is returned
// as it was, so the user is never sent an empty message.
QString strip(const QString &text);
} // namespace Thinking
