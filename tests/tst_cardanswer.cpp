// AI card pieces on their own: throttled updates with an injected clock, the last update and
// its retries, the bodies DingTalk gets, the call estimate, the monthly counter, the settings.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "ManualScheduler.h"

#include "config/Config.h"
#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/CardClient.h"
#include "relay/CardAnswer.h"
#include "relay/CardStreamer.h"
#include "storage/ApiCallCounter.h"
#include "storage/CardStore.h"
#include "storage/Database.h"
#include "storage/Store.h"
#include "util/NetworkPool.h"
#include "util/RetryScheduler.h"

#include <QDateTime>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using Route = FakeDingTalk::Route;

namespace {

struct Outcome
{
    bool called = false;
    bool shown = false;
};

qint64 utc(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone::utc()).toMSecsSinceEpoch();
}

} // namespace

class TestCardAnswer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createBodyForAGroupMentionsTheSender();
    void createBodyForAOneToOneChat();
    void firstTextGoesOutAtOnceThenOncePerInterval();
    void textWaitsForTheCardToBeCreated();
    void neverTwoUpdatesInFlightNorOutOfOrder();
    void failureKeepsThePartialTextAndSaysWhy();
    void thinkingStaysOffTheCard();
    void lastUpdateIsRetriedThenGivesUp_data();
    void lastUpdateIsRetriedThenGivesUp();
    void refusedCreationAnswersWithMessages();
    void interpretsDingTalkErrors_data();
    void interpretsDingTalkErrors();
    void estimatesCallsPerAnswer_data();
    void estimatesCallsPerAnswer();
    void countsCallsPerRobotAndMonth();
    void cardStoreRemembersOpenCards();
    void validatesCardSettings_data();
    void validatesCardSettings();

private:
    CardAnswer *newAnswer(int intervalMs, bool group = false);
    const QList<FakeDingTalk::CardUpdate> &updates() const
    {
        return m_dingtalk->cards().first().updates;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<CardStore> m_cards;
    std::unique_ptr<NetworkPool> m_pool;
    std::unique_ptr<AccessTokenCache> m_tokens;
    std::unique_ptr<CardClient> m_client;
    ManualScheduler m_scheduler;
    qint64 m_now = 1'000'000;
    int m_jobs = 0;
};

void TestCardAnswer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_dingtalk = std::make_unique<FakeDingTalk>();
    QVERIFY(m_dingtalk->listen());
    m_dingtalk->setApp(u"dingapp"_s, u"app-secret"_s, u"dingapp"_s);
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_store = std::make_unique<Store>(*m_db);
    m_cards = std::make_unique<CardStore>(*m_db);
    m_pool = std::make_unique<NetworkPool>(2);
    m_tokens = std::make_unique<AccessTokenCache>(m_pool.get(), m_dingtalk->baseUrl(), u"dingapp"_s,
                                                  u"app-secret"_s);
    m_client = std::make_unique<CardClient>(m_pool.get(), m_dingtalk->baseUrl(), m_tokens.get());
    m_scheduler.reset();
    m_now = 1'000'000;
}

void TestCardAnswer::cleanup()
{
    m_client.reset();
    m_tokens.reset();
    m_pool.reset();
    m_cards.reset();
    m_store.reset();
    m_db.reset();
    m_dingtalk.reset();
    m_dir.reset();
}

CardAnswer *TestCardAnswer::newAnswer(int intervalMs, bool group)
{
    InboundMessage m;
    m.msgId = u"msg-%1"_s.arg(++m_jobs);
    m.conversationId = u"cid-1"_s;
    const qint64 job = m_store->accept(u"card"_s, m, m_now).jobId;
    CardTarget target;
    target.robotCode = u"dingapp"_s;
    target.templateId = u"tpl.schema"_s;
    target.outTrackId = u"track-%1"_s.arg(job);
    target.contentKey = u"content"_s;
    target.group = group;
    target.conversationId = u"cid-1"_s;
    target.staffId = u"staff-alice"_s;
    target.senderNick = u"Alice"_s;
    return new CardAnswer({m_client.get(), m_cards.get(), &m_scheduler, [this] { return m_now; }},
                          job, u"card"_s, target, intervalMs, this);
}

