#include "conversation/CommandReplies.h"

#include "conversation/Commands.h"
#include "conversation/Replies.h"

using namespace Qt::StringLiterals;

using Replies::isEnglish;
using Replies::pick;

namespace {

// "00:00 (in 5 h 12 min)" / "00:00（还有 5 小时 12 分钟）"
QString whenReset(const QString &language, const QDateTime &resetsAt, const QDateTime &now)
{
    const qint64 minutes = qMax<qint64>(1, (now.secsTo(resetsAt) + 59) / 60);
    const QString at = resetsAt.toLocalTime().toString(u"HH:mm"_s);
    const qint64 h = minutes / 60;
    const qint64 m = minutes % 60;
    if (isEnglish(language))
        return h > 0 ? u"%1 (in %2 h %3 min)"_s.arg(at).arg(h).arg(m)
                     : u"%1 (in %2 min)"_s.arg(at).arg(m);
    return h > 0 ? u"%1（还有 %2 小时 %3 分钟）"_s.arg(at).arg(h).arg(m)
                 : u"%1（还有 %2 分钟）"_s.arg(at).arg(m);
}

QString listOf(const QStringList &items)
{
    return items.join(u", "_s);
}

} // namespace

QString CommandReplies::help(const QString &language)
{
    struct Line
    {
        ChatCommand kind;
        QString argument; // as the user types it, per language
        QString argumentZh;
        QString en;
        QString zh;
    };
    const Line lines[] = {
        {ChatCommand::Help, {}, {}, u"this list"_s, u"显示这份说明"_s},
        {ChatCommand::Reset,
         {},
         {},
         u"forget this conversation and start afresh"_s,
         u"清空上下文，重新开始"_s},
        {ChatCommand::Model, u" NAME"_s, u" 名称"_s,
         u"switch this conversation's model (alone: show the choices)"_s,
         u"为本对话切换模型（不带名称：查看可选模型）"_s},
        {ChatCommand::System, u" TEXT"_s, u" 内容"_s,
         u"set this conversation's system prompt (alone: show it; \"default\": back to the robot's)"_s,
         u"设置本对话的系统提示词（不带内容：查看；default：恢复默认）"_s},
        {ChatCommand::Persona, u" NAME"_s, u" 名称"_s,
         u"answer as a persona (alone: list them; \"default\": none)"_s,
         u"切换角色（不带名称：列出角色；default：取消角色）"_s},
        {ChatCommand::Usage,
         {},
         {},
         u"your questions and tokens today"_s,
         u"查看你今天的提问次数和词元用量"_s},
        {ChatCommand::Retry, {}, {}, u"answer the last question again"_s, u"重新回答上一个问题"_s},
    };
    QStringList out;
    out << pick(language, u"可用的命令："_s, u"Commands:"_s);
    for (const Line &line : lines) {
        const QString en = Commands::englishName(line.kind);
        const QString zh = Commands::chineseName(line.kind);
        if (isEnglish(language))
            out << u"- /%1%2 (/%3): %4"_s.arg(en, line.argument, zh, line.en);
        else
            out << u"- /%1%2（/%3）：%4"_s.arg(zh, line.argumentZh, en, line.zh);
    }
    return out.join(u'\n');
}

QString CommandReplies::nothingAsked(const QString &language)
{
    return pick(language, u"请直接说出你的问题，或者发送 /帮助 查看可用的命令。"_s,
                u"Ask me anything, or send /help to see the commands."_s);
}

QString CommandReplies::unknownCommand(const QString &language, const QString &word)
{
    return isEnglish(language)
               ? u"There is no command /%1; send /help to see the commands."_s.arg(word)
               : u"没有 /%1 这个命令，发送 /帮助 查看可用的命令。"_s.arg(word);
}

QString CommandReplies::refused(const QString &language)
{
    return pick(language,
                u"抱歉，这个机器人目前只为指定的同事和群提供服务。如需使用，请联系管理员开通。"_s,
                u"Sorry, this robot only answers the people and chats it was set up for. Please "
                u"ask its administrator if you need access."_s);
}

QString CommandReplies::quotaReached(const QString &language, QuotaCheck::Result which,
                                     const QDateTime &resetsAt, const QDateTime &now)
{
    const QString when = whenReset(language, resetsAt, now);
    if (which == QuotaCheck::Result::TokensUsed)
        return isEnglish(language)
                   ? u"You have used today's token allowance. It resets at %1."_s.arg(when)
                   : u"你今天的词元额度已经用完了，将在 %1 重置。"_s.arg(when);
    return isEnglish(language)
               ? u"You have asked today's allowance of questions. It resets at %1."_s.arg(when)
               : u"你今天的提问次数已经用完了，将在 %1 重置。"_s.arg(when);
}

QString CommandReplies::usage(const QString &language, const DailyUsage &today,
                              const RobotSettings &robot, bool admin, const QDateTime &resetsAt,
                              const QDateTime &now)
{
    const bool en = isEnglish(language);
    QString text =
        en ? u"Today: %1 questions, %2 tokens."_s.arg(today.messages).arg(today.tokens)
           : u"今天：提问 %1 次，用了 %2 个词元。"_s.arg(today.messages).arg(today.tokens);
    if (admin) {
        text += en ? u" You are an administrator: no daily limits."_s
                   : u"你是管理员，不受每日额度限制。"_s;
        return text;
    }
    if (robot.dailyMessages <= 0 && robot.dailyTokens <= 0) {
        text += en ? u" There are no daily limits."_s : u"没有每日额度限制。"_s;
        return text;
    }
    QStringList limits;
    if (robot.dailyMessages > 0)
        limits << (en ? u"%1 questions"_s : u"%1 次提问"_s).arg(robot.dailyMessages);
    if (robot.dailyTokens > 0)
        limits << (en ? u"%1 tokens"_s : u"%1 个词元"_s).arg(robot.dailyTokens);
    const QString when = whenReset(language, resetsAt, now);
    text += en ? u" Daily limits: %1; they reset at %2."_s.arg(limits.join(u", "_s), when)
               : u"每日额度：%1，将在 %2 重置。"_s.arg(limits.join(u"，"_s), when);
    return text;
}

