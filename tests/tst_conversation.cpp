// Tests the conversation helpers one by one: command parsing, @mention and <think> removal,
// access policy, daily limits and the command replies' wording.
#include "conversation/AccessPolicy.h"
#include "conversation/CommandReplies.h"
#include "conversation/Commands.h"
#include "conversation/Mentions.h"
#include "conversation/Quota.h"
#include "conversation/Thinking.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ChatCommand)

namespace {

InboundMessage from(const QString &staffId, const QString &conversation = u"cid-1"_s)
{
    InboundMessage m;
    m.kind = InboundMessage::Kind::Text;
    m.msgType = u"text"_s;
    m.text = u"hello"_s;
    m.senderId = u"$:LWCP_v1:$"_s + staffId;
    m.senderStaffId = staffId;
    m.conversationId = conversation;
    return m;
}

} // namespace

class TestConversation final : public QObject
{
    Q_OBJECT

private slots:
    void commands_data();
    void commands();
    void helpListsEveryCommandOnceInTheRobotsLanguage_data();
    void helpListsEveryCommandOnceInTheRobotsLanguage();
    void mentions_data();
    void mentions();
    void thinking_data();
    void thinking();
    void access_data();
    void access();
    void quota_data();
    void quota();
    void quotaResetsAtLocalMidnight();
    void quotaReplySaysWhenItResets();
};

void TestConversation::commands_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ChatCommand>("expected");
    QTest::addColumn<QString>("argument");

    const auto row = [](const char *tag, const QString &text, ChatCommand kind,
                        const QString &argument = {}) {
        QTest::newRow(tag) << text << kind << argument;
    };
    row("/reset", u"/reset"_s, ChatCommand::Reset);
    row("reset without slash", u"reset"_s, ChatCommand::Reset);
    row("重置", u"重置"_s, ChatCommand::Reset);
    row("/重置", u"/重置"_s, ChatCommand::Reset);
    row("upper case", u"/RESET"_s, ChatCommand::Reset);
    row("mixed case", u"Reset"_s, ChatCommand::Reset);
    row("surrounding blanks", u"  /reset \n"_s, ChatCommand::Reset);
    row("group @ leaves a space", u" 重置"_s, ChatCommand::Reset);
    row("full-width slash", u"／重置"_s, ChatCommand::Reset);
    row("/help", u"/help"_s, ChatCommand::Help);
    row("帮助", u"帮助"_s, ChatCommand::Help);
    row("/帮助", u"/帮助"_s, ChatCommand::Help);
    row("/usage", u"/usage"_s, ChatCommand::Usage);
    row("用量", u"用量"_s, ChatCommand::Usage);
    row("/retry", u"/retry"_s, ChatCommand::Retry);
    row("重试", u"重试"_s, ChatCommand::Retry);
    row("/model alone", u"/model"_s, ChatCommand::Model);
    row("/model name", u"/model gpt-4o"_s, ChatCommand::Model, u"gpt-4o"_s);
    row("/模型 name", u"/模型  gpt-4.1-mini "_s, ChatCommand::Model, u"gpt-4.1-mini"_s);
    row("/system text", u"/system You are a pirate.\nSpeak like one."_s, ChatCommand::System,
        u"You are a pirate.\nSpeak like one."_s);
    row("/提示词", u"/提示词 你是一名律师"_s, ChatCommand::System, u"你是一名律师"_s);
    row("/persona", u"/persona translator"_s, ChatCommand::Persona, u"translator"_s);
    row("/角色", u"/角色 翻译"_s, ChatCommand::Persona, u"翻译"_s);
    row("/resets", u"/resets"_s, ChatCommand::Unknown);
    row("/帮我", u"/帮我"_s, ChatCommand::Unknown);

    row("reset please", u"reset please"_s, ChatCommand::None);
    row("模型 without slash", u"模型 是什么"_s, ChatCommand::None);
    row("empty", QString(), ChatCommand::None);
    row("blank", u"   "_s, ChatCommand::None);
    row("slash alone", u"/"_s, ChatCommand::None);
    row("double slash", u"//reset"_s, ChatCommand::None);
    row("a path", u"/usr/bin/env 是什么？"_s, ChatCommand::None);
    row("inside a sentence", u"please /reset"_s, ChatCommand::None);
    row("重置一下", u"重置一下"_s, ChatCommand::None);
    row("/model2", u"/model2"_s, ChatCommand::None);
}

