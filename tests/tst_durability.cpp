// Nothing lost, nothing answered twice: commit before the 200, committed steps, resume after a
// crash or a laptop's sleep, and storage that fails (full, read-only, locked) and recovers.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"
#include "TestDatabase.h"
#include "TestLog.h"

#include "config/Config.h"
#include "relay/Relay.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;
using Route = FakeDingTalk::Route;

namespace {
const QByteArray AppSecret = "app-secret-durability-0123";
const QString ApiKey = u"sk-durability-0123456789abcdef"_s;
constexpr qint64 HourMs = 60 * 60 * 1000;

QString longAnswer(int paragraphs)
{
    QStringList out;
    for (int i = 0; i < paragraphs; ++i)
        out << u"Paragraph %1: "_s.arg(i + 1) + QString(400, u'x');
    return out.join(u"\n\n"_s);
}
} // namespace

class TestDurability : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void acknowledgedMessageSurvivesKill9();
    void everyStepIsCommitted();
    void resumesAfterCrashThroughTheFallbackRoute();
    void staleJobWithoutFallbackIsClosedWithItsReason();
    void tokenThatExpiredDuringSleepIsRenewed();
    void fullDiskIsRefusedThenRecovers();
    void readOnlyDatabaseIsRefusedThenRecovers();
    void lockedDatabaseIsRefusedThenRecovers();

private:
    void startRelay();
    QUrl callbackUrl() const { return m_f->callbackUrl(u"app"_s); }
    QJsonObject message(const QString &text, const QString &session = {}) const;
    QVariant scalar(const QString &sql) const { return m_f->scalar(sql); }
    // Another program writing to the database: true unless the statement failed.
    bool exec(const QString &sql) const { return m_f->exec(sql) >= 0; }
    // The stored parts of the test's one job.
    // The parts of the newest job's answer.
    QList<Part> parts() const
    {
        return m_f->parts(scalar(u"SELECT MAX(id) FROM jobs"_s).toLongLong());
    }

    std::unique_ptr<RelayFixture> m_f;
    QString m_answer;
};

void TestDurability::initTestCase()
{
    TestLog::install();
}

void TestDurability::init()
{
    TestLog::clear();
    m_f = std::make_unique<RelayFixture>(RelayFixture::Side::DingTalk);
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_answer = u"A short answer."_s;
    m_f->model().setHandler(
        [this](const RecordedRequest &) { return canned(200, chatCompletionBody(m_answer)); });
    m_f->dingtalk().setApp(u"dingapp"_s, QString::fromUtf8(AppSecret), u"dingapp"_s);

    m_f->config.relay.drainSeconds = 1;
    RobotSettings app;
    app.id = u"app"_s;
    app.callbackPath = u"/dingtalk/app"_s;
    app.language = u"en"_s;
    app.clientId = u"dingapp"_s;
    m_f->config.robots = {app};
    m_f->secrets = {{u"model/api_key"_s, ApiKey},
                    {u"robot/app/app_secret"_s, QString::fromUtf8(AppSecret)}};
}

void TestDurability::cleanup()
{
    m_f.reset();
}

void TestDurability::startRelay()
{
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

QJsonObject TestDurability::message(const QString &text, const QString &session) const
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return textMessage(text, id, m_f->dingtalk().sessionWebhook(session.isEmpty() ? id : session));
}

