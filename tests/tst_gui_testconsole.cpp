// The test console: signed callbacks into the real relay, answers back through its own sink.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "TestCallbacks.h"
#include "TestConfigFile.h"

#include "TestConsoleWindow.h"
#include "secrets/EnvSecretStore.h"
#include "shell/RelayHost.h"
#include "shell/TestConsoleClient.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QByteArray AppSecret = "console-app-secret-0123";

QByteArray sseChunk(const QString &content, const QString &finish = {})
{
    const QJsonObject choice{
        {u"index"_s, 0},
        {u"delta"_s, QJsonObject{{u"content"_s, content}}},
        {u"finish_reason"_s, finish.isEmpty() ? QJsonValue() : QJsonValue(finish)}};
    const QJsonObject o{{u"id"_s, u"c1"_s},
                        {u"object"_s, u"chat.completion.chunk"_s},
                        {u"model"_s, u"gpt-4o-mini"_s},
                        {u"choices"_s, QJsonArray{choice}}};
    return "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n\n";
}
} // namespace

class TestGuiTestConsole : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void roundTripThroughTheRelay();
    void timesTheFirstStreamedWords();
    void showsALongAnswerInParts();
    void goesThroughThePublicUrl();
    void reportsAnUnreachablePublicUrl();
    void showsTheRobotsReplyToAModelFailure();
    void handsStreamRobotsTheMessageAsAPush();
    void refusesWhatItCannotSend_data();
    void refusesWhatItCannotSend();
    void relayAnswersOnlyItsOwnSink();
    void testAnswersNeverTakeOtherRoutes();
    void endsRunsWhenTheRelayGoes();
    void windowShowsTheAnswerAndTimings();
    void windowExplainsStreamRobots();
    void windowSaysWhenTheRelayIsStopped();

private:
    void startHost(const QString &robots = {});
    TestRun runToEnd(const QString &robot, const QString &text,
                     TestRun::Via via = TestRun::Via::Local, const QUrl &publicBase = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<EnvSecretStore> m_secrets;
    std::unique_ptr<RelayHost> m_host;
    std::unique_ptr<TestConsoleClient> m_client;
};

void TestGuiTestConsole::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_model = std::make_unique<FakeHttpServer>();
    m_dingtalk = std::make_unique<FakeDingTalk>();
    QVERIFY(m_model->listen());
    QVERIFY(m_dingtalk->listen());
    m_model->setHandler([](const RecordedRequest &r) {
        const QJsonArray messages = r.json().value(u"messages"_s).toArray();
        const QString question = messages.last().toObject().value(u"content"_s).toString();
        return canned(200, chatCompletionBody(u"**Answer** to: "_s + question));
    });
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-console-test-000000"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, QString::fromUtf8(AppSecret));
    env.insert(u"DINGRELAY_SECRET_ROBOT_APPBOT_APP_SECRET"_s, u"appbot-secret"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_STREAMY_CLIENT_SECRET"_s, u"streamy-secret"_s);
    m_secrets = std::make_unique<EnvSecretStore>(env);
    m_client = std::make_unique<TestConsoleClient>();
}

void TestGuiTestConsole::cleanup()
{
    m_client.reset();
    m_host.reset();
    m_secrets.reset();
    m_dingtalk.reset();
    m_model.reset();
    m_dir.reset();
}

void TestGuiTestConsole::startHost(const QString &robots)
{
    const QString config =
        TestConfigFile::loopback(m_model->url(u"/v1"_s), m_dingtalk->baseUrl()) +
        (robots.isEmpty() ? u"[robot.default]\nmode=http\nlanguage=en\n"_s : robots);
    const QString path = TestConfigFile::write(m_dir->path(), u"relay.ini"_s, config);
    QVERIFY(!path.isEmpty());
    m_host = std::make_unique<RelayHost>(*m_secrets);
    m_host->setConfigPath(path);
    connect(m_host.get(), &RelayHost::relayStarted, m_client.get(), &TestConsoleClient::setRelay);
    m_host->start();
    QTRY_COMPARE(m_host->state(), RelayHost::State::Running);
}

TestRun TestGuiTestConsole::runToEnd(const QString &robot, const QString &text, TestRun::Via via,
                                     const QUrl &publicBase)
{
    QSignalSpy finished(m_client.get(), &TestConsoleClient::finished);
    QString error;
    const QString id = m_client->send(robot, text, via, publicBase, &error);
    if (id.isEmpty()) {
        TestRun failed;
        failed.error = error;
        return failed;
    }
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 15000))
        return {};
    const auto run = finished.first().first().value<TestRun>();
    return run.id == id ? run : TestRun();
}

