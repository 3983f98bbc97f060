// A burst larger than relay/max_queued_jobs: the overflow waits in SQLite alone and is read
// back in id order; every message is answered once, each conversation in the order it asked.
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"
#include "TestLog.h"

#include "config/Config.h"
#include "relay/Pipeline.h"
#include "relay/Relay.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QString ApiKey = u"sk-queue-0123456789abcdefghij"_s;
const QByteArray RobotSecret = "robot-secret-queue-0123";

QString question(int conversation, int n)
{
    return u"c%1-q%2"_s.arg(conversation).arg(n);
}
} // namespace

class TestQueueCap : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void burstBeyondTheCapIsAnsweredOnceInOrder();
    void messagesArrivingWhileTheBacklogDrainsWaitTheirTurn();
    void restartResumesAManyJobBacklogInPages();
    void drainAnswersJobsWaitingInTheDatabase();
    void drainDeadlineStartsNoWaitingJob();

private:
    void startRelay();
    // Sends questions 1..perConversation of each conversation, interleaved; all must get 200.
    void sendBurst(int conversations, int perConversation);
    void sendQuestion(int conversation, int n);
    // Every answer the sink received exactly once, each conversation's in the order asked.
    void verifyAnswers(int conversations, int perConversation);
    // Tracks the most jobs the pipeline held in memory, from now until the relay goes.
    void watchMemory();
    QUrl callbackUrl() const;
    QVariant scalar(const QString &sql) const;
    QStringList askedQuestions() const;

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<QTimer> m_sampler;
    int m_peakInMemory = 0;
};

void TestQueueCap::initTestCase()
{
    TestLog::install();
}

void TestQueueCap::init()
{
    TestLog::clear();
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->isValid(), qPrintable(m_fixture->errorString()));

    m_fixture->config.relay.drainSeconds = 60;
    m_fixture->config.relay.maxQueuedJobs = 5;
    m_fixture->config.model.stream = false;
    m_fixture->config.model.maxParallel = 2;
    m_fixture->secrets = {{u"model/api_key"_s, ApiKey},
                          {u"robot/default/app_secret"_s, QString::fromUtf8(RobotSecret)}};
    m_peakInMemory = 0;
}

void TestQueueCap::cleanup()
{
    m_sampler.reset();
    m_fixture.reset();
}

void TestQueueCap::startRelay()
{
    m_sampler.reset();
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
}

void TestQueueCap::watchMemory()
{
    // Sampled at every turn of the event loop and at every finished job.
    const auto sample = [this] {
        if (m_fixture->relay())
            m_peakInMemory = qMax(m_peakInMemory, m_fixture->relay()->pipeline()->inMemory());
    };
    m_sampler = std::make_unique<QTimer>();
    m_sampler->setInterval(0);
    connect(m_sampler.get(), &QTimer::timeout, this, sample);
    m_sampler->start();
    connect(m_fixture->relay()->pipeline(), &Pipeline::jobFinished, this, sample);
    sample();
}

QUrl TestQueueCap::callbackUrl() const
{
    return m_fixture->callbackUrl(u"default"_s);
}

QVariant TestQueueCap::scalar(const QString &sql) const
{
    return m_fixture->scalar(sql);
}

void TestQueueCap::sendQuestion(int conversation, int n)
{
    const QString text = question(conversation, n);
    const QJsonObject m =
        textMessage(text, u"msg-"_s + text, m_fixture->sink().url(u"/robot/sendBySession"_s), false,
                    {}, u"cid-%1"_s.arg(conversation));
    const HttpResult r = postCallback(callbackUrl(), RobotSecret, m);
    QVERIFY2(r.status == 200, qPrintable(text + u": "_s + QString::number(r.status)));
}

void TestQueueCap::sendBurst(int conversations, int perConversation)
{
    for (int n = 1; n <= perConversation; ++n) {
        for (int c = 1; c <= conversations; ++c)
            sendQuestion(c, n);
    }
}

QStringList TestQueueCap::askedQuestions() const
{
    QStringList out;
    for (const RecordedRequest &r : m_fixture->model().requests()) {
        const QJsonArray messages = r.json().value(u"messages"_s).toArray();
        out << messages.last().toObject().value(u"content"_s).toString();
    }
    return out;
}