void TestConversation::commands()
{
    QFETCH(QString, text);
    QFETCH(ChatCommand, expected);
    QFETCH(QString, argument);
    const Command c = Commands::parse(text);
    QCOMPARE(c.kind, expected);
    QCOMPARE(c.argument, argument);
}

void TestConversation::helpListsEveryCommandOnceInTheRobotsLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("zh") << u"zh"_s;
    QTest::newRow("en") << u"en"_s;
}

void TestConversation::helpListsEveryCommandOnceInTheRobotsLanguage()
{
    QFETCH(QString, language);
    const QString help = CommandReplies::help(language);
    const QStringList lines = help.split(u'\n');
    QCOMPARE(lines.size(), 1 + 7); // a heading and one line per command
    const ChatCommand all[] = {ChatCommand::Help,   ChatCommand::Reset,   ChatCommand::Model,
                               ChatCommand::System, ChatCommand::Persona, ChatCommand::Usage,
                               ChatCommand::Retry};
    for (int i = 0; i < 7; ++i) {
        const QString &line = lines.at(i + 1);
        QVERIFY2(line.contains(u'/' + Commands::englishName(all[i])), qPrintable(line));
        QVERIFY2(line.contains(u'/' + Commands::chineseName(all[i])), qPrintable(line));
        // Written in the robot's language: Chinese lines hold Chinese text after the names.
        const QString said = line.mid(line.lastIndexOf(language == u"en"_s ? u':' : QChar(0xFF1A)));
        bool han = false;
        for (const QChar c : said)
            han = han || (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF);
        QCOMPARE(han, language == u"zh"_s);
    }
}

void TestConversation::mentions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("expected");
    const QStringList bot{u"小助手"_s, u"Helper Bot"_s};
    QTest::newRow("at the start") << u"@小助手 今天天气怎么样"_s << bot << u"今天天气怎么样"_s;
    QTest::newRow("U+2005 after it") << u"@小助手\u2005你好"_s << bot << u"你好"_s;
    QTest::newRow("name with a space")
        << u"@Helper Bot what is DingTalk?"_s << bot << u"what is DingTalk?"_s;
    QTest::newRow("any letter case") << u"@helper bot hi"_s << bot << u"hi"_s;
    QTest::newRow("twice") << u"@小助手 @小助手 hi"_s << bot << u"hi"_s;
    QTest::newRow("at the end") << u"今天天气怎么样 @小助手"_s << bot << u"今天天气怎么样"_s;
    QTest::newRow("leading space from DingTalk") << u" @小助手 hi"_s << bot << u"hi"_s;
    QTest::newRow("someone else stays") << u"@Bob 说得对吗"_s << bot << u"@Bob 说得对吗"_s;
    QTest::newRow("in the middle stays") << u"ask @小助手 later"_s << bot << u"ask @小助手 later"_s;
    QTest::newRow("longer name is not it") << u"@小助手们 好"_s << bot << u"@小助手们 好"_s;
    QTest::newRow("only the mention") << u"@小助手"_s << bot << QString();
    QTest::newRow("no names set") << u"@小助手 hi"_s << QStringList() << u"@小助手 hi"_s;
}

void TestConversation::mentions()
{
    QFETCH(QString, text);
    QFETCH(QStringList, names);
    QFETCH(QString, expected);
    QCOMPARE(Mentions::strip(text, names), expected);
}