void TestGuiTestConsole::roundTripThroughTheRelay()
{
    startHost();
    QSignalSpy updated(m_client.get(), &TestConsoleClient::updated);
    const TestRun run = runToEnd(u"default"_s, u"hello there"_s);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QVERIFY(run.done);
    QVERIFY(run.delivered);
    QCOMPARE(run.ackStatus, 200); // the relay verified the sign as DingTalk's
    QCOMPARE(run.callbackUrl.path(), u"/dingtalk/default"_s);
    QCOMPARE(run.callbackUrl.port(), m_host->relay()->port());
    QCOMPARE(run.replies.size(), 1);
    const SinkMessage &reply = run.replies.first();
    QCOMPARE(reply.msgtype, u"markdown"_s);
    QCOMPARE(reply.text, u"**Answer** to: hello there"_s);
    QCOMPARE(reply.title, u"Answer to: hello there"_s);
    QVERIFY(run.ackMs >= 0);
    QVERIFY(run.firstByteMs >= 0);
    QVERIFY(run.deliveredMs >= run.firstByteMs); // cause before effect
    QVERIFY(updated.count() >= 2);               // sent, then the hops as they came
    QCOMPARE(m_model->count(), 1);
    QCOMPARE(m_dingtalk->server().count(), 0); // nothing went to "DingTalk"
}

void TestGuiTestConsole::timesTheFirstStreamedWords()
{
    startHost();
    m_model->setHandler({});
    m_model->enqueue(streamed(
        {{0, sseChunk(u"Hel"_s)}, {300, sseChunk(u"lo"_s, u"stop"_s) + "data: [DONE]\n\n"}}));
    QSignalSpy updated(m_client.get(), &TestConsoleClient::updated);
    const TestRun run = runToEnd(u"default"_s, u"hi"_s);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QCOMPARE(run.replies.first().text, u"Hello"_s);
    QVERIFY(run.firstByteMs >= 0);
    // The first words were reported before the answer was whole.
    bool sawFirstBeforeDelivery = false;
    for (const QList<QVariant> &args : std::as_const(updated)) {
        const auto r = args.first().value<TestRun>();
        sawFirstBeforeDelivery =
            sawFirstBeforeDelivery || (r.firstByteMs >= 0 && r.replies.isEmpty());
    }
    QVERIFY(sawFirstBeforeDelivery);
}

void TestGuiTestConsole::showsALongAnswerInParts()
{
    startHost();
    QString answer;
    for (int i = 0; i < 12; ++i)
        answer += u"Paragraph %1. "_s.arg(i) + QString(400, u'x') + u"\n\n"_s;
    m_model->setHandler({});
    m_model->setDefault(canned(200, chatCompletionBody(answer)));
    const TestRun run = runToEnd(u"default"_s, u"tell me a lot"_s);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QVERIFY(run.replies.size() >= 2);
    QVERIFY(run.replies.first().text.contains(u"(1/%1)"_s.arg(run.replies.size())));
    QVERIFY(run.replies.last().text.contains(u"Paragraph 11."_s));
}

void TestGuiTestConsole::goesThroughThePublicUrl()
{
    startHost();
    // A stand-in for the tunnel: the public URL leads to the relay's port.
    const QUrl publicBase(u"http://localhost:%1/"_s.arg(m_host->relay()->port()));
    const TestRun run =
        runToEnd(u"default"_s, u"via the tunnel"_s, TestRun::Via::PublicUrl, publicBase);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QCOMPARE(run.callbackUrl.host(), u"localhost"_s);
    QCOMPARE(run.callbackUrl.path(), u"/dingtalk/default"_s);
    QCOMPARE(run.replies.first().text, u"**Answer** to: via the tunnel"_s);
}

void TestGuiTestConsole::reportsAnUnreachablePublicUrl()
{
    startHost();
    const QUrl publicBase(u"http://127.0.0.1:%1"_s.arg(unusedPort()));
    const TestRun run = runToEnd(u"default"_s, u"hello"_s, TestRun::Via::PublicUrl, publicBase);
    QVERIFY(run.done);
    QVERIFY2(run.error.contains(u"could not reach"_s), qPrintable(run.error));
    QCOMPARE(m_model->count(), 0);
}

