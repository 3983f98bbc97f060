// Answers typed into AI cards, end to end: a streaming model, the relay, and DingTalk's card
// API on 127.0.0.1; failures that fall back to messages, restarts, and the monthly count.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "TestCallbacks.h"
#include "TestDatabase.h"

#include "conversation/Replies.h"
#include "relay/Relay.h"
#include "storage/ApiCallCounter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;
using Route = FakeDingTalk::Route;

namespace {
const QByteArray AppSecret = "card-app-secret-0123456789";
const QString Answer = u"Hello there, friend."_s;

QByteArray chunk(const QString &content, const QString &finish = {})
{
    const QJsonObject choice{
        {u"index"_s, 0},
        {u"delta"_s, QJsonObject{{u"content"_s, content}}},
        {u"finish_reason"_s, finish.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(finish)}};
    const QJsonObject o{{u"id"_s, u"c1"_s},
                        {u"object"_s, u"chat.completion.chunk"_s},
                        {u"model"_s, u"gpt-4o-mini"_s},
                        {u"choices"_s, QJsonArray{choice}}};
    return "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n";
}

// The answer in three pieces, the last one lastDelayMs after the second.
CannedResponse streamedAnswer(int lastDelayMs = 20)
{
    return streamed({{0, chunk(u"Hello"_s)},
                     {20, chunk(u" there,"_s)},
                     {lastDelayMs, chunk(u" friend."_s, u"stop"_s) + "data: [DONE]\n\n"}});
}
} // namespace

class TestCardStream : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void firstWordsShowBeforeTheModelFinishes();
    void groupCardMentionsTheSender();
    void modelFailureFinishesTheCardAsFailed();
    void fallsBackToMessagesWhenTheCardIsRefused_data();
    void fallsBackToMessagesWhenTheCardIsRefused();
    void missingStreamingPermissionFallsBackAfterTheCard();
    void senderWithoutStaffIdGetsMessages();
    void restartClosesTheCardAndAnswersWithMessages();
    void countsDingTalkCallsPerRobotAndMonth();

private:
    void startRelay();
    QJsonObject message(const QString &text, bool group = false) const;
    void post(const QString &text, bool group = false);
    QVariant scalar(const QString &sql) const;
    int jobsDone() const
    {
        return scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<Relay> m_relay;
    AppConfig m_config;
};

void TestCardStream::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_model = std::make_unique<FakeHttpServer>();
    m_dingtalk = std::make_unique<FakeDingTalk>();
    QVERIFY(m_model->listen() && m_dingtalk->listen());
    m_model->setHandler([](const RecordedRequest &) { return streamedAnswer(); });
    m_dingtalk->setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);
    m_dingtalk->setCardTemplates({u"tpl-answer.schema"_s});

    m_config = AppConfig();
    m_config.relay.port = 0;
    m_config.dataDir = m_dir->filePath(u"data"_s);
    m_config.model.preset = u"custom"_s;
    m_config.model.baseUrl = m_model->url(u"/v1"_s);
    m_config.model.maxRetries = 0;
    m_config.model.stream = true;
    m_config.dingtalk.sessionWebhookPrefix = m_dingtalk->baseUrl().toString() + u'/';
    m_config.dingtalk.openApiBase = m_dingtalk->baseUrl();
    m_config.dingtalk.customWebhookUrl = m_dingtalk->url(Route::CustomRobot);
    m_config.dingtalk.streamGatewayUrl = m_dingtalk->baseUrl();
    RobotSettings robot;
    robot.id = u"card"_s;
    robot.callbackPath = u"/dingtalk/card"_s;
    robot.language = u"en"_s;
    robot.clientId = u"dingapp"_s;
    robot.cardTemplateId = u"tpl-answer.schema"_s;
    robot.cardIntervalMs = 100;
    m_config.robots = {robot};
}

void TestCardStream::cleanup()
{
    m_relay.reset();
    m_dingtalk.reset();
    m_model.reset();
    m_dir.reset();
}

void TestCardStream::startRelay()
{
    m_relay.reset();
    const SecretBundle secrets{{u"robot/card/app_secret"_s, QString::fromUtf8(AppSecret)}};
    m_relay = std::make_unique<Relay>(m_config, secrets);
    QString error;
    QVERIFY2(m_relay->start(&error), qPrintable(error));
}