void TestDurability::acknowledgedMessageSurvivesKill9()
{
    // The real binary: a 200 means committed, so a kill -9 right after it loses nothing.
    FakeHttpServer model;
    FakeHttpServer sink;
    QVERIFY(model.listen() && sink.listen());
    model.setDefault(canned(200, chatCompletionBody(u"answered after the crash"_s), 60000));
    sink.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
    const quint16 port = unusedPort();
    const QString config = m_f->filePath(u"dingrelay.ini"_s);
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(u"[relay]\naddress=127.0.0.1\nport=%1\n[storage]\ndata_dir=%2\n"
                   "[model]\npreset=custom\nbase_url=%3\nmodel=gpt-4o-mini\n"
                   "[dingtalk]\nsession_webhook_prefix=%4\n[robot.default]\nmode=http\n"_s.arg(port)
                       .arg(m_f->config.dataDir, model.url(u"/v1"_s).toString(),
                            sink.url(u"/"_s).toString())
                       .toUtf8());
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_f->path());
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, ApiKey);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, QString::fromUtf8(AppSecret));
    const auto run = [&](QProcess &p) {
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, config});
        QVERIFY(p.waitForStarted());
        const QUrl health(u"http://127.0.0.1:%1/healthz"_s.arg(port));
        QTRY_VERIFY_WITH_TIMEOUT(send("GET", health, {}, {}, 1000).status == 200, 20000);
    };
    const QUrl callback(u"http://127.0.0.1:%1/dingtalk/default"_s.arg(port));
    const QJsonObject m =
        textMessage(u"keep me"_s, u"msg-kill-9"_s, sink.url(u"/robot/sendBySession"_s));

    QProcess first;
    run(first);
    QCOMPARE(postCallback(callback, AppSecret, m).status, 200);
    ::kill(pid_t(first.processId()), SIGKILL); // no drain, no destructor, nothing flushed
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    const QList<Job> left = m_f->unfinishedJobs();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().message.msgId, u"msg-kill-9"_s);
    QCOMPARE(left.first().state, Job::State::Received);
    QCOMPARE(sink.count(), 0);

    model.setDefault(canned(200, chatCompletionBody(u"answered after the crash"_s)));
    QProcess second;
    run(second);
    QTRY_COMPARE_WITH_TIMEOUT(sink.count(), 1, 20000);
    QCOMPARE(sink.requests().first().json().value(u"markdown"_s).toObject().value(u"text"_s),
             u"answered after the crash"_s);
    // DingTalk sending it again is acknowledged and not answered twice.
    QCOMPARE(postCallback(callback, AppSecret, m).status, 200);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    ::kill(pid_t(second.processId()), SIGTERM);
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(sink.count(), 1);
    const QByteArray log = second.readAllStandardError();
    QVERIFY2(log.contains("resuming 1 unfinished job"), log.constData());
}

void TestDurability::everyStepIsCommitted()
{
    // Each state is read through a connection of its own: what another program (or a
    // restarted relay) sees is what was committed.
    m_answer = longAnswer(20); // several parts
    m_f->model().setHandler(
        [this](const RecordedRequest &) { return canned(200, chatCompletionBody(m_answer), 800); });
    startRelay();
    m_f->dingtalk().answerNext(Route::Session, canned(200, R"({"errcode":0,"errmsg":"ok"})", 800));
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"step by step"_s)).status, 200);
    // Received, before the model has answered: stored, no reply, no parts.
    QList<Job> jobs = m_f->unfinishedJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.first().state, Job::State::Received);
    QCOMPARE(parts().size(), 0);
    // Answered, the first part on its way: the reply and every part stored, part 1 sending.
    QTRY_COMPARE(m_f->dingtalk().requestCount(Route::Session), 1);
    jobs = m_f->unfinishedJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.first().state, Job::State::Replying);
    QCOMPARE(jobs.first().reply, m_answer);
    QCOMPARE(m_f->messages().size(), 2); // question and answer
    const auto inState = [](const QList<Part> &parts, Part::State state) {
        return int(std::count_if(parts.begin(), parts.end(),
                                 [state](const Part &p) { return p.state == state; }));
    };
    const QList<Part> replying = parts();
    const int total = int(replying.size());
    QVERIFY(total >= 3);
    QCOMPARE(replying.first().state, Part::State::Sending);
    QCOMPARE(inState(replying, Part::State::Pending), total - 1);
    // Delivered: every part sent, the job done.
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    const QList<Part> done = parts();
    QCOMPARE(inState(done, Part::State::Sent), total);
    QSet<QString> routes;
    for (const Part &p : done)
        routes.insert(p.route);
    QCOMPARE(routes.size(), 1);
}

