// The dingrelay binary under faults of its HTTP side: out of file descriptors, and the drain
// after SIGTERM or SIGHUP with keep-alive connections open.
#include "FakeHttpServer.h"
#include "RawClient.h"
#include "TestCallbacks.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QString ApiKey = u"sk-faulthttp-key-0123456789abcdef"_s;
const QByteArray RobotSecret = "fault-http-robot-secret";

// The CPU time (user and system) the process has used so far, in seconds.
double cpuSeconds(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // After the command name in parentheses: state is field 3, utime 14 and stime 15.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toLongLong() + fields.value(12).toLongLong()) /
           double(::sysconf(_SC_CLK_TCK));
}

qsizetype openFiles(qint64 pid)
{
    return QDir(u"/proc/%1/fd"_s.arg(pid))
        .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
        .size();
}

// A signed callback as raw bytes, for a connection the test keeps open.
QByteArray callbackRequest(const QJsonObject &message, qint64 timestampMs)
{
    const QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    QByteArray request = "POST /dingtalk/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : signedHeaders(RobotSecret, timestampMs))
        request += name + ": " + value + "\r\n";
    return request + "\r\n" + body;
}
} // namespace

class TestFaultHttp : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void keepsConnectionsWithinTheFileLimit();
    void pausesAcceptingWhenOutOfFiles();
    void drainRefusesCallbacksOnOpenConnections_data();
    void drainRefusesCallbacksOnOpenConnections();

private:
    void startRelay(const QString &relayExtra = {});
    bool waitHealthy() const;
    QUrl url(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
    }
    QJsonObject message(const QString &text, const QString &msgId) const
    {
        return textMessage(text, msgId, m_sink->url(u"/robot/sendBySession"_s));
    }
    qsizetype logLines(const QByteArray &needle) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeHttpServer> m_sink;
    std::unique_ptr<QProcess> m_relay;
    std::function<void()> m_childSetup;
    QByteArray m_log;
    quint16 m_port = 0;
};

void TestFaultHttp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_model = std::make_unique<FakeHttpServer>();
    m_sink = std::make_unique<FakeHttpServer>();
    QVERIFY(m_model->listen() && m_sink->listen());
    m_model->setDefault(canned(200, chatCompletionBody(u"an answer"_s)));
    m_sink->setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
    m_log.clear();
    m_childSetup = nullptr;
}

void TestFaultHttp::cleanup()
{
    // Every sanitizer report of the relay fails the test, but for the vptr check's when no
    // descriptor was left for it (startRelay()).
    const QList<QByteArray> lines = m_log.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!lines[i].contains("runtime error:"))
            continue;
        const bool vptrWithoutDescriptors =
            lines[i].contains("does not point to an object of type") && i + 1 < lines.size() &&
            lines[i + 1].contains("object has invalid vptr");
        QVERIFY2(vptrWithoutDescriptors, lines[i].constData());
    }
    if (QTest::currentTestFailed())
        qInfo().noquote() << u"the relay's log:\n"_s + QString::fromUtf8(m_log);
    if (m_relay && m_relay->state() != QProcess::NotRunning) {
        m_relay->kill();
        m_relay->waitForFinished(5000);
    }
    m_relay.reset();
}

void TestFaultHttp::startRelay(const QString &relayExtra)
{
    m_port = unusedPort();
    const QString path = m_dir->filePath(u"dingrelay.ini"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(
        u"[relay]\naddress=127.0.0.1\nport=%1\ndrain_seconds=10\n%2\n"
        "[storage]\ndata_dir=data\n\n"
        "[model]\npreset=openai\nbase_url=%3\nmodel=gpt-4o-mini\n\n"
        "[dingtalk]\nsession_webhook_prefix=%4\n\n"
        "[robot.default]\nmode=http\n"_s.arg(m_port)
            .arg(relayExtra, m_model->url(u"/v1"_s).toString(), m_sink->url(u"/"_s).toString())
            .toUtf8());
    file.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_dir->path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"share"_s));
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, ApiKey);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, QString::fromUtf8(RobotSecret));
    m_relay = std::make_unique<QProcess>();
    // Under UBSan, the vptr check opens /proc/self/maps on a cache miss: with no descriptor
    // left, as these tests arrange, it takes every object for one with an invalid vptr, and
    // no suppression applies to an object it could not read. So the relay goes on after a
    // report here, and cleanup() fails the test on any report but that one.
    const QString ubsan = env.value(u"UBSAN_OPTIONS"_s);
    env.insert(u"UBSAN_OPTIONS"_s,
               (ubsan.isEmpty() ? QString() : ubsan + u':') + u"halt_on_error=0"_s);
    m_relay->setProcessEnvironment(env);
    if (m_childSetup)
        m_relay->setChildProcessModifier(m_childSetup);
    connect(m_relay.get(), &QProcess::readyReadStandardError, this,
            [this] { m_log += m_relay->readAllStandardError(); });
    m_relay->start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, path});
    QVERIFY(m_relay->waitForStarted());
    QVERIFY2(waitHealthy(), m_log.constData());
}