void TestQueueCap::verifyAnswers(int conversations, int perConversation)
{
    static const QRegularExpression answer(u"^Answer to: c(\\d+)-q(\\d+)$"_s);
    QHash<int, QList<int>> answered; // conversation -> question numbers, in delivery order
    QSet<QString> seen;
    for (const RecordedRequest &r : m_fixture->sink().requests()) {
        const QString text =
            r.json().value(u"markdown"_s).toObject().value(u"text"_s).toString().trimmed();
        const QRegularExpressionMatch match = answer.match(text);
        QVERIFY2(match.hasMatch(), qPrintable(text));
        QVERIFY2(!seen.contains(text), qPrintable(u"answered twice: "_s + text));
        seen.insert(text);
        answered[match.captured(1).toInt()] << match.captured(2).toInt();
    }
    QCOMPARE(seen.size(), conversations * perConversation);
    QList<int> inOrder;
    for (int n = 1; n <= perConversation; ++n)
        inOrder << n;
    for (int c = 1; c <= conversations; ++c)
        QCOMPARE(answered.value(c), inOrder);
}

void TestQueueCap::burstBeyondTheCapIsAnsweredOnceInOrder()
{
    // Four conversations, ten questions each, a cap of 5 and two model calls at a time, held
    // by the model until every callback has been acknowledged.
    m_fixture->model().hold();
    startRelay();
    watchMemory();
    sendBurst(4, 10);
    QTRY_COMPARE(m_fixture->model().count(), 2);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'received'"_s).toInt(), 40);

    // Two with the model, at most five waiting in memory (how many depends on when the
    // pipeline ran between callbacks), the rest in the database alone: all 38 count as
    // queued, and /healthz says so.
    Pipeline *pipeline = m_fixture->relay()->pipeline();
    QCOMPARE(pipeline->active(), 2);
    QCOMPARE(pipeline->queued(), 38);
    QVERIFY2(pipeline->inMemory() <= 5, qPrintable(QString::number(pipeline->inMemory())));
    QVERIFY(pipeline->spilled() >= 33);
    QCOMPARE(pipeline->inMemory() + pipeline->spilled(), 38);
    QVERIFY(!pipeline->isIdle());
    const HttpResult health = healthDetails(m_fixture->url({}), m_fixture->dataDir());
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(u"jobs_queued"_s).toInt(), 38);
    QCOMPARE(health.json().value(u"jobs_queued_in_database"_s).toInt(), pipeline->spilled());
    QCOMPARE(health.json().value(u"jobs_active"_s).toInt(), 2);
    QVERIFY(TestLog::contains(u"later ones wait in the database"_s));

    m_fixture->model().release();
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 40, 30000);
    QTRY_COMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 40);
    QTRY_VERIFY(pipeline->isIdle());
    QCOMPARE(pipeline->queued(), 0);
    QVERIFY(TestLog::contains(u"every waiting job is in memory again"_s));
    verifyAnswers(4, 10);
    if (QTest::currentTestFailed())
        return;
    const QStringList asked = askedQuestions();
    QCOMPARE(asked.size(), 40);
    QCOMPARE(QSet<QString>(asked.cbegin(), asked.cend()).size(), 40);
    QVERIFY2(m_peakInMemory <= 5, qPrintable(QString::number(m_peakInMemory)));

    // Spilling is over: a new message is taken straight into memory and answered.
    const QJsonObject m =
        textMessage(question(1, 11), u"msg-late"_s,
                    m_fixture->sink().url(u"/robot/sendBySession"_s), false, {}, u"cid-1"_s);
    QCOMPARE(postCallback(callbackUrl(), RobotSecret, m).status, 200);
    QTRY_COMPARE(m_fixture->sink().count(), 41);
    QCOMPARE(askedQuestions().last(), question(1, 11));
}

void TestQueueCap::messagesArrivingWhileTheBacklogDrainsWaitTheirTurn()
{
    // One conversation, one model call at a time. Questions 1-8 fill memory and spill.
    m_fixture->config.model.maxParallel = 1;
    m_fixture->model().hold();
    startRelay();
    watchMemory();
    for (int n = 1; n <= 8; ++n)
        sendQuestion(1, n);
    QTRY_COMPARE(m_fixture->model().count(), 1);
    // The first answer frees a place in memory; the second question goes to the model.
    QVERIFY(m_fixture->model().releaseOne());
    QTRY_COMPARE(m_fixture->model().count(), 2);
    QVERIFY(m_fixture->relay()->pipeline()->inMemory() < 5);
    QVERIFY(m_fixture->relay()->pipeline()->spilled() > 0);
    // Room in memory, but older questions still wait in the database: the new one waits
    // behind them, not ahead.
    sendQuestion(1, 9);
    QCOMPARE(m_fixture->relay()->pipeline()->queued(), 7);
    QVERIFY(m_fixture->relay()->pipeline()->spilled() >= 3);

    m_fixture->model().release();
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 9, 30000);
    QTRY_VERIFY(m_fixture->relay()->pipeline()->isIdle());
    verifyAnswers(1, 9);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_fixture->model().count(), 9);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 9);
    QVERIFY2(m_peakInMemory <= 5, qPrintable(QString::number(m_peakInMemory)));
}

