// Conversations people steer, end to end through the relay: commands, personas, access lists,
// admins, daily limits, @mentions, shared and per-user context, <think> and token trimming.
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"

#include "config/Config.h"
#include "conversation/Quota.h"
#include "relay/Relay.h"
#include "tokens/TokenCounter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QString ApiKey = u"sk-test-0123456789abcdefghij"_s;
const QByteArray RobotSecret = "robot-secret-steer-0123";
const Sender Alice{u"$:LWCP_v1:$alice"_s, u"Alice"_s, u"staff-alice"_s};
const Sender Bob{u"$:LWCP_v1:$bob"_s, u"Bob"_s, u"staff-bob"_s};
const Sender Root{u"$:LWCP_v1:$root"_s, u"Root"_s, u"staff-root"_s};
const Sender Guest{u"$:LWCP_v1:$guest"_s, u"Guest"_s, QString()}; // outside the organisation
} // namespace

class TestSteering : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void helpListsTheCommands_data();
    void helpListsTheCommands();
    void unknownCommandPointsToHelp();
    void modelSwitchesWithinTheAllowedList();
    void modelSwitchingIsOffWithoutAList();
    void systemPromptPerConversation();
    void personasFromSettings();
    void usageCountsTodaysQuestionsAndTokens();
    void retryAsksTheLastQuestionAgain();
    void retryWithNothingToRetry();
    void settingsAndContextSurviveRestart();
    void senderAllowList();
    void conversationAllowList();
    void outsidersRefusedByDefault();
    void adminsAlwaysAllowedAndUnlimited();
    void dailyMessageLimit();
    void dailyTokenLimit();
    void dailyTokenLimitForAModelWithoutATokenizer();
    void limitsResetAtLocalMidnight_data();
    void limitsResetAtLocalMidnight();
    void mentionStrippedInGroups();
    void groupSharesOneContext();
    void contextOff();
    void thinkingHiddenButLogged();
    void thinkingShownWhenSettingIsOff();
    void contextTrimmedToTheModelsWindow();
    void contextWindowIsTheConfiguredModels();
    void ownCountWhenTheProviderReportsNoUsage();

private:
    void startRelay();
    QUrl callbackUrl() const;
    void say(const QString &text, const Sender &sender = Alice, bool group = false,
             const QString &conversation = u"cid-1"_s);
    QString lastDelivered() const;
    QList<QJsonObject> modelMessages(qsizetype request) const;
    QVariant scalar(const QString &sql) const;
    int execute(const QString &sql) const;

    std::unique_ptr<RelayFixture> m_fixture;
    RobotSettings *m_robot = nullptr;
    qsizetype m_said = 0;
};

void TestSteering::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->isValid(), qPrintable(m_fixture->errorString()));
    m_said = 0;

    m_fixture->config.relay.drainSeconds = 5;
    m_fixture->config.model.systemPrompt = u"You are a test assistant."_s;
    m_fixture->config.robots.first().id = u"steer"_s;
    m_fixture->config.robots.first().callbackPath = u"/dingtalk/steer"_s;
    m_robot = &m_fixture->config.robots.first();
    m_fixture->secrets = {{u"model/api_key"_s, ApiKey},
                          {u"robot/steer/app_secret"_s, QString::fromUtf8(RobotSecret)}};
}

void TestSteering::cleanup()
{
    m_fixture.reset();
}

void TestSteering::startRelay()
{
    // A restart as the app does it: the old relay finishes what it has in hand (the reply may
    // have reached the sink before the relay recorded it as sent), then the new one starts.
    if (m_fixture->relay()) {
        QSignalSpy stopped(m_fixture->relay(), &Relay::stopped);
        m_fixture->relay()->shutdown();
        QVERIFY(stopped.wait(10000));
        m_fixture->stop();
    }
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
}

QUrl TestSteering::callbackUrl() const
{
    return m_fixture->callbackUrl(u"steer"_s);
}

