// Answers reaching DingTalk: parts, routes and fallbacks, error reactions, pacing, profiles.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "ManualScheduler.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"

#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/CustomWebhookSender.h"
#include "dingtalk/InboundMessage.h"
#include "dingtalk/MessageSplitter.h"
#include "dingtalk/OpenApiSender.h"
#include "dingtalk/WebhookSender.h"
#include "relay/Delivery.h"
#include "relay/Relay.h"
#include "storage/Database.h"
#include "util/NetworkPool.h"
#include "util/TokenBucket.h"

#include <QJsonArray>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;
using Route = FakeDingTalk::Route;

namespace {
const QByteArray AppSecret = "app-secret-0123456789";
const QByteArray CustomSecret = "custom-robot-secret-0123";

QString longAnswer(int paragraphs)
{
    QStringList out;
    for (int i = 0; i < paragraphs; ++i)
        out << u"Paragraph %1: "_s.arg(i + 1) + QString(300, u'x') + u" 这是第%1段。"_s.arg(i + 1);
    return out.join(u"\n\n"_s);
}
} // namespace

class TestDelivery : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void longAnswerArrivesInNumberedParts();
    void expiredSessionFallsBackToOpenApi_data();
    void expiredSessionFallsBackToOpenApi();
    void sessionGoneMidAnswerSwitchesOnlyTheRest();
    void openApiOnlyTowardsChatsHeardFrom_data();
    void openApiOnlyTowardsChatsHeardFrom();
    void openApiRouteAnswersAFirstMessageInItsSession();
    void streamRobotsTrustTheirPush();
    void refusedKeywordGivesUpAndTellsTheTray();
    void throttledPartWaitsAndIsSentOnce();
    void problemsAreAnnouncedByTheNotifyRobot();
    void serverErrorIsRetried();
    void customRobotSignsAndAddsItsKeyword();
    void robotsKeepTheirOwnModelAndLanguage();
    void customRobotIsPaced();
    void resumesWithTheUnsentParts();

private:
    void startRelay();
    QUrl callbackUrl(const QString &robot) const { return m_f->callbackUrl(robot); }
    QJsonObject message(const QString &text, bool group = false, const QString &session = {}) const;
    QVariant scalar(const QString &sql) const { return m_f->scalar(sql); }

    std::unique_ptr<RelayFixture> m_f;
    QString m_answer = u"A short answer."_s;
};

void TestDelivery::init()
{
    m_f = std::make_unique<RelayFixture>(RelayFixture::Side::DingTalk);
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_answer = u"A short answer."_s;
    m_f->model().setHandler([this](const RecordedRequest &r) {
        const QString model = r.json().value(u"model"_s).toString();
        return canned(200, chatCompletionBody(m_answer, 5, 5, model));
    });
    m_f->dingtalk().setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);

    m_f->config.dingtalk.throttleWaitSeconds = 1;
    RobotSettings app;
    app.id = u"app"_s;
    app.callbackPath = u"/dingtalk/app"_s;
    app.language = u"en"_s;
    app.clientId = u"dingapp"_s;
    RobotSettings custom;
    custom.id = u"custom"_s;
    custom.callbackPath = u"/dingtalk/custom"_s;
    custom.replyRoute = ReplyRoute::Webhook;
    custom.hasWebhook = true;
    custom.keywords = {u"AI"_s};
    custom.model = u"deepseek-chat"_s;
    m_f->config.robots = {app, custom};
    m_f->secrets = {{u"robot/app/app_secret"_s, QString::fromUtf8(AppSecret)},
                    {u"robot/custom/app_secret"_s, u"custom-app-secret"_s},
                    {u"robot/custom/webhook_token"_s, u"custom-token"_s},
                    {u"robot/custom/webhook_secret"_s, QString::fromUtf8(CustomSecret)}};
}

void TestDelivery::cleanup()
{
    m_f.reset();
}

