// crashtest: kill -9 the real relay in the middle of a load, restart it, and count what was
// lost or answered twice.
//
// 1. The fakes (model, sessionWebhook sink) run in a thread of this process, as in loadgen.
// 2. --messages signed callbacks go to the relay over --connections keep-alive connections;
//    after --crash-after of them are acknowledged the relay gets SIGKILL.
// 3. The database is read as the crash left it: the parts whose send was in flight
//    ('sending') are the only answers that may arrive twice.
// 4. The relay starts again on the same data. Every callback not acknowledged with 200 is sent
//    again, as DingTalk would (a message that was stored before the kill is recognised by
//    its msgId and not answered again).
// 5. Settles until every acknowledged message has reached the sink, then SIGTERM.
// Pass: none lost, none twice beyond the sends in flight at the crash, the relay exits 0.
#include "BenchClock.h"
#include "BenchFakes.h"
#include "LoadSender.h"
#include "RelayProcess.h"

#include "dingtalk/Signature.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Options
{
    QString binary;
    int messages = 10000;
    int connections = 50;
    int conversations = 200;
    int modelLatencyMs = 0;
    int crashAfter = 5000;
    int settleSeconds = 120;
    QString jsonFile;
};

void say(const QString &text)
{
    std::fputs((text + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QByteArray callbackBody(const MsgIds &ids, int index, int conversations, const QString &webhook,
                        qint64 nowMs)
{
    const int k = index % conversations;
    const QString user = QString(u"crash-user-"_s + QString::number(k));
    return QJsonDocument(QJsonObject{
                             {u"msgtype"_s, u"text"_s},
                             {u"text"_s, QJsonObject{{u"content"_s, QString(u"crash question "_s +
                                                                            ids.make(index))}}},
                             {u"msgId"_s, ids.make(index)},
                             {u"createAt"_s, double(nowMs)},
                             {u"conversationType"_s, u"1"_s},
                             {u"conversationId"_s, QString(u"cid-crash-"_s + QString::number(k))},
                             {u"senderId"_s, QString(u"$:LWCP_v1:$"_s + user)},
                             {u"senderNick"_s, user},
                             {u"senderStaffId"_s, QString(u"staff-"_s + user)},
                             {u"sessionWebhook"_s, webhook},
                             {u"sessionWebhookExpiredTime"_s, double(nowMs + 90 * 60 * 1000)},
                         })
        .toJson(QJsonDocument::Compact);
}

// What the crash left in the database: jobs by state and the sends in flight.
struct CrashState
{
    QJsonObject jobs;
    int sending = 0;
};

CrashState readCrashState(const QString &file)
{
    CrashState s;
    {
        // Read-write: opening runs the WAL recovery the restarted relay would run.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"crash-state"_s);
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT state, COUNT(*) FROM jobs GROUP BY state"_s)) {
                while (q.next())
                    s.jobs.insert(q.value(0).toString(), q.value(1).toInt());
            }
            if (q.exec(u"SELECT COUNT(*) FROM parts WHERE state = 'sending'"_s) && q.next())
                s.sending = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(u"crash-state"_s);
    return s;
}

int countInFile(const QString &path, const QByteArray &needle)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? int(f.readAll().count(needle)) : 0;
}

// Sends requests[i] for every i in which, waits until done; marks acks[i] on a 200.
void sendAll(quint16 port, const QList<QByteArray> &requests, const QList<int> &which,
             int connections, std::vector<bool> &acks, const std::function<void()> &onProgress)
{
    QList<QByteArray> batch;
    for (int i : which)
        batch << requests.at(i);
    LoadSender sender(port, batch, connections, 0,
                      BenchClock::nowNs() + 600LL * 1000 * 1000 * 1000);
    QTimer progress;
    if (onProgress) {
        QObject::connect(&progress, &QTimer::timeout, &sender, [&] {
            for (qsizetype k = 0; k < which.size(); ++k) {
                if (sender.status()[std::size_t(k)] == 200)
                    acks[std::size_t(which.at(k))] = true;
            }
            onProgress();
        });
        progress.start(2);
    }
    QEventLoop loop;
    QObject::connect(&sender, &LoadSender::finished, &loop, &QEventLoop::quit);
    sender.start();
    if (!sender.isFinished())
        loop.exec();
    for (qsizetype k = 0; k < which.size(); ++k) {
        if (sender.status()[std::size_t(k)] == 200)
            acks[std::size_t(which.at(k))] = true;
    }
}

int run(const Options &opt)
{
    QTemporaryDir temp(QDir::tempPath() + u"/dingrelay-crashtest-XXXXXX"_s);
    if (!temp.isValid())
        return 2;
    const QString tag =
        QString::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, u'0');
    const MsgIds ids(tag, opt.messages);
    const QByteArray apiKey = "crash-model-key-" + tag.toLatin1();
    const QByteArray appSecret = "crash-app-secret-" + tag.toLatin1();

    QThread fakesThread;
    QObject home;
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
    std::vector<int> deliveries;
    auto stopFakes = [&] {
        if (!fakesThread.isRunning())
            return;
        QMetaObject::invokeMethod(
            &home,
            [&] {
                deliveries = sink->deliveries();
                delete model;
                delete sink;
            },
            Qt::BlockingQueuedConnection);
        fakesThread.quit();
        fakesThread.wait();
    };

    RelayProcess relay(
        {opt.binary, temp.path(), freePort(), modelPort, sinkPort, 64, apiKey, appSecret});
    QString error;
    if (!modelPort || !sinkPort || !relay.start(&error)) {
        say(u"crashtest: cannot start: "_s + error);
        stopFakes();
        temp.setAutoRemove(false);
        return 2;
    }
    // A sign carries one message: each callback is signed a millisecond before the next.
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    const QString webhook =
        u"http://127.0.0.1:%1/robot/sendBySession?session=crash"_s.arg(sinkPort);
    QList<QByteArray> requests;
    for (int i = 0; i < opt.messages; ++i) {
        const qint64 signedAt = startedAt - opt.messages + 1 + i;
        const QByteArray body = callbackBody(ids, i, opt.conversations, webhook, signedAt);
        requests << "POST /dingtalk/bench HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\ntimestamp: " +
                        QByteArray::number(signedAt) +
                        "\r\nsign: " + Signature::sign(signedAt, appSecret) +
                        "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
                        body;
    }
    QList<int> all;
    for (int i = 0; i < opt.messages; ++i)
        all << i;

    // -- phase 1: load, and SIGKILL after crashAfter acknowledgements
    std::vector<bool> acked(std::size_t(opt.messages), false);
    bool killed = false;
    const qint64 startNs = BenchClock::nowNs();
    sendAll(relay.port(), requests, all, opt.connections, acked, [&] {
        if (killed)
            return;
        if (std::count(acked.begin(), acked.end(), true) >= opt.crashAfter) {
            relay.kill9();
            killed = true;
        }
    });
    if (!killed)
        relay.kill9();
    const int ackedBeforeCrash = int(std::count(acked.begin(), acked.end(), true));
    const CrashState crash = readCrashState(QDir(relay.dataDir()).filePath(u"dingrelay.sqlite3"_s));
    int deliveredBeforeCrash = 0;
    QMetaObject::invokeMethod(
        &home, [&] { deliveredBeforeCrash = sink->deliveredOnce(); }, Qt::BlockingQueuedConnection);
    say(u"crashtest: killed after %1 acknowledgements (%2 answers delivered); the database holds "
        u"%3, %4 send(s) in flight"_s.arg(ackedBeforeCrash)
            .arg(deliveredBeforeCrash)
            .arg(QString::fromUtf8(QJsonDocument(crash.jobs).toJson(QJsonDocument::Compact)))
            .arg(crash.sending));

    // -- phase 2: restart, and send again what was not acknowledged
    if (!relay.start(&error)) {
        say(u"crashtest: the relay did not restart: "_s + error);
        stopFakes();
        temp.setAutoRemove(false);
        return 2;
    }
    QList<int> again;
    for (int i = 0; i < opt.messages; ++i) {
        if (!acked[std::size_t(i)])
            again << i;
    }
    sendAll(relay.port(), requests, again, opt.connections, acked, {});
    const int ackedTotal = int(std::count(acked.begin(), acked.end(), true));

    // -- phase 3: settle
    const qint64 settleUntil = BenchClock::nowNs() + qint64(opt.settleSeconds) * 1000000000LL;
    int delivered = 0;
    while (BenchClock::nowNs() < settleUntil) {
        QMetaObject::invokeMethod(
            &home, [&] { delivered = sink->deliveredOnce(); }, Qt::BlockingQueuedConnection);
        if (delivered >= ackedTotal)
            break;
        sleepWithEvents(50);
    }
    sleepWithEvents(1000); // late repeats
    const qint64 peakKb = relay.peakRssKb();
    const bool exitedZero = relay.terminate(20000);
    const double seconds = double(BenchClock::nowNs() - startNs) / 1e9;
    stopFakes();

    int lost = 0, twice = 0, extra = 0;
    for (int i = 0; i < opt.messages; ++i) {
        const int n = deliveries[std::size_t(i)];
        if (acked[std::size_t(i)] && n == 0)
            ++lost;
        if (n > 1) {
            ++twice;
            extra += n - 1;
        }
    }
    const int possiblyRepeated = countInFile(relay.logFile(2), "possibly repeated");
    const bool pass =
        lost == 0 && extra <= crash.sending && ackedTotal == opt.messages && exitedZero;
    say(u"crashtest: %1 messages, %2 acknowledged in all (%3 before the kill), lost %4, "
        u"answered twice %5 (allowed: %6 in flight at the kill; %7 logged as possibly "
        u"repeated), second run peak RSS %8 MB, exit after SIGTERM %9, %10 s"_s.arg(opt.messages)
            .arg(ackedTotal)
            .arg(ackedBeforeCrash)
            .arg(lost)
            .arg(twice)
            .arg(crash.sending)
            .arg(possiblyRepeated)
            .arg(QString::number(double(peakKb) / 1024.0, 'f', 1))
            .arg(exitedZero ? u"0"_s : u"NOT 0"_s)
            .arg(QString::number(seconds, 'f', 1)));
    say(pass ? u"PASS"_s : u"FAIL (files kept in %1)"_s.arg(temp.path()));
    if (!pass)
        temp.setAutoRemove(false);
    if (!opt.jsonFile.isEmpty()) {
        QFile f(opt.jsonFile);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(QJsonDocument(QJsonObject{{u"messages"_s, opt.messages},
                                              {u"model_latency_ms"_s, opt.modelLatencyMs},
                                              {u"acked_before_kill"_s, ackedBeforeCrash},
                                              {u"delivered_before_kill"_s, deliveredBeforeCrash},
                                              {u"jobs_at_kill"_s, crash.jobs},
                                              {u"sends_in_flight_at_kill"_s, crash.sending},
                                              {u"acked_total"_s, ackedTotal},
                                              {u"lost"_s, lost},
                                              {u"answered_twice"_s, twice},
                                              {u"possibly_repeated_logged"_s, possiblyRepeated},
                                              {u"peak_rss_kb_second_run"_s, double(peakKb)},
                                              {u"exited_zero"_s, exitedZero},
                                              {u"seconds"_s, seconds},
                                              {u"pass"_s, pass}})
                        .toJson());
    }
    return pass ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"Kills the relay with SIGKILL in the middle of a load, restarts "
                                u"it and counts lost and repeated answers."_s);
    p.addHelpOption();
    const QCommandLineOption binary(u"binary"_s, u"The dingrelay binary."_s, u"path"_s,
                                    QStringLiteral(DINGRELAY_BINARY));
    const QCommandLineOption messages(u"messages"_s, u"Callbacks (10000)."_s, u"n"_s, u"10000"_s);
    const QCommandLineOption connections(u"connections"_s, u"Connections (50)."_s, u"n"_s, u"50"_s);
    const QCommandLineOption conversations(u"conversations"_s, u"Conversations (200)."_s, u"n"_s,
                                           u"200"_s);
    const QCommandLineOption latency(u"model-latency-ms"_s, u"Model fake latency (0)."_s, u"ms"_s,
                                     u"0"_s);
    const QCommandLineOption crashAfter(
        u"crash-after"_s, u"SIGKILL after this many 200s (half the messages)."_s, u"n"_s);
    const QCommandLineOption settle(u"settle-seconds"_s, u"Wait for answers at most (120)."_s,
                                    u"s"_s, u"120"_s);
    const QCommandLineOption json(u"json"_s, u"Also write the figures to <file>."_s, u"file"_s);
    p.addOptions({binary, messages, connections, conversations, latency, crashAfter, settle, json});
    p.process(app);
    Options o;
    o.binary = p.value(binary);
    o.messages = std::clamp(p.value(messages).toInt(), 1, 3000000); // a sign a ms, in 3600 s
    o.connections = std::clamp(p.value(connections).toInt(), 1, 1000);
    o.conversations = std::max(1, p.value(conversations).toInt());
    o.modelLatencyMs = std::max(0, p.value(latency).toInt());
    o.crashAfter = p.isSet(crashAfter) ? std::clamp(p.value(crashAfter).toInt(), 1, o.messages)
                                       : std::max(1, o.messages / 2);
    o.settleSeconds = std::max(1, p.value(settle).toInt());
    o.jsonFile = p.value(json);
    return run(o);
}
