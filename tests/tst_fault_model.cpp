// A model that does not answer for a while, end to end through the relay: the job is kept and
// tried again for model/retry_seconds, the user is told once that the answer is delayed and
// then gets it; and a key the model repeats is masked before DingTalk or the database see it.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"
#include "TestLog.h"

#include "conversation/Replies.h"
#include "relay/Pipeline.h"
#include "relay/Relay.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QByteArray AppSecret = "app-secret-fault-model-0123";
const QString RealAnswer = u"The real answer."_s;
const QString KeyA = u"sk-first-0123456789abcdef"_s;
const QString KeyB = u"sk-second-0123456789abcdef"_s;

QByteArray chunk(const QString &content, bool last = false)
{
    const QJsonObject choice{
        {u"index"_s, 0},
        {u"delta"_s, QJsonObject{{u"content"_s, content}}},
        {u"finish_reason"_s, last ? QJsonValue(u"stop"_s) : QJsonValue(QJsonValue::Null)}};
    const QJsonObject o{
        {u"id"_s, u"c1"_s}, {u"model"_s, u"gpt-4o-mini"_s}, {u"choices"_s, QJsonArray{choice}}};
    return "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n" +
           (last ? QByteArray("data: [DONE]\n\n") : QByteArray());
}

// The last message's content of a chat request: which question it asks.
QString question(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(u"messages"_s).toArray();
    return messages.last().toObject().value(u"content"_s).toString();
}
} // namespace

class TestFaultModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void modelDownForSecondsThenAnswers();
    void spentBudgetEndsInTheErrorSentence();
    void waitingJobLeavesOtherConversationsAnswered();
    void drainDoesNotWaitTheBudget();
    void keyInTheAnswerIsMasked();
    void keyInAStreamedCardIsMasked();

private:
    void startRelay();
    void post(const QString &text, const QString &conversation = u"cid-1"_s,
              const Sender &sender = {});
    QStringList texts() const { return m_f->dingtalk().texts(); }
    QString delayNotice() const { return Replies::modelDelayed(u"en"_s); }
    int unfinished() const { return int(m_f->unfinishedJobs().size()); }

    std::unique_ptr<RelayFixture> m_f;
};

void TestFaultModel::initTestCase()
{
    TestLog::install();
}

void TestFaultModel::init()
{
    TestLog::clear();
    m_f = std::make_unique<RelayFixture>(RelayFixture::Side::DingTalk);
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_f->model().setDefault(canned(200, chatCompletionBody(RealAnswer)));
    m_f->dingtalk().setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);
    AppConfig &config = m_f->config;
    config.model.maxRetries = 2;
    config.model.retrySeconds = 120;
    RobotSettings robot;
    robot.id = u"app"_s;
    robot.callbackPath = u"/dingtalk/app"_s;
    robot.language = u"en"_s;
    config.robots = {robot};
    m_f->secrets = {{u"model/api_key"_s, KeyA + u',' + KeyB},
                    {u"robot/app/app_secret"_s, QString::fromUtf8(AppSecret)}};
}

void TestFaultModel::cleanup()
{
    m_f.reset();
}

void TestFaultModel::startRelay()
{
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

void TestFaultModel::post(const QString &text, const QString &conversation, const Sender &sender)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject message =
        textMessage(text, id, m_f->dingtalk().sessionWebhook(id), false, sender, conversation);
    QCOMPARE(postCallback(m_f->callbackUrl(u"app"_s), AppSecret, message).status, 200);
}

void TestFaultModel::modelDownForSecondsThenAnswers()
{
    // A model of its own, so it can go away and come back on the same port.
    auto model = std::make_unique<FakeHttpServer>();
    const quint16 port = model->listen();
    QVERIFY(port != 0);
    model->setDefault(canned(200, chatCompletionBody(RealAnswer)));
    m_f->config.model.baseUrl = model->url(u"/v1"_s);
    startRelay();
    post(u"first"_s);
    QTRY_COMPARE(texts(), QStringList{RealAnswer});

    // Gone, with the connection the relay kept open to it: every attempt is refused.
    model.reset();
    post(u"second"_s);
    QTRY_COMPARE_WITH_TIMEOUT(texts().size(), 2, 10000);
    QCOMPARE(texts().at(1), delayNotice());
    // Still down for another attempt after the notice (some three seconds in all), then back.
    QTRY_VERIFY_WITH_TIMEOUT(TestLog::contains(u"model call attempt 4 failed"_s), 10000);
    QCOMPARE(unfinished(), 1);
    model = std::make_unique<FakeHttpServer>();
    QCOMPARE(model->listen(port), port);
    model->setDefault(canned(200, chatCompletionBody(RealAnswer)));

    QTRY_COMPARE_WITH_TIMEOUT(unfinished(), 0, 20000);
    // The notice once, then the real answer once; the database holds two answers, no error.
    QCOMPARE(texts(), (QStringList{RealAnswer, delayNotice(), RealAnswer}));
    QCOMPARE(m_f->messages(u"assistant"_s).size(), 2);
    QCOMPARE(m_f->messages(u"error"_s).size(), 0);
    QCOMPARE(model->count(), 1);
    QVERIFY2(TestLog::contains(u"the user is told the answer is delayed"_s),
             qPrintable(TestLog::lines().join(u'\n')));
}

