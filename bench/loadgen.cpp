// loadgen: load test of the real dingrelay binary (throughput, latency, losses, peak RSS).
//
// Layout of one run, all traffic on 127.0.0.1:
// - main thread of this process: LoadSender, C keep-alive connections to /dingtalk/bench;
// - "fakes" thread of this process: ModelFake (chat completions) and SinkFake (sessionWebhook);
// - a child process: the real `dingrelay --headless --config <temp>/dingrelay.ini`.
// The fakes run in a QThread with their own event loop rather than in a third process: they
// then share the sender's monotonic clock (delivery time minus send time needs no clock
// translation) and their records are read directly once the thread has stopped, with no IPC
// to write or to perturb the measurement. The relay still runs alone in its own process, so
// its peak RSS and CPU time are its own.
#include "BenchClock.h"
#include "BenchFakes.h"
#include "LoadSender.h"

#include "dingtalk/Signature.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int kDrainSeconds = 10;       // relay/drain_seconds written to the config
constexpr int kDuplicateGraceMs = 1000; // after the last expected delivery, for late repeats
constexpr int kStartupSeconds = 30;     // for the relay to answer /healthz

struct Options
{
    QString binary;
    int messages = 10000;
    int connections = 50;
    int conversations = 200;
    int modelLatencyMs = 0;
    int maxParallel = 64;
    int maxQueuedJobs = 0; // 0: the relay's default
    int modelTimeoutSeconds = 120;
    int settleSeconds = 30;
    int timeoutSeconds = 300;
    double rate = 0; // callbacks a second; 0: as fast as the connections go
    QString jsonFile;
    QString relayLog;
};

void say(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void warn(const QString &text)
{
    const QByteArray bytes = "loadgen: " + text.toUtf8() + '\n';
    std::fputs(bytes.constData(), stderr);
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Load generator for dingrelay: sends signed DingTalk callbacks to a real relay on "
        u"127.0.0.1, with a fake model API and a fake sessionWebhook, and reports the figures."_s);
    p.addHelpOption();
    const QCommandLineOption binary(u"binary"_s, u"The dingrelay binary to run."_s, u"path"_s,
                                    QStringLiteral(DINGRELAY_BINARY));
    const QCommandLineOption messages(u"messages"_s, u"Callbacks to send (10000)."_s, u"n"_s,
                                      u"10000"_s);
    const QCommandLineOption connections(
        u"connections"_s, u"Keep-alive connections to the relay (50)."_s, u"n"_s, u"50"_s);
    const QCommandLineOption conversations(u"conversations"_s, u"Distinct conversationIds (200)."_s,
                                           u"n"_s, u"200"_s);
    const QCommandLineOption latency(u"model-latency-ms"_s,
                                     u"The fake model's answer time in ms (0)."_s, u"ms"_s, u"0"_s);
    const QCommandLineOption parallel(
        u"max-parallel"_s, u"model/max_parallel in the relay's config (64)."_s, u"n"_s, u"64"_s);
    const QCommandLineOption settle(
        u"settle-seconds"_s,
        u"After the last acknowledgement, how long answers may take to arrive (30)."_s, u"s"_s,
        u"30"_s);
    const QCommandLineOption timeout(u"timeout-seconds"_s,
                                     u"Global deadline for sending and settling (300)."_s, u"s"_s,
                                     u"300"_s);
    const QCommandLineOption rate(
        u"rate"_s,
        u"Pace the sends at <n> callbacks a second (0: as fast as the connections allow)."_s,
        u"n"_s, u"0"_s);
    const QCommandLineOption json(u"json"_s, u"Also write the figures to <file> as JSON."_s,
                                  u"file"_s);
    const QCommandLineOption relayLog(
        u"relay-log"_s,
        u"Save the relay's stderr/stdout to <file> (default: in the run's temp dir, kept "
        u"when the run fails)."_s,
        u"file"_s);
    const QCommandLineOption queued(
        u"max-queued-jobs"_s,
        u"relay/max_queued_jobs in the relay's config (0: not written, the relay's default)."_s,
        u"n"_s, u"0"_s);
    const QCommandLineOption modelTimeout(u"model-timeout-seconds"_s,
                                          u"model/timeout_seconds in the relay's config (120)."_s,
                                          u"s"_s, u"120"_s);
    p.addOptions({binary, messages, connections, conversations, latency, parallel, queued,
                  modelTimeout, settle, timeout, rate, json, relayLog});
    p.process(app);

    Options o;
    bool good = true;
    auto number = [&](const QCommandLineOption &option, int min, int max) {
        bool ok = false;
        const int v = p.value(option).toInt(&ok);
        if (!ok || v < min || v > max) {
            warn(u"--%1 must be a whole number from %2 to %3"_s.arg(option.names().constFirst())
                     .arg(min)
                     .arg(max));
            good = false;
        }
        return v;
    };
    o.binary = p.value(binary);
    o.messages = number(messages, 1, 3000000); // one sign a millisecond, within 3600 s
    o.connections = number(connections, 1, 1000);
    o.conversations = number(conversations, 1, 1000000);
    o.modelLatencyMs = number(latency, 0, 600000);
    o.maxParallel = number(parallel, 1, 256);
    o.maxQueuedJobs = number(queued, 0, 1000000);
    o.modelTimeoutSeconds = number(modelTimeout, 1, 3600);
    o.settleSeconds = number(settle, 0, 3600);
    o.timeoutSeconds = number(timeout, 1, 24 * 3600);
    bool rateOk = false;
    o.rate = p.value(rate).toDouble(&rateOk);
    if (!rateOk || o.rate < 0 || o.rate > 1e6) {
        warn(u"--rate must be a number from 0 to 1000000"_s);
        good = false;
    }
    o.jsonFile = p.value(json);
    o.relayLog = p.value(relayLog);
    if (!good)
        return std::nullopt;
    return o;
}

