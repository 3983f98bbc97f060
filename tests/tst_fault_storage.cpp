// Storage that stops taking writes while work is in hand: a lock held by another program never
// freezes the relay, and an answer delivered while its record cannot be written is recorded
// later, not sent again.
#include "FakeHttpServer.h"
#include "RelayFakes.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"
#include "TestDatabase.h"
#include "TestLog.h"

#include "config/Config.h"
#include "relay/Relay.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QByteArray RobotSecret = "robot-secret-storage-0123";
const QString ApiKey = u"sk-storage-0123456789abcdef"_s;
const QByteArray DingTalkOk = R"({"errcode":0,"errmsg":"ok"})";

// Every later write of the relay's connection refused, as on a disk with no room left (a real
// full disk refuses the WAL's growth; PRAGMA max_page_count refuses only new pages, and a
// part's state is updated in place).
bool refuseWrites(bool refuse)
{
    return TestDatabase::execOnRelayConnection(u"PRAGMA query_only = %1"_s.arg(refuse ? 1 : 0));
}
} // namespace

class TestStorageFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void lockedDatabaseNeverFreezesTheLoop();
    void deliveryIsRecordedWhenStorageWorksAgain();
    void restartsWhileWritesFailDoNotResend();
    void shutdownNamesWhatItCouldNotRecord();

private:
    void startRelay();
    // A question to the default robot, answered through the sink; 200 expected.
    void ask(const QString &text);
    // Waits until the relay has tried to record the delivery of the fixture's first job.
    void deliverWhileWritesFail();
    QVariant scalar(const QString &sql) const { return m_f->scalar(sql); }

    std::unique_ptr<RelayFixture> m_f;
};

void TestStorageFaults::initTestCase()
{
    TestLog::install();
}

void TestStorageFaults::init()
{
    TestLog::clear();
    m_f = std::make_unique<RelayFixture>();
    QVERIFY2(m_f->isValid(), qPrintable(m_f->errorString()));
    m_f->config.relay.drainSeconds = 1;
    m_f->secrets = {{u"model/api_key"_s, ApiKey},
                    {u"robot/default/app_secret"_s, QString::fromUtf8(RobotSecret)}};
}

void TestStorageFaults::cleanup()
{
    m_f.reset();
}

void TestStorageFaults::startRelay()
{
    QString error;
    QVERIFY2(m_f->start(&error), qPrintable(error));
}

void TestStorageFaults::ask(const QString &text)
{
    const QJsonObject m =
        textMessage(text, u"msg-"_s + text, m_f->sink().url(u"/robot/sendBySession/"_s + text));
    QCOMPARE(postCallback(m_f->callbackUrl(u"default"_s), RobotSecret, m).status, 200);
}

// Job 1's answer reaches DingTalk, and by the time DingTalk says so, the disk has filled.
void TestStorageFaults::deliverWhileWritesFail()
{
    m_f->sink().setHandler([](const RecordedRequest &) {
        refuseWrites(true);
        return canned(200, DingTalkOk);
    });
    ask(u"q1"_s);
    QTRY_COMPARE(m_f->sink().count(), 1);
    QTRY_VERIFY(TestLog::contains(u"could not mark job 1 delivered"_s));
    // What another program (or a restart) sees: the part was never marked sent.
    QCOMPARE(scalar(u"SELECT state FROM parts WHERE job_id = 1"_s).toString(), u"sending"_s);
    QCOMPARE(scalar(u"SELECT state FROM jobs WHERE id = 1"_s).toString(), u"replying"_s);
}