QJsonObject TestCardStream::message(const QString &text, bool group) const
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return textMessage(text, id, m_dingtalk->sessionWebhook(id), group);
}

void TestCardStream::post(const QString &text, bool group)
{
    const QUrl url(u"http://127.0.0.1:%1/dingtalk/card"_s.arg(m_relay->port()));
    QCOMPARE(postCallback(url, AppSecret, message(text, group)).status, 200);
}

QVariant TestCardStream::scalar(const QString &sql) const
{
    return TestDatabase::value(m_config.dataDir + u"/dingrelay.sqlite3"_s, sql);
}

void TestCardStream::firstWordsShowBeforeTheModelFinishes()
{
    // The model's last words come three seconds after its first.
    m_model->setHandler([](const RecordedRequest &) { return streamedAnswer(3000); });
    startRelay();
    post(u"hi"_s);
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    QTRY_VERIFY(!m_dingtalk->cards().first().updates.isEmpty());
    const auto first = m_dingtalk->cards().first().updates.first();
    QVERIFY2(first.content.startsWith(u"Hello"_s), qPrintable(first.content));
    QVERIFY(!first.isFinalize);
    // The answer is recorded when the model finishes: not yet.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM messages WHERE role = 'assistant'"_s).toInt(), 0);

    QTRY_COMPARE_WITH_TIMEOUT(jobsDone(), 1, 10000);
    const auto &card = m_dingtalk->cards().first();
    QCOMPARE(card.openSpaceId, u"dtv1.card//IM_ROBOT.staff-alice"_s);
    QCOMPARE(card.robotCode, u"dingapp"_s);
    const auto &last = card.updates.last();
    QCOMPARE(last.content, Answer);
    QVERIFY(last.isFinalize && !last.isError);
    for (qsizetype i = 0; i < card.updates.size(); ++i) {
        QVERIFY(card.updates[i].isFull);
        QCOMPARE(card.updates[i].key, u"content"_s);
        if (i > 0) // the card never goes back
            QVERIFY(card.updates[i].content.startsWith(card.updates[i - 1].content));
    }
    QVERIFY(m_dingtalk->messages().isEmpty()); // no markdown as well
    QCOMPARE(scalar(u"SELECT content FROM messages WHERE role = 'assistant'"_s).toString(), Answer);
    QCOMPARE(scalar(u"SELECT state FROM cards"_s).toString(), u"finished"_s);
}

void TestCardStream::groupCardMentionsTheSender()
{
    startRelay();
    post(u"hi all"_s, true);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_dingtalk->cards().size(), 1);
    const auto &card = m_dingtalk->cards().first();
    QCOMPARE(card.openSpaceId, u"dtv1.card//IM_GROUP.cid-1"_s);
    QCOMPARE(card.body.value(u"imGroupOpenDeliverModel"_s)
                 .toObject()
                 .value(u"atUserIds"_s)
                 .toObject()
                 .value(u"staff-alice"_s)
                 .toString(),
             u"Alice"_s);
    QCOMPARE(card.updates.last().content, Answer);
    QVERIFY(m_dingtalk->messages().isEmpty());
}

void TestCardStream::modelFailureFinishesTheCardAsFailed()
{
    m_model->setHandler([](const RecordedRequest &) {
        return canned(429,
                      openAiErrorBody(u"slow down"_s, u"requests"_s, u"rate_limit_exceeded"_s));
    });
    startRelay();
    post(u"hi"_s);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_dingtalk->cards().size(), 1);
    const auto &last = m_dingtalk->cards().first().updates.last();
    QVERIFY(last.isError && last.isFinalize);
    ChatError e;
    e.kind = ChatError::Kind::RateLimited;
    QCOMPARE(last.content, Replies::modelFailed(u"en"_s, e));
    QVERIFY(m_dingtalk->messages().isEmpty());
    QCOMPARE(scalar(u"SELECT error_kind FROM messages WHERE role = 'error'"_s).toString(),
             u"rate_limited"_s);
}