void TestCardAnswer::createBodyForAGroupMentionsTheSender()
{
    CardAnswer *card = newAnswer(300, true);
    card->start();
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    const auto &created = m_dingtalk->cards().first();
    QCOMPARE(created.openSpaceId, u"dtv1.card//IM_GROUP.cid-1"_s);
    QCOMPARE(created.templateId, u"tpl.schema"_s);
    QCOMPARE(created.robotCode, u"dingapp"_s);
    const QJsonObject deliver = created.body.value(u"imGroupOpenDeliverModel"_s).toObject();
    QCOMPARE(deliver.value(u"atUserIds"_s).toObject(),
             (QJsonObject{{u"staff-alice"_s, u"Alice"_s}}));
    QCOMPARE(created.body.value(u"cardData"_s).toObject().value(u"cardParamMap"_s).toObject(),
             (QJsonObject{{u"content"_s, QString()}}));
    QCOMPARE(created.body.value(u"userIdType"_s).toInt(), 1);
    QVERIFY(!created.body.contains(u"imRobotOpenDeliverModel"_s));
    card->abandon();
}

void TestCardAnswer::createBodyForAOneToOneChat()
{
    const QJsonObject body =
        CardClient::createBody({u"dingapp"_s, u"tpl.schema"_s, u"t-1"_s, u"answer"_s, false,
                                u"cid-9"_s, u"staff-bob"_s, u"Bob"_s});
    QCOMPARE(body.value(u"openSpaceId"_s).toString(), u"dtv1.card//IM_ROBOT.staff-bob"_s);
    QCOMPARE(body.value(u"imRobotOpenDeliverModel"_s).toObject(),
             (QJsonObject{{u"spaceType"_s, u"IM_ROBOT"_s}, {u"robotCode"_s, u"dingapp"_s}}));
    QCOMPARE(body.value(u"outTrackId"_s).toString(), u"t-1"_s);
    QCOMPARE(body.value(u"cardData"_s).toObject().value(u"cardParamMap"_s).toObject(),
             (QJsonObject{{u"answer"_s, QString()}}));
    QVERIFY(!body.contains(u"imGroupOpenDeliverModel"_s));

    const QJsonObject update = CardClient::streamBody(u"t-1"_s, u"answer"_s, u"Hi"_s, true, false);
    QCOMPARE(update.value(u"isFull"_s).toBool(), true);
    QCOMPARE(update.value(u"isFinalize"_s).toBool(), true);
    QCOMPARE(update.value(u"isError"_s).toBool(), false);
    QVERIFY(!update.value(u"guid"_s).toString().isEmpty());
    QVERIFY(update.value(u"guid"_s) !=
            CardClient::streamBody(u"t-1"_s, u"answer"_s, u"Hi"_s, true, false).value(u"guid"_s));
}

