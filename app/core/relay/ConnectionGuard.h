// ConnectionGuard: the relay's listening socket, with the limits Qt 6.4's HTTP server lacks.
#pragma once

#include "relay/HttpGuard.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

class QSocketNotifier;
class QTcpSocket;

// QAbstractHttpServer 6.4 keeps every connection for as long as the client wants, buffers any
// request whole, closes a connection without an answer when it cannot read a request line and
// reads some malformed requests otherwise than they were meant (HttpGuard.h), never closes a
// connection its client asked to close, and out of file descriptors calls accept() again and
// again at 100 % CPU (takeOverAccepting() says why). (It frees a request with its socket:
// dingrelay_refusalbench leaves no socket and no memory behind.) Bound to it instead of a
// plain QTcpServer, this class watches each connection it hands over:
// - at most maxConnections are open: a new one closes the longest idle (else the oldest
//   unfinished request), so idle clients cannot lock others out;
// - a connection idle for idleTimeoutMs is closed, and so is one whose request is not complete
//   requestTimeoutMs after its first byte (a slow sender), with 408;
// - every byte goes through an HttpGuard first, and once: a malformed request (or one Qt
//   would read otherwise) gets 400, headers over the limit 431, a body over
//   relay/max_body_bytes 413 as soon as its length is known; the connection then closes;
// - a connection the HTTP server stops reading without closing it gets 400 and is closed;
// - a client that does not read its answers is cut off once 1 MiB of them waits;
// - a client that sent "Expect: 100-continue" gets its 100 once the head has passed;
// - it accepts connections itself: out of file descriptors (EMFILE, ENFILE), accepting
//   pauses, one log line says so for the whole shortage, the longest idle connection makes
//   room, and accepting resumes when a connection closes or, failing that, on a timer that
//   backs off to 2 s (no busy loop).
class ConnectionGuard final : public QTcpServer
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxConnections = 200;
        int idleTimeoutMs = 60 * 1000;
        int requestTimeoutMs = 10 * 1000;
        HttpGuard::Limits http;
    };
    struct Counters
    {
        qint64 accepted = 0;
        qint64 evicted = 0;        // closed to make room for a new connection
        qint64 idle = 0;           // closed after idleTimeoutMs without a request
        qint64 timedOut = 0;       // 408: a request not complete in time
        qint64 refused = 0;        // 400, 413, 431, 501 from the HttpGuard or Qt's parser
        qint64 unreading = 0;      // cut off for not reading their answers
        qint64 acceptFailures = 0; // accept() failed, out of file descriptors most often
    };

    explicit ConnectionGuard(Limits limits, QObject *parent = nullptr);
    ~ConnectionGuard() override;

    int openConnections() const { return int(m_sockets.size()); }
    const Counters &counters() const { return m_counters; }

    // Stops listening (hides QTcpServer::close(), which knows nothing of the accepting here).
    void close();
    QTcpSocket *nextPendingConnection() override;

    // Counts a request the HTTP server answers on socket (they are answered in order) and
    // says whether it is the connection's last: its client asked to close after it. The
    // server then sends "Connection: close" and closes once the answer is out.
    bool lastOnConnection(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Tracked
    {
        QPointer<QTcpSocket> socket;
        HttpGuard guard;
        qint64 lastActivityMs = 0;
        qint64 requestStartMs = -1; // -1: no request in progress
        qint64 closingSinceMs = -1; // -1: open
        qint64 drainedBytes = 0;    // read and dropped after a refusal
        // Bytes at the front of the socket's buffer the guard has seen and the HTTP server
        // left for later (the rest of a read after a request): fed once, not again.
        qint64 seenUnread = 0;
        int answered = 0; // requests the HTTP server answered (lastOnConnection)
    };

    void onReadyRead(QTcpSocket *socket);
    void sweep();
    void refuse(Tracked &tracked, int status, const QString &why);
    void closeGently(Tracked &tracked);
    void makeRoom();
    void forget(QTcpSocket *socket);
    void takeOverAccepting();
    void acceptPending();
    void onAcceptFailed(int error);
    void retryAccepting();
    void endShortageIfOver();
    void note(const QString &line);
    qint64 now() const { return m_clock.elapsed(); }

    Limits m_limits;
    QHash<QTcpSocket *, Tracked> m_sockets;
    QTimer m_sweep;
    QElapsedTimer m_clock;
    Counters m_counters;
    qint64 m_noteWindowStartMs = 0;
    int m_notesInWindow = 0;
    int m_notesSuppressed = 0;
    // Out of file descriptors: since when (-1: no shortage), the last failed accept(), how
    // many failed, and the retry's timer and its next interval.
    qint64 m_shortageSinceMs = -1;
    qint64 m_lastFailureMs = -1000000;
    qint64 m_failuresInShortage = 0;
    QSocketNotifier *m_acceptor = nullptr; // the listening socket, once this class accepts
    QTimer m_acceptRetry;
    int m_retryMs = 50;
};
