// Faults from the fakes, end to end through the relay: each ends in a delivered answer or a
// clear message to the user (or, when DingTalk cannot deliver at all, a closed job and a tray
// notice), and always in a row of the database and a line of the log.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"
#include "TestLog.h"

#include "config/Config.h"
#include "relay/Relay.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;
using Route = FakeDingTalk::Route;

Q_DECLARE_METATYPE(CannedResponse)

namespace {
const QByteArray AppSecret = "app-secret-faults-0123";

QByteArray chunk(const QString &content)
{
    return "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
           "\"delta\":{\"content\":\"" +
           content.toUtf8() + "\"}}]}\n\n";
}
const QByteArray Finish = "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":"
                          "0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

CannedResponse whole(const QString &answer)
{
    return streamed({{0, chunk(answer)}, {0, Finish}});
}
} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void modelFaults_data();
    void modelFaults();
    void dingtalkFaults_data();
    void dingtalkFaults();

private:
    void startRelay();
    QVariant scalar(const QString &sql) const { return m_f->scalar(sql); }

    std::unique_ptr<RelayFixture> m_f;
};

void TestFaults::initTestCase()
{
    TestLog::install();
}

void TestFaults::init()
{
    TestLog::clear();
    m_f = std::make_unique<RelayFixture>(RelayFixture::Side::DingTalk);
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_f->model().setDefault(whole(u"Recovered answer."_s));
    m_f->dingtalk().setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);

    AppConfig &config = m_f->config;
    config.model.stream = true;
    config.model.maxRetries = 1;
    config.model.timeoutSeconds = 5;
    config.model.idleTimeoutSeconds = 1;
    config.dingtalk.throttleWaitSeconds = 1;
    RobotSettings app;
    app.id = u"app"_s;
    app.callbackPath = u"/dingtalk/app"_s;
    app.language = u"en"_s;
    config.robots = {app};
    m_f->secrets = {{u"model/api_key"_s, u"sk-faults-0123456789"_s},
                    {u"robot/app/app_secret"_s, QString::fromUtf8(AppSecret)}};
}

void TestFaults::cleanup()
{
    m_f.reset();
}