void TestStorageFaults::lockedDatabaseNeverFreezesTheLoop()
{
    // The real binary, so the time a request takes is the relay's alone; the lock is another
    // connection's (this process), held with BEGIN EXCLUSIVE while callbacks arrive.
    FakeHttpServer model;
    FakeHttpServer sink;
    QVERIFY(model.listen() && sink.listen());
    model.setDefault(canned(200, chatCompletionBody(u"answered"_s)));
    sink.setDefault(canned(200, DingTalkOk));
    const quint16 port = unusedPort();
    const QString dataDir = m_f->dataDir();
    const QString config = m_f->filePath(u"dingrelay.ini"_s);
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(u"[relay]\naddress=127.0.0.1\nport=%1\n[storage]\ndata_dir=%2\n"
                   "[model]\npreset=custom\nbase_url=%3\nmodel=gpt-4o-mini\nstream=false\n"
                   "[dingtalk]\nsession_webhook_prefix=%4\n[robot.default]\nmode=http\n"_s.arg(port)
                       .arg(dataDir, model.url(u"/v1"_s).toString(), sink.url(u"/"_s).toString())
                       .toUtf8());
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_f->path());
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, ApiKey);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, QString::fromUtf8(RobotSecret));
    QProcess relay;
    relay.setProcessEnvironment(env);
    relay.start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, config});
    QVERIFY(relay.waitForStarted());
    const QUrl base(u"http://127.0.0.1:%1/"_s.arg(port));
    QTRY_VERIFY_WITH_TIMEOUT(
        send("GET", base.resolved(QUrl(u"healthz"_s)), {}, {}, 1000).status == 200, 20000);
    const QUrl callback = base.resolved(QUrl(u"dingtalk/default"_s));
    QSet<QString> acked;
    const auto question = [&](const QString &id) {
        return textMessage(u"question "_s + id, id, sink.url(u"/robot/sendBySession/"_s + id));
    };

    // One message acknowledged before the lock; the model answers it while the lock is held.
    model.hold();
    QCOMPARE(postCallback(callback, RobotSecret, question(u"before"_s)).status, 200);
    acked.insert(u"before"_s);
    QTRY_COMPARE(model.count(), 1);
    auto lock =
        std::make_unique<TestDatabase::WriteLock>(m_f->filePath(u"data/dingrelay.sqlite3"_s));
    QVERIFY(lock->isHeld());
    model.release();

    // For three seconds, and until the answer's record has been refused: each round a health
    // check and a callback, each timed.
    QNetworkAccessManager network;
    QElapsedTimer held;
    held.start();
    qint64 slowestHealth = 0;
    qint64 slowestRefusal = 0;
    int rounds = 0;
    int notRefused = 0; // callbacks answered otherwise than 503 (or not at all)
    QByteArray log;
    QString storage;
    while (held.elapsed() < 3000 || !log.contains("could not record the reply")) {
        QVERIFY2(held.elapsed() < 40000, log.constData());
        // The callback is sent whole, then the health check while the relay answers it.
        const QString id = u"locked-%1"_s.arg(rounds);
        QNetworkRequest request(callback);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : signedHeaders(RobotSecret))
            request.setRawHeader(name, value);
        QElapsedTimer t;
        t.start();
        const std::unique_ptr<QNetworkReply> reply(
            network.post(request, QJsonDocument(question(id)).toJson(QJsonDocument::Compact)));
        bool uploaded = false;
        connect(reply.get(), &QNetworkReply::uploadProgress, this,
                [&uploaded](qint64 sent, qint64 total) { uploaded = total > 0 && sent == total; });
        QTRY_VERIFY(uploaded || reply->isFinished());
        QElapsedTimer h;
        h.start();
        const HttpResult health = healthDetails(base, dataDir);
        slowestHealth = qMax(slowestHealth, h.elapsed());
        storage = health.json().value(u"storage"_s).toString();
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        slowestRefusal = qMax(slowestRefusal, t.elapsed());
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 503)
            ++notRefused;
        if (status == 200)
            acked.insert(id);
        ++rounds;
        QTest::qWait(50); // the pace of the callbacks, not a wait for the relay
        log += relay.readAllStandardError();
    }
    qInfo("while locked: %d rounds, slowest /healthz %lld ms, slowest refused callback %lld ms",
          rounds, slowestHealth, slowestRefusal);
    QVERIFY2(slowestHealth < 100, qPrintable(u"slowest /healthz: %1 ms"_s.arg(slowestHealth)));
    QVERIFY2(slowestRefusal < 1000,
             qPrintable(u"slowest refused callback: %1 ms"_s.arg(slowestRefusal)));
    QCOMPARE(notRefused, 0);
    QCOMPARE(storage, u"locked"_s);
    QCOMPARE(sink.count(), 0); // nothing is sent whose sending could not be recorded

    // The lock goes: callbacks are taken again, and every acknowledged message is answered.
    QVERIFY(lock->release());
    lock.reset();
    // The probe notices within a few seconds; until then DingTalk's retries may still be 503.
    QElapsedTimer released;
    released.start();
    for (int after = 1; released.elapsed() < 10000; ++after) {
        const QString id = u"after-%1"_s.arg(after);
        const int status = postCallback(callback, RobotSecret, question(id)).status;
        if (status == 200) {
            acked.insert(id);
            break;
        }
        QCOMPARE(status, 503);
        QTest::qWait(100); // DingTalk's pace of retries
    }
    QCOMPARE(acked.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(sink.count(), acked.size(), 10000);
    QTRY_COMPARE(healthDetails(base, dataDir).json().value(u"storage"_s).toString(), u"ok"_s);
    ::kill(pid_t(relay.processId()), SIGTERM);
    QVERIFY(relay.waitForFinished(10000));
    QSet<QString> answered;
    for (const RecordedRequest &r : sink.requests()) {
        const QString id = r.path.section(u'/', -1);
        QVERIFY2(!answered.contains(id), qPrintable(u"answered twice: "_s + id));
        answered.insert(id);
    }
    QCOMPARE(answered, acked);
    QCOMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(),
             int(acked.size()));
    QCOMPARE(m_f->scalar(u"SELECT COUNT(*) FROM jobs"_s).toInt(), int(acked.size()));
}