void TestDelivery::startRelay()
{
    m_f->dingtalk().setCustomRobot(u"custom-token"_s, QString::fromUtf8(CustomSecret), {u"AI"_s});
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

QJsonObject TestDelivery::message(const QString &text, bool group, const QString &session) const
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return textMessage(text, id, m_f->dingtalk().sessionWebhook(session.isEmpty() ? id : session),
                       group);
}

void TestDelivery::longAnswerArrivesInNumberedParts()
{
    m_answer = longAnswer(40); // about 14 000 characters
    startRelay();
    QCOMPARE(
        postCallback(callbackUrl(u"app"_s), AppSecret, message(u"tell me everything"_s)).status,
        200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    const auto &sent = m_f->dingtalk().messages();
    QVERIFY2(sent.size() >= 4, qPrintable(QString::number(sent.size())));
    const int total = int(sent.size());
    for (int i = 0; i < total; ++i) {
        QCOMPARE(sent[i].route, Route::Session);
        QVERIFY2(sent[i].title.endsWith(u"(%1/%2)"_s.arg(i + 1).arg(total)),
                 qPrintable(sent[i].title));
        QVERIFY(sent[i].text.contains(u"(%1/%2)"_s.arg(i + 1).arg(total)));
        QVERIFY(sent[i].text.size() <= 3500);
        QVERIFY(MessageSplitter::jsonBytes(sent[i].text) <= 18000);
    }
    // In order, nothing lost: every paragraph shows up once.
    const QString all = m_f->dingtalk().texts().join(u'\n');
    for (int p = 1; p <= 40; ++p)
        QCOMPARE(all.count(u"Paragraph %1: "_s.arg(p)), 1);
    QVERIFY(all.indexOf(u"Paragraph 39: "_s) > all.indexOf(u"Paragraph 2: "_s));
    const QList<Part> parts = m_f->parts(scalar(u"SELECT id FROM jobs"_s).toLongLong());
    QCOMPARE(int(std::count_if(parts.begin(), parts.end(),
                               [](const Part &p) { return p.state == Part::State::Sent; })),
             total);
}

void TestDelivery::expiredSessionFallsBackToOpenApi_data()
{
    QTest::addColumn<bool>("group");
    QTest::addColumn<bool>("expiredByTime"); // or DingTalk answering 300001
    QTest::newRow("1:1, 300001") << false << false;
    QTest::newRow("1:1, past its expiry time") << false << true;
    QTest::newRow("group, 300001") << true << false;
}

void TestDelivery::expiredSessionFallsBackToOpenApi()
{
    QFETCH(bool, group);
    QFETCH(bool, expiredByTime);
    QJsonObject m = message(u"late question"_s, group, u"old-session"_s);
    QVERIFY(m_f->heardFrom(u"app"_s, m));
    startRelay();
    if (expiredByTime)
        m.insert(u"sessionWebhookExpiredTime"_s,
                 double(QDateTime::currentMSecsSinceEpoch() - 1000));
    else
        m_f->dingtalk().expireSession(u"old-session"_s);
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, m).status, 200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs ORDER BY id DESC LIMIT 1"_s).toString(),
                 u"done"_s);
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
    const auto &sent = m_f->dingtalk().messages().first();
    QCOMPARE(sent.route, group ? Route::GroupSend : Route::UserSend);
    QCOMPARE(sent.robotCode, u"dingapp"_s);
    if (group)
        QCOMPARE(sent.conversation, u"cid-1"_s);
    else
        QCOMPARE(sent.user, u"staff-alice"_s);
    QCOMPARE(sent.text, m_answer);
    QCOMPARE(m_f->dingtalk().tokenRequests(), 1);
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), expiredByTime ? 0 : 1);
}

