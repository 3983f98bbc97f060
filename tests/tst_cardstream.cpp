// Answers typed into AI cards, end to end: a streaming model, the relay, and DingTalk's card
// API on 127.0.0.1; failures that fall back to messages, restarts, and the monthly count.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"

#include "conversation/Replies.h"
#include "relay/Relay.h"
#include "storage/ApiCallCounter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
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
    QVariant scalar(const QString &sql) const { return m_f->scalar(sql); }
    int jobsDone() const
    {
        return scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt();
    }

    std::unique_ptr<RelayFixture> m_f;
};

void TestCardStream::init()
{
    m_f = std::make_unique<RelayFixture>(RelayFixture::Side::DingTalk);
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_f->model().setHandler([](const RecordedRequest &) { return streamedAnswer(); });
    m_f->dingtalk().setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);
    m_f->dingtalk().setCardTemplates({u"tpl-answer.schema"_s});

    m_f->config.model.stream = true;
    m_f->config.dingtalk.streamGatewayUrl = m_f->dingtalk().baseUrl();
    RobotSettings robot;
    robot.id = u"card"_s;
    robot.callbackPath = u"/dingtalk/card"_s;
    robot.language = u"en"_s;
    robot.clientId = u"dingapp"_s;
    robot.cardTemplateId = u"tpl-answer.schema"_s;
    robot.cardIntervalMs = 100;
    m_f->config.robots = {robot};
    m_f->secrets = {{u"robot/card/app_secret"_s, QString::fromUtf8(AppSecret)}};
}

void TestCardStream::cleanup()
{
    m_f.reset();
}

void TestCardStream::startRelay()
{
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

QJsonObject TestCardStream::message(const QString &text, bool group) const
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return textMessage(text, id, m_f->dingtalk().sessionWebhook(id), group);
}

void TestCardStream::post(const QString &text, bool group)
{
    QCOMPARE(postCallback(m_f->callbackUrl(u"card"_s), AppSecret, message(text, group)).status,
             200);
}

void TestCardStream::firstWordsShowBeforeTheModelFinishes()
{
    // The model's last words come three seconds after its first.
    m_f->model().setHandler([](const RecordedRequest &) { return streamedAnswer(3000); });
    startRelay();
    post(u"hi"_s);
    QTRY_COMPARE(m_f->dingtalk().cards().size(), 1);
    QTRY_VERIFY(!m_f->dingtalk().cards().first().updates.isEmpty());
    const auto first = m_f->dingtalk().cards().first().updates.first();
    QVERIFY2(first.content.startsWith(u"Hello"_s), qPrintable(first.content));
    QVERIFY(!first.isFinalize);
    // The answer is recorded when the model finishes: not yet.
    QCOMPARE(m_f->messages(u"assistant"_s).size(), 0);

    QTRY_COMPARE_WITH_TIMEOUT(jobsDone(), 1, 10000);
    const auto &card = m_f->dingtalk().cards().first();
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
    QVERIFY(m_f->dingtalk().messages().isEmpty()); // no markdown as well
    QCOMPARE(m_f->messages(u"assistant"_s).value(0).content, Answer);
    QCOMPARE(scalar(u"SELECT state FROM cards"_s).toString(), u"finished"_s);
}

void TestCardStream::groupCardMentionsTheSender()
{
    startRelay();
    post(u"hi all"_s, true);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_f->dingtalk().cards().size(), 1);
    const auto &card = m_f->dingtalk().cards().first();
    QCOMPARE(card.openSpaceId, u"dtv1.card//IM_GROUP.cid-1"_s);
    QCOMPARE(card.body.value(u"imGroupOpenDeliverModel"_s)
                 .toObject()
                 .value(u"atUserIds"_s)
                 .toObject()
                 .value(u"staff-alice"_s)
                 .toString(),
             u"Alice"_s);
    QCOMPARE(card.updates.last().content, Answer);
    QVERIFY(m_f->dingtalk().messages().isEmpty());
}