void TestStorageFaults::deliveryIsRecordedWhenStorageWorksAgain()
{
    startRelay();
    QSignalSpy recovered(m_f->relay(), &Relay::storageRecovered);
    deliverWhileWritesFail();
    QVERIFY(!m_f->relay()->storageOk());

    // Room again: what was delivered is recorded, without waiting for another message.
    QVERIFY(refuseWrites(false));
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT state FROM jobs WHERE id = 1"_s).toString(),
                              u"done"_s, 10000);
    QCOMPARE(scalar(u"SELECT state FROM parts WHERE job_id = 1"_s).toString(), u"sent"_s);
    QCOMPARE(recovered.size(), 1);
    QCOMPARE(m_f->sink().count(), 1);

    // A restart finds nothing to send again.
    RelayFakes::acceptPosts(m_f->sink());
    m_f->sink().setHandler({});
    TestLog::clear();
    startRelay();
    ask(u"q2"_s);
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs WHERE id = 2"_s).toString(), u"done"_s);
    QCOMPARE(m_f->sink().count(), 2);
    QVERIFY(m_f->sink().requests().at(1).path.endsWith(u"/q2"_s));
    QVERIFY(!TestLog::contains(u"possibly repeated"_s));
}

void TestStorageFaults::restartsWhileWritesFailDoNotResend()
{
    startRelay();
    deliverWhileWritesFail();

    // Two restarts with the disk still full: the part left "sending" is not sent again while
    // its sending cannot be recorded.
    for (int restart = 1; restart <= 2; ++restart) {
        TestLog::clear();
        startRelay();
        QVERIFY(refuseWrites(true)); // before the event loop takes up the job
        QTRY_VERIFY(TestLog::contains(u"waits until storage takes writes"_s) ||
                    TestLog::contains(u"could not mark job 1 delivered"_s));
        QCOMPARE(m_f->sink().count(), 1);
    }

    // Room at last: the part sent while its record could not be written goes once more, as a
    // crash leaves it (README: "possibly repeated"), and the job ends.
    m_f->sink().setHandler({});
    RelayFakes::acceptPosts(m_f->sink());
    TestLog::clear();
    startRelay();
    QTRY_COMPARE(scalar(u"SELECT state FROM jobs WHERE id = 1"_s).toString(), u"done"_s);
    QCOMPARE(m_f->sink().count(), 2);
    QVERIFY(TestLog::contains(u"possibly repeated"_s));
}

void TestStorageFaults::shutdownNamesWhatItCouldNotRecord()
{
    startRelay();
    deliverWhileWritesFail();
    QSignalSpy stopped(m_f->relay(), &Relay::stopped);
    m_f->relay()->shutdown();
    QVERIFY(stopped.wait(5000));
    QVERIFY2(TestLog::contains(u"could not record before stopping: job 1 part 1 sent"_s),
             qPrintable(TestLog::lines().join(u'\n')));
}

QTEST_GUILESS_MAIN(TestStorageFaults)
#include "tst_fault_storage.moc"