void TestFaults::startRelay()
{
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

void TestFaults::modelFaults_data()
{
    QTest::addColumn<QList<CannedResponse>>("answers"); // the model's, in order; then the default
    QTest::addColumn<QString>("userSees");
    QTest::addColumn<QString>("errorKind"); // the error row's error_kind; empty: answered
    QTest::addColumn<QString>("logLine");

    CannedResponse retryAfter = canned(
        429, openAiErrorBody(u"Rate limit reached"_s, u"requests"_s, u"rate_limit_exceeded"_s));
    retryAfter.headers = {{"Retry-After", "1"}};
    QTest::newRow("429 with Retry-After, then an answer")
        << QList<CannedResponse>{retryAfter} << u"Recovered answer."_s << QString()
        << u"model call attempt 1 failed"_s;
    QTest::newRow("429 every time")
        << QList<CannedResponse>{retryAfter, retryAfter} << u"try again in a minute"_s
        << u"rate_limited"_s << u"model call failed: rate_limited"_s;
    QTest::newRow("500, then an answer")
        << QList<CannedResponse>{canned(500, "Internal Server Error")} << u"Recovered answer."_s
        << QString() << u"model call attempt 1 failed"_s;
    QTest::newRow("500 every time")
        << QList<CannedResponse>{canned(500, "oops"), canned(502, "<html>bad gateway</html>")}
        << u"internal error"_s << u"server_error"_s << u"model call failed: server_error"_s;
    // The connection ends in the middle of the stream, before anything was shown: retried.
    const CannedResponse reset = streamed({{0, chunk(u"Half an ans"_s)}});
    QTest::newRow("reset mid-stream, then an answer")
        << QList<CannedResponse>{reset} << u"Recovered answer."_s << QString()
        << u"model call attempt 1 failed"_s;
    QTest::newRow("reset mid-stream every time")
        << QList<CannedResponse>{reset, reset} << u"cut off before it finished"_s << u"truncated"_s
        << u"model call failed: truncated"_s;
    // A stream that stops sending: the idle timeout (1 s here) ends it.
    const CannedResponse stall = streamed({{0, chunk(u"Thinking"_s)}, {30000, Finish}});
    QTest::newRow("stalled stream") << QList<CannedResponse>{stall, stall} << u"took too long"_s
                                    << u"timeout"_s << u"model call failed: timeout"_s;
}

void TestFaults::modelFaults()
{
    QFETCH(QList<CannedResponse>, answers);
    QFETCH(QString, userSees);
    QFETCH(QString, errorKind);
    QFETCH(QString, logLine);
    for (const CannedResponse &answer : answers)
        m_f->model().enqueue(answer);
    startRelay();
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QUrl callback = m_f->callbackUrl(u"app"_s);
    QCOMPARE(postCallback(callback, AppSecret,
                          textMessage(u"question"_s, id, m_f->dingtalk().sessionWebhook(id)))
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s, 15000);
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
    const QString text = m_f->dingtalk().messages().first().text;
    QVERIFY2(text.contains(userSees), qPrintable(text));
    if (errorKind.isEmpty()) {
        QCOMPARE(m_f->messages(u"assistant"_s).size(), 1);
        QCOMPARE(m_f->messages(u"error"_s).size(), 0);
    } else {
        QCOMPARE(m_f->messages(u"error"_s).value(0).errorKind, errorKind);
        QCOMPARE(scalar(u"SELECT last_error FROM jobs"_s).toString(), errorKind);
    }
    QVERIFY2(TestLog::contains(logLine), qPrintable(TestLog::lines().join(u'\n')));
}

void TestFaults::dingtalkFaults_data()
{
    QTest::addColumn<QList<CannedResponse>>("answers"); // the session route's, then it accepts
    QTest::addColumn<bool>("withOpenApi");              // a fallback route
    QTest::addColumn<QString>("state");                 // the job's final state
    QTest::addColumn<int>("sessionRequests");
    QTest::addColumn<QString>("logLine");

    const auto errcode = [](int code, const char *message) {
        return canned(200, "{\"errcode\":" + QByteArray::number(code) + ",\"errmsg\":\"" +
                               QByteArray(message) + "\"}");
    };
    QTest::newRow("130101 throttled, then sent")
        << QList<CannedResponse>{errcode(130101, "send too fast")} << false << u"done"_s << 2
        << u"throttled"_s;
    QTest::newRow("300001 with the OpenAPI to fall back on")
        << QList<CannedResponse>{errcode(300001, "session not exist")} << true << u"done"_s << 1
        << u"switching to the openapi route"_s;
    QTest::newRow("300001 and no other route")
        << QList<CannedResponse>{errcode(300001, "session not exist")} << false << u"undelivered"_s
        << 1 << u"not delivered"_s;
    QTest::newRow("502, then sent")
        << QList<CannedResponse>{canned(502, "<html>Bad Gateway</html>")} << false << u"done"_s << 2
        << u"could not deliver"_s;
    const CannedResponse down = canned(503, "<html>Service Unavailable</html>");
    QTest::newRow("5xx every time, the OpenAPI takes over")
        << QList<CannedResponse>{down, down, down} << true << u"done"_s << 3
        << u"switching to the openapi route"_s;
}

void TestFaults::dingtalkFaults()
{
    QFETCH(QList<CannedResponse>, answers);
    QFETCH(bool, withOpenApi);
    QFETCH(QString, state);
    QFETCH(int, sessionRequests);
    QFETCH(QString, logLine);
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject question = textMessage(u"question"_s, id, m_f->dingtalk().sessionWebhook(id));
    if (withOpenApi) {
        m_f->config.robots[0].clientId = u"dingapp"_s;
        QVERIFY(m_f->heardFrom(u"app"_s, question)); // the OpenAPI answers only chats known
    }
    startRelay();
    QSignalSpy problems(m_f->relay(), &Relay::deliveryProblem);
    for (const CannedResponse &answer : answers)
        m_f->dingtalk().answerNext(Route::Session, answer);
    const QUrl callback = m_f->callbackUrl(u"app"_s);
    QCOMPARE(postCallback(callback, AppSecret, question).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(u"SELECT state FROM jobs ORDER BY id DESC LIMIT 1"_s).toString(), state, 15000);
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), sessionRequests);
    if (state == u"done"_s) {
        QCOMPARE(m_f->dingtalk().messages().size(), 1); // delivered once, whatever it took
        QCOMPARE(m_f->dingtalk().messages().first().text, u"Recovered answer."_s);
        QCOMPARE(problems.size(), 0);
    } else {
        // Nobody in the chat can be told: the job says why, and so does the tray.
        QCOMPARE(m_f->dingtalk().messages().size(), 0);
        QVERIFY(scalar(u"SELECT last_error FROM jobs"_s).toString().contains(u"300001"_s));
        QCOMPARE(problems.size(), 1);
    }
    // Each failed try is in the part's row, and in the log.
    QVERIFY(!scalar(u"SELECT last_error FROM parts"_s).toString().isEmpty() || state == u"done"_s);
    QVERIFY2(TestLog::contains(logLine), qPrintable(TestLog::lines().join(u'\n')));
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
