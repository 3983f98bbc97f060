// LoadSender: posts prepared requests over keep-alive connections and times each answer.
#include "LoadSender.h"

#include "BenchClock.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct Parsed
{
    enum { Incomplete, Complete, Bad } state = Incomplete;
    int status = 0;
    qsizetype length = 0; // bytes of head and body together
    bool close = false;
};

// Reads one HTTP/1.1 response at the start of buffer: status line, headers, Content-Length.
Parsed parseResponse(const QByteArray &buffer)
{
    Parsed p;
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() > 64 * 1024)
            p.state = Parsed::Bad;
        return p;
    }
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    bool ok = false;
    p.status = statusLine.value(1).toInt(&ok);
    if (!statusLine.value(0).startsWith("HTTP/1.") || !ok) {
        p.state = Parsed::Bad;
        return p;
    }
    qsizetype bodyLength = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            bodyLength = value.toLongLong(&ok);
        else if (name == "connection" && value.toLower() == "close")
            p.close = true;
        else if (name == "transfer-encoding")
            bodyLength = -2; // chunked answers are not expected from the relay
    }
    if (bodyLength < 0 || !ok) {
        p.state = Parsed::Bad;
        return p;
    }
    if (buffer.size() < headEnd + 4 + bodyLength)
        return p;
    p.length = headEnd + 4 + bodyLength;
    p.state = Parsed::Complete;
    return p;
}

} // namespace

LoadSender::LoadSender(quint16 port, QList<QByteArray> requests, int connections,
                       double ratePerSecond, qint64 deadlineNs, QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_requests(std::move(requests))
    , m_connectionCount(connections)
    , m_rate(ratePerSecond)
    , m_deadlineNs(deadlineNs)
    , m_sentNs(std::size_t(m_requests.size()), 0)
    , m_answeredNs(std::size_t(m_requests.size()), 0)
    , m_status(std::size_t(m_requests.size()), 0)
    , m_maxReconnects(std::max(100, connections * 4))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        m_hitDeadline = true;
        finish();
    });
}

void LoadSender::start()
{
    m_startNs = BenchClock::nowNs();
    const qint64 left = std::max<qint64>(0, (m_deadlineNs - BenchClock::nowNs()) / 1000000);
    m_deadline.start(int(std::min<qint64>(left, 24LL * 3600 * 1000)));
    m_connections.resize(std::size_t(m_connectionCount));
    for (int c = 0; c < m_connectionCount; ++c)
        connectSocket(c);
    checkFinished(); // no requests at all
}

void LoadSender::connectSocket(int c)
{
    Connection &conn = m_connections[std::size_t(c)];
    if (conn.socket)
        conn.socket->deleteLater();
    conn = Connection{};
    conn.socket = new QTcpSocket(this);
    QTcpSocket *socket = conn.socket;
    connect(socket, &QTcpSocket::connected, this, [this, c, socket] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_connections[std::size_t(c)].open = true;
        sendNext(c);
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
    connect(socket, &QTcpSocket::disconnected, this, [this, c, socket] {
        if (m_connections[std::size_t(c)].socket == socket)
            onBroken(c, u"the relay closed the connection"_s);
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, c, socket] {
        if (m_connections[std::size_t(c)].socket == socket &&
            socket->error() != QAbstractSocket::RemoteHostClosedError)
            onBroken(c, socket->errorString());
    });
    socket->connectToHost(QHostAddress(QHostAddress::LocalHost), m_port);
}

void LoadSender::sendNext(int c)
{
    Connection &conn = m_connections[std::size_t(c)];
    if (m_finished || !conn.open || conn.inFlight >= 0)
        return;
    if (m_next >= m_requests.size() || BenchClock::nowNs() >= m_deadlineNs) {
        checkFinished();
        return;
    }
    if (m_rate > 0) {
        const qint64 due = m_startNs + qint64(double(m_next) * 1e9 / m_rate);
        const qint64 wait = due - BenchClock::nowNs();
        if (wait > 0) {
            if (!conn.waiting) {
                conn.waiting = true;
                const int ms = int(std::min<qint64>((wait + 999999) / 1000000, 60000));
                QTimer::singleShot(ms, Qt::PreciseTimer, this, [this, c] {
                    m_connections[std::size_t(c)].waiting = false;
                    sendNext(c);
                });
            }
            return;
        }
    }
    const int index = m_next++;
    conn.inFlight = index;
    m_sentNs[std::size_t(index)] = BenchClock::nowNs();
    conn.socket->write(m_requests.at(index));
}

void LoadSender::onReadyRead(int c)
{
    Connection &conn = m_connections[std::size_t(c)];
    conn.buffer += conn.socket->readAll();
    const Parsed p = parseResponse(conn.buffer);
    if (p.state == Parsed::Incomplete)
        return;
    if (p.state == Parsed::Bad || conn.inFlight < 0) {
        onBroken(c, u"the relay sent an answer that is not HTTP/1.1 with Content-Length: %1"_s.arg(
                        QString::fromUtf8(conn.buffer.left(120))));
        return;
    }
    const int index = conn.inFlight;
    m_answeredNs[std::size_t(index)] = BenchClock::nowNs();
    m_status[std::size_t(index)] = p.status;
    conn.inFlight = -1;
    conn.buffer.remove(0, p.length);
    if (p.close) {
        onBroken(c, QString()); // an orderly close after a complete answer: just reconnect
        return;
    }
    sendNext(c);
}

void LoadSender::onBroken(int c, const QString &why)
{
    Connection &conn = m_connections[std::size_t(c)];
    if (m_finished)
        return;
    if (conn.inFlight >= 0) {
        ++m_transportErrors; // sent, no complete answer: it stays unacknowledged
        if (m_firstError.isEmpty())
            m_firstError = why;
    }
    QTcpSocket *old = conn.socket;
    old->disconnect(this);
    old->abort();
    conn.socket = nullptr;
    conn.inFlight = -1;
    conn.open = false;
    old->deleteLater();
    const bool more = m_next < m_requests.size() && BenchClock::nowNs() < m_deadlineNs;
    if (more && m_reconnects < m_maxReconnects) {
        ++m_reconnects;
        connectSocket(c);
    } else {
        checkFinished();
    }
}

void LoadSender::checkFinished()
{
    const bool allSent = m_next >= m_requests.size() || BenchClock::nowNs() >= m_deadlineNs;
    bool busy = false;
    bool anyAlive = false;
    for (const Connection &conn : m_connections) {
        busy = busy || conn.inFlight >= 0;
        anyAlive = anyAlive || conn.socket != nullptr;
    }
    if ((allSent && !busy) || !anyAlive)
        finish();
}

void LoadSender::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    for (Connection &conn : m_connections) {
        if (conn.socket) {
            conn.socket->disconnect(this);
            conn.socket->abort();
        }
    }
    emit finished();
}