void TestDelivery::sessionGoneMidAnswerSwitchesOnlyTheRest()
{
    m_answer = longAnswer(30);
    // The first part goes through the session; then DingTalk says it has ended.
    QJsonObject m = message(u"long one"_s, false, u"short-lived"_s);
    QVERIFY(m_f->heardFrom(u"app"_s, m));
    startRelay();
    connect(
        &m_f->dingtalk(), &FakeDingTalk::accepted, this,
        [this] { m_f->dingtalk().expireSession(u"short-lived"_s); }, Qt::SingleShotConnection);
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, m).status, 200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs ORDER BY id DESC LIMIT 1"_s).toString(),
                 u"done"_s);
    const auto &sent = m_f->dingtalk().messages();
    QVERIFY(sent.size() >= 3);
    QCOMPARE(sent[0].route, Route::Session);
    for (qsizetype i = 1; i < sent.size(); ++i)
        QCOMPARE(sent[i].route, Route::UserSend);
    QVERIFY(sent[0].text.contains(u"(1/"_s));
    QVERIFY(sent[1].text.contains(u"(2/"_s)); // part 1 is never sent again
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), 2);
}

void TestDelivery::openApiOnlyTowardsChatsHeardFrom_data()
{
    QTest::addColumn<bool>("group");
    QTest::newRow("group") << true;
    QTest::newRow("1:1") << false;
}

void TestDelivery::openApiOnlyTowardsChatsHeardFrom()
{
    // A body whose sessionWebhook has expired names its chat only by its claim: the OpenAPI
    // would post wherever it says. The first message from a chat is not answered that way.
    QFETCH(bool, group);
    startRelay();
    QSignalSpy problems(m_f->relay(), &Relay::deliveryProblem);
    QJsonObject m = message(u"post this anywhere"_s, group, u"old-session"_s);
    m.insert(u"sessionWebhookExpiredTime"_s, double(QDateTime::currentMSecsSinceEpoch() - 1000));
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, m).status, 200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"undelivered"_s);
    const QString why = scalar(u"SELECT last_error FROM jobs"_s).toString();
    QVERIFY2(why.contains(u"expired"_s), qPrintable(why));
    QVERIFY2(why.contains(group ? u"only in groups it has had a message from before"_s
                                : u"only to people it has had a 1:1 message from before"_s),
             qPrintable(why));
    QCOMPARE(problems.size(), 1);
    QCOMPARE(m_f->dingtalk().requestCount(Route::GroupSend), 0);
    QCOMPARE(m_f->dingtalk().requestCount(Route::UserSend), 0);
    QCOMPARE(m_f->dingtalk().tokenRequests(), 0);
}

void TestDelivery::openApiRouteAnswersAFirstMessageInItsSession()
{
    m_f->config.robots[0].replyRoute = ReplyRoute::OpenApi;
    startRelay();
    // The first message of a group goes back where DingTalk made its sessionWebhook for...
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"first"_s, true)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
    QCOMPARE(m_f->dingtalk().messages().at(0).route, Route::Session);
    // ...and once the group is known, answers take the OpenAPI as configured.
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"second"_s, true)).status,
             200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 2);
    QCOMPARE(m_f->dingtalk().messages().at(1).route, Route::GroupSend);
    QCOMPARE(m_f->dingtalk().messages().at(1).conversation, u"cid-1"_s);
}

void TestDelivery::streamRobotsTrustTheirPush()
{
    // A Stream push comes over DingRelay's own authenticated connection: its chat is DingTalk's
    // word, and the OpenAPI may answer a first message. An HTTP robot's may not.
    QTemporaryDir dir;
    Database db;
    QVERIFY2(db.open(dir.path()), qPrintable(db.error()));
    Store store(db);
    NetworkPool network(1);
    WebhookSender session(&network, 5);
    AccessTokenCache tokens(&network, m_f->dingtalk().server().url(), u"dingapp"_s,
                            QString::fromUtf8(AppSecret));
    OpenApiSender openApi(&network, m_f->dingtalk().server().url(), &tokens);
    RobotSettings robot = m_f->config.robots.at(0);
    RobotRoutes routes;
    routes.openApi = &openApi;
    Delivery delivery(m_f->config, store, session, {{robot.id, routes}}, nullptr);

    const ParseResult parsed = InboundParser::parse(QJsonDocument(message(u"q"_s, true)).toJson());
    QVERIFY(parsed.message);
    Job job;
    job.robotId = robot.id;
    job.message = *parsed.message;
    const AcceptResult accepted = store.accept(robot.id, job.message, 1000);
    QCOMPARE(accepted.outcome, AcceptResult::Outcome::Accepted);
    job.id = accepted.jobId;

    robot.mode = RobotMode::Stream;
    QCOMPARE(delivery.routesFor(robot, job),
             (QList<DeliveryRoute>{DeliveryRoute::Session, DeliveryRoute::OpenApi}));
    robot.mode = RobotMode::Http;
    QString withheld;
    QCOMPARE(delivery.routesFor(robot, job, &withheld),
             QList<DeliveryRoute>{DeliveryRoute::Session});
    QVERIFY(withheld.contains(u"before"_s));
}