// ---- machine and process facts ----------------------------------------------------------

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString procField(const QByteArray &text, const QByteArray &key)
{
    // "Key: value" in /proc/*/status and /proc/meminfo, "key\t: value" in /proc/cpuinfo.
    for (const QByteArray &line : text.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed() == key)
            return QString::fromUtf8(line.mid(colon + 1).trimmed());
    }
    return {};
}

QString cpuModel()
{
    return procField(readAll(u"/proc/cpuinfo"_s), "model name");
}

qint64 memTotalKb()
{
    return procField(readAll(u"/proc/meminfo"_s), "MemTotal").split(u' ').value(0).toLongLong();
}

QString loadAverage()
{
    return QString::fromUtf8(readAll(u"/proc/loadavg"_s)).section(u' ', 0, 2);
}

// VmHWM / VmRSS of a process, in kB (0 when unreadable).
qint64 procStatusKb(qint64 pid, const QByteArray &key)
{
    return procField(readAll(u"/proc/%1/status"_s.arg(pid)), key).split(u' ').value(0).toLongLong();
}

// User + system CPU seconds a process has used so far.
double procCpuSeconds(qint64 pid)
{
    const QByteArray stat = readAll(u"/proc/%1/stat"_s.arg(pid));
    const qsizetype paren = stat.lastIndexOf(')');
    if (paren < 0)
        return 0;
    // After "pid (comm)": field 3 is the state; utime and stime are fields 14 and 15.
    const QList<QByteArray> fields = stat.mid(paren + 2).split(' ');
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;
}

// Busy and total CPU seconds of the whole machine, all cores (first line of /proc/stat).
struct MachineCpu
{
    double busy = 0, total = 0;
};

MachineCpu machineCpu()
{
    const QList<QByteArray> f =
        readAll(u"/proc/stat"_s).split('\n').value(0).simplified().split(' ');
    MachineCpu m;
    if (f.value(0) != "cpu")
        return m;
    double sum = 0;
    for (qsizetype i = 1; i < std::min<qsizetype>(f.size(), 9);
         ++i) // up to steal; guest is in user
        sum += f.at(i).toDouble();
    const double idle = f.value(4).toDouble() + f.value(5).toDouble(); // idle + iowait
    const double ticks = double(sysconf(_SC_CLK_TCK));
    m.total = sum / ticks;
    m.busy = (sum - idle) / ticks;
    return m;
}

double selfCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

// ---- statistics -------------------------------------------------------------------------

struct Summary
{
    qsizetype n = 0;
    double p50 = 0, p99 = 0, max = 0, mean = 0; // milliseconds
};

Summary summarize(std::vector<double> ms)
{
    Summary s;
    s.n = qsizetype(ms.size());
    if (ms.empty())
        return s;
    std::sort(ms.begin(), ms.end());
    auto rank = [&](double q) { // nearest rank
        const auto i = std::size_t(std::ceil(q * double(ms.size())));
        return ms[std::min(ms.size() - 1, i == 0 ? 0 : i - 1)];
    };
    s.p50 = rank(0.50);
    s.p99 = rank(0.99);
    s.max = ms.back();
    double sum = 0;
    for (double v : ms)
        sum += v;
    s.mean = sum / double(ms.size());
    return s;
}

QJsonObject toJson(const Summary &s)
{
    return QJsonObject{{u"n"_s, double(s.n)},
                       {u"p50_ms"_s, s.p50},
                       {u"p99_ms"_s, s.p99},
                       {u"max_ms"_s, s.max},
                       {u"mean_ms"_s, s.mean}};
}

QString fmt(double v, int decimals = 2)
{
    return QString::number(v, 'f', decimals);
}

QString line(const QString &label, const Summary &s)
{
    return u"  %1 p50 %2 ms   p99 %3 ms   max %4 ms   (n=%5)"_s.arg(label.leftJustified(26))
        .arg(fmt(s.p50, 3))
        .arg(fmt(s.p99, 3))
        .arg(fmt(s.max, 3))
        .arg(s.n);
}

double nsToMs(qint64 ns)
{
    return double(ns) / 1e6;
}

// ---- the relay --------------------------------------------------------------------------

void sleepWithEvents(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// One GET /healthz with a raw socket; the HTTP status, 0 when there is no answer.
int healthStatus(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(500))
        return 0;
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    for (int i = 0; i < 20 && !answer.contains("\r\n"); ++i) {
        if (!socket.waitForReadyRead(100) && socket.state() != QAbstractSocket::ConnectedState)
            break;
        answer += socket.readAll();
    }
    return answer.startsWith("HTTP/1.") ? answer.split(' ').value(1).toInt() : 0;
}

