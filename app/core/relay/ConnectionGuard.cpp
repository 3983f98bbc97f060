#include "relay/ConnectionGuard.h"

#include "util/Log.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaMethod>
#include <QTcpSocket>

#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MaxUnreadAnswerBytes = 1 << 20;
constexpr qint64 MaxDrainBytes = 1 << 20; // read and dropped after a refusal, then cut off
constexpr int ClosingGraceMs = 2000;      // for the client to read a refusal before a reset
constexpr int NotesPerMinute = 10;
// A shortage of file descriptors is over once accept() has not failed for this long.
constexpr qint64 ShortageQuietMs = 5000;

// A socket that can tell whether anyone still reads it: a server that disconnects a socket's
// signals and does not close it would leave the connection open until the idle timeout.
class WatchedSocket final : public QTcpSocket
{
public:
    using QTcpSocket::QTcpSocket;
    bool isRead() const
    {
        return isSignalConnected(QMetaMethod::fromSignal(&QIODevice::readyRead));
    }
};

QByteArray reason(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    default:
        return "Error";
    }
}

} // namespace

ConnectionGuard::ConnectionGuard(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
    m_clock.start();
    m_sweep.setInterval(
        std::clamp(std::min(m_limits.idleTimeoutMs, m_limits.requestTimeoutMs) / 4, 50, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &ConnectionGuard::sweep);
    m_sweep.start();
    // A first accept() failing with EMFILE is reported (acceptError): this class takes over.
    connect(this, &QTcpServer::acceptError, this, [this] {
        takeOverAccepting();
        onAcceptFailed(EMFILE);
    });
    m_acceptRetry.setSingleShot(true);
    connect(&m_acceptRetry, &QTimer::timeout, this, &ConnectionGuard::retryAccepting);
}

ConnectionGuard::~ConnectionGuard()
{
    delete m_acceptor; // before the listening socket goes
    // The sockets are children and go with this object; their signals must not reach a
    // half-destroyed guard.
    for (const Tracked &tracked : std::as_const(m_sockets)) {
        if (tracked.socket)
            tracked.socket->disconnect(this);
    }
}

void ConnectionGuard::close()
{
    delete m_acceptor; // before its descriptor is closed, and perhaps reused
    m_acceptor = nullptr;
    QTcpServer::close();
}

QTcpSocket *ConnectionGuard::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (m_acceptor)
        pauseAccepting(); // Qt's nextPendingConnection() turns its own accepting back on
    return socket;
}

void ConnectionGuard::takeOverAccepting()
{
    // Qt 6.4 keeps the first error of a socket for good (QNativeSocketEngine sets it once),
    // and the first a listening socket meets is the EAGAIN that ends each round of accepts.
    // An accept() failing with EMFILE after that reads as temporary: Qt neither pauses nor
    // says anything, and tries again as soon as the loop polls, at 100 % CPU, for as long as
    // the shortage lasts. So after the first connection, this class calls accept() itself.
    if (m_acceptor || !isListening())
        return;
    pauseAccepting();
    m_acceptor = new QSocketNotifier(socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_acceptor, &QSocketNotifier::activated, this, &ConnectionGuard::acceptPending);
}

void ConnectionGuard::acceptPending()
{
    if (!isListening()) {
        delete m_acceptor;
        m_acceptor = nullptr;
        return;
    }
    // A bounded round per wake-up: a flood of connections leaves the loop time for the
    // connections already open.
    for (int round = 0; round < 64 && m_acceptor; ++round) {
        const int descriptor = ::accept4(int(socketDescriptor()), nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            incomingConnection(descriptor);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            onAcceptFailed(errno);
        return;
    }
}

void ConnectionGuard::incomingConnection(qintptr descriptor)
{
    takeOverAccepting();
    auto *socket = new WatchedSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    endShortageIfOver();
    if (m_sockets.size() >= m_limits.maxConnections)
        makeRoom();
    ++m_counters.accepted;
    Tracked tracked{socket, HttpGuard(m_limits.http), now(), -1, -1, 0, 0};
    m_sockets.insert(socket, tracked);
    // Connected before the HTTP server's own slots, so the guard sees each byte first.
    connect(socket, &QIODevice::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] {
        forget(socket);
        socket->deleteLater(); // the HTTP server may have let go of it
    });
    addPendingConnection(socket); // the HTTP server takes it and connects its slots
    // After the HTTP server's slot: what it left unread, the guard has seen. It signals
    // readyRead again for those bytes itself.
    connect(socket, &QIODevice::readyRead, this, [this, socket] {
        auto it = m_sockets.find(socket);
        if (it != m_sockets.end())
            it->seenUnread = socket->bytesAvailable();
    });
}

