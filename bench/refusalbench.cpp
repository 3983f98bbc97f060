// dingrelay_refusalbench: what connections whose requests Qt's parser refuses leave behind.
//
// Serves a trivial HttpServerBase behind the relay's ConnectionGuard (or, with --no-guard, a
// plain QTcpServer) on loopback, and opens --connections connections in waves of --wave. Each
// sends one of the inputs below and waits for the server to close, at most --wait-ms, then
// closes itself. After every wave has ended it counts the sockets still alive (Qt 6.4 frees a
// request with its socket) and reads VmRSS, after malloc_trim, against the figure after a
// warm-up of one wave.
#include "relay/ConnectionGuard.h"
#include "util/HttpServerBase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpServerResponder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <map>

#include <malloc.h>

using namespace Qt::StringLiterals;

namespace {

const QByteArray ChunkedHead =
    "POST /c HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";

// Each a request Qt 6.4's parser frames differently from the guard, or not at all.
std::map<QString, QByteArray> inputs()
{
    QByteArray manyFields = "POST /c HTTP/1.1\r\nContent-Length: 5\r\n";
    for (int i = 0; i < 100; ++i)
        manyFields += "X-" + QByteArray::number(i) + ": v\r\n";
    return {
        {u"plain"_s, ChunkedHead + "5\r\nhello\r\n0\r\n\r\n"},
        {u"leading-blank"_s, ChunkedHead + " 5\r\nhello\r\n0\r\n\r\n"},
        {u"trailer"_s, ChunkedHead + "5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n"},
        {u"lf-after-size"_s, ChunkedHead + "5\nhello\r\n0\r\n\r\n"},
        {u"lf-after-data"_s, ChunkedHead + "5\r\nhello\n3\r\nabc\r\n0\r\n\r\n"},
        {u"many-fields"_s, manyFields + "\r\nhello"},
    };
}

class CountingServer final : public HttpServerBase
{
public:
    int served = 0;

protected:
    void serve(const QHttpServerRequest &, QHttpServerResponder &responder, QTcpSocket *) override
    {
        ++served;
        respond(responder, 200, "application/json", "{}");
    }
};

qint64 rssKb()
{
    malloc_trim(0);
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

struct Tally
{
    std::map<int, int> statuses; // of the first answer; 0: none
    int closedByServer = 0;
};

// One wave: count clients at once, each sends bytes and waits for the server to close.
void runWave(quint16 port, const QByteArray &bytes, int count, int waitMs, Tally &tally)
{
    QEventLoop loop;
    int open = count;
    for (int i = 0; i < count; ++i) {
        auto *socket = new QTcpSocket;
        auto *received = new QByteArray;
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        const auto finish = [&, socket, received, timer](bool byServer) {
            timer->stop();
            socket->disconnect();
            ++tally.statuses[received->startsWith("HTTP/1.1 ") ? received->mid(9, 3).toInt() : 0];
            tally.closedByServer += byServer ? 1 : 0;
            delete received;
            socket->abort();
            socket->deleteLater();
            if (--open == 0)
                loop.quit();
        };
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, bytes, timer, waitMs] {
            socket->write(bytes);
            timer->start(waitMs);
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket,
                         [socket, received] { *received += socket->readAll(); });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [finish] { finish(true); });
        QObject::connect(timer, &QTimer::timeout, socket, [finish] { finish(false); });
        socket->connectToHost(QHostAddress::LocalHost, port);
    }
    loop.exec();
}

// Lets deferred deletes and the guard's sweeps run.
void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const auto all = inputs();
    QStringList names;
    for (const auto &[name, bytes] : all)
        names.append(name);
    parser.addOption(
        {u"input"_s, u"One of: %1."_s.arg(names.join(u", "_s)), u"name"_s, u"trailer"_s});
    parser.addOption({u"connections"_s, u"Connections in all."_s, u"n"_s, u"2000"_s});
    parser.addOption({u"wave"_s, u"Connections at once."_s, u"n"_s, u"50"_s});
    parser.addOption(
        {u"wait-ms"_s, u"How long a client waits for the server to close."_s, u"ms"_s, u"300"_s});
    parser.addOption({u"no-guard"_s, u"Qt's server on a plain QTcpServer."_s});
    parser.process(app);
    const auto input = all.find(parser.value(u"input"_s));
    if (input == all.end()) {
        std::fprintf(stderr, "refusalbench: unknown --input\n");
        return 2;
    }
    const int connections = std::max(1, parser.value(u"connections"_s).toInt());
    const int wave = std::clamp(parser.value(u"wave"_s).toInt(), 1, 100);
    const int waitMs = std::max(1, parser.value(u"wait-ms"_s).toInt());

    CountingServer server;
    QTcpServer *listener = nullptr;
    ConnectionGuard *guard = nullptr;
    if (parser.isSet(u"no-guard"_s)) {
        listener = new QTcpServer;
    } else {
        ConnectionGuard::Limits limits;
        limits.maxConnections = 1000;
        guard = new ConnectionGuard(limits);
        listener = guard;
    }
    if (!listener->listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "refusalbench: cannot listen\n");
        return 2;
    }
    server.serveFrom(listener);
    const quint16 port = listener->serverPort();

    Tally warmup;
    runWave(port, input->second, wave, waitMs, warmup);
    settle(500);
    const qint64 before = rssKb();
    const int socketsBefore = int(server.findChildren<QTcpSocket *>().size());
    const int servedBefore = server.served;

    Tally tally;
    QElapsedTimer clock;
    clock.start();
    for (int done = 0; done < connections; done += wave)
        runWave(port, input->second, std::min(wave, connections - done), waitMs, tally);
    const qint64 elapsedMs = clock.elapsed();
    settle(2500); // past the guard's 2 s grace for a refused connection
    const qint64 after = rssKb();
    const int socketsAfter = int(server.findChildren<QTcpSocket *>().size());

    std::printf("input %s, %s, %d connections in waves of %d, %.1f s\n", qPrintable(input->first),
                guard ? "ConnectionGuard" : "no guard", connections, wave,
                double(elapsedMs) / 1000);
    QStringList answers;
    for (const auto &[status, count] : tally.statuses)
        answers.append(u"%1 %2"_s.arg(status ? QString::number(status) : u"none"_s).arg(count));
    std::printf("answers: %s; closed by the server %d; requests served %d\n",
                qPrintable(answers.join(u", "_s)), tally.closedByServer,
                server.served - servedBefore);
    std::printf("sockets alive: %d after the warm-up, %d at the end%s\n", socketsBefore,
                socketsAfter,
                guard ? qPrintable(u", guard tracks %1"_s.arg(guard->openConnections())) : "");
    std::printf("VmRSS: %lld kB after the warm-up, %lld kB at the end (%+lld kB, %+.1f bytes a "
                "connection)\n",
                before, after, after - before, double(after - before) * 1024 / connections);
    return 0;
}