QString tail(const QString &path, int lines)
{
    const QList<QByteArray> all = readAll(path).split('\n');
    QStringList out;
    for (qsizetype i = std::max<qsizetype>(0, all.size() - lines - 1); i < all.size(); ++i)
        out << QString::fromUtf8(all.at(i));
    return out.join(u'\n');
}

struct LogScan
{
    int lines = 0, warnings = 0, errors = 0, fatals = 0;
    QStringList samples; // the first non-info lines
};

// The relay logs "<time> <level> <category>: <message>" per line.
LogScan scanLog(const QString &path)
{
    LogScan s;
    for (const QByteArray &raw : readAll(path).split('\n')) {
        if (raw.isEmpty())
            continue;
        ++s.lines;
        const QByteArray level = raw.split(' ').value(1);
        if (level == "info" || level == "debug")
            continue;
        if (level == "warning")
            ++s.warnings;
        else if (level == "fatal")
            ++s.fatals;
        else
            ++s.errors; // "error" and anything that is not the relay's log format
        if (s.samples.size() < 12)
            s.samples << QString::fromUtf8(raw.left(300));
    }
    return s;
}

struct DbCount
{
    bool ok = false;
    QString error;
    qint64 jobs = 0;
    QJsonObject byState;
};

DbCount countJobs(const QString &dbFile)
{
    DbCount c;
    const QString name = u"loadgen-check"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(dbFile);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!QFileInfo::exists(dbFile) || !db.open()) {
            c.error = u"cannot open %1"_s.arg(dbFile);
        } else {
            QSqlQuery q(db);
            if (q.exec(u"SELECT state, COUNT(*) FROM jobs GROUP BY state"_s)) {
                c.ok = true;
                while (q.next()) {
                    c.byState.insert(q.value(0).toString(), double(q.value(1).toLongLong()));
                    c.jobs += q.value(1).toLongLong();
                }
            } else {
                c.error = u"cannot count jobs in %1"_s.arg(dbFile);
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return c;
}

QByteArray callbackBody(const MsgIds &ids, int index, int conversations, const QString &webhook,
                        qint64 nowMs)
{
    const int k = index % conversations;
    const QString msgId = ids.make(index);
    const QString user = QString(u"bench-user-"_s + QString::number(k));
    const QJsonObject o{
        {u"msgtype"_s, u"text"_s},
        {u"text"_s, QJsonObject{{u"content"_s, QString(u"bench question "_s + msgId)}}},
        {u"msgId"_s, msgId},
        {u"createAt"_s, double(nowMs)},
        {u"conversationType"_s, u"1"_s},
        {u"conversationId"_s, QString(u"cid-bench-"_s + QString::number(k))},
        {u"conversationTitle"_s, QString()},
        {u"senderId"_s, QString(u"$:LWCP_v1:$"_s + user)},
        {u"senderNick"_s, user},
        {u"senderStaffId"_s, QString(u"staff-"_s + user)},
        {u"senderCorpId"_s, u"ding-corp"_s},
        {u"chatbotCorpId"_s, u"ding-corp"_s},
        {u"chatbotUserId"_s, u"$:LWCP_v1:$bot"_s},
        {u"robotCode"_s, u"dingbot-bench"_s},
        {u"isAdmin"_s, false},
        {u"isInAtList"_s, true},
        {u"sessionWebhook"_s, webhook},
        {u"sessionWebhookExpiredTime"_s, double(nowMs + 90 * 60 * 1000)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// ---- one run ----------------------------------------------------------------------------

int run(const Options &opt)
{
    const qint64 startNs = BenchClock::nowNs();
    const qint64 deadlineNs = startNs + qint64(opt.timeoutSeconds) * 1000000000LL;
    const QString loadBefore = loadAverage();

    if (!QFileInfo(opt.binary).isExecutable()) {
        warn(u"%1 is not an executable: build dingrelay or pass --binary"_s.arg(opt.binary));
        return 2;
    }
    QTemporaryDir temp(QDir::tempPath() + u"/dingrelay-loadgen-XXXXXX"_s);
    if (!temp.isValid()) {
        warn(u"cannot create a temporary directory"_s);
        return 2;
    }
    const QString tag =
        QString::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, u'0');
    const MsgIds ids(tag, opt.messages);
    const QByteArray apiKey = "bench-model-key-" + tag.toLatin1();
    const QByteArray appSecret = "bench-app-secret-" + tag.toLatin1();

    // -- fakes, in their own thread
    QThread fakesThread;
    fakesThread.setObjectName(u"fakes"_s);
    QObject home; // lives in the fakes' thread; the fakes are created and deleted there
    home.moveToThread(&fakesThread);
    fakesThread.start();
    ModelFake *model = nullptr;
    SinkFake *sink = nullptr;
    quint16 modelPort = 0, sinkPort = 0;
    QMetaObject::invokeMethod(
        &home,
        [&] {
            model = new ModelFake(ids, opt.modelLatencyMs, apiKey, &home);
            sink = new SinkFake(ids, &home);
            modelPort = model->start();
            sinkPort = sink->start();
        },
        Qt::BlockingQueuedConnection);
    auto stopFakes = [&] {
        if (!fakesThread.isRunning())
            return;
        fakesThread.quit();
        fakesThread.wait();
    };
    // Deletes the fakes in their thread before it ends (their sockets belong to it).
    auto deleteFakes = [&] {
        if (fakesThread.isRunning())
            QMetaObject::invokeMethod(
                &home,
                [&] {
                    delete model;
                    delete sink;
                    model = nullptr;
                    sink = nullptr;
                },
                Qt::BlockingQueuedConnection);
        stopFakes();
    };
    if (!modelPort || !sinkPort) {
        warn(u"the fakes could not listen on 127.0.0.1"_s);
        deleteFakes();
        return 2;
    }
    const QString webhook =
        u"http://127.0.0.1:%1/robot/sendBySession?session=bench"_s.arg(sinkPort);

    // -- config and relay
    const quint16 relayPort = freeLoopbackPort();
    const QString dataDir = temp.filePath(u"data"_s);
    const QString configFile = temp.filePath(u"dingrelay.ini"_s);
    const QString logFile = opt.relayLog.isEmpty() ? temp.filePath(u"relay.log"_s) : opt.relayLog;
    {
        QFile ini(configFile);
        if (!relayPort || !ini.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            warn(u"cannot pick a relay port or write %1"_s.arg(configFile));
            deleteFakes();
            return 2;
        }
        const QString queuedLine =
            opt.maxQueuedJobs > 0 ? u"max_queued_jobs=%1\n"_s.arg(opt.maxQueuedJobs) : QString();
        const QString text =
            QString(u"[relay]\naddress=127.0.0.1\nport=%1\ndrain_seconds=%2\n"_s + queuedLine +
                    u"[storage]\ndata_dir=%3\n"
                    u"[model]\npreset=custom\nbase_url=http://127.0.0.1:%4/v1\n"
                    u"model=gpt-4o-mini\nmax_parallel=%5\napi_key_required=true\n"
                    u"timeout_seconds=%7\n"
                    u"[dingtalk]\nsession_webhook_prefix=http://127.0.0.1:%6/\n"
                    u"sign_window_seconds=3600\n[robot.bench]\nmode=http\n"_s)
                .arg(relayPort)
                .arg(kDrainSeconds)
                .arg(dataDir)
                .arg(modelPort)
                .arg(opt.maxParallel)
                .arg(sinkPort)
                .arg(opt.modelTimeoutSeconds);
        ini.write(text.toUtf8());
    }

    QProcess relay;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Loopback only: no proxy may take the relay's model and webhook calls elsewhere.
    for (const QString &name : {u"http_proxy"_s, u"https_proxy"_s, u"all_proxy"_s, u"HTTP_PROXY"_s,
                                u"HTTPS_PROXY"_s, u"ALL_PROXY"_s})
        env.remove(name);
    env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, QString::fromLatin1(apiKey));
    env.insert(u"DINGRELAY_SECRET_ROBOT_BENCH_APP_SECRET"_s, QString::fromLatin1(appSecret));
    relay.setProcessEnvironment(env);
    relay.setProcessChannelMode(QProcess::MergedChannels);
    relay.setStandardOutputFile(logFile, QIODevice::Truncate);
    relay.setStandardInputFile(QProcess::nullDevice());
    relay.start(opt.binary, {u"--headless"_s, u"--config"_s, configFile});
    if (!relay.waitForStarted(10000)) {
        warn(u"cannot start %1: %2"_s.arg(opt.binary, relay.errorString()));
        deleteFakes();
        return 2;
    }
    const qint64 pid = relay.processId();
    auto abandon = [&](const QString &why) {
        warn(why);
        warn(u"relay log %1 (last lines):\n%2"_s.arg(logFile, tail(logFile, 15)));
        if (relay.state() != QProcess::NotRunning) {
            relay.kill();
            relay.waitForFinished(5000);
        }
        deleteFakes();
        temp.setAutoRemove(false);
        return 2;
    };

    bool healthy = false;
    const qint64 healthDeadline =
        std::min(deadlineNs, BenchClock::nowNs() + kStartupSeconds * 1000000000LL);
    for (int attempt = 0; attempt < kStartupSeconds * 20 && BenchClock::nowNs() < healthDeadline;
         ++attempt) {
        if (relay.state() == QProcess::NotRunning)
            break;
        if (healthStatus(relayPort) == 200) {
            healthy = true;
            break;
        }
        sleepWithEvents(50);
    }
    if (!healthy)
        return abandon(
            u"the relay did not answer GET /healthz with 200 within %1 s"_s.arg(kStartupSeconds));

    // -- prepare every request before the clock starts
    // A sign carries one message (README "Prefer Stream mode"), as DingTalk's do: each callback
    // is signed one millisecond before the one after it, all within the bench's sign window.
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    const QByteArray head =
        "POST /dingtalk/bench HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(relayPort) +
        "\r\nContent-Type: application/json\r\n";
    QList<QByteArray> requests;
    requests.reserve(opt.messages);
    for (int i = 0; i < opt.messages; ++i) {
        const qint64 signedAt = startedAt - opt.messages + 1 + i;
        const QByteArray body = callbackBody(ids, i, opt.conversations, webhook, signedAt);
        requests << head + "timestamp: " + QByteArray::number(signedAt) +
                        "\r\nsign: " + Signature::sign(signedAt, appSecret) +
                        "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
                        body;
    }

    say(u"loadgen: relay pid %1 on 127.0.0.1:%2, model fake :%3 (latency %4 ms), sink :%5"_s
            .arg(pid)
            .arg(relayPort)
            .arg(modelPort)
            .arg(opt.modelLatencyMs)
            .arg(sinkPort));
    say(u"loadgen: sending %1 callbacks over %2 connections, %3 conversations"_s.arg(opt.messages)
            .arg(opt.connections)
            .arg(opt.conversations));

    // -- send
    const double relayCpuBefore = procCpuSeconds(pid);
    const double selfCpuBefore = selfCpuSeconds();
    const MachineCpu machineBefore = machineCpu();
    LoadSender sender(relayPort, std::move(requests), opt.connections, opt.rate, deadlineNs);
    {
        QEventLoop loop;
        QObject::connect(&sender, &LoadSender::finished, &loop, &QEventLoop::quit);
        sender.start();
        if (!sender.isFinished())
            loop.exec();
    }
    const qint64 sendDoneNs = BenchClock::nowNs();

    const auto &sentNs = sender.sentNs();
    const auto &answeredNs = sender.answeredNs();
    const auto &status = sender.status();
    int ok200 = 0, non200 = 0, unanswered = 0;
    qint64 firstSend = 0, lastAck = 0;
    for (int i = 0; i < opt.messages; ++i) {
        if (sentNs[std::size_t(i)] && (!firstSend || sentNs[std::size_t(i)] < firstSend))
            firstSend = sentNs[std::size_t(i)];
        if (status[std::size_t(i)] == 200)
            ++ok200;
        else if (status[std::size_t(i)] != 0)
            ++non200;
        else if (sentNs[std::size_t(i)])
            ++unanswered;
        lastAck = std::max(lastAck, answeredNs[std::size_t(i)]);
    }
    const int notSent = opt.messages - sender.sent();
    say(u"loadgen: sending done in %1 s: %2 acknowledged with 200; settling (at most %3 s)"_s
            .arg(fmt(nsToMs(sendDoneNs - startNs) / 1000.0, 1))
            .arg(ok200)
            .arg(opt.settleSeconds));

    // -- settle: wait for every acknowledged message to be answered at the sink
    const qint64 settleDeadline = std::min(
        deadlineNs, std::max(lastAck, sendDoneNs) + qint64(opt.settleSeconds) * 1000000000LL);
    bool allDelivered = false;
    for (qint64 polls = 0; polls < qint64(opt.timeoutSeconds) * 50 + 50; ++polls) {
        if (sink->deliveredOnce() >= ok200) {
            allDelivered = true;
            break;
        }
        if (BenchClock::nowNs() >= settleDeadline || relay.state() == QProcess::NotRunning)
            break;
        sleepWithEvents(20);
    }
    const qint64 settledNs = BenchClock::nowNs();
    if (allDelivered)
        sleepWithEvents(kDuplicateGraceMs);

    // -- memory and CPU, then SIGTERM
    const bool aliveBeforeTerm = relay.state() != QProcess::NotRunning;
    const qint64 hwmKb = procStatusKb(pid, "VmHWM");
    const qint64 rssKb = procStatusKb(pid, "VmRSS");
    const double relayCpu = procCpuSeconds(pid) - relayCpuBefore;
    const double selfCpu = selfCpuSeconds() - selfCpuBefore;
    const MachineCpu machineAfter = machineCpu();
    const double machineBusy = machineAfter.busy - machineBefore.busy;
    const double machineTotal = machineAfter.total - machineBefore.total;
    const double othersCpu = std::max(0.0, machineBusy - relayCpu - selfCpu);
    const QString loadAfter = loadAverage();
    QElapsedTimer stopTimer;
    stopTimer.start();
    bool exitedInTime = true;
    if (aliveBeforeTerm) {
        relay.terminate(); // SIGTERM
        exitedInTime = relay.waitForFinished((kDrainSeconds + 10) * 1000);
        if (!exitedInTime) {
            relay.kill();
            relay.waitForFinished(5000);
        }
    }
    const qint64 stopMs = stopTimer.elapsed();
    const bool exitedZero = aliveBeforeTerm && exitedInTime &&
                            relay.exitStatus() == QProcess::NormalExit && relay.exitCode() == 0;

    // -- results from the fakes, copied in their thread; then they are deleted there
    std::vector<ModelRecord> modelRecords;
    std::vector<qint64> firstDelivery;
    std::vector<int> deliveries;
    int modelRequests = 0, modelUnmatched = 0, modelBadAuth = 0, modelAbandoned = 0, modelPeak = 0,
        sinkRequests = 0, sinkUnmatched = 0;
    QStringList sinkSamples;
    QMetaObject::invokeMethod(
        &home,
        [&] {
            modelRecords = model->records();
            modelRequests = model->requests();
            modelUnmatched = model->unmatched();
            modelBadAuth = model->badAuth();
            modelAbandoned = model->abandoned();
            modelPeak = model->peakInFlight();
            firstDelivery = sink->firstDeliveryNs();
            deliveries = sink->deliveries();
            sinkRequests = sink->requests();
            sinkUnmatched = sink->unmatched();
            sinkSamples = sink->unmatchedSamples();
        },
        Qt::BlockingQueuedConnection);
    deleteFakes();

    // Lost: acknowledged, and no answer had arrived when settling ended (an answer the relay
    // still sends while it drains after SIGTERM is counted as late, and still as lost).
    int lost = 0, late = 0, twice = 0, deliveredAcked = 0, withoutModel = 0;
    QStringList lostSamples, twiceSamples;
    std::vector<double> ackMs, endToEndMs, addedMs, preModelMs, postModelMs, modelMs;
    qint64 lastDelivery = 0;
    for (int i = 0; i < opt.messages; ++i) {
        const auto u = std::size_t(i);
        if (status[u] == 200)
            ackMs.push_back(nsToMs(answeredNs[u] - sentNs[u]));
        if (deliveries[u] > 1) {
            ++twice;
            if (twiceSamples.size() < 5)
                twiceSamples << ids.make(i) + u" x"_s + QString::number(deliveries[u]);
        }
        if (deliveries[u] > 0 && firstDelivery[u] <= settledNs)
            lastDelivery = std::max(lastDelivery, firstDelivery[u]);
        if (status[u] != 200)
            continue;
        if (deliveries[u] == 0 || firstDelivery[u] > settledNs) {
            ++lost;
            if (deliveries[u] > 0)
                ++late;
            if (lostSamples.size() < 5)
                lostSamples << ids.make(i);
            continue;
        }
        ++deliveredAcked;
        const ModelRecord &m = modelRecords[u];
        const qint64 e2e = firstDelivery[u] - sentNs[u];
        endToEndMs.push_back(nsToMs(e2e));
        if (m.requests == 0) {
            ++withoutModel;
            continue;
        }
        modelMs.push_back(nsToMs(m.serviceNs));
        addedMs.push_back(nsToMs(e2e - m.serviceNs));
        preModelMs.push_back(nsToMs(m.firstArrivalNs - sentNs[u]));
        if (m.lastAnsweredNs)
            postModelMs.push_back(nsToMs(firstDelivery[u] - m.lastAnsweredNs));
    }
    const Summary ack = summarize(ackMs), e2e = summarize(endToEndMs), added = summarize(addedMs),
                  pre = summarize(preModelMs), post = summarize(postModelMs),
                  modelTime = summarize(modelMs);
    const double ackWindowS = lastAck > firstSend ? nsToMs(lastAck - firstSend) / 1000.0 : 0;
    const double ackRate = ackWindowS > 0 ? ok200 / ackWindowS : 0;
    const double deliverWindowS =
        lastDelivery > firstSend ? nsToMs(lastDelivery - firstSend) / 1000.0 : 0;
    const double deliverRate = deliverWindowS > 0 ? deliveredAcked / deliverWindowS : 0;

    const DbCount db = countJobs(QDir(dataDir).filePath(u"dingrelay.sqlite3"_s));
    const LogScan log = scanLog(logFile);

    // -- verdicts
    const bool pass = lost == 0 && twice == 0 && non200 == 0 && unanswered == 0 && notSent == 0 &&
                      exitedZero && aliveBeforeTerm;
    struct Aim
    {
        QString name;
        QString measured;
        bool met;
    };
    const bool persistedAll = db.ok && db.jobs == ok200;
    const QList<Aim> aims{
        {u"5000 callbacks/s acknowledged, every one persisted"_s,
         u"%1/s, %2 of %3 in the database"_s.arg(fmt(ackRate, 0)).arg(db.jobs).arg(ok200),
         ackRate >= 5000 && persistedAll},
        {u"ack p99 < 10 ms"_s, fmt(ack.p99, 2) + u" ms"_s, ack.n > 0 && ack.p99 < 10},
        {u"added latency p99 < 5 ms"_s, fmt(added.p99, 2) + u" ms"_s, added.n > 0 && added.p99 < 5},
        {u"peak RSS < 40 MB headless"_s, fmt(double(hwmKb) / 1024.0, 1) + u" MB"_s,
         hwmKb > 0 && hwmKb < 40 * 1024},
        {u"none lost"_s, QString::number(lost), lost == 0 && ok200 > 0},
        {u"none answered twice"_s, QString::number(twice), twice == 0},
    };

    // -- report
    QStringList r;
    r << QString() << u"DingRelay load test"_s << u"==================="_s;
    r << u"machine      %1 CPUs (%2), %3 MB RAM; load average before %4, after %5"_s
             .arg(QThread::idealThreadCount())
             .arg(cpuModel())
             .arg(memTotalKb() / 1024)
             .arg(loadBefore, loadAfter);
    r << u"run          %1 messages, %2 connections, %3 conversations, model latency %4 ms, "
         u"max_parallel %5, rate %6, max_queued_jobs %7"_s.arg(opt.messages)
             .arg(opt.connections)
             .arg(opt.conversations)
             .arg(opt.modelLatencyMs)
             .arg(opt.maxParallel)
             .arg(opt.rate > 0 ? fmt(opt.rate, 0) + u"/s"_s : u"unpaced"_s)
             .arg(opt.maxQueuedJobs > 0 ? QString::number(opt.maxQueuedJobs) : u"default"_s);
    r << u"cpu use      from first send to SIGTERM: machine busy %1 of %2 core-seconds; relay %3, "
         u"loadgen (sender + fakes) %4, other processes %5"_s.arg(fmt(machineBusy, 1))
             .arg(fmt(machineTotal, 1))
             .arg(fmt(relayCpu, 1))
             .arg(fmt(selfCpu, 1))
             .arg(fmt(othersCpu, 1));
    r << u"relay        %1 (pid %2)"_s.arg(opt.binary).arg(pid);
    r << QString() << u"Acknowledgements"_s;
    r << u"  sent %1, 200 OK %2, other status %3, no answer %4, not sent %5 (reconnects %6%7)"_s
             .arg(sender.sent())
             .arg(ok200)
             .arg(non200)
             .arg(unanswered)
             .arg(notSent)
             .arg(sender.reconnects())
             .arg(sender.firstError().isEmpty() ? QString()
                                                : u", first error: "_s + sender.firstError());
    if (sender.hitDeadline())
        r << u"  the --timeout-seconds deadline ended the sending"_s;
    r << u"  %1 callbacks/s acknowledged (%2 in %3 s, first send to last ack)"_s
             .arg(fmt(ackRate, 0))
             .arg(ok200)
             .arg(fmt(ackWindowS, 3));
    r << line(u"ack latency"_s, ack);
    r << QString() << u"Answers"_s;
    r << u"  delivered %1 of %2 acknowledged; lost %3 (of which %4 came during the SIGTERM drain); "
         u"answered twice %5; %6 answers/s (first send to last delivery, %7 s)"_s
             .arg(deliveredAcked)
             .arg(ok200)
             .arg(lost)
             .arg(late)
             .arg(twice)
             .arg(fmt(deliverRate, 0))
             .arg(fmt(deliverWindowS, 3));
    if (!lostSamples.isEmpty())
        r << u"  lost e.g.: "_s + lostSamples.join(u", "_s);
    if (!twiceSamples.isEmpty())
        r << u"  twice e.g.: "_s + twiceSamples.join(u", "_s);
    r << line(u"added latency"_s, added);
    r << line(u"  send -> model request"_s, pre);
    r << line(u"  model answer -> webhook"_s, post);
    r << line(u"end to end (send->webhook)"_s, e2e);
    r << line(u"model fake's own time"_s, modelTime);
    r << u"  model fake: %1 requests, peak %2 in flight, %3 without a msgId of this run, %4 bad "
         u"Authorization, %5 abandoned by the relay"_s.arg(modelRequests)
             .arg(modelPeak)
             .arg(modelUnmatched)
             .arg(modelBadAuth)
             .arg(modelAbandoned);
    r << u"  sink: %1 requests, %2 naming no msgId of this run; %3 delivered without a model call"_s
             .arg(sinkRequests)
             .arg(sinkUnmatched)
             .arg(withoutModel);
    for (const QString &s : sinkSamples)
        r << u"    e.g. "_s + s;
    r << QString() << u"Relay process"_s;
    r << u"  peak RSS (VmHWM) %1 MB, RSS before SIGTERM %2 MB, CPU %3 s during the run "
         u"(loadgen itself %4 s)"_s.arg(fmt(double(hwmKb) / 1024.0, 1))
             .arg(fmt(double(rssKb) / 1024.0, 1))
             .arg(fmt(relayCpu, 2))
             .arg(fmt(selfCpu, 2));
    r << u"  SIGTERM: %1 after %2 ms (exit code %3, %4)"_s
             .arg(!aliveBeforeTerm ? u"the relay had already exited"_s
                  : exitedInTime   ? u"exited"_s
                                   : u"did NOT exit, killed"_s)
             .arg(stopMs)
             .arg(relay.exitCode())
             .arg(relay.exitStatus() == QProcess::NormalExit ? u"normal exit"_s : u"crashed"_s);
    r << u"  database: %1"_s.arg(
        db.ok ? u"%1 jobs %2"_s.arg(db.jobs).arg(
                    QString::fromUtf8(QJsonDocument(db.byState).toJson(QJsonDocument::Compact)))
              : db.error);
    r << u"  log %1: %2 lines, %3 warnings, %4 errors, %5 fatal"_s.arg(logFile)
             .arg(log.lines)
             .arg(log.warnings)
             .arg(log.errors)
             .arg(log.fatals);
    for (const QString &s : log.samples)
        r << u"    "_s + s;
    r << QString() << u"Aims"_s;
    for (const Aim &a : aims)
        r << u"  [%1] %2: %3"_s.arg(a.met ? u"met"_s : u"NOT met"_s, a.name, a.measured);
    r << QString()
      << (pass ? u"PASS: every callback acknowledged with 200 and answered exactly once; relay "
                 u"exited 0"_s
               : u"FAIL: see above (lost, duplicated, not acknowledged with 200, or relay exit)"_s);
    say(r.join(u'\n'));

    if (!opt.jsonFile.isEmpty()) {
        QJsonArray aimList;
        for (const Aim &a : aims)
            aimList.append(
                QJsonObject{{u"aim"_s, a.name}, {u"measured"_s, a.measured}, {u"met"_s, a.met}});
        const QJsonObject o{
            {u"machine"_s, QJsonObject{{u"cpus"_s, QThread::idealThreadCount()},
                                       {u"cpu_model"_s, cpuModel()},
                                       {u"mem_total_mb"_s, double(memTotalKb() / 1024)},
                                       {u"load_before"_s, loadBefore},
                                       {u"load_after"_s, loadAfter},
                                       {u"busy_cpu_seconds"_s, machineBusy},
                                       {u"total_cpu_seconds"_s, machineTotal},
                                       {u"other_processes_cpu_seconds"_s, othersCpu}}},
            {u"options"_s, QJsonObject{{u"messages"_s, opt.messages},
                                       {u"connections"_s, opt.connections},
                                       {u"conversations"_s, opt.conversations},
                                       {u"model_latency_ms"_s, opt.modelLatencyMs},
                                       {u"max_parallel"_s, opt.maxParallel},
                                       {u"max_queued_jobs"_s, opt.maxQueuedJobs},
                                       {u"model_timeout_seconds"_s, opt.modelTimeoutSeconds},
                                       {u"settle_seconds"_s, opt.settleSeconds},
                                       {u"timeout_seconds"_s, opt.timeoutSeconds},
                                       {u"rate_per_second"_s, opt.rate}}},
            {u"acks"_s, QJsonObject{{u"sent"_s, sender.sent()},
                                    {u"ok_200"_s, ok200},
                                    {u"other_status"_s, non200},
                                    {u"no_answer"_s, unanswered},
                                    {u"not_sent"_s, notSent},
                                    {u"reconnects"_s, sender.reconnects()},
                                    {u"transport_errors"_s, sender.transportErrors()},
                                    {u"deadline_hit"_s, sender.hitDeadline()},
                                    {u"per_second"_s, ackRate},
                                    {u"window_s"_s, ackWindowS},
                                    {u"latency"_s, toJson(ack)}}},
            {u"answers"_s, QJsonObject{{u"delivered"_s, deliveredAcked},
                                       {u"lost"_s, lost},
                                       {u"lost_but_sent_during_drain"_s, late},
                                       {u"answered_twice"_s, twice},
                                       {u"per_second"_s, deliverRate},
                                       {u"window_s"_s, deliverWindowS},
                                       {u"all_delivered_before_settle_deadline"_s, allDelivered},
                                       {u"settled_after_s"_s, nsToMs(settledNs - startNs) / 1000},
                                       {u"added_latency"_s, toJson(added)},
                                       {u"send_to_model_request"_s, toJson(pre)},
                                       {u"model_answer_to_webhook"_s, toJson(post)},
                                       {u"end_to_end"_s, toJson(e2e)},
                                       {u"model_fake_time"_s, toJson(modelTime)},
                                       {u"delivered_without_model_call"_s, withoutModel}}},
            {u"model_fake"_s, QJsonObject{{u"requests"_s, modelRequests},
                                          {u"peak_in_flight"_s, modelPeak},
                                          {u"unmatched"_s, modelUnmatched},
                                          {u"bad_auth"_s, modelBadAuth},
                                          {u"abandoned"_s, modelAbandoned}}},
            {u"sink"_s,
             QJsonObject{{u"requests"_s, sinkRequests}, {u"unmatched"_s, sinkUnmatched}}},
            {u"relay"_s, QJsonObject{{u"peak_rss_kb"_s, double(hwmKb)},
                                     {u"rss_before_sigterm_kb"_s, double(rssKb)},
                                     {u"cpu_seconds"_s, relayCpu},
                                     {u"loadgen_cpu_seconds"_s, selfCpu},
                                     {u"exited_zero_after_sigterm"_s, exitedZero},
                                     {u"stop_ms"_s, double(stopMs)},
                                     {u"db_jobs"_s, double(db.jobs)},
                                     {u"db_jobs_by_state"_s, db.byState},
                                     {u"log_lines"_s, log.lines},
                                     {u"log_warnings"_s, log.warnings},
                                     {u"log_errors"_s, log.errors + log.fatals}}},
            {u"aims"_s, aimList},
            {u"pass"_s, pass},
        };
        QFile f(opt.jsonFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            f.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0)
            warn(u"cannot write %1"_s.arg(opt.jsonFile));
    }

    if (!pass && opt.relayLog.isEmpty()) {
        temp.setAutoRemove(false); // keep the relay's log and database as evidence
        say(u"loadgen: kept %1 (relay log, config and database) for inspection"_s.arg(temp.path()));
    }
    return pass ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"dingrelay_loadgen"_s);
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;
    return run(*options);
}