void ConnectionGuard::onReadyRead(QTcpSocket *socket)
{
    auto it = m_sockets.find(socket);
    if (it == m_sockets.end())
        return;
    Tracked &tracked = *it;
    tracked.lastActivityMs = now();
    if (socket->bytesToWrite() > MaxUnreadAnswerBytes) {
        ++m_counters.unreading;
        note(u"closed a connection from %1 that does not read its answers"_s.arg(
            socket->peerAddress().toString()));
        socket->abort();
        return;
    }
    const int completedBefore = tracked.guard.completed();
    const bool wasInRequest = tracked.guard.inRequest();
    const qint64 available = socket->bytesAvailable();
    const QByteArray unseen =
        socket->peek(available).sliced(std::min(tracked.seenUnread, available));
    tracked.seenUnread = available;
    const HttpGuard::Verdict verdict = tracked.guard.feed(unseen);
    if (verdict != HttpGuard::Verdict::Ok) {
        refuse(tracked, HttpGuard::status(verdict), HttpGuard::describe(verdict));
        return;
    }
    // Before the HTTP server's slot runs: the 100 comes before the final answer.
    // Qt 6.8 answers an expectation itself; 6.4 does not, and the client waits for nothing.
    if (tracked.guard.takeContinue() && QT_VERSION < QT_VERSION_CHECK(6, 8, 0))
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (!tracked.guard.inRequest())
        tracked.requestStartMs = -1;
    else if (!wasInRequest || tracked.guard.completed() != completedBefore)
        tracked.requestStartMs = tracked.lastActivityMs;
}

void ConnectionGuard::sweep()
{
    endShortageIfOver();
    const qint64 t = now();
    const auto all = m_sockets.keys();
    for (QTcpSocket *key : all) {
        auto it = m_sockets.find(key);
        if (it == m_sockets.end())
            continue;
        Tracked &tracked = *it;
        QTcpSocket *socket = tracked.socket;
        if (!socket) {
            m_sockets.erase(it);
            continue;
        }
        if (tracked.closingSinceMs >= 0) {
            if (t - tracked.closingSinceMs > ClosingGraceMs)
                socket->abort(); // disconnected() forgets it
            continue;
        }
        if (!static_cast<WatchedSocket *>(socket)->isRead()) {
            // The HTTP server stopped reading the connection: answer for it.
            connect(socket, &QAbstractSocket::disconnected, this, [this, socket] {
                forget(socket);
                socket->deleteLater();
            });
            refuse(tracked, 400, HttpGuard::describe(HttpGuard::Verdict::Malformed));
            continue;
        }
        if (tracked.requestStartMs >= 0 && t - tracked.requestStartMs > m_limits.requestTimeoutMs) {
            ++m_counters.timedOut;
            refuse(tracked, 408,
                   u"the request was not complete within %1 ms"_s.arg(m_limits.requestTimeoutMs));
        } else if (tracked.requestStartMs < 0 &&
                   t - tracked.lastActivityMs > m_limits.idleTimeoutMs) {
            ++m_counters.idle;
            closeGently(tracked);
        }
    }
}

void ConnectionGuard::refuse(Tracked &tracked, int status, const QString &why)
{
    QTcpSocket *socket = tracked.socket;
    if (status != 408)
        ++m_counters.refused;
    note(u"refused a request from %1 with %2 - %3"_s.arg(socket->peerAddress().toString())
             .arg(status)
             .arg(why));
    // Nothing more reaches the HTTP server. What the client still sends is read and dropped,
    // so closing does not reset the connection before it has read the answer.
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(socket, &QIODevice::readyRead, this, [this, socket] {
        const qint64 dropped = socket->skip(socket->bytesAvailable());
        auto it = m_sockets.find(socket);
        if (it != m_sockets.end() && dropped > 0 && (it->drainedBytes += dropped) > MaxDrainBytes)
            socket->abort();
    });
    const QByteArray body = QJsonDocument(QJsonObject{{u"error"_s, why}, {u"status"_s, status}})
                                .toJson(QJsonDocument::Compact);
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) +
                  "\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    // Half-closed once the answer is out: the client reads it and its end of file, while what
    // it still sends (the rest of a refused body) is read and dropped here. Closing outright
    // would make the kernel reset the connection, and the client could lose the answer.
    tracked.closingSinceMs = now();
    const auto shutDown = [socket] {
        if (socket->bytesToWrite() == 0 && socket->socketDescriptor() != -1)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    };
    connect(socket, &QIODevice::bytesWritten, this, shutDown);
    socket->flush();
    shutDown();
}