void TestConversation::thinking_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no thinking") << u"Plain answer."_s << u"Plain answer."_s;
    QTest::newRow("leading block")
        << u"<think>\nLet me see...\n</think>\n\nThe answer is 4."_s << u"The answer is 4."_s;
    QTest::newRow("two blocks") << u"<think>a</think>One. <think>b</think>Two."_s << u"One. Two."_s;
    QTest::newRow("upper case tags") << u"<THINK>x</THINK>Hi"_s << u"Hi"_s;
    QTest::newRow("opening tag left out") << u"reasoning here</think>\n\nAnswer"_s << u"Answer"_s;
    QTest::newRow("unclosed (cut off)") << u"Answer first<think>and then"_s << u"Answer first"_s;
    QTest::newRow("only thinking") << u"<think>hmm</think>"_s << u"<think>hmm</think>"_s;
    QTest::newRow("Chinese") << u"<think>用户在问天气</think>今天是晴天。"_s << u"今天是晴天。"_s;
    QTest::newRow("tag in code") << u"Use `<thinking>` tags"_s << u"Use `<thinking>` tags"_s;
}

void TestConversation::thinking()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(Thinking::strip(text), expected);
}

void TestConversation::access_data()
{
    QTest::addColumn<QStringList>("allowSenders");
    QTest::addColumn<QStringList>("allowConversations");
    QTest::addColumn<QStringList>("admins");
    QTest::addColumn<bool>("allowOutsiders");
    QTest::addColumn<QString>("staffId");
    QTest::addColumn<QString>("conversation");
    QTest::addColumn<QString>("refusal"); // empty: allowed
    QTest::addColumn<bool>("admin");

    const QStringList none;
    QTest::newRow("default: a member")
        << none << none << none << false << u"alice"_s << u"cid-1"_s << QString() << false;
    QTest::newRow("default: an outsider")
        << none << none << none << false << QString() << u"cid-1"_s << u"outsider"_s << false;
    QTest::newRow("outsiders allowed")
        << none << none << none << true << QString() << u"cid-1"_s << QString() << false;
    QTest::newRow("on the sender list") << QStringList{u"alice"_s} << none << none << false
                                        << u"alice"_s << u"cid-1"_s << QString() << false;
    QTest::newRow("not on the sender list")
        << QStringList{u"alice"_s} << none << none << false << u"bob"_s << u"cid-1"_s
        << u"sender_not_allowed"_s << false;
    QTest::newRow("outsider, sender list, outsiders allowed")
        << QStringList{u"alice"_s} << none << none << true << QString() << u"cid-1"_s
        << u"sender_not_allowed"_s << false;
    QTest::newRow("conversation listed") << none << QStringList{u"cid-1"_s} << none << false
                                         << u"bob"_s << u"cid-1"_s << QString() << false;
    QTest::newRow("conversation not listed")
        << none << QStringList{u"cid-1"_s} << none << false << u"bob"_s << u"cid-2"_s
        << u"conversation_not_allowed"_s << false;
    QTest::newRow("both lists must pass")
        << QStringList{u"bob"_s} << QStringList{u"cid-1"_s} << none << false << u"bob"_s
        << u"cid-2"_s << u"conversation_not_allowed"_s << false;
    QTest::newRow("admin anywhere")
        << QStringList{u"alice"_s} << QStringList{u"cid-1"_s} << QStringList{u"root"_s} << false
        << u"root"_s << u"cid-9"_s << QString() << true;
    QTest::newRow("admin list is not an allow list for others")
        << none << none << QStringList{u"root"_s} << false << u"bob"_s << u"cid-1"_s << QString()
        << false;
}

void TestConversation::access()
{
    QFETCH(QStringList, allowSenders);
    QFETCH(QStringList, allowConversations);
    QFETCH(QStringList, admins);
    QFETCH(bool, allowOutsiders);
    QFETCH(QString, staffId);
    QFETCH(QString, conversation);
    QFETCH(QString, refusal);
    QFETCH(bool, admin);
    RobotSettings robot;
    robot.allowSenders = allowSenders;
    robot.allowConversations = allowConversations;
    robot.admins = admins;
    robot.allowOutsiders = allowOutsiders;
    const Access a = AccessPolicy::check(robot, from(staffId, conversation));
    QCOMPARE(a.allowed, refusal.isEmpty());
    QCOMPARE(a.refusal, refusal);
    QCOMPARE(a.admin, admin);
}