void TestDurability::resumesAfterCrashThroughTheFallbackRoute()
{
    m_answer = longAnswer(20);
    const QJsonObject question = message(u"long one"_s, u"sleepy"_s);
    QVERIFY(m_f->heardFrom(u"app"_s, question));
    startRelay();
    // Part 1 goes out; part 2 hangs at DingTalk when the relay dies.
    connect(
        &m_f->dingtalk(), &FakeDingTalk::accepted, this,
        [this] {
            m_f->dingtalk().answerNext(Route::Session,
                                       canned(200, R"({"errcode":0,"errmsg":"ok"})", 60000));
        },
        Qt::SingleShotConnection);
    QCOMPARE(postCallback(callbackUrl(), AppSecret, question).status, 200);
    QTRY_COMPARE(m_f->dingtalk().requestCount(Route::Session), 2);
    QTRY_COMPARE(parts().value(1).state, Part::State::Sending);
    m_f->stop(); // the crash: nothing more is written
    const QList<Part> stored = parts();
    const int total = int(stored.size());
    QCOMPARE(stored.value(0).state, Part::State::Sent);

    // The laptop then sleeps for an hour: every time is an hour old and the sessionWebhook
    // has expired.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonObject payload =
        QJsonDocument::fromJson(
            scalar(u"SELECT payload FROM jobs ORDER BY id DESC LIMIT 1"_s).toByteArray())
            .object();
    payload.insert(u"sessionWebhookExpiredTime"_s, double(now - 1000));
    payload.insert(u"createAt"_s, double(now - 2 * HourMs));
    QVERIFY(exec(u"UPDATE jobs SET payload = '%1', received_at = received_at - %2, "
                 "updated_at = updated_at - %2 WHERE id = (SELECT MAX(id) FROM jobs)"_s
                     .arg(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)))
                     .arg(HourMs)));
    QVERIFY(exec(u"UPDATE parts SET updated_at = updated_at - %1"_s.arg(HourMs)));

    TestLog::clear();
    startRelay();
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs ORDER BY id DESC LIMIT 1"_s).toString(),
                 u"done"_s);
    // Part 1 is not sent again; part 2 (in flight at the crash) and the rest go by OpenAPI.
    const auto &sent = m_f->dingtalk().messages();
    QCOMPARE(sent.size(), total);
    QCOMPARE(sent[0].route, Route::Session);
    QVERIFY(sent[0].text.contains(u"(1/"_s));
    for (qsizetype i = 1; i < sent.size(); ++i) {
        QCOMPARE(sent[i].route, Route::UserSend);
        QVERIFY(sent[i].text.contains(u"(%1/"_s.arg(i + 1)));
    }
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), 2); // none to the expired session
    QVERIFY(TestLog::contains(u"part 2/%1 was being sent when DingRelay stopped"_s.arg(total)));
    QVERIFY(TestLog::contains(u"possibly repeated"_s));
    QVERIFY(TestLog::contains(u"resuming 1 unfinished job"_s));
}

void TestDurability::staleJobWithoutFallbackIsClosedWithItsReason()
{
    // A robot without OpenAPI credentials has no route once the session has expired: the job
    // is closed with the reason, the tray is told, nothing is posted to the dead webhook.
    m_f->config.robots[0].clientId.clear();
    m_f->model().setHandler([this](const RecordedRequest &) {
        return canned(200, chatCompletionBody(m_answer), 60000);
    });
    startRelay();
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"before sleep"_s)).status, 200);
    QTRY_COMPARE(m_f->model().count(), 1);
    m_f->stop();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonObject payload =
        QJsonDocument::fromJson(scalar(u"SELECT payload FROM jobs"_s).toByteArray()).object();
    payload.insert(u"sessionWebhookExpiredTime"_s, double(now - HourMs / 2));
    QVERIFY(exec(u"UPDATE jobs SET payload = '%1', received_at = received_at - %2"_s
                     .arg(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)))
                     .arg(HourMs)));

    m_f->model().setHandler(
        [this](const RecordedRequest &) { return canned(200, chatCompletionBody(m_answer)); });
    startRelay();
    QSignalSpy problems(m_f->relay(), &Relay::deliveryProblem);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"undelivered"_s);
    QVERIFY(scalar(u"SELECT last_error FROM jobs"_s).toString().contains(u"expired"_s));
    QCOMPARE(problems.size(), 1);
    QCOMPARE(m_f->dingtalk().requestCount(Route::Session), 0);
    QCOMPARE(m_f->model().count(), 2); // asked again after the restart, answered, not deliverable
}