QString CommandReplies::modelNow(const QString &language, const QString &model,
                                 const QStringList &choices)
{
    if (choices.isEmpty())
        return isEnglish(language)
                   ? u"This conversation uses %1. Switching models is not enabled for this robot."_s
                         .arg(model)
                   : u"本对话使用的模型是 %1。这个机器人没有开放切换模型。"_s.arg(model);
    return isEnglish(language)
               ? u"This conversation uses %1. Choices: %2 (or default)."_s.arg(model,
                                                                               listOf(choices))
               : u"本对话使用的模型是 %1。可选：%2（或 default 恢复默认）。"_s.arg(model,
                                                                                   listOf(choices));
}

QString CommandReplies::modelSwitched(const QString &language, const QString &model)
{
    return isEnglish(language) ? u"Done: this conversation now uses %1."_s.arg(model)
                               : u"好的，本对话已切换到 %1。"_s.arg(model);
}

QString CommandReplies::modelNotAllowed(const QString &language, const QString &name,
                                        const QStringList &choices)
{
    if (choices.isEmpty())
        return isEnglish(language)
                   ? u"Switching models is not enabled for this robot, so %1 cannot be used."_s.arg(
                         name)
                   : u"这个机器人没有开放切换模型，无法使用 %1。"_s.arg(name);
    return isEnglish(language)
               ? u"%1 is not one of this robot's models. Choices: %2 (or default)."_s.arg(
                     name, listOf(choices))
               : u"%1 不在这个机器人的可选模型中。可选：%2（或 default）。"_s.arg(name,
                                                                                  listOf(choices));
}

QString CommandReplies::promptNow(const QString &language, const QString &prompt, bool own)
{
    if (isEnglish(language))
        return (own ? u"This conversation's system prompt:\n\n%1"_s
                    : u"The robot's system prompt (this conversation has none of its own):\n\n%1"_s)
            .arg(prompt.isEmpty() ? u"(none)"_s : prompt);
    return (own ? u"本对话的系统提示词：\n\n%1"_s
                : u"机器人默认的系统提示词（本对话没有单独设置）：\n\n%1"_s)
        .arg(prompt.isEmpty() ? u"（无）"_s : prompt);
}

QString CommandReplies::promptSet(const QString &language)
{
    return pick(language, u"好的，本对话的系统提示词已更新，之前的上下文保留。"_s,
                u"Done: this conversation has a new system prompt; its context is kept."_s);
}

QString CommandReplies::promptCleared(const QString &language)
{
    return pick(language, u"好的，本对话已恢复默认的系统提示词。"_s,
                u"Done: this conversation is back to the robot's system prompt."_s);
}

QString CommandReplies::personaList(const QString &language, const QList<PersonaSettings> &personas,
                                    const QString &current)
{
    const bool en = isEnglish(language);
    if (personas.isEmpty())
        return pick(language, u"这个机器人没有设置角色。"_s,
                    u"No personas are set up for this robot."_s);
    QStringList out;
    out << (en ? u"Personas (send /persona NAME):"_s : u"可选角色（发送 /角色 名称）："_s);
    for (const PersonaSettings &p : personas) {
        const QString mark = p.name.compare(current, Qt::CaseInsensitive) == 0
                                 ? (en ? u" (current)"_s : u"（当前）"_s)
                                 : QString();
        out << (p.description.isEmpty() ? u"- %1%2"_s.arg(p.name, mark)
                                        : u"- %1%2: %3"_s.arg(p.name, mark, p.description));
    }
    return out.join(u'\n');
}

QString CommandReplies::personaSwitched(const QString &language, const PersonaSettings &persona)
{
    return isEnglish(language)
               ? u"Done: I answer as %1 in this conversation now."_s.arg(persona.name)
               : u"好的，本对话现在以“%1”的角色回答。"_s.arg(persona.name);
}

QString CommandReplies::personaUnknown(const QString &language, const QString &name,
                                       const QList<PersonaSettings> &personas)
{
    QStringList names;
    for (const PersonaSettings &p : personas)
        names << p.name;
    if (names.isEmpty())
        return isEnglish(language)
                   ? u"There is no persona %1: none are set up for this robot."_s.arg(name)
                   : u"没有“%1”这个角色，这个机器人没有设置角色。"_s.arg(name);
    return isEnglish(language) ? u"There is no persona %1. Choices: %2."_s.arg(name, listOf(names))
                               : u"没有“%1”这个角色。可选：%2。"_s.arg(name, listOf(names));
}

QString CommandReplies::personaCleared(const QString &language)
{
    return pick(language, u"好的，本对话已取消角色。"_s,
                u"Done: this conversation has no persona now."_s);
}

QString CommandReplies::nothingToRetry(const QString &language)
{
    return pick(language, u"本对话里还没有可以重新回答的问题。"_s,
                u"There is no question in this conversation to answer again."_s);
}

QString CommandReplies::notSaved(const QString &language)
{
    return pick(language, u"抱歉，设置没能保存，请稍后再试。"_s,
                u"Sorry, the setting could not be saved; please try again shortly."_s);
}