void TestDelivery::refusedKeywordGivesUpAndTellsTheTray()
{
    startRelay();
    QSignalSpy problems(m_f->relay(), &Relay::deliveryProblem);
    m_f->dingtalk().failNext(Route::Session, 310000, u"keywords not in content"_s);
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"hi"_s)).status, 200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"undelivered"_s);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().at(0).toString(), u"app"_s);
    QVERIFY(problems.first().at(1).toString().contains(u"310000"_s));
    QCOMPARE(m_f->parts(scalar(u"SELECT id FROM jobs"_s).toLongLong()).value(0).state,
             Part::State::Failed);
    QCOMPARE(m_f->dingtalk().requestCount(Route::UserSend), 0); // no route switch for this one
}

void TestDelivery::problemsAreAnnouncedByTheNotifyRobot()
{
    m_f->config.dingtalk.notifyRobot = u"custom"_s;
    startRelay();
    m_f->dingtalk().failNext(Route::Session, 310000, u"ip not in whitelist"_s);
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"hi"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
    const auto &notice = m_f->dingtalk().messages().first();
    QCOMPARE(notice.route, Route::CustomRobot);
    QVERIFY(notice.text.contains(u"robot app could not be delivered"_s));
    QVERIFY(notice.text.contains(u"310000"_s));
    QVERIFY(notice.text.contains(u"AI"_s)); // the custom robot's keyword, or DingTalk refuses it
}

void TestDelivery::throttledPartWaitsAndIsSentOnce()
{
    startRelay();
    m_f->dingtalk().failNext(Route::Session, 130101, u"send too fast"_s);
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"hi"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().requestCount(Route::Session), 1);
    QCOMPARE(m_f->dingtalk().messages().size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_f->dingtalk().messages().size(), 1, 5000); // after throttle_wait
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), 2);
}

void TestDelivery::serverErrorIsRetried()
{
    startRelay();
    m_f->dingtalk().answerNext(Route::Session, canned(502, "<html>Bad Gateway</html>"));
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"hi"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s, 5000);
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), 2);
}

void TestDelivery::customRobotSignsAndAddsItsKeyword()
{
    startRelay();
    QCOMPARE(postCallback(callbackUrl(u"custom"_s), "custom-app-secret", message(u"hello"_s, true))
                 .status,
             200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
    const auto &sent = m_f->dingtalk().messages().first();
    QCOMPARE(sent.route, Route::CustomRobot); // the fake checked token, timestamp and sign
    QVERIFY(sent.text.contains(u"AI"_s));
    QCOMPARE(sent.atUserIds, QStringList{u"staff-alice"_s});
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), 0);
}