void TestDurability::tokenThatExpiredDuringSleepIsRenewed()
{
    // The token cache counts time with the monotonic clock, which stands still while the
    // machine sleeps: after two hours asleep it holds a token DingTalk has expired.
    qint64 dingtalkNow = QDateTime::currentMSecsSinceEpoch();
    m_f->dingtalk().setClock([&] { return dingtalkNow; });
    const QJsonObject first = message(u"first"_s, u"gone"_s);
    QVERIFY(m_f->heardFrom(u"app"_s, first));
    startRelay();
    m_f->dingtalk().expireSession(u"gone"_s);
    QCOMPARE(postCallback(callbackUrl(), AppSecret, first).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
    QCOMPARE(m_f->dingtalk().tokenRequests(), 1);

    dingtalkNow += 2 * HourMs; // asleep
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"after sleep"_s, u"gone"_s)).status,
             200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 2);
    QCOMPARE(m_f->dingtalk().messages().at(1).route, Route::UserSend);
    QCOMPARE(m_f->dingtalk().tokenRequests(), 2); // the stale token refused once, then renewed
    // Both, and the earlier message heardFrom stored.
    QTRY_COMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 3);
}

void TestDurability::fullDiskIsRefusedThenRecovers()
{
    startRelay();
    QSignalSpy problem(m_f->relay(), &Relay::storageProblem);
    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    QVariant pages;
    QVERIFY(TestDatabase::execOnRelayConnection(u"PRAGMA page_count"_s, &pages));
    QVERIFY(pages.isValid());
    // No room to grow: "full".
    QVERIFY(
        TestDatabase::execOnRelayConnection(u"PRAGMA max_page_count = %1"_s.arg(pages.toInt())));

    // A message that needs new pages cannot be kept: it is refused, not acknowledged.
    const QJsonObject big = message(QString(20000, u'z'));
    const HttpResult r = postCallback(callbackUrl(), AppSecret, big);
    QCOMPARE(r.status, 503);
    QVERIFY(r.json().value(u"error"_s).toString().contains(u"cannot store"_s));
    QCOMPARE(problem.size(), 1);
    QVERIFY2(problem.first().at(0).toString().contains(u"disk is full"_s),
             qPrintable(problem.first().at(0).toString()));
    QVERIFY(TestLog::contains(u"DingRelay cannot store messages: the disk is full"_s));
    QVERIFY(!m_f->relay()->storageOk());
    QCOMPARE(postCallback(callbackUrl(), AppSecret, big).status, 503); // DingTalk's retry
    QCOMPARE(problem.size(), 1);                                       // one episode, one signal
    QCOMPARE(m_f->model().count(), 0);

    // Room again: the same message is taken, answered, and the problem is over.
    QVERIFY(TestDatabase::execOnRelayConnection(u"PRAGMA max_page_count = 1073741823"_s));
    QCOMPARE(postCallback(callbackUrl(), AppSecret, big).status, 200);
    QCOMPARE(recovered.size(), 1);
    QVERIFY(m_f->relay()->storageOk());
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    QCOMPARE(m_f->dingtalk().messages().size(), 1);
}

void TestDurability::readOnlyDatabaseIsRefusedThenRecovers()
{
    startRelay();
    QSignalSpy problem(m_f->relay(), &Relay::storageProblem);
    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    // Every write refused as on a read-only file.
    QVERIFY(TestDatabase::execOnRelayConnection(u"PRAGMA query_only = 1"_s));
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"hello"_s)).status, 503);
    QCOMPARE(problem.size(), 1);
    QVERIFY2(problem.first().at(0).toString().contains(u"read-only"_s),
             qPrintable(problem.first().at(0).toString()));
    // Writable again: the probe notices without waiting for the next message.
    QVERIFY(TestDatabase::execOnRelayConnection(u"PRAGMA query_only = 0"_s));
    QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
    QVERIFY(TestLog::contains(u"storage works again"_s));
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"hello again"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
}

void TestDurability::lockedDatabaseIsRefusedThenRecovers()
{
    startRelay();
    QSignalSpy problem(m_f->relay(), &Relay::storageProblem);
    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    {
        // Another program takes the write lock and keeps it.
        TestDatabase::WriteLock lock(m_f->databasePath());
        QVERIFY(lock.isHeld());
        // The relay waits for the lock a few milliseconds, then refuses.
        QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"hello"_s)).status, 503);
        QCOMPARE(problem.size(), 1);
        QVERIFY2(problem.first().at(0).toString().contains(u"lock"_s),
                 qPrintable(problem.first().at(0).toString()));
        QVERIFY(lock.release());
    }
    QTRY_COMPARE_WITH_TIMEOUT(recovered.size(), 1, 10000);
    QCOMPARE(postCallback(callbackUrl(), AppSecret, message(u"hello again"_s)).status, 200);
    QTRY_COMPARE(m_f->dingtalk().messages().size(), 1);
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