void TestFaultModel::spentBudgetEndsInTheErrorSentence()
{
    m_f->config.model.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(unusedPort()));
    m_f->config.model.maxRetries = 0;
    m_f->config.model.retrySeconds = 3;
    startRelay();
    QElapsedTimer clock;
    clock.start();
    post(u"anyone there?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(unfinished(), 0, 15000);
    // Tried for the budget, not for the first few hundred milliseconds.
    QVERIFY2(clock.elapsed() >= 3000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(texts().size(), 2);
    QCOMPARE(texts().at(0), delayNotice());
    ChatError unreachable;
    unreachable.kind = ChatError::Kind::Unreachable;
    QCOMPARE(texts().at(1), Replies::modelFailed(u"en"_s, unreachable));
    QCOMPARE(m_f->messages(u"error"_s).value(0).errorKind, u"unreachable"_s);
}

void TestFaultModel::waitingJobLeavesOtherConversationsAnswered()
{
    // One model call at a time: a job waiting for a model that does not answer must not hold
    // that one place while another conversation's question could be answered.
    m_f->config.model.maxParallel = 1;
    auto sick = std::make_shared<bool>(true);
    m_f->model().setHandler([sick](const RecordedRequest &request) {
        if (*sick && question(request) == u"sick"_s)
            return canned(503, "<html>Service Unavailable</html>");
        return canned(200, chatCompletionBody(u"Answer to "_s + question(request)));
    });
    startRelay();
    Sender bob;
    bob.id = u"$:LWCP_v1:$bob"_s;
    bob.nick = u"Bob"_s;
    bob.staffId = u"staff-bob"_s;
    post(u"sick"_s, u"cid-a"_s);
    post(u"well"_s, u"cid-b"_s, bob);
    QTRY_VERIFY_WITH_TIMEOUT(texts().contains(u"Answer to well"_s), 10000);
    // The first is still being tried; the second closes once DingTalk's answer is recorded.
    QTRY_COMPARE(unfinished(), 1);
    QVERIFY(texts().contains(delayNotice()));
    *sick = false;
    QTRY_COMPARE_WITH_TIMEOUT(unfinished(), 0, 20000);
    QCOMPARE(texts().size(), 3);
    QCOMPARE(texts().last(), u"Answer to sick"_s);
}

void TestFaultModel::drainDoesNotWaitTheBudget()
{
    const quint16 port = unusedPort();
    m_f->config.model.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
    m_f->config.relay.drainSeconds = 60;
    startRelay();
    post(u"question"_s);
    QTRY_COMPARE_WITH_TIMEOUT(texts().size(), 1, 10000);
    QCOMPARE(texts().at(0), delayNotice());

    QSignalSpy stopped(m_f->relay(), &Relay::stopped);
    QElapsedTimer clock;
    clock.start();
    m_f->relay()->shutdown();
    QVERIFY(stopped.wait(5000));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    // Left open, not answered with an error: the next start takes it up.
    QCOMPARE(unfinished(), 1);
    QCOMPARE(m_f->messages(u"error"_s).size(), 0);
    QVERIFY(TestLog::contains(u"asked again after the restart"_s));

    FakeHttpServer model;
    QCOMPARE(model.listen(port), port);
    model.setDefault(canned(200, chatCompletionBody(RealAnswer)));
    startRelay();
    QTRY_COMPARE_WITH_TIMEOUT(unfinished(), 0, 10000);
    QCOMPARE(texts(), (QStringList{delayNotice(), RealAnswer}));
}

void TestFaultModel::keyInTheAnswerIsMasked()
{
    m_f->model().setDefault(
        canned(200, chatCompletionBody(u"Your keys are "_s + KeyA + u" and "_s + KeyB + u"."_s)));
    startRelay();
    post(u"what is my key?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(unfinished(), 0, 10000);
    QCOMPARE(texts(), QStringList{u"Your keys are *** and ***."_s});
    const QList<MessageRow> answers = m_f->messages(u"assistant"_s);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().content, u"Your keys are *** and ***."_s);
    QCOMPARE(m_f->scalar(u"SELECT COUNT(*) FROM messages WHERE content LIKE '%0123456789abcdef%'"_s)
                 .toInt(),
             0);
}

void TestFaultModel::keyInAStreamedCardIsMasked()
{
    m_f->dingtalk().setCardTemplates({u"tpl-answer.schema"_s});
    m_f->config.model.stream = true;
    m_f->config.dingtalk.streamGatewayUrl = m_f->dingtalk().baseUrl();
    RobotSettings &robot = m_f->config.robots[0];
    robot.clientId = u"dingapp"_s;
    robot.cardTemplateId = u"tpl-answer.schema"_s;
    robot.cardIntervalMs = 50;
    // The key comes in two pieces, the second a moment later: the card shows neither half.
    const QString half = KeyB.left(12);
    m_f->model().setDefault(streamed({{0, chunk(u"Your key is "_s + half)},
                                      {600, chunk(KeyB.mid(12))},
                                      {600, chunk(u", keep it safe."_s, true)}}));
    startRelay();
    post(u"what is my key?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(unfinished(), 0, 15000);
    QCOMPARE(m_f->dingtalk().cards().size(), 1);
    const auto &updates = m_f->dingtalk().cards().first().updates;
    QVERIFY(updates.size() >= 2);
    for (const auto &update : updates)
        QVERIFY2(!update.content.contains(half), qPrintable(update.content));
    QCOMPARE(updates.last().content, u"Your key is ***, keep it safe."_s);
    QCOMPARE(m_f->messages(u"assistant"_s).value(0).content, u"Your key is ***, keep it safe."_s);
}

QTEST_GUILESS_MAIN(TestFaultModel)
#include "tst_fault_model.moc"