void TestDelivery::robotsKeepTheirOwnModelAndLanguage()
{
    m_f->model().setHandler(nullptr);
    m_f->model().setDefault(
        canned(429, openAiErrorBody(u"busy"_s, u"requests"_s, u"rate_limit_exceeded"_s)));
    m_f->config.robots[1].language = u"zh"_s;
    startRelay();
    QCOMPARE(postCallback(callbackUrl(u"app"_s), AppSecret, message(u"one"_s)).status, 200);
    QCOMPARE(
        postCallback(callbackUrl(u"custom"_s), "custom-app-secret", message(u"two"_s, true)).status,
        200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 2);
    QHash<Route, QString> byRoute;
    for (const auto &m : m_f->dingtalk().messages())
        byRoute.insert(m.route, m.text);
    QVERIFY(byRoute.value(Route::Session).contains(u"try again in a minute"_s));
    QVERIFY(byRoute.value(Route::CustomRobot).contains(u"请过一分钟再试"_s));
    QStringList models;
    for (const auto &r : m_f->model().requests())
        models << r.json().value(u"model"_s).toString();
    models.sort();
    QCOMPARE(models, (QStringList{u"deepseek-chat"_s, u"gpt-4o-mini"_s}));
    // A robot's callback signed with another robot's secret is refused.
    QCOMPARE(postCallback(callbackUrl(u"custom"_s), AppSecret, message(u"x"_s)).status, 401);
}

void TestDelivery::customRobotIsPaced()
{
    // Delivery on its own, with a fake clock and a scheduler the test runs by hand.
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.path()));
    Store store(db);
    m_f->dingtalk().setCustomRobot(u"tok"_s);
    qint64 now = 1'000'000;
    NetworkPool pool(1);
    WebhookSender session(&pool, 5);
    RobotRoutes routes;
    routes.webhook = new CustomWebhookSender(
        &pool, m_f->dingtalk().url(Route::CustomRobot), u"tok"_s, {}, {},
        [&] { return QDateTime::currentMSecsSinceEpoch(); }, this);
    routes.pace = std::make_shared<TokenBucket>(2, 60000, [&] { return now; });
    ManualScheduler scheduler;
    Delivery delivery(m_f->config, store, session, {{u"custom"_s, routes}}, &scheduler,
                      [&] { return now; });
    int delivered = 0;
    for (int i = 0; i < 3; ++i) {
        InboundMessage m;
        m.msgId = u"m%1"_s.arg(i);
        m.conversationId = u"c%1"_s.arg(i);
        Job job;
        job.robotId = u"custom"_s;
        job.message = m;
        job.id = store.accept(u"custom"_s, m, now).jobId;
        job.reply = u"answer %1"_s.arg(i);
        delivery.deliver(job, [&](bool ok, const QString &) { delivered += ok ? 1 : 0; });
    }
    QTRY_COMPARE(delivered, 2);                    // the bucket's two tokens
    QCOMPARE(scheduler.delays, QList<int>{30000}); // the third waits for one token: 60 s / 2
    now += 30000;
    scheduler.runAll();
    QTRY_COMPARE(delivered, 3);
    QCOMPARE(m_f->dingtalk().texts(), (QStringList{u"answer 0"_s, u"answer 1"_s, u"answer 2"_s}));
}

void TestDelivery::resumesWithTheUnsentParts()
{
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.path()));
    Store store(db);
    NetworkPool pool(1);
    WebhookSender session(&pool, 5);
    ManualScheduler scheduler;
    Delivery delivery(m_f->config, store, session, {}, &scheduler);
    InboundMessage m;
    m.msgId = u"resume"_s;
    m.conversationId = u"c"_s;
    m.sessionWebhook = m_f->dingtalk().sessionWebhook(u"s1"_s);
    Job job;
    job.robotId = u"app"_s;
    job.message = m;
    job.id = store.accept(u"app"_s, m, 1).jobId;
    job.reply = u"ignored: the stored parts are sent"_s;
    // A previous run sent part 1 and was killed while sending part 2.
    QVERIFY(store.saveParts(job.id, {u"part one"_s, u"part two"_s, u"part three"_s}, 2));
    QVERIFY(store.setPartState(job.id, 0, Part::State::Sent, u"session"_s, {}, 3));
    QVERIFY(store.setPartState(job.id, 1, Part::State::Sending, u"session"_s, {}, 4));
    bool done = false;
    delivery.deliver(job, [&](bool ok, const QString &) { done = ok; });
    QTRY_VERIFY(done);
    QCOMPARE(m_f->dingtalk().texts(), (QStringList{u"part two"_s, u"part three"_s}));
}

QTEST_GUILESS_MAIN(TestDelivery)
#include "tst_delivery.moc"
