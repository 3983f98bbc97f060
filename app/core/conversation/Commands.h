// Commands: recognises the chat commands a DingTalk user can type instead of a question.
#pragma once

#include <QString>

enum class ChatCommand { None, Reset };

namespace Commands {
// "/reset", "重置" and "/重置", in any letter case, with surrounding blanks.
ChatCommand parse(const QString &text);
} // namespace Commands