void TestCardAnswer::firstTextGoesOutAtOnceThenOncePerInterval()
{
    CardAnswer *card = newAnswer(300);
    card->start();
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    card->setText(u"One"_s);
    QTRY_COMPARE(updates().size(), 1); // no wait for the first words
    QVERIFY(m_scheduler.delays.isEmpty());

    m_now += 100;
    card->setText(u"One two"_s);
    QTRY_COMPARE(m_scheduler.delays, QList<int>{200}); // the rest of the 300 ms
    m_now += 50;
    card->setText(u"One two three"_s);
    QCOMPARE(m_scheduler.delays.size(), 1); // already waiting
    QCOMPARE(updates().size(), 1);

    m_now += 150;
    m_scheduler.runAll();
    QTRY_COMPARE(updates().size(), 2);
    QCOMPARE(updates().at(1).content, u"One two three"_s); // the latest text, whole

    Outcome out;
    card->finish(u"One two three four."_s, false, [&out](bool shown) {
        out.called = true;
        out.shown = shown;
    });
    QTRY_VERIFY(out.called);
    QVERIFY(out.shown);
    QCOMPARE(updates().size(), 3);
    const auto &last = updates().last();
    QCOMPARE(last.content, u"One two three four."_s);
    QVERIFY(last.isFinalize && last.isFull && !last.isError);
    for (const auto &u : updates())
        QCOMPARE(u.key, u"content"_s);
    QCOMPARE(m_cards->openCards().size(), 0); // finished
}

void TestCardAnswer::textWaitsForTheCardToBeCreated()
{
    m_dingtalk->setCardDelayMs(200);
    CardAnswer *card = newAnswer(300);
    card->start();
    card->setText(u"Early"_s);
    card->setText(u"Early words"_s);
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    QTRY_COMPARE(updates().size(), 1);
    QCOMPARE(updates().first().content, u"Early words"_s);
    QCOMPARE(m_dingtalk->requestCount(Route::CardStreaming), 1);
    card->abandon();
}

void TestCardAnswer::neverTwoUpdatesInFlightNorOutOfOrder()
{
    // The real clock and timers: what is checked holds however the timing falls.
    m_dingtalk->setCardDelayMs(40);
    TimerRetryScheduler timers;
    InboundMessage m;
    m.msgId = u"real-time"_s;
    CardAnswer *card = new CardAnswer({m_client.get(), m_cards.get(), &timers,
                                       [] { return QDateTime::currentMSecsSinceEpoch(); }},
                                      m_store->accept(u"card"_s, m, 1).jobId, u"card"_s,
                                      {u"dingapp"_s,
                                       u"tpl.schema"_s,
                                       u"track-real"_s,
                                       u"content"_s,
                                       false,
                                       {},
                                       u"staff-alice"_s,
                                       {}},
                                      10, this);
    card->start();
    QString text;
    int words = 0;
    QTimer feed;
    feed.setInterval(5);
    Outcome out;
    connect(&feed, &QTimer::timeout, this, [&] {
        text += u"w%1 "_s.arg(++words);
        card->setText(text);
        if (words == 40) {
            feed.stop();
            card->finish(text + u"end"_s, false, [&out](bool shown) {
                out.called = true;
                out.shown = shown;
            });
        }
    });
    feed.start();
    QTRY_VERIFY_WITH_TIMEOUT(out.called, 10000);
    QVERIFY(out.shown);
    QCOMPARE(m_dingtalk->overlappingCardUpdates(), 0);
    const auto &sent = updates();
    QVERIFY(sent.size() >= 2);
    QVERIFY(sent.size() < 41); // updates carry several words each
    for (qsizetype i = 1; i < sent.size(); ++i)
        QVERIFY2(sent[i].content.startsWith(sent[i - 1].content), qPrintable(sent[i].content));
    QCOMPARE(sent.last().content, text + u"end"_s);
    QVERIFY(sent.last().isFinalize);
    for (qsizetype i = 0; i + 1 < sent.size(); ++i)
        QVERIFY(!sent[i].isFinalize);
}

void TestCardAnswer::failureKeepsThePartialTextAndSaysWhy()
{
    CardAnswer *card = newAnswer(300);
    card->start();
    card->setText(u"Partial"_s);
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    QTRY_COMPARE(updates().size(), 1);
    Outcome out;
    card->finish(u"The model's answer was cut off."_s, true, [&out](bool shown) {
        out.called = true;
        out.shown = shown;
    });
    QTRY_VERIFY(out.called);
    QVERIFY(out.shown);
    const auto &last = updates().last();
    QVERIFY(last.isError && last.isFinalize);
    QCOMPARE(last.content, u"Partial\n\nThe model's answer was cut off."_s);
}