// Sends a message and waits for the robot's reply to it.
void TestSteering::say(const QString &text, const Sender &sender, bool group,
                       const QString &conversation)
{
    const QJsonObject m =
        textMessage(text, QUuid::createUuid().toString(QUuid::WithoutBraces),
                    m_fixture->sink().url(u"/robot/sendBySession"_s), group, sender, conversation);
    QCOMPARE(postCallback(callbackUrl(), RobotSecret, m).status, 200);
    ++m_said;
    QTRY_COMPARE(m_fixture->sink().count(), m_said);
}

QString TestSteering::lastDelivered() const
{
    if (m_fixture->sink().requests().isEmpty())
        return {};
    return m_fixture->sink()
        .requests()
        .last()
        .json()
        .value(u"markdown"_s)
        .toObject()
        .value(u"text"_s)
        .toString();
}

QList<QJsonObject> TestSteering::modelMessages(qsizetype request) const
{
    QList<QJsonObject> out;
    const QJsonArray messages =
        m_fixture->model().requests().at(request).json().value(u"messages"_s).toArray();
    for (const QJsonValue &m : messages)
        out << m.toObject();
    return out;
}

QVariant TestSteering::scalar(const QString &sql) const
{
    return m_fixture->scalar(sql);
}

int TestSteering::execute(const QString &sql) const
{
    return m_fixture->exec(sql);
}

void TestSteering::helpListsTheCommands_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("says");
    QTest::newRow("en /help") << u"en"_s << u"/help"_s << u"answer the last question again"_s;
    QTest::newRow("zh 帮助") << u"zh"_s << u"帮助"_s << u"重新回答上一个问题"_s;
    QTest::newRow("zh /help") << u"zh"_s << u"/HELP"_s << u"清空上下文"_s;
}

void TestSteering::helpListsTheCommands()
{
    QFETCH(QString, language);
    QFETCH(QString, command);
    QFETCH(QString, says);
    m_robot->language = language;
    startRelay();
    say(command);
    const QString help = lastDelivered();
    QVERIFY2(help.contains(says), qPrintable(help));
    for (const QString &name : {u"/help"_s, u"/reset"_s, u"/model"_s, u"/system"_s, u"/persona"_s,
                                u"/usage"_s, u"/retry"_s, u"/重置"_s, u"/模型"_s})
        QVERIFY2(help.contains(name), qPrintable(name));
    QCOMPARE(m_fixture->model().count(), 0); // commands never reach the model
}

void TestSteering::unknownCommandPointsToHelp()
{
    startRelay();
    say(u"/resett"_s);
    QVERIFY2(lastDelivered().contains(u"no command /resett"_s), qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"/help"_s));
    QCOMPARE(m_fixture->model().count(), 0);
    say(u"/usr/bin/env: what does it do?"_s); // a path is a question
    QCOMPARE(m_fixture->model().count(), 1);
}

void TestSteering::modelSwitchesWithinTheAllowedList()
{
    m_fixture->config.model.allowedModels = {u"gpt-4o-mini"_s, u"gpt-4.1-mini"_s};
    startRelay();
    say(u"/model"_s);
    QVERIFY2(lastDelivered().contains(u"uses gpt-4o-mini"_s), qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"gpt-4.1-mini"_s));

    say(u"/model GPT-4.1-MINI"_s);
    QVERIFY2(lastDelivered().contains(u"now uses gpt-4.1-mini"_s), qPrintable(lastDelivered()));
    say(u"which model?"_s);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4.1-mini"_s);

    say(u"/model gpt-5-ultra"_s); // not on the list
    QVERIFY2(lastDelivered().contains(u"not one of this robot's models"_s),
             qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"gpt-4o-mini, gpt-4.1-mini"_s));
    say(u"still?"_s);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4.1-mini"_s);

    // Bob's conversation is his own.
    say(u"and mine?"_s, Bob, false, u"cid-bob"_s);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4o-mini"_s);

    say(u"/模型 default"_s);
    QVERIFY2(lastDelivered().contains(u"gpt-4o-mini"_s), qPrintable(lastDelivered()));
    say(u"back?"_s);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4o-mini"_s);

    QCOMPARE(m_fixture->model().count(), 4);

    // A robot's own list takes the place of the global one.
    m_robot->models = {u"gpt-4.1-nano"_s};
    startRelay();
    say(u"/model gpt-4.1-mini"_s);
    QVERIFY2(lastDelivered().contains(u"Choices: gpt-4.1-nano (or default)"_s),
             qPrintable(lastDelivered()));
    say(u"/model gpt-4.1-nano"_s);
    say(u"nano?"_s);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4.1-nano"_s);
}

