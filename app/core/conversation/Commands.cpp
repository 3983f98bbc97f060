#include "conversation/Commands.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace {

struct Name
{
    ChatCommand kind;
    QString english;
    QString chinese;
    bool takesArgument;
};

const QList<Name> &names()
{
    static const QList<Name> list{
        {ChatCommand::Help, u"help"_s, u"帮助"_s, false},
        {ChatCommand::Reset, u"reset"_s, u"重置"_s, false},
        {ChatCommand::Model, u"model"_s, u"模型"_s, true},
        {ChatCommand::System, u"system"_s, u"提示词"_s, true},
        {ChatCommand::Persona, u"persona"_s, u"角色"_s, true},
        {ChatCommand::Usage, u"usage"_s, u"用量"_s, false},
        {ChatCommand::Retry, u"retry"_s, u"重试"_s, false},
    };
    return list;
}

bool isWord(const QString &word)
{
    if (word.isEmpty())
        return false;
    for (const QChar c : word) {
        if (!c.isLetter())
            return false;
    }
    return true;
}

} // namespace

Command Commands::parse(const QString &text)
{
    const QString t = text.trimmed();
    Command command;
    if (t.startsWith(u'/') || t.startsWith(QChar(0xFF0F))) {
        const QString rest = t.mid(1);
        qsizetype end = 0;
        while (end < rest.size() && !rest.at(end).isSpace())
            ++end;
        const QString word = rest.left(end);
        const QString lower = word.toLower();
        for (const Name &name : names()) {
            if (lower == name.english || word == name.chinese) {
                command.kind = name.kind;
                command.word = word;
                command.argument = rest.mid(end).trimmed();
                return command;
            }
        }
        if (isWord(word)) {
            command.kind = ChatCommand::Unknown;
            command.word = word;
        }
        return command;
    }
    for (const Name &name : names()) {
        if (!name.takesArgument && (t == name.chinese || t.toLower() == name.english)) {
            command.kind = name.kind;
            command.word = t;
            return command;
        }
    }
    return command;
}

QString Commands::englishName(ChatCommand kind)
{
    for (const Name &name : names()) {
        if (name.kind == kind)
            return name.english;
    }
    return {};
}

QString Commands::chineseName(ChatCommand kind)
{
    for (const Name &name : names()) {
        if (name.kind == kind)
            return name.chinese;
    }
    return {};
}