void TestCardAnswer::thinkingStaysOffTheCard()
{
    CardAnswer *card = newAnswer(300);
    card->setHideThinking(true);
    card->start();
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    card->setText(u"<think>Let me see"_s);
    m_now += 1000;
    card->setText(u"<think>Let me see.</think>"_s);
    m_now += 1000;
    card->setText(u"<think>Let me see.</think>\n\nForty-two"_s);
    QTRY_COMPARE(updates().size(), 1);
    QCOMPARE(updates().first().content, u"Forty-two"_s);
    QVERIFY(m_scheduler.delays.isEmpty());
    card->abandon();
}

void TestCardAnswer::lastUpdateIsRetriedThenGivesUp_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<bool>("shown");
    QTest::addColumn<QList<int>>("delays");
    QTest::newRow("second try works") << 1 << true << QList<int>{1000};
    QTest::newRow("third try works") << 2 << true << QList<int>{1000, 2000};
    QTest::newRow("gives up after three") << 3 << false << QList<int>{1000, 2000};
}

void TestCardAnswer::lastUpdateIsRetriedThenGivesUp()
{
    QFETCH(int, failures);
    QFETCH(bool, shown);
    QFETCH(QList<int>, delays);
    CardAnswer *card = newAnswer(300);
    QSignalSpy failed(card, &CardAnswer::cardFailed);
    card->start();
    QTRY_COMPARE(m_dingtalk->cards().size(), 1);
    for (int i = 0; i < failures; ++i)
        m_dingtalk->answerNext(Route::CardStreaming, canned(502, "<html>Bad Gateway</html>"));
    Outcome out;
    card->finish(u"All of it."_s, false, [&out](bool ok) {
        out.called = true;
        out.shown = ok;
    });
    for (int i = 0; i < delays.size(); ++i) {
        QTRY_COMPARE(m_scheduler.delays.size(), i + 1);
        m_scheduler.runAll();
    }
    QTRY_VERIFY(out.called);
    QCOMPARE(out.shown, shown);
    QCOMPARE(m_scheduler.delays, delays);
    QCOMPARE(m_dingtalk->requestCount(Route::CardStreaming), std::min(failures + 1, 3));
    QCOMPARE(failed.size(), shown ? 0 : 1);
}

void TestCardAnswer::refusedCreationAnswersWithMessages()
{
    m_dingtalk->denyPermission(u"Card.Instance.Write"_s);
    CardAnswer *card = newAnswer(300);
    QSignalSpy failed(card, &CardAnswer::cardFailed);
    card->start();
    card->setText(u"Words"_s);
    QTRY_COMPARE(failed.size(), 1);
    const auto result = failed.first().at(0).value<CardResult>();
    QCOMPARE(result.problem, CardResult::Problem::Permission);
    QVERIFY(result.message.contains(u"Card.Instance.Write"_s));
    QCOMPARE(failed.first().at(1).value<CardAnswer::Failure>(), CardAnswer::Failure::Create);
    Outcome out;
    card->finish(u"Answer"_s, false, [&out](bool ok) {
        out.called = true;
        out.shown = ok;
    });
    QTRY_VERIFY(out.called);
    QVERIFY(!out.shown);
    QCOMPARE(m_dingtalk->requestCount(Route::CardStreaming), 0);
}