void TestSteering::modelSwitchingIsOffWithoutAList()
{
    startRelay();
    say(u"/model gpt-4o"_s);
    QVERIFY2(lastDelivered().contains(u"not enabled"_s), qPrintable(lastDelivered()));
    say(u"hi"_s);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4o-mini"_s);
}

void TestSteering::systemPromptPerConversation()
{
    startRelay();
    say(u"/system"_s);
    QVERIFY2(lastDelivered().contains(u"You are a test assistant."_s), qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"robot's system prompt"_s));

    say(u"/system Answer like a pirate.\nAlways."_s);
    QVERIFY(lastDelivered().contains(u"new system prompt"_s));
    say(u"hello"_s);
    QCOMPARE(modelMessages(0).first().value(u"content"_s).toString(),
             u"Answer like a pirate.\nAlways."_s);
    say(u"/system"_s);
    QVERIFY(lastDelivered().contains(u"This conversation's system prompt"_s));
    QVERIFY(lastDelivered().contains(u"pirate"_s));

    say(u"/system default"_s);
    QVERIFY(lastDelivered().contains(u"back to the robot's"_s));
    say(u"hello again"_s);
    QCOMPARE(modelMessages(1).first().value(u"content"_s).toString(),
             u"You are a test assistant."_s);
    // The context was kept through the prompt changes.
    QCOMPARE(modelMessages(1).size(), 4);
}

void TestSteering::personasFromSettings()
{
    m_fixture->config.personas = {
        {u"translator"_s, u"Translate everything into French."_s, u"translates into French"_s},
        {u"律师"_s, u"你是一名谨慎的律师。"_s, QString()}};
    startRelay();
    say(u"/persona"_s);
    QVERIFY2(lastDelivered().contains(u"translator: translates into French"_s),
             qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"律师"_s));

    say(u"/persona nobody"_s);
    QVERIFY2(lastDelivered().contains(u"There is no persona nobody"_s),
             qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"translator, 律师"_s));

    say(u"/角色 Translator"_s);
    QVERIFY2(lastDelivered().contains(u"answer as translator"_s), qPrintable(lastDelivered()));
    say(u"good morning"_s);
    QCOMPARE(modelMessages(0).first().value(u"content"_s).toString(),
             u"Translate everything into French."_s);
    say(u"/persona"_s);
    QVERIFY(lastDelivered().contains(u"translator (current)"_s));

    // /system replaces the persona, /persona default returns to the robot's prompt.
    say(u"/persona 律师"_s);
    say(u"hi"_s);
    QCOMPARE(modelMessages(1).first().value(u"content"_s).toString(), u"你是一名谨慎的律师。"_s);
    say(u"/persona default"_s);
    QVERIFY(lastDelivered().contains(u"no persona"_s));
    say(u"hi again"_s);
    QCOMPARE(modelMessages(2).first().value(u"content"_s).toString(),
             u"You are a test assistant."_s);
}

void TestSteering::usageCountsTodaysQuestionsAndTokens()
{
    startRelay();
    say(u"/usage"_s);
    QVERIFY2(lastDelivered().contains(u"Today: 0 questions, 0 tokens"_s),
             qPrintable(lastDelivered()));
    say(u"one"_s);
    say(u"two"_s);
    say(u"/reset"_s);     // commands are not questions
    say(u"three"_s, Bob); // someone else's
    say(u"/usage"_s);
    QVERIFY2(lastDelivered().contains(u"Today: 2 questions, 36 tokens"_s),
             qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"no daily limits"_s));
}