void TestCardStream::fallsBackToMessagesWhenTheCardIsRefused_data()
{
    QTest::addColumn<QString>("refusal");
    QTest::addColumn<QString>("hint"); // in the tray's message
    QTest::addColumn<bool>("lasting"); // cards stay off for the next message
    QTest::newRow("permission 403") << u"permission"_s << u"Card.Instance.Write"_s << true;
    QTest::newRow("unknown template") << u"template"_s << u"card_template_id"_s << true;
    QTest::newRow("unpublished template") << u"unpublished"_s << u"card_template_id"_s << true;
    QTest::newRow("quota") << u"quota"_s << u"card_interval_ms"_s << true;
    QTest::newRow("throttled") << u"throttled"_s << u"HTTP 429"_s << false;
    QTest::newRow("server error") << u"server"_s << u"HTTP 502"_s << false;
    QTest::newRow("not delivered") << u"undelivered"_s << u"robot not in conversation"_s << false;
    QTest::newRow("not DingTalk's answer") << u"garbage"_s << u"not DingTalk's"_s << false;
}

void TestCardStream::fallsBackToMessagesWhenTheCardIsRefused()
{
    QFETCH(QString, refusal);
    QFETCH(QString, hint);
    QFETCH(bool, lasting);
    if (refusal == u"permission"_s)
        m_dingtalk->denyPermission(u"Card.Instance.Write"_s);
    else if (refusal == u"template"_s)
        m_dingtalk->setCardTemplates({u"someone-elses.schema"_s});
    else if (refusal == u"unpublished"_s)
        m_dingtalk->failNextOpenApi(Route::CardCreate, 400, u"param.templateUnpublished"_s,
                                    u"param.templateUnpublished"_s);
    else if (refusal == u"quota"_s)
        m_dingtalk->failNextOpenApi(Route::CardCreate, 403,
                                    u"Forbidden.AccessDenied.ApiCallQuotaExceeded"_s,
                                    u"the monthly API call quota is used up"_s);
    else if (refusal == u"throttled"_s)
        m_dingtalk->failNextOpenApi(Route::CardCreate, 429, u"Throttling.Api"_s, u"too many"_s);
    else if (refusal == u"server"_s)
        m_dingtalk->answerNext(Route::CardCreate, canned(502, "<html>Bad Gateway</html>"));
    else if (refusal == u"undelivered"_s)
        m_dingtalk->answerNext(
            Route::CardCreate,
            canned(200, R"({"success":true,"result":{"outTrackId":"x","deliverResults":[)"
                        R"({"spaceType":"IM_ROBOT","spaceId":"staff-alice","success":false,)"
                        R"("errorMsg":"robot not in conversation"}]}})"));
    else
        m_dingtalk->answerNext(Route::CardCreate, canned(200, "<html>Sign in</html>"));
    startRelay();
    QSignalSpy problems(m_relay.get(), &Relay::deliveryProblem);

    post(u"first"_s);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_dingtalk->messages().size(), 1); // the answer, as markdown
    QCOMPARE(m_dingtalk->messages().first().route, Route::Session);
    QCOMPARE(m_dingtalk->messages().first().text, Answer);
    QCOMPARE(m_dingtalk->requestCount(Route::CardStreaming), 0);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().at(0).toString(), u"card"_s);
    const QString shown = problems.first().at(1).toString();
    QVERIFY2(shown.contains(hint), qPrintable(shown));
    QVERIFY(shown.contains(u"answers go out as messages"_s));
    QCOMPARE(scalar(u"SELECT content FROM messages WHERE role = 'assistant'"_s).toString(), Answer);

    post(u"second"_s);
    QTRY_COMPARE(jobsDone(), 2);
    if (lasting) { // no second try while cards are off: it would cost a call and a delay
        QCOMPARE(m_dingtalk->requestCount(Route::CardCreate), 1);
        QCOMPARE(m_dingtalk->messages().size(), 2);
    } else {
        QCOMPARE(m_dingtalk->requestCount(Route::CardCreate), 2);
        QCOMPARE(m_dingtalk->messages().size(), 1);
        QCOMPARE(m_dingtalk->cards().last().updates.last().content, Answer);
    }
    QCOMPARE(problems.size(), 1); // shown once
}