bool TestFaultHttp::waitHealthy() const
{
    for (int i = 0; i < 100; ++i) {
        if (send("GET", url(u"/healthz"_s), {}, {}, 1000).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

qsizetype TestFaultHttp::logLines(const QByteArray &needle) const
{
    const QList<QByteArray> lines = m_log.split('\n');
    return std::count_if(lines.begin(), lines.end(),
                         [&](const QByteArray &line) { return line.contains(needle); });
}

void TestFaultHttp::keepsConnectionsWithinTheFileLimit()
{
    // Started with a soft limit of 200 files and a hard one of 300: the relay raises the soft
    // limit and keeps max_connections below it, so 400 idle connections never exhaust it:
    // the longest idle make room, and nothing fails to be accepted.
    m_childSetup = [] {
        const rlimit limit{200, 300};
        ::setrlimit(RLIMIT_NOFILE, &limit);
    };
    startRelay(u"max_connections=1000\n"_s);
    const qint64 pid = m_relay->processId();
    // In waves the listen queue takes whole (beyond it, a handshake waits seconds for a
    // retransmission), each answered once before the next: once 220 are open, each new
    // connection closes the longest idle one.
    std::vector<std::unique_ptr<RawClient>> idle;
    const auto closed = [&] {
        return std::count_if(idle.begin(), idle.end(), [](const auto &c) { return c->closed(); });
    };
    const auto settled = [&] {
        return std::all_of(idle.begin(), idle.end(),
                           [](const auto &c) { return c->closed() || c->status() == 200; });
    };
    while (idle.size() < 400) {
        for (int i = 0; i < 25; ++i) {
            idle.push_back(std::make_unique<RawClient>(m_port));
            idle.back()->socket->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
        const auto opened = qsizetype(idle.size());
        QTRY_VERIFY2_WITH_TIMEOUT(
            settled() && closed() >= opened - 220,
            qPrintable(
                u"%1 of %2 closed, %3 files open"_s.arg(closed()).arg(opened).arg(openFiles(pid))),
            10000);
    }
    const double cpuBefore = cpuSeconds(pid);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(send("GET", url(u"/healthz"_s), {}, {}, 2000).status, 200);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QTest::qWait(1000); // the CPU time of an idle second: no event marks "idle"
    QVERIFY2(cpuSeconds(pid) - cpuBefore < 0.3,
             qPrintable(QString::number(cpuSeconds(pid) - cpuBefore)));
    QVERIFY2(logLines("cannot accept") + logLines("could not accept") == 0, m_log.constData());
    QVERIFY2(m_log.contains("relay/max_connections lowered from 1000 to 220: the process may "
                            "open 300 files"),
             m_log.constData());
}

void TestFaultHttp::pausesAcceptingWhenOutOfFiles()
{
    // Something else takes the file descriptors (here: a lower limit set from outside while
    // it runs, as `prlimit --pid` would): accept() fails with EMFILE. The relay pauses
    // accepting instead of spinning, says so once, lets the longest idle connection make
    // room, and takes callbacks again once descriptors are free.
    startRelay();
    const qint64 pid = m_relay->processId();
    const rlimit low{rlim_t(openFiles(pid) + 15), 20000};
    QVERIFY2(::prlimit(pid_t(pid), RLIMIT_NOFILE, &low, nullptr) == 0, strerror(errno));
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 80; ++i)
        idle.push_back(std::make_unique<RawClient>(m_port));
    // About 15 stay open (the relay opens a file or two of its own meanwhile): the rest make
    // room for the next, one by one.
    const auto closed = [&] {
        return std::count_if(idle.begin(), idle.end(), [](const auto &c) { return c->closed(); });
    };
    const double cpuAtStart = cpuSeconds(pid);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY2_WITH_TIMEOUT(
        closed() >= 80 - 25,
        qPrintable(u"%1 closed; the relay used %2 s of CPU in %3 s"_s.arg(closed())
                       .arg(cpuSeconds(pid) - cpuAtStart)
                       .arg(clock.elapsed() / 1000.0)),
        15000);
    QVERIFY2(m_log.contains("cannot accept connections"), m_log.constData());
    const double before = cpuSeconds(pid);
    QTest::qWait(1000); // the CPU time of a second with the connections waiting
    QVERIFY2(cpuSeconds(pid) - before < 0.3, qPrintable(QString::number(cpuSeconds(pid) - before)));
    // A new connection is served: the longest idle one makes room.
    QCOMPARE(send("GET", url(u"/healthz"_s), {}, {}, 3000).status, 200);

    idle.clear(); // the crowd goes: descriptors are free for the model call and the delivery
    QCOMPARE(
        postCallback(url(u"/dingtalk/default"_s), RobotSecret, message(u"hi"_s, u"m1"_s)).status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_log.contains("accepting connections again"), 10000);
    // One line for the whole shortage (however many accept() calls failed), one at its end.
    const qsizetype failures = logLines("cannot accept") + logLines("could not accept");
    QVERIFY2(failures == 1, m_log.constData());
    ::kill(pid_t(pid), SIGTERM);
    QTRY_COMPARE_WITH_TIMEOUT(m_relay->state(), QProcess::NotRunning, 15000);
    QCOMPARE(m_relay->exitCode(), 0);
}

void TestFaultHttp::drainRefusesCallbacksOnOpenConnections_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QByteArray>("logged");
    QTest::newRow("SIGTERM") << int(SIGTERM) << QByteArray("SIGTERM received: stopping");
    QTest::newRow("SIGHUP") << int(SIGHUP) << QByteArray("SIGHUP received: stopping");
}

void TestFaultHttp::drainRefusesCallbacksOnOpenConnections()
{
    QFETCH(int, signalNumber);
    QFETCH(QByteArray, logged);
    m_model->hold(); // the first answer is in hand while the relay drains
    startRelay();
    const qint64 pid = m_relay->processId();
    RawClient keptAlive(m_port);
    RawClient idle(m_port);
    for (RawClient *client : {&keptAlive, &idle}) {
        QTRY_VERIFY(client->connected());
        client->socket->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE(client->status(), 200);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    keptAlive.socket->write(callbackRequest(message(u"first"_s, u"m1"_s), now));
    QTRY_COMPARE(keptAlive.count("HTTP/1.1 200 "), 2);
    QTRY_COMPARE(m_model->count(), 1);

    ::kill(pid_t(pid), signalNumber);
    QTRY_VERIFY2_WITH_TIMEOUT(m_log.contains("received: stopping"), m_log.constData(), 5000);
    // A callback on the open keep-alive connection: not taken, 503, and the connection closes,
    // so DingTalk sends it again (to another instance, or after the restart). Any other
    // request the same.
    keptAlive.socket->write(callbackRequest(message(u"second"_s, u"m2"_s), now + 1));
    idle.socket->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    for (RawClient *client : {&keptAlive, &idle}) {
        QTRY_VERIFY_WITH_TIMEOUT(client->closed(), 5000);
        const QByteArray last = client->received.mid(client->received.lastIndexOf("HTTP/1.1 "));
        QVERIFY2(last.startsWith("HTTP/1.1 503 "), client->received.constData());
        QVERIFY(last.toLower().contains("\r\nconnection: close\r\n")); // 6.8: lower case
    }
    // New connections are refused.
    QCOMPARE(send("GET", url(u"/healthz"_s), {}, {}, 2000).status, 0);

    // The answer in hand still goes out, then the relay exits.
    QCOMPARE(m_relay->state(), QProcess::Running);
    m_model->release();
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->count(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_relay->state(), QProcess::NotRunning, 15000);
    QCOMPARE(m_relay->exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_relay->exitCode(), 0);
    QCOMPARE(m_model->count(), 1); // the second message never reached the model
    QCOMPARE(m_sink->count(), 1);
    QVERIFY2(m_log.contains(logged), m_log.constData());
}

QTEST_GUILESS_MAIN(TestFaultHttp)
#include "tst_fault_http.moc"
