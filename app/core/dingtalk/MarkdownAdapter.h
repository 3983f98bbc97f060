// MarkdownAdapter: turns a model's GitHub-flavoured markdown into the subset DingTalk renders.
#pragma once

#include <QString>

namespace MarkdownAdapter {

// Code blocks become quoted lines, tables become lists, HTML and strikethrough are
// unwrapped, and single newlines inside paragraphs become hard breaks, so that what the
// model meant survives DingTalk's markdown renderer. No text is ever dropped.
QString adapt(const QString &modelMarkdown);

} // namespace MarkdownAdapter