void TestCardStream::missingStreamingPermissionFallsBackAfterTheCard()
{
    m_dingtalk->denyPermission(u"Card.Streaming.Write"_s);
    startRelay();
    QSignalSpy problems(m_relay.get(), &Relay::deliveryProblem);
    post(u"hi"_s);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_dingtalk->cards().size(), 1);
    QVERIFY(m_dingtalk->cards().first().updates.isEmpty());
    QCOMPARE(m_dingtalk->messages().size(), 1);
    QCOMPARE(m_dingtalk->messages().first().text, Answer);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().at(1).toString().contains(u"Card.Streaming.Write"_s));
    QCOMPARE(scalar(u"SELECT state FROM cards"_s).toString(), u"failed"_s);
}

void TestCardStream::senderWithoutStaffIdGetsMessages()
{
    startRelay();
    Sender outsider;
    outsider.staffId.clear(); // someone outside the organisation
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QUrl url(u"http://127.0.0.1:%1/dingtalk/card"_s.arg(m_relay->port()));
    QCOMPARE(postCallback(url, AppSecret,
                          textMessage(u"hi"_s, id, m_dingtalk->sessionWebhook(id), false, outsider))
                 .status,
             200);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_dingtalk->requestCount(Route::CardCreate), 0);
    QCOMPARE(m_dingtalk->messages().size(), 1);
}

void TestCardStream::restartClosesTheCardAndAnswersWithMessages()
{
    // The first run stops while the model is still writing into the card.
    m_model->setHandler([](const RecordedRequest &) { return streamedAnswer(5000); });
    startRelay();
    post(u"hi"_s);
    QTRY_VERIFY(!m_dingtalk->cards().isEmpty() && !m_dingtalk->cards().first().updates.isEmpty());
    m_relay.reset();
    QCOMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"received"_s);
    QCOMPARE(scalar(u"SELECT state FROM cards"_s).toString(), u"open"_s);

    m_model->setHandler([](const RecordedRequest &) { return streamedAnswer(); });
    startRelay();
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_dingtalk->cards().size(), 1); // no second card for the same question
    QTRY_VERIFY(m_dingtalk->cards().first().updates.last().isFinalize);
    const auto &closing = m_dingtalk->cards().first().updates.last();
    QVERIFY(closing.isError);
    QCOMPARE(closing.content, Replies::cardInterrupted(u"en"_s));
    QCOMPARE(m_dingtalk->messages().size(), 1);
    QCOMPARE(m_dingtalk->messages().first().text, Answer);
    QCOMPARE(scalar(u"SELECT state FROM cards"_s).toString(), u"closed"_s);
}

void TestCardStream::countsDingTalkCallsPerRobotAndMonth()
{
    startRelay();
    QTest::ignoreMessage(QtInfoMsg,
                         QRegularExpression(u"job \\d+ was answered in an AI card with \\d+ card "
                                            u"calls; robot card has made \\d+ DingTalk API calls "
                                            u"in \\d{4}-\\d\\d"_s));
    post(u"one"_s);
    QTRY_COMPARE(jobsDone(), 1);
    post(u"two"_s);
    QTRY_COMPARE(jobsDone(), 2);
    const int made = m_dingtalk->tokenRequests() + m_dingtalk->requestCount(Route::CardCreate) +
                     m_dingtalk->requestCount(Route::CardStreaming);
    QVERIFY(made >= 5); // a token, two cards, two last updates
    const QString month = ApiCallCounter::monthOf(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(
        scalar(u"SELECT calls FROM api_calls WHERE robot_id = 'card' AND month = '%1'"_s.arg(month))
            .toInt(),
        made);
    // A restart goes on counting.
    startRelay();
    post(u"three"_s);
    QTRY_COMPARE(jobsDone(), 3);
    const int after = m_dingtalk->tokenRequests() + m_dingtalk->requestCount(Route::CardCreate) +
                      m_dingtalk->requestCount(Route::CardStreaming);
    QCOMPARE(scalar(u"SELECT calls FROM api_calls WHERE robot_id = 'card'"_s).toInt(), after);
}

QTEST_GUILESS_MAIN(TestCardStream)
#include "tst_cardstream.moc"