void TestConversation::quota_data()
{
    QTest::addColumn<int>("dailyMessages");
    QTest::addColumn<int>("dailyTokens");
    QTest::addColumn<bool>("admin");
    QTest::addColumn<int>("usedMessages");
    QTest::addColumn<int>("usedTokens");
    QTest::addColumn<int>("result"); // QuotaCheck::Result
    using R = QuotaCheck::Result;
    QTest::newRow("no limits") << 0 << 0 << false << 500 << 900000 << int(R::Allowed);
    QTest::newRow("under both") << 10 << 1000 << false << 9 << 999 << int(R::Allowed);
    QTest::newRow("messages reached") << 10 << 1000 << false << 10 << 0 << int(R::MessagesUsed);
    QTest::newRow("tokens reached") << 10 << 1000 << false << 1 << 1000 << int(R::TokensUsed);
    QTest::newRow("tokens over") << 0 << 1000 << false << 1 << 1500 << int(R::TokensUsed);
    QTest::newRow("admin is exempt") << 1 << 1 << true << 50 << 5000 << int(R::Allowed);
}

void TestConversation::quota()
{
    QFETCH(int, dailyMessages);
    QFETCH(int, dailyTokens);
    QFETCH(bool, admin);
    QFETCH(int, usedMessages);
    QFETCH(int, usedTokens);
    QFETCH(int, result);
    RobotSettings robot;
    robot.dailyMessages = dailyMessages;
    robot.dailyTokens = dailyTokens;
    const QDateTime now = QDateTime::currentDateTime();
    const QuotaCheck c = Quota::check(robot, admin, DailyUsage{usedMessages, usedTokens}, now);
    QCOMPARE(int(c.result), result);
    QCOMPARE(c.resetsAt, Quota::nextReset(now));
}

void TestConversation::quotaResetsAtLocalMidnight()
{
    const QDateTime now(QDate(2024, 3, 9), QTime(15, 42, 10));
    QCOMPARE(Quota::dayStart(now), QDateTime(QDate(2024, 3, 9), QTime(0, 0)));
    QCOMPARE(Quota::nextReset(now), QDateTime(QDate(2024, 3, 10), QTime(0, 0)));
    const QDateTime justBefore(QDate(2024, 3, 9), QTime(23, 59, 59));
    QCOMPARE(Quota::nextReset(justBefore), Quota::nextReset(now));
    const QDateTime midnight(QDate(2024, 3, 10), QTime(0, 0));
    QCOMPARE(Quota::dayStart(midnight), midnight);
    QCOMPARE(Quota::nextReset(midnight), QDateTime(QDate(2024, 3, 11), QTime(0, 0)));
    // A time given in UTC counts by the local day.
    QCOMPARE(Quota::nextReset(now.toUTC()), Quota::nextReset(now));
}

void TestConversation::quotaReplySaysWhenItResets()
{
    const QDateTime now(QDate(2024, 3, 9), QTime(21, 30));
    const QDateTime reset = Quota::nextReset(now);
    const QString en =
        CommandReplies::quotaReached(u"en"_s, QuotaCheck::Result::MessagesUsed, reset, now);
    QVERIFY2(en.contains(u"00:00 (in 2 h 30 min)"_s), qPrintable(en));
    QVERIFY(en.contains(u"questions"_s));
    const QString zh =
        CommandReplies::quotaReached(u"zh"_s, QuotaCheck::Result::TokensUsed, reset, now);
    QVERIFY2(zh.contains(u"00:00（还有 2 小时 30 分钟）"_s), qPrintable(zh));
    QVERIFY(zh.contains(u"词元"_s));
    const QDateTime late(QDate(2024, 3, 9), QTime(23, 50));
    QVERIFY(CommandReplies::quotaReached(u"en"_s, QuotaCheck::Result::TokensUsed,
                                         Quota::nextReset(late), late)
                .contains(u"(in 10 min)"_s));
}

QTEST_GUILESS_MAIN(TestConversation)
#include "tst_conversation.moc"