void TestSteering::retryAsksTheLastQuestionAgain()
{
    m_fixture->model().setHandler([n = 0](const RecordedRequest &r) mutable {
        const QJsonArray messages = r.json().value(u"messages"_s).toArray();
        const QString question = messages.last().toObject().value(u"content"_s).toString();
        return canned(200, chatCompletionBody(u"Answer %1 to: %2"_s.arg(++n).arg(question)));
    });
    startRelay();
    say(u"first"_s);
    say(u"second"_s);
    QCOMPARE(lastDelivered(), u"Answer 2 to: second"_s);
    say(u"/retry"_s);
    QCOMPARE(lastDelivered(), u"Answer 3 to: second"_s);
    // Asked again without the answer being replaced: only the first turn as context.
    const auto retried = modelMessages(2);
    QCOMPARE(retried.size(), 4);
    QCOMPARE(retried[1].value(u"content"_s).toString(), u"first"_s);
    QCOMPARE(retried[3].value(u"content"_s).toString(), u"second"_s);
    // The new answer took the old one's place in the context.
    say(u"third"_s);
    const auto next = modelMessages(3);
    QCOMPARE(next.size(), 6);
    QCOMPARE(next[3].value(u"content"_s).toString(), u"second"_s);
    QCOMPARE(next[4].value(u"content"_s).toString(), u"Answer 3 to: second"_s);
    // Both answers stay in the log.
    QCOMPARE(m_fixture->messages(u"assistant"_s).size(), 4);
}

void TestSteering::retryWithNothingToRetry()
{
    startRelay();
    say(u"重试"_s);
    QVERIFY2(lastDelivered().contains(u"no question"_s), qPrintable(lastDelivered()));
    say(u"a question"_s);
    say(u"/reset"_s);
    say(u"/retry"_s);
    QVERIFY(lastDelivered().contains(u"no question"_s));
    QCOMPARE(m_fixture->model().count(), 1);
}

void TestSteering::settingsAndContextSurviveRestart()
{
    m_fixture->config.model.allowedModels = {u"gpt-4.1-mini"_s};
    m_robot->context = ContextMode::Group;
    startRelay();
    say(u"/model gpt-4.1-mini"_s, Alice, true);
    say(u"/system Be brief."_s, Alice, true);
    say(u"remember 42"_s, Alice, true);
    QTRY_COMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 3);

    startRelay(); // a new relay on the same database
    say(u"what number?"_s, Bob, true);
    const QJsonObject request = m_fixture->model().requests().last().json();
    QCOMPARE(request.value(u"model"_s).toString(), u"gpt-4.1-mini"_s);
    const auto messages = modelMessages(m_fixture->model().count() - 1);
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages[0].value(u"content"_s).toString(), u"Be brief."_s);
    QCOMPARE(messages[1].value(u"content"_s).toString(), u"Alice: remember 42"_s);
    QCOMPARE(messages[3].value(u"content"_s).toString(), u"Bob: what number?"_s);
}