void ConnectionGuard::closeGently(Tracked &tracked)
{
    tracked.closingSinceMs = now();
    tracked.socket->disconnectFromHost(); // after what is written has gone out
}

void ConnectionGuard::makeRoom()
{
    // A connection already closing goes first, then the longest idle, then the oldest request.
    QTcpSocket *victim = nullptr;
    auto rank = [](const Tracked &t) {
        if (t.closingSinceMs >= 0)
            return std::pair<int, qint64>{0, t.closingSinceMs};
        if (t.requestStartMs < 0)
            return std::pair<int, qint64>{1, t.lastActivityMs};
        return std::pair<int, qint64>{2, t.requestStartMs};
    };
    std::pair<int, qint64> best{3, 0};
    for (auto it = m_sockets.cbegin(); it != m_sockets.cend(); ++it) {
        const auto r = rank(*it);
        if (r < best) {
            best = r;
            victim = it.key();
        }
    }
    if (!victim)
        return;
    ++m_counters.evicted;
    QPointer<QTcpSocket> socket = m_sockets.value(victim).socket;
    forget(victim);
    if (socket) {
        socket->abort();
        socket->deleteLater();
    }
}

void ConnectionGuard::forget(QTcpSocket *socket)
{
    // A closed connection has given back its file descriptor: worth trying again.
    if (m_sockets.remove(socket) && m_shortageSinceMs >= 0 && m_acceptor &&
        !m_acceptor->isEnabled() && !m_acceptRetry.isActive())
        m_acceptRetry.start(0);
}

bool ConnectionGuard::lastOnConnection(QTcpSocket *socket)
{
    auto it = m_sockets.find(socket);
    if (it == m_sockets.end())
        return false;
    const int last = it->guard.closingRequest();
    return ++it->answered == last && last > 0;
}

void ConnectionGuard::onAcceptFailed(int error)
{
    // No wake-up until the retry: the pending connection would wake the loop at once.
    if (m_acceptor)
        m_acceptor->setEnabled(false);
    ++m_counters.acceptFailures;
    ++m_failuresInShortage;
    if (m_shortageSinceMs < 0) {
        // Once per shortage: every connection attempt fails alike until descriptors free up.
        m_shortageSinceMs = now();
        m_failuresInShortage = 1;
        qCWarning(lcRelay).noquote()
            << u"cannot accept connections: %1 (%2 open); accepting pauses until a file "
               "descriptor is free, the longest idle connection making room"_s
                   .arg(QString::fromLocal8Bit(std::strerror(error)))
                   .arg(m_sockets.size());
    }
    if (now() - m_lastFailureMs > ShortageQuietMs)
        m_retryMs = 50;
    m_lastFailureMs = now();
    // The longest idle connection makes room, as for max_connections; its descriptor is
    // free at once, so accepting resumes at once. Without one to close, a timer retries.
    const qsizetype before = m_sockets.size();
    makeRoom();
    if (m_sockets.size() < before) {
        m_acceptRetry.start(0);
    } else {
        m_acceptRetry.start(m_retryMs);
        m_retryMs = std::min(m_retryMs * 2, 2000);
    }
}

void ConnectionGuard::endShortageIfOver()
{
    if (m_shortageSinceMs < 0 || m_acceptRetry.isActive() ||
        now() - m_lastFailureMs <= ShortageQuietMs)
        return;
    qCInfo(lcRelay).noquote() << u"accepting connections again: %1 accept(s) had failed in %2 s"_s
                                     .arg(m_failuresInShortage)
                                     .arg((m_lastFailureMs - m_shortageSinceMs) / 1000.0, 0, 'f',
                                          1);
    m_shortageSinceMs = -1;
}

void ConnectionGuard::retryAccepting()
{
    if (m_acceptor && isListening()) {
        m_acceptor->setEnabled(true);
        acceptPending(); // the connections already waiting do not wake the loop again
    }
}

void ConnectionGuard::note(const QString &line)
{
    // A hostile client can cause one of these per connection: the log gets a sample.
    const qint64 t = now();
    if (t - m_noteWindowStartMs > 60 * 1000) {
        if (m_notesSuppressed > 0)
            qCWarning(lcRelay).noquote()
                << m_notesSuppressed << "more connection problems in the last minute";
        m_noteWindowStartMs = t;
        m_notesInWindow = 0;
        m_notesSuppressed = 0;
    }
    if (++m_notesInWindow <= NotesPerMinute)
        qCWarning(lcRelay).noquote() << line;
    else
        ++m_notesSuppressed;
}
