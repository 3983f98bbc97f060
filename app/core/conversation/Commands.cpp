#include "conversation/Commands.h"

using namespace Qt::StringLiterals;

ChatCommand Commands::parse(const QString &text)
{
    QString word = text.trimmed().toLower();
    if (word.startsWith(u'/'))
        word.remove(0, 1);
    if (word == u"reset"_s || word == u"重置"_s)
        return ChatCommand::Reset;
    return ChatCommand::None;
}