void TestSteering::senderAllowList()
{
    m_robot->allowSenders = {u"staff-alice"_s};
    startRelay();
    say(u"may I?"_s, Bob);
    QVERIFY2(lastDelivered().contains(u"only answers the people and chats"_s),
             qPrintable(lastDelivered()));
    QCOMPARE(m_fixture->model().count(), 0);
    QCOMPARE(scalar(u"SELECT reason FROM refusals"_s).toString(), u"sender_not_allowed"_s);
    QCOMPARE(scalar(u"SELECT sender_key FROM refusals"_s).toString(), u"staff-bob"_s);
    QCOMPARE(scalar(u"SELECT sender_nick FROM refusals"_s).toString(), u"Bob"_s);
    // Refused before anything else: not even a command works.
    say(u"/help"_s, Bob);
    QVERIFY(lastDelivered().contains(u"only answers"_s));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM refusals"_s).toInt(), 2);

    say(u"and me?"_s, Alice);
    QCOMPARE(lastDelivered(), u"Answer to: and me?"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM refusals"_s).toInt(), 2);
}

void TestSteering::conversationAllowList()
{
    m_robot->allowConversations = {u"cid-team"_s};
    startRelay();
    say(u"here?"_s, Alice, true, u"cid-other"_s);
    QVERIFY(lastDelivered().contains(u"only answers"_s));
    QCOMPARE(scalar(u"SELECT reason FROM refusals"_s).toString(), u"conversation_not_allowed"_s);
    QCOMPARE(scalar(u"SELECT conversation_id FROM refusals"_s).toString(), u"cid-other"_s);
    say(u"here?"_s, Alice, true, u"cid-team"_s);
    QVERIFY(lastDelivered().contains(u"Answer to: here?"_s));
    QCOMPARE(m_fixture->model().count(), 1);
}

void TestSteering::outsidersRefusedByDefault()
{
    startRelay();
    say(u"hello from outside"_s, Guest, true);
    QVERIFY(lastDelivered().contains(u"only answers"_s));
    QCOMPARE(scalar(u"SELECT reason FROM refusals"_s).toString(), u"outsider"_s);
    QCOMPARE(m_fixture->model().count(), 0);

    m_robot->allowOutsiders = true;
    startRelay();
    say(u"hello again"_s, Guest, true);
    QVERIFY(lastDelivered().contains(u"Answer to: hello again"_s));
}

void TestSteering::adminsAlwaysAllowedAndUnlimited()
{
    m_robot->allowSenders = {u"staff-alice"_s};
    m_robot->allowConversations = {u"cid-1"_s};
    m_robot->admins = {u"staff-root"_s};
    m_robot->dailyMessages = 1;
    startRelay();
    for (int i = 0; i < 3; ++i) {
        say(u"admin question %1"_s.arg(i), Root, false, u"cid-root"_s);
        QVERIFY2(lastDelivered().startsWith(u"Answer to"_s), qPrintable(lastDelivered()));
    }
    say(u"/usage"_s, Root, false, u"cid-root"_s);
    QVERIFY2(lastDelivered().contains(u"administrator"_s), qPrintable(lastDelivered()));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM refusals"_s).toInt(), 0);
}

void TestSteering::dailyMessageLimit()
{
    m_robot->dailyMessages = 2;
    startRelay();
    say(u"one"_s);
    say(u"two"_s);
    say(u"three"_s);
    const QString refusal = lastDelivered();
    QVERIFY2(refusal.contains(u"today's allowance of questions"_s), qPrintable(refusal));
    QVERIFY2(refusal.contains(u"resets at 00:00"_s), qPrintable(refusal));
    QCOMPARE(m_fixture->model().count(), 2); // checked before any model call
    QCOMPARE(scalar(u"SELECT reason FROM refusals"_s).toString(), u"message_quota"_s);
    // Commands still work, and /retry counts as a question.
    say(u"/usage"_s);
    QVERIFY2(lastDelivered().contains(u"Today: 2 questions"_s), qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"2 questions; they reset at 00:00"_s));
    say(u"/retry"_s);
    QVERIFY(lastDelivered().contains(u"allowance"_s));
    QCOMPARE(m_fixture->model().count(), 2);
    // Someone else has an allowance of their own.
    say(u"bob's first"_s, Bob);
    QCOMPARE(lastDelivered(), u"Answer to: bob's first"_s);
}

void TestSteering::dailyTokenLimit()
{
    m_robot->language = u"zh"_s;
    m_robot->dailyTokens = 30; // each answer costs 11 + 7
    startRelay();
    say(u"one"_s);
    say(u"two"_s); // 18 < 30: still allowed
    say(u"three"_s);
    QVERIFY2(lastDelivered().contains(u"词元额度已经用完"_s), qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"00:00"_s));
    QCOMPARE(m_fixture->model().count(), 2);
    QCOMPARE(scalar(u"SELECT reason FROM refusals"_s).toString(), u"token_quota"_s);
}