void TestCardAnswer::interpretsDingTalkErrors_data()
{
    using P = CardResult::Problem;
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("create");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<CardResult::Problem>("problem");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("created and delivered")
        << 200
        << QByteArray(R"({"success":true,"result":{"outTrackId":"t","deliverResults":[)"
                      R"({"spaceType":"IM_GROUP","spaceId":"cid","success":true}]}})")
        << true << true << P::None << QString();
    QTest::newRow("created, not delivered")
        << 200
        << QByteArray(R"({"success":true,"result":{"deliverResults":[{"spaceType":"IM_GROUP",)"
                      R"("spaceId":"cid","success":false,"errorMsg":"robot not in group"}]}})")
        << true << false << P::Refused << u"robot not in group"_s;
    QTest::newRow("update taken") << 200 << QByteArray(R"({"success":true,"result":true})") << false
                                  << true << P::None << QString();
    QTest::newRow("success false") << 200 << QByteArray(R"({"success":false})") << false << false
                                   << P::Refused << u"success=false"_s;
    QTest::newRow("not DingTalk") << 200 << QByteArray("<html>login</html>") << false << false
                                  << P::Refused << u"not DingTalk's"_s;
    QTest::newRow("permission")
        << 403
        << QByteArray(R"({"requestid":"r1","code":"Forbidden.AccessDenied.)"
                      R"(AccessTokenPermissionDenied","message":"应用尚未开通所需的权限：)"
                      R"([Card.Streaming.Write]"})")
        << false << false << P::Permission << u"Card.Streaming.Write"_s;
    QTest::newRow("unpublished template")
        << 400
        << QByteArray(R"({"requestid":"r2","code":"param.templateUnpublished",)"
                      R"("message":"param.templateUnpublished"})")
        << true << false << P::Template << u"card_template_id"_s;
    QTest::newRow("quota") << 403
                           << QByteArray(R"({"code":"Forbidden.AccessDenied.QuotaExceeded",)"
                                         R"("message":"api call quota exceeded"})")
                           << true << false << P::Quota << u"card_interval_ms"_s;
    QTest::newRow("qps") << 403
                         << QByteArray(R"({"code":"Forbidden.AccessDenied.QpsLimitForApi",)"
                                       R"("message":"too fast"})")
                         << false << false << P::Throttled << u"QpsLimitForApi"_s;
    QTest::newRow("gateway") << 502 << QByteArray("<html>Bad Gateway</html>") << false << false
                             << P::ServerError << u"HTTP 502"_s;
}

void TestCardAnswer::interpretsDingTalkErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, create);
    QFETCH(bool, ok);
    QFETCH(CardResult::Problem, problem);
    QFETCH(QString, mentions);
    const CardResult r = CardClient::interpret(status, body, create);
    QCOMPARE(r.ok, ok);
    QCOMPARE(r.problem, problem);
    QVERIFY2(r.message.contains(mentions), qPrintable(r.message));
}

void TestCardAnswer::estimatesCallsPerAnswer_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<int>("calls");
    QTest::newRow("not streamed") << 300 << 0.0 << 2;
    QTest::newRow("300 ms, 10 s") << 300 << 10.0 << 36;
    QTest::newRow("1 s, 10 s") << 1000 << 10.0 << 13;
    QTest::newRow("1 s, 0.5 s") << 1000 << 0.5 << 3;
    QTest::newRow("100 ms, 30 s") << 100 << 30.0 << 303;
    QTest::newRow("bad interval") << 0 << 1.0 << 1003;
    QTest::newRow("negative time") << 300 << -5.0 << 2;
}

void TestCardAnswer::estimatesCallsPerAnswer()
{
    QFETCH(int, intervalMs);
    QFETCH(double, seconds);
    QFETCH(int, calls);
    QCOMPARE(CardStreamer::estimatedCalls(intervalMs, seconds), calls);
}

