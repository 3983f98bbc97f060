// Commands: recognises the chat commands a DingTalk user can type instead of a question.
#pragma once

#include <QString>

enum class ChatCommand { None, Help, Reset, Model, System, Persona, Usage, Retry, Unknown };

struct Command
{
    ChatCommand kind = ChatCommand::None;
    QString argument; // what follows the command word, trimmed
    QString word;     // the command word as typed (for "unknown command")
};

namespace Commands {
// "/name argument" with an English or Chinese name in any letter case ("/help", "/帮助",
// "/Model gpt-4o", "/模型 gpt-4o"; a full-width "／" works too). The commands that take no
// argument also work as the whole message without the slash ("重置", "reset", "帮助").
// "/word" that is no command is Unknown; "/usr/bin" and other paths are questions.
Command parse(const QString &text);
// The names of a command: English first, then Chinese.
QString englishName(ChatCommand kind);
QString chineseName(ChatCommand kind);
} // namespace Commands