void TestQueueCap::restartResumesAManyJobBacklogInPages()
{
    // A first run takes 30 messages of three conversations and stops without answering any.
    m_fixture->config.model.maxParallel = 1;
    m_fixture->model().hold();
    startRelay();
    sendBurst(3, 10);
    QTRY_COMPARE(m_fixture->model().count(), 1);
    m_fixture->stop();
    m_fixture->model().release(); // to a connection that is gone
    m_fixture->model().clear();
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'received'"_s).toInt(), 30);
    // The first question of each conversation had been answered, its delivery not begun:
    // jobs 1-3 are 'replying' with their stored reply.
    QCOMPARE(m_fixture->exec(u"UPDATE jobs SET state = 'replying', "
                             "reply = 'Answer to: c' || id || '-q1' WHERE id <= 3"_s),
             3);

    TestLog::clear();
    startRelay();
    // Read back like a burst's overflow: five in memory, the rest still in the database.
    Pipeline *pipeline = m_fixture->relay()->pipeline();
    QCOMPARE(pipeline->queued(), 30);
    QCOMPARE(pipeline->inMemory(), 5);
    QCOMPARE(pipeline->spilled(), 25);
    QVERIFY(TestLog::contains(u"resuming 30 unfinished job(s)"_s));
    watchMemory();

    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 30, 30000);
    QTRY_COMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 30);
    QTRY_VERIFY(pipeline->isIdle());
    verifyAnswers(3, 10);
    // The replying jobs went out with the reply they had; only the others asked the model.
    const QStringList asked = askedQuestions();
    QCOMPARE(asked.size(), 27);
    QCOMPARE(QSet<QString>(asked.cbegin(), asked.cend()).size(), 27);
    for (int c = 1; c <= 3; ++c)
        QVERIFY(!asked.contains(question(c, 1)));
    QVERIFY2(m_peakInMemory <= 5, qPrintable(QString::number(m_peakInMemory)));
}

void TestQueueCap::drainAnswersJobsWaitingInTheDatabase()
{
    // On shutdown, jobs waiting in the database are work in hand too: the relay does not stop
    // as idle while they wait, and answers them within relay/drain_seconds.
    m_fixture->config.relay.maxQueuedJobs = 3;
    m_fixture->config.model.maxParallel = 1;
    m_fixture->model().hold();
    startRelay();
    sendBurst(2, 5);
    QTRY_COMPARE(m_fixture->model().count(), 1);
    QVERIFY(m_fixture->relay()->pipeline()->spilled() >= 6);

    QSignalSpy stopped(m_fixture->relay(), &Relay::stopped);
    m_fixture->relay()->shutdown();
    QVERIFY(TestLog::contains(u"finishing 10 job(s) before stopping"_s));
    QCoreApplication::processEvents();
    QCOMPARE(stopped.count(), 0);
    m_fixture->model().release();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 30000);
    QCOMPARE(m_fixture->sink().count(), 10);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'done'"_s).toInt(), 10);
    QVERIFY(!TestLog::contains(u"unfinished; they resume at the next start"_s));
    verifyAnswers(2, 5);
}

void TestQueueCap::drainDeadlineStartsNoWaitingJob()
{
    // At the deadline the call in flight is cancelled; that finishes its job, and the jobs
    // waiting behind it must not start then: the relay has stopped, they resume next time.
    m_fixture->config.relay.drainSeconds = 1;
    m_fixture->config.model.maxParallel = 1;
    m_fixture->model().hold();
    startRelay();
    sendBurst(2, 2);
    QTRY_COMPARE(m_fixture->model().count(), 1);

    QSignalSpy stopped(m_fixture->relay(), &Relay::stopped);
    QSignalSpy finished(m_fixture->relay()->pipeline(), &Pipeline::jobFinished);
    m_fixture->relay()->shutdown();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 10000);
    QTRY_COMPARE(finished.count(), 1); // the cancelled one, undelivered
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QVERIFY(TestLog::contains(u"stopping with 4 job(s) unfinished"_s));
    // Whatever the cancelled job's end scheduled (a zero timer) has run after this.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(m_fixture->relay()->pipeline()->active(), 0);
    QCOMPARE(m_fixture->model().count(), 1);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM jobs WHERE state = 'received'"_s).toInt(), 4);
}

QTEST_GUILESS_MAIN(TestQueueCap)
#include "tst_queuecap.moc"