void TestGuiTestConsole::showsTheRobotsReplyToAModelFailure()
{
    startHost();
    m_model->setHandler({});
    m_model->setDefault(
        canned(401, openAiErrorBody(u"Incorrect API key provided"_s, u"invalid_request_error"_s,
                                    u"invalid_api_key"_s)));
    QSignalSpy raised(m_host.get(), &RelayHost::problemRaised);
    const TestRun run = runToEnd(u"default"_s, u"hello"_s);
    // The chain worked: the user sees the robot's explanation, and the app learns of the key.
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QCOMPARE(run.replies.size(), 1);
    QVERIFY2(run.replies.first().text.contains(u"key"_s, Qt::CaseInsensitive),
             qPrintable(run.replies.first().text));
    QCOMPARE(raised.count(), 1);
    QCOMPARE(raised.first().first().value<Problem>().kind, Problem::Kind::BadKey);
}

void TestGuiTestConsole::handsStreamRobotsTheMessageAsAPush()
{
    startHost(u"[robot.streamy]\nmode=stream\nclient_id=ding-streamy\nlanguage=en\n"_s);
    const TestRun run = runToEnd(u"streamy"_s, u"over the stream"_s, TestRun::Via::Stream);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QCOMPARE(run.ackStatus, 200);
    QVERIFY(run.callbackUrl.isEmpty());
    QCOMPARE(run.replies.first().text, u"**Answer** to: over the stream"_s);
}

void TestGuiTestConsole::refusesWhatItCannotSend_data()
{
    QTest::addColumn<QString>("robot");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("via");
    QTest::addColumn<QString>("error");
    QTest::newRow("no such robot")
        << u"nobody"_s << u"hi"_s << int(TestRun::Via::Local) << u"no robot"_s;
    QTest::newRow("empty text") << u"default"_s << u"  "_s << int(TestRun::Via::Local)
                                << u"Type a message"_s;
    QTest::newRow("stream for http")
        << u"default"_s << u"hi"_s << int(TestRun::Via::Stream) << u"HTTP callbacks"_s;
    QTest::newRow("http for stream")
        << u"streamy"_s << u"hi"_s << int(TestRun::Via::Local) << u"Stream mode"_s;
    QTest::newRow("no public url")
        << u"default"_s << u"hi"_s << int(TestRun::Via::PublicUrl) << u"No public URL"_s;
}

void TestGuiTestConsole::refusesWhatItCannotSend()
{
    QFETCH(QString, robot);
    QFETCH(QString, text);
    QFETCH(int, via);
    QFETCH(QString, error);
    QString why;
    QVERIFY(m_client->send(u"default"_s, u"hi"_s, TestRun::Via::Local, {}, &why).isEmpty());
    QVERIFY(why.contains(u"not running"_s)); // no relay yet
    startHost(u"[robot.default]\nmode=http\n[robot.streamy]\nmode=stream\nclient_id=ding-s\n"_s);
    why.clear();
    QVERIFY(m_client->send(robot, text, TestRun::Via(via), {}, &why).isEmpty());
    QVERIFY2(why.contains(error, Qt::CaseInsensitive), qPrintable(why));
    QCOMPARE(m_model->count(), 0);
}

void TestGuiTestConsole::relayAnswersOnlyItsOwnSink()
{
    startHost();
    QString error;
    TestSink *sink = m_host->relay()->openTestSink(&error);
    QVERIFY2(sink, qPrintable(error));
    QCOMPARE(m_host->relay()->openTestSink(&error), sink); // one per relay
    const QUrl callback = m_client->localCallbackUrl(u"default"_s);
    const auto post = [&](const QUrl &webhook, const QString &msgId) {
        return TestCallbacks::postCallback(callback, AppSecret,
                                           TestCallbacks::textMessage(u"hi"_s, msgId, webhook))
            .status;
    };
    const QUrl sinkUrl = sink->webhookFor(u"s1"_s);
    QUrl otherToken = sinkUrl;
    otherToken.setPath(u"/0123456789abcdef0123456789abcdef/s1"_s);
    QUrl otherPort = sinkUrl;
    otherPort.setPort(unusedPort());
    QCOMPARE(post(otherToken, u"m1"_s), 400); // loopback, the sink's port, a guessed token
    QCOMPARE(post(otherPort, u"m2"_s), 400);  // loopback, any other port
    QCOMPARE(
        post(QUrl(u"http://127.0.0.1:%1@evil.example/%2"_s.arg(sinkUrl.port()).arg(sinkUrl.path())),
             u"m3"_s),
        400);
    QCOMPARE(post(sinkUrl, u"m4"_s), 200); // the sink itself
    QCOMPARE(m_model->count(), 0);         // none of the refused reached the model
    QTRY_COMPARE(m_model->count(), 1);
}