void TestSteering::dailyTokenLimitForAModelWithoutATokenizer()
{
    // A local model DingRelay has no tokenizer for, behind a server that reports no usage.
    m_fixture->config.model.model = u"llama3"_s;
    m_robot->dailyTokens = 100;
    m_fixture->model().setHandler([](const RecordedRequest &) {
        return canned(200, R"({"id":"c1","object":"chat.completion","model":"llama3",
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!"},
            "finish_reason":"stop"}]})");
    });
    startRelay();
    say(u"one"_s);
    QCOMPARE(lastDelivered(), u"Hello there!"_s);
    // The estimate the context was trimmed with is what counts: one token per UTF-8 byte.
    const TokenCounter estimate = TokenCounter::forModel(u"llama3"_s);
    QVERIFY(!estimate.isExact());
    const qsizetype first = estimate.countPrompt(
        {{u"system"_s, u"You are a test assistant."_s}, {u"user"_s, u"one"_s}});
    QCOMPARE(m_fixture->messages(u"assistant"_s).value(0).promptTokens, int(first));
    QCOMPARE(m_fixture->messages(u"assistant"_s).value(0).completionTokens,
             int(estimate.count(u"Hello there!"_s)));
    const qsizetype used = first + estimate.count(u"Hello there!"_s);
    QVERIFY(used > 0 && used < 100);
    say(u"/usage"_s);
    QVERIFY2(lastDelivered().contains(u"Today: 1 questions, %1 tokens"_s.arg(used)),
             qPrintable(lastDelivered()));

    say(u"two"_s); // still under the limit when asked; over it after the answer
    QCOMPARE(lastDelivered(), u"Hello there!"_s);
    say(u"three"_s);
    const QString refusal = lastDelivered();
    QVERIFY2(refusal.contains(u"today's token allowance"_s), qPrintable(refusal));
    QVERIFY2(refusal.contains(u"resets at 00:00"_s), qPrintable(refusal));
    QCOMPARE(m_fixture->model().count(), 2);
    QCOMPARE(scalar(u"SELECT reason FROM refusals"_s).toString(), u"token_quota"_s);
    say(u"/usage"_s);
    QVERIFY2(!lastDelivered().contains(u", 0 tokens"_s), qPrintable(lastDelivered()));
    QVERIFY(lastDelivered().contains(u"Today: 2 questions"_s));
}

void TestSteering::limitsResetAtLocalMidnight_data()
{
    QTest::addColumn<int>("dailyMessages");
    QTest::addColumn<int>("dailyTokens");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("questions") << 2 << 0 << u"today's allowance of questions"_s;
    QTest::newRow("tokens") << 0 << 30 << u"today's token allowance"_s; // 18 an answer
}

void TestSteering::limitsResetAtLocalMidnight()
{
    QFETCH(int, dailyMessages);
    QFETCH(int, dailyTokens);
    QFETCH(QString, refusal);
    m_robot->dailyMessages = dailyMessages;
    m_robot->dailyTokens = dailyTokens;
    startRelay();
    say(u"one"_s);
    say(u"two"_s);
    say(u"three"_s);
    QVERIFY2(lastDelivered().contains(refusal), qPrintable(lastDelivered()));
    QCOMPARE(m_fixture->model().count(), 2);

    // The same day's questions, but asked yesterday: the minute before last midnight.
    const qint64 lastNight =
        Quota::dayStart(QDateTime::currentDateTime()).toMSecsSinceEpoch() - 60 * 1000;
    QCOMPARE(
        execute(u"UPDATE messages SET created_at = %1 WHERE role = 'assistant'"_s.arg(lastNight)),
        2);
    say(u"four"_s);
    QCOMPARE(lastDelivered(), u"Answer to: four"_s);
    say(u"/usage"_s);
    QVERIFY2(lastDelivered().contains(u"Today: 1 questions, 18 tokens"_s),
             qPrintable(lastDelivered()));
    // Today's allowance is a full one, and runs out as yesterday's did.
    say(u"five"_s);
    QCOMPARE(lastDelivered(), u"Answer to: five"_s);
    say(u"six"_s);
    QVERIFY2(lastDelivered().contains(refusal), qPrintable(lastDelivered()));
    QCOMPARE(m_fixture->model().count(), 4);
}