void TestCardAnswer::countsCallsPerRobotAndMonth()
{
    // 2025-01-31 23:30 in China is still January; 00:30 on 1 February is not.
    qint64 now = utc(2025, 1, 31, 15, 30);
    {
        ApiCallCounter counter(*m_db, [&now] { return now; });
        QCOMPARE(counter.currentMonth(), u"2025-01"_s);
        QCOMPARE(counter.add(u"a"_s), 1);
        QCOMPARE(counter.add(u"a"_s, 3), 4);
        QCOMPARE(counter.add(u"b"_s), 1);
        now = utc(2025, 1, 31, 16, 30);
        QCOMPARE(counter.currentMonth(), u"2025-02"_s);
        QCOMPARE(counter.add(u"a"_s), 1);
    }
    ApiCallCounter reopened(*m_db, [&now] { return now; });
    QCOMPARE(reopened.count(u"a"_s, u"2025-01"_s), 4);
    QCOMPARE(reopened.count(u"b"_s, u"2025-01"_s), 1);
    QCOMPARE(reopened.thisMonth(u"a"_s), 1);
    QCOMPARE(reopened.thisMonth(u"nobody"_s), 0);
}

void TestCardAnswer::cardStoreRemembersOpenCards()
{
    InboundMessage m;
    m.msgId = u"x"_s;
    const qint64 job = m_store->accept(u"card"_s, m, 1).jobId;
    QVERIFY(!m_cards->hasCard(job));
    QVERIFY(m_cards->open(job, u"card"_s, u"track-x"_s, 2));
    QVERIFY(m_cards->hasCard(job));
    QCOMPARE(m_cards->openCards().size(), 1);
    QCOMPARE(m_cards->openCards().first().outTrackId, u"track-x"_s);
    QVERIFY(m_cards->setState(job, CardStore::State::Finished, 3));
    QVERIFY(m_cards->openCards().isEmpty());
    QVERIFY(m_cards->hasCard(job));
}

void TestCardAnswer::validatesCardSettings_data()
{
    QTest::addColumn<QString>("robot");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::newRow("card robot") << u"client_id=dingapp\ncard_template_id=ab-12.schema\n"_s
                                << QString();
    QTest::newRow("interval set")
        << u"client_id=dingapp\ncard_template_id=t\ncard_interval_ms=1000\n"_s << QString();
    QTest::newRow("no client id") << u"card_template_id=ab-12.schema\n"_s
                                  << u"card_template_id needs client_id"_s;
    QTest::newRow("custom robot") << u"client_id=d\nreply_route=webhook\ncard_template_id=t\n"_s
                                  << u"reply_route=webhook"_s;
    QTest::newRow("interval too short")
        << u"client_id=d\ncard_template_id=t\ncard_interval_ms=50\n"_s
        << u"card_interval_ms must be a whole number from 100 to 10000"_s;
    QTest::newRow("interval not a number")
        << u"client_id=d\ncard_template_id=t\ncard_interval_ms=fast\n"_s << u"card_interval_ms"_s;
    QTest::newRow("bad key") << u"client_id=d\ncard_template_id=t\ncard_content_key=my key\n"_s
                             << u"card_content_key"_s;
    QTest::newRow("bad template id") << u"client_id=d\ncard_template_id=a/b?c\n"_s
                                     << u"card_template_id must be a template id"_s;
}

void TestCardAnswer::validatesCardSettings()
{
    QFETCH(QString, robot);
    QFETCH(QString, error);
    const QString path = m_dir->filePath(u"relay.ini"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[model]\npreset=ollama\n\n[robot.cards]\n" + robot.toUtf8());
    file.close();
    const ConfigResult result = Config::load(path);
    if (error.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
        const RobotSettings &r = result.config.robots.first();
        QVERIFY(r.answersWithCards());
        QCOMPARE(r.cardContentKey, u"content"_s);
        QCOMPARE(r.cardIntervalMs, robot.contains(u"1000"_s) ? 1000 : 300);
        return;
    }
    QVERIFY(!result.ok());
    QVERIFY2(result.errors.join(u'\n').contains(error), qPrintable(result.errors.join(u'\n')));
    QVERIFY(result.errors.join(u'\n').contains(u"robot.cards/"_s)); // names the key
}

QTEST_GUILESS_MAIN(TestCardAnswer)
#include "tst_cardanswer.moc"