void TestGuiTestConsole::testAnswersNeverTakeOtherRoutes()
{
    // An app robot whose answers normally take the OpenAPI: a test answer still goes to the
    // console only, never to a real user through DingTalk.
    startHost(u"[robot.appbot]\nmode=http\nclient_id=ding-app\nreply_route=openapi\n"_s);
    const TestRun run = runToEnd(u"appbot"_s, u"hello"_s);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QCOMPARE(run.replies.size(), 1);
    QCOMPARE(m_dingtalk->server().count(), 0);
}

void TestGuiTestConsole::endsRunsWhenTheRelayGoes()
{
    startHost();
    m_model->setHandler({});
    m_model->setDefault(canned(200, chatCompletionBody(u"late"_s), 5000));
    QSignalSpy finished(m_client.get(), &TestConsoleClient::finished);
    QString error;
    QVERIFY(!m_client->send(u"default"_s, u"hi"_s, TestRun::Via::Local, {}, &error).isEmpty());
    QTRY_COMPARE(m_model->count(), 1);
    m_client->setRelay(nullptr);
    QCOMPARE(finished.count(), 1);
    QVERIFY(finished.first().first().value<TestRun>().error.contains(u"relay stopped"_s));
}

void TestGuiTestConsole::windowShowsTheAnswerAndTimings()
{
    startHost();
    TestConsoleWindow window(*m_host, *m_client);
    window.show();
    auto *robot = window.findChild<QComboBox *>(u"robot"_s);
    auto *route = window.findChild<QComboBox *>(u"route"_s);
    QCOMPARE(robot->count(), 1);
    QVERIFY(route->currentText().contains(m_client->localCallbackUrl(u"default"_s).toString()));
    QVERIFY(!route->isEnabled()); // one way only until there is a public URL
    window.setPublicUrl(QUrl(u"https://relay.example.com"_s));
    QCOMPARE(route->count(), 2);
    QVERIFY(route->itemText(1).contains(u"https://relay.example.com/dingtalk/default"_s));
    route->setCurrentIndex(0);

    auto *input = window.findChild<QLineEdit *>(u"input"_s);
    input->setText(u"你好, "_s);
    QTest::keyClicks(input, u"console"_s);
    window.findChild<QPushButton *>(u"send"_s)->click();
    QVERIFY(input->text().isEmpty());
    QTRY_VERIFY(window.findChild<QLabel *>(u"replyText"_s));
    auto *reply = window.findChild<QLabel *>(u"replyText"_s);
    QCOMPARE(reply->textFormat(), Qt::MarkdownText);
    QCOMPARE(reply->text(), u"**Answer** to: 你好, console"_s);
    QTRY_VERIFY(window.findChild<QLabel *>(u"timings"_s)->text().contains(u"answer delivered"_s));
    const QString timings = window.findChild<QLabel *>(u"timings"_s)->text();
    QVERIFY2(timings.contains(u"callback acknowledged after"_s), qPrintable(timings));
    QVERIFY(timings.contains(u"model's first words after"_s));
}

void TestGuiTestConsole::windowExplainsStreamRobots()
{
    startHost(u"[robot.streamy]\nmode=stream\nclient_id=ding-streamy\nlanguage=en\n"_s);
    TestConsoleWindow window(*m_host, *m_client);
    auto *route = window.findChild<QComboBox *>(u"route"_s);
    QCOMPARE(route->count(), 1);
    QCOMPARE(route->currentData().toInt(), int(TestRun::Via::Stream));
    const QString hint = window.findChild<QLabel *>(u"hint"_s)->text();
    QVERIFY2(hint.contains(u"no callback URL"_s), qPrintable(hint));
    QVERIFY(hint.contains(u"message the robot in DingTalk"_s));
    window.findChild<QLineEdit *>(u"input"_s)->setText(u"pushed"_s);
    window.send();
    QTRY_VERIFY(window.findChild<QLabel *>(u"replyText"_s));
    QTRY_VERIFY(window.findChild<QLabel *>(u"timings"_s)->text().contains(u"taken by the relay"_s));
}

void TestGuiTestConsole::windowSaysWhenTheRelayIsStopped()
{
    startHost();
    TestConsoleWindow window(*m_host, *m_client);
    QVERIFY(window.findChild<QPushButton *>(u"send"_s)->isEnabled());
    m_host->stop();
    QTRY_COMPARE(m_host->state(), RelayHost::State::Stopped);
    QVERIFY(!window.findChild<QPushButton *>(u"send"_s)->isEnabled());
    QVERIFY(window.findChild<QLabel *>(u"hint"_s)->text().contains(u"not running"_s));
    m_host->start();
    QTRY_VERIFY(window.findChild<QPushButton *>(u"send"_s)->isEnabled());
}

QTEST_MAIN(TestGuiTestConsole)
#include "tst_gui_testconsole.moc"