void TestSteering::mentionStrippedInGroups()
{
    m_robot->mentionNames = {u"小助手"_s};
    startRelay();
    say(u"@小助手 what is 2+2?"_s, Alice, true);
    QCOMPARE(modelMessages(0).last().value(u"content"_s).toString(), u"what is 2+2?"_s);
    QCOMPARE(m_fixture->messages(u"user"_s).value(0).content, u"what is 2+2?"_s);
    say(u"@小助手 /reset"_s, Alice, true); // a command after the mention
    QVERIFY2(lastDelivered().contains(u"cleared"_s), qPrintable(lastDelivered()));
    say(u"@小助手"_s, Alice, true); // nothing but the mention
    QVERIFY2(lastDelivered().contains(u"Ask me anything"_s), qPrintable(lastDelivered()));
    QCOMPARE(m_fixture->model().count(), 1);
}

void TestSteering::groupSharesOneContext()
{
    m_robot->context = ContextMode::Group;
    startRelay();
    say(u"I am planning the offsite"_s, Alice, true);
    say(u"what is Alice planning?"_s, Bob, true);
    const auto messages = modelMessages(1);
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages[1].value(u"content"_s).toString(), u"Alice: I am planning the offsite"_s);
    QCOMPARE(messages[3].value(u"content"_s).toString(), u"Bob: what is Alice planning?"_s);
    // 1:1 chats stay per person.
    say(u"private"_s, Bob, false, u"cid-bob"_s);
    QCOMPARE(modelMessages(2).size(), 2);
    // /reset by anyone clears the group's context.
    say(u"/reset"_s, Bob, true);
    say(u"fresh?"_s, Alice, true);
    QCOMPARE(modelMessages(3).size(), 2);
}

void TestSteering::contextOff()
{
    m_robot->context = ContextMode::Off;
    startRelay();
    say(u"first"_s);
    say(u"second"_s);
    QCOMPARE(modelMessages(1).size(), 2);
}

void TestSteering::thinkingHiddenButLogged()
{
    m_fixture->model().setHandler([](const RecordedRequest &) {
        return canned(200, chatCompletionBody(u"<think>The user greets me.</think>\n\nHello!"_s));
    });
    startRelay();
    say(u"hi"_s);
    QCOMPARE(lastDelivered(), u"Hello!"_s);
    QCOMPARE(m_fixture->messages(u"assistant"_s).value(0).content, u"Hello!"_s);
    QCOMPARE(scalar(u"SELECT raw_content FROM messages WHERE role = 'assistant'"_s).toString(),
             u"<think>The user greets me.</think>\n\nHello!"_s);
    say(u"again"_s);
    // The next turn's context carries the answer without the thinking.
    QCOMPARE(modelMessages(1)[2].value(u"content"_s).toString(), u"Hello!"_s);
}

void TestSteering::thinkingShownWhenSettingIsOff()
{
    m_fixture->config.model.hideThinking = false;
    m_fixture->model().setHandler([](const RecordedRequest &) {
        return canned(200, chatCompletionBody(u"<think>hmm</think>Hello!"_s));
    });
    startRelay();
    say(u"hi"_s);
    QVERIFY2(lastDelivered().contains(u"hmm"_s), qPrintable(lastDelivered()));
    QVERIFY(scalar(u"SELECT raw_content FROM messages WHERE role = 'assistant'"_s).isNull());
}