void TestCardStream::modelFailureFinishesTheCardAsFailed()
{
    m_f->model().setHandler([](const RecordedRequest &) {
        return canned(429,
                      openAiErrorBody(u"slow down"_s, u"requests"_s, u"rate_limit_exceeded"_s));
    });
    startRelay();
    post(u"hi"_s);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_f->dingtalk().cards().size(), 1);
    const auto &last = m_f->dingtalk().cards().first().updates.last();
    QVERIFY(last.isError && last.isFinalize);
    ChatError e;
    e.kind = ChatError::Kind::RateLimited;
    QCOMPARE(last.content, Replies::modelFailed(u"en"_s, e));
    QVERIFY(m_f->dingtalk().messages().isEmpty());
    QCOMPARE(m_f->messages(u"error"_s).value(0).errorKind, u"rate_limited"_s);
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
        m_f->dingtalk().denyPermission(u"Card.Instance.Write"_s);
    else if (refusal == u"template"_s)
        m_f->dingtalk().setCardTemplates({u"someone-elses.schema"_s});
    else if (refusal == u"unpublished"_s)
        m_f->dingtalk().failNextOpenApi(Route::CardCreate, 400, u"param.templateUnpublished"_s,
                                        u"param.templateUnpublished"_s);
    else if (refusal == u"quota"_s)
        m_f->dingtalk().failNextOpenApi(Route::CardCreate, 403,
                                        u"Forbidden.AccessDenied.ApiCallQuotaExceeded"_s,
                                        u"the monthly API call quota is used up"_s);
    else if (refusal == u"throttled"_s)
        m_f->dingtalk().failNextOpenApi(Route::CardCreate, 429, u"Throttling.Api"_s, u"too many"_s);
    else if (refusal == u"server"_s)
        m_f->dingtalk().answerNext(Route::CardCreate, canned(502, "<html>Bad Gateway</html>"));
    else if (refusal == u"undelivered"_s)
        m_f->dingtalk().answerNext(
            Route::CardCreate,
            canned(200, R"({"success":true,"result":{"outTrackId":"x","deliverResults":[)"
                        R"({"spaceType":"IM_ROBOT","spaceId":"staff-alice","success":false,)"
                        R"("errorMsg":"robot not in conversation"}]}})"));
    else
        m_f->dingtalk().answerNext(Route::CardCreate, canned(200, "<html>Sign in</html>"));
    startRelay();
    QSignalSpy problems(m_f->relay(), &Relay::deliveryProblem);

    post(u"first"_s);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_f->dingtalk().messages().size(), 1); // the answer, as markdown
    QCOMPARE(m_f->dingtalk().messages().first().route, Route::Session);
    QCOMPARE(m_f->dingtalk().messages().first().text, Answer);
    QCOMPARE(m_f->dingtalk().requestCount(Route::CardStreaming), 0);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().at(0).toString(), u"card"_s);
    const QString shown = problems.first().at(1).toString();
    QVERIFY2(shown.contains(hint), qPrintable(shown));
    QVERIFY(shown.contains(u"answers go out as messages"_s));
    QCOMPARE(m_f->messages(u"assistant"_s).value(0).content, Answer);

    post(u"second"_s);
    QTRY_COMPARE(jobsDone(), 2);
    if (lasting) { // no second try while cards are off: it would cost a call and a delay
        QCOMPARE(m_f->dingtalk().requestCount(Route::CardCreate), 1);
        QCOMPARE(m_f->dingtalk().messages().size(), 2);
    } else {
        QCOMPARE(m_f->dingtalk().requestCount(Route::CardCreate), 2);
        QCOMPARE(m_f->dingtalk().messages().size(), 1);
        QCOMPARE(m_f->dingtalk().cards().last().updates.last().content, Answer);
    }
    QCOMPARE(problems.size(), 1); // shown once
}

void TestCardStream::missingStreamingPermissionFallsBackAfterTheCard()
{
    m_f->dingtalk().denyPermission(u"Card.Streaming.Write"_s);
    startRelay();
    QSignalSpy problems(m_f->relay(), &Relay::deliveryProblem);
    post(u"hi"_s);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_f->dingtalk().cards().size(), 1);
    QVERIFY(m_f->dingtalk().cards().first().updates.isEmpty());
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
    QCOMPARE(m_f->dingtalk().messages().first().text, Answer);
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
    QCOMPARE(
        postCallback(m_f->callbackUrl(u"card"_s), AppSecret,
                     textMessage(u"hi"_s, id, m_f->dingtalk().sessionWebhook(id), false, outsider))
            .status,
        200);
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_f->dingtalk().requestCount(Route::CardCreate), 0);
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
}

void TestCardStream::restartClosesTheCardAndAnswersWithMessages()
{
    // The first run stops while the model is still writing into the card.
    m_f->model().setHandler([](const RecordedRequest &) { return streamedAnswer(5000); });
    startRelay();
    post(u"hi"_s);
    QTRY_VERIFY(!m_f->dingtalk().cards().isEmpty() &&
                !m_f->dingtalk().cards().first().updates.isEmpty());
    m_f->stop();
    const QList<Job> left = m_f->unfinishedJobs();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().state, Job::State::Received);
    QCOMPARE(scalar(u"SELECT state FROM cards"_s).toString(), u"open"_s);

    m_f->model().setHandler([](const RecordedRequest &) { return streamedAnswer(); });
    startRelay();
    QTRY_COMPARE(jobsDone(), 1);
    QCOMPARE(m_f->dingtalk().cards().size(), 1); // no second card for the same question
    QTRY_VERIFY(m_f->dingtalk().cards().first().updates.last().isFinalize);
    const auto &closing = m_f->dingtalk().cards().first().updates.last();
    QVERIFY(closing.isError);
    QCOMPARE(closing.content, Replies::cardInterrupted(u"en"_s));
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
    QCOMPARE(m_f->dingtalk().messages().first().text, Answer);
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
    const int made = m_f->dingtalk().tokenRequests() +
                     m_f->dingtalk().requestCount(Route::CardCreate) +
                     m_f->dingtalk().requestCount(Route::CardStreaming);
    QVERIFY(made >= 5); // a token, two cards, two last updates
    const QString month = ApiCallCounter::monthOf(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(m_f->apiCalls(u"card"_s, month), qint64(made));
    // A restart goes on counting.
    startRelay();
    post(u"three"_s);
    QTRY_COMPARE(jobsDone(), 3);
    const int after = m_f->dingtalk().tokenRequests() +
                      m_f->dingtalk().requestCount(Route::CardCreate) +
                      m_f->dingtalk().requestCount(Route::CardStreaming);
    QCOMPARE(m_f->apiCalls(u"card"_s, month), qint64(after));
}

QTEST_GUILESS_MAIN(TestCardStream)
#include "tst_cardstream.moc"
