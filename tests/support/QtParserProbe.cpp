#include "QtParserProbe.h"

#include "util/HttpServerBase.h"

#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <functional>

#include <linux/sockios.h>
#include <sys/ioctl.h>

namespace {

// Hands each request on as Qt's parser framed it, and answers it.
class RecordingServer final : public HttpServerBase
{
public:
    QList<ParsedRequest> requests;

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *) override
    {
        // The test Qt 6.4 makes before it hands a connection to its WebSocket server.
        const bool upgrade =
            request.value("connection").toLower().contains("upgrade") &&
            request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
        const char *method =
            QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()));
        const bool chunked = request.value("transfer-encoding").toLower().contains("chunked");
        requests.append({method, request.url().path(), request.body().size(), chunked, upgrade});
        respond(responder, 200, "application/json", "{}");
    }
};

// Keeps the server's end of the connection, to see whether Qt closed it.
class ProbeListener final : public QTcpServer
{
public:
    QPointer<QTcpSocket> accepted;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        accepted = socket;
        addPendingConnection(socket);
    }
};

// Bytes the kernel holds for a socket: received and not read yet (FIONREAD), or written and
// not sent yet (SIOCOUTQNSD).
int kernelBytes(const QTcpSocket *socket, unsigned long request)
{
    int bytes = 0;
    if (socket && socket->socketDescriptor() != -1)
        ::ioctl(int(socket->socketDescriptor()), request, &bytes);
    return bytes;
}

// Runs this thread's events until three rounds in a row find none and done() holds, or 5 s
// have passed. Over loopback, bytes sent are in the peer's buffer when the send returns.
bool pumpUntil(const std::function<bool()> &done)
{
    QAbstractEventDispatcher *dispatcher = QThread::currentThread()->eventDispatcher();
    QElapsedTimer clock;
    clock.start();
    int quiet = 0;
    while (clock.elapsed() < 5000) {
        if (dispatcher->processEvents(QEventLoop::AllEvents))
            quiet = 0;
        else if (!done())
            quiet = 0;
        else if (++quiet >= 3)
            return true;
    }
    return false;
}

} // namespace

struct QtParserProbe::Private
{
    RecordingServer server;
    ProbeListener *listener = new ProbeListener; // the server takes it over
};

QtParserProbe::QtParserProbe()
    : d(std::make_unique<Private>())
{
    d->listener->listen(QHostAddress::LocalHost, 0);
    d->server.serveFrom(d->listener);
}

QtParserProbe::~QtParserProbe() = default;

bool QtParserProbe::isValid() const
{
    return d->listener->isListening();
}

ParsedConnection QtParserProbe::run(const QList<QByteArray> &pieces)
{
    d->server.requests.clear();
    d->listener->accepted.clear();
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, d->listener->serverPort());
    pumpUntil(
        [&] { return client.state() == QAbstractSocket::ConnectedState && d->listener->accepted; });
    // Nagle's algorithm would hold a small piece back until Qt's delayed ACK of the one before.
    client.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QPointer<QTcpSocket> server = d->listener->accepted;
    for (const QByteArray &piece : pieces) {
        if (client.state() != QAbstractSocket::ConnectedState)
            break;
        client.write(piece);
        pumpUntil([&] {
            return client.bytesToWrite() == 0 && kernelBytes(&client, SIOCOUTQNSD) == 0 &&
                   kernelBytes(server, FIONREAD) == 0;
        });
    }
    ParsedConnection parsed;
    parsed.requests = d->server.requests;
    parsed.closed = !server || server->state() != QAbstractSocket::ConnectedState;
    client.abort();
    delete server.data(); // Qt frees the request with it
    return parsed;
}