void TestSteering::contextTrimmedToTheModelsWindow()
{
    // A small window: 400 tokens, 100 of them reserved for the answer.
    m_fixture->config.model.contextWindow = 400;
    m_fixture->config.model.maxAnswerTokens = 100;
    m_fixture->config.conversation.maxTurns = 50;
    startRelay();
    const QString padding = QString(u" lorem"_s).repeated(30); // 30 tokens a question
    for (int i = 0; i < 8; ++i)
        say(u"question %1"_s.arg(i) + padding);
    const TokenCounter counter = TokenCounter::forModel(u"gpt-4o-mini"_s);
    const QJsonArray sent =
        m_fixture->model().requests().last().json().value(u"messages"_s).toArray();
    QList<ChatMessage> messages;
    for (const QJsonValue &v : sent)
        messages.append({v.toObject().value(u"role"_s).toString(),
                         v.toObject().value(u"content"_s).toString()});
    QVERIFY2(counter.countPrompt(messages) <= 300,
             qPrintable(QString::number(counter.countPrompt(messages))));
    // System prompt first, the newest question last, the oldest turns left out.
    QCOMPARE(messages.first().role, u"system"_s);
    QVERIFY(messages.last().content.startsWith(u"question 7"_s));
    QVERIFY(messages.size() < 1 + 2 * 7 + 1);
    QVERIFY(messages.size() >= 3);
    QVERIFY(messages.at(messages.size() - 3).content.startsWith(u"question 6"_s));
    for (const ChatMessage &m : messages)
        QVERIFY(!m.content.startsWith(u"question 0"_s));
    // One more turn would not have fitted.
    QList<ChatMessage> more = messages;
    const int firstTurn = 1 + 0;
    const int dropped = 7 - (int(messages.size()) - 2) / 2;
    QVERIFY(dropped > 0);
    more.insert(firstTurn, {u"user"_s, u"question %1"_s.arg(dropped - 1) + padding});
    more.insert(firstTurn + 1,
                {u"assistant"_s, u"Answer to: question %1"_s.arg(dropped - 1) + padding});
    QVERIFY(counter.countPrompt(more) > 300);
}

void TestSteering::contextWindowIsTheConfiguredModels()
{
    // model/context_window describes gpt-4o-mini, the configured model. gpt-4o, picked with
    // /model, has its own 128,000 tokens: every earlier turn still fits.
    m_fixture->config.model.contextWindow = 400;
    m_fixture->config.model.maxAnswerTokens = 100;
    m_fixture->config.conversation.maxTurns = 50;
    m_fixture->config.model.allowedModels = {u"gpt-4o-mini"_s, u"gpt-4o"_s};
    startRelay();
    say(u"/model gpt-4o"_s);
    const QString padding = QString(u" lorem"_s).repeated(30); // 30 tokens a question
    for (int i = 0; i < 8; ++i)
        say(u"question %1"_s.arg(i) + padding);
    QList<QJsonObject> sent = modelMessages(m_fixture->model().count() - 1);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(), u"gpt-4o"_s);
    QCOMPARE(sent.size(), 1 + 2 * 7 + 1); // the system prompt, 7 turns, the question
    QVERIFY(sent.at(1).value(u"content"_s).toString().startsWith(u"question 0"_s));

    // Back on the configured model, its 400 tokens apply again.
    say(u"/model default"_s);
    say(u"question 8"_s + padding);
    sent = modelMessages(m_fixture->model().count() - 1);
    QCOMPARE(m_fixture->model().requests().last().json().value(u"model"_s).toString(),
             u"gpt-4o-mini"_s);
    QVERIFY2(sent.size() < 1 + 2 * 8 + 1, qPrintable(QString::number(sent.size())));
    QVERIFY(!sent.at(1).value(u"content"_s).toString().startsWith(u"question 0"_s));
    QVERIFY(sent.last().value(u"content"_s).toString().startsWith(u"question 8"_s));
}

void TestSteering::ownCountWhenTheProviderReportsNoUsage()
{
    m_fixture->model().setHandler([](const RecordedRequest &) {
        return canned(200, R"({"id":"c1","object":"chat.completion","model":"gpt-4o-mini",
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!"},
            "finish_reason":"stop"}]})");
    });
    startRelay();
    say(u"hi"_s);
    const TokenCounter counter = TokenCounter::forModel(u"gpt-4o-mini"_s);
    const qsizetype prompt =
        counter.countPrompt({{u"system"_s, u"You are a test assistant."_s}, {u"user"_s, u"hi"_s}});
    QCOMPARE(m_fixture->messages(u"assistant"_s).value(0).promptTokens, int(prompt));
    QCOMPARE(m_fixture->messages(u"assistant"_s).value(0).completionTokens,
             int(counter.count(u"Hello there!"_s)));
}

QTEST_GUILESS_MAIN(TestSteering)
#include "tst_steering.moc"
