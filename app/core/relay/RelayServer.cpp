#include "relay/RelayServer.h"

#include "dingtalk/Signature.h"
#include "relay/ConnectionGuard.h"
#include "storage/CallbackLedger.h"
#include "tunnel/ProbeIdentity.h"
#include "util/FileLimit.h"
#include "util/Log.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// File descriptors kept for what is not an incoming connection: the database and its -wal and
// -shm, the log, Qt's own, the tunnel's pipes, and a model call and a delivery for each
// answer in progress (model/max_parallel).
qint64 reservedFiles(const AppConfig &config)
{
    return 64 + 2 * qint64(config.model.maxParallel);
}

const HttpServerBase::Headers CloseHeader{{"Connection", "close"}};
} // namespace

RelayServer::RelayServer(const AppConfig &config, QHash<QString, QByteArray> robotSecrets,
                         Intake &intake, QObject *parent)
    : HttpServerBase(parent)
    , m_config(config)
    , m_secrets(std::move(robotSecrets))
    , m_intake(intake)
{
    for (const auto &robot : m_config.robots) {
        // A Stream robot's messages come over its WebSocket; a callback path would be a way in
        // without the connection's credentials.
        if (robot.mode != RobotMode::Stream)
            m_byPath.insert(robot.callbackPath, &robot);
    }
    m_uptime.start();
}

bool RelayServer::start(QString *error)
{
    ConnectionGuard::Limits limits;
    limits.maxConnections = m_config.relay.maxConnections;
    // Past the file limit, accept() fails and connections wait unanswered; within it, the
    // longest idle connection makes room for a new one.
    const qint64 files = FileLimit::current();
    const int room = int(std::clamp<qint64>(files - reservedFiles(m_config), 10, 1 << 30));
    if (limits.maxConnections > room) {
        qCWarning(lcRelay).noquote()
            << u"relay/max_connections lowered from %1 to %2: the process may open %3 files "
               "(ulimit -n) and keeps %4 for the database, the model and DingTalk"_s
                   .arg(limits.maxConnections)
                   .arg(room)
                   .arg(files)
                   .arg(reservedFiles(m_config));
        limits.maxConnections = room;
    }
    limits.idleTimeoutMs = m_config.relay.idleTimeoutSeconds * 1000;
    limits.requestTimeoutMs = m_config.relay.requestTimeoutSeconds * 1000;
    limits.http.maxBodyBytes = m_config.relay.maxBodyBytes;
    m_listener = new ConnectionGuard(limits, this);
    if (!m_listener->listen(m_config.relay.address, m_config.relay.port)) {
        *error = u"cannot listen on %1 port %2: %3"_s.arg(m_config.relay.address.toString())
                     .arg(m_config.relay.port)
                     .arg(m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    serveFrom(m_listener);
    qCInfo(lcRelay).noquote() << "listening on"
                              << m_config.relay.address.toString() + u':' + QString::number(port());
    return true;
}

void RelayServer::stopListening()
{
    m_draining = true;
    if (m_listener)
        m_listener->close();
}

quint16 RelayServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QJsonObject RelayServer::health() const
{
    QJsonArray robots;
    for (const auto &robot : m_config.robots)
        robots.append(QJsonObject{{u"id"_s, robot.id},
                                  {u"mode"_s, nameOf(robot.mode)},
                                  {u"callback_path"_s, robot.callbackPath}});
    QJsonObject o{{u"status"_s, status()},
                  {u"version"_s, QStringLiteral(DINGRELAY_VERSION)},
                  {u"uptime_seconds"_s, double(m_uptime.elapsed() / 1000)},
                  {u"robots"_s, robots}};
    if (m_healthExtras) {
        const QJsonObject extras = m_healthExtras();
        for (auto it = extras.begin(); it != extras.end(); ++it)
            o.insert(it.key(), it.value());
    }
    return o;
}

QString RelayServer::status() const
{
    return m_healthStatus ? m_healthStatus() : u"ok"_s;
}

bool RelayServer::mayReadHealth(const QHttpServerRequest &request) const
{
    const QByteArray given = request.value("authorization");
    return !m_healthToken.isEmpty() && given.startsWith("Bearer ") &&
           Signature::constantTimeEquals(given.mid(7).trimmed(), m_healthToken);
}

void RelayServer::reply(QHttpServerResponder &responder, int status, const QJsonObject &body,
                        const Headers &extra)
{
    respond(responder, status, "application/json",
            QJsonDocument(body).toJson(QJsonDocument::Compact), extra);
}

void RelayServer::serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                        QTcpSocket *socket)
{
    // Qt's server keeps every connection open: the client's "Connection: close" (or HTTP/1.0
    // without keep-alive) and the drain close it here, once the answer is out (RFC 9112
    // section 9.6). Qt 6.4 writes the answer before serve() returns, Qt 6.8 once its
    // responder is done with it: the close waits for the loop, after either.
    const bool last = socket && m_listener && m_listener->lastOnConnection(socket);
    if (m_draining) {
        const Outcome stopping{503, u"DingRelay is stopping; send this again later"_s};
        logRejection(request, stopping);
        reply(responder, 503,
              {{u"error"_s, stopping.error}, {u"status"_s, stopping.status}, {u"stopping"_s, true}},
              CloseHeader);
    } else {
        route(request, responder, last ? CloseHeader : Headers{});
    }
    if ((last || m_draining) && socket) // disconnectFromHost() sends what is written first
        QTimer::singleShot(0, socket, [socket] { socket->disconnectFromHost(); });
}

void RelayServer::route(const QHttpServerRequest &request, QHttpServerResponder &responder,
                        const Headers &extra)
{
    const QString path = request.url().path();
    const auto method = request.method();

    if (path == u"/healthz"_s) {
        if (method != QHttpServerRequest::Method::Get && method != QHttpServerRequest::Method::Head)
            reply(responder, 405, {{u"error"_s, u"use GET for /healthz"_s}}, extra);
        else
            reply(responder, 200,
                  mayReadHealth(request) ? health() : QJsonObject{{u"status"_s, status()}}, extra);
        return;
    }

    if (path == u"/dingrelay/probe"_s && m_probeAnswer) {
        answerProbe(request, responder, extra);
        return;
    }

    const RobotSettings *robot = m_byPath.value(path);
    Outcome outcome{404, u"no robot is configured at this path"_s};
    if (robot) {
        if (method != QHttpServerRequest::Method::Post)
            outcome = {405, u"DingTalk callbacks must be POSTed"_s};
        else
            outcome = handleCallback(*robot, request);
    } else if (!path.startsWith(u"/dingtalk/"_s)) {
        outcome.error = u"not found"_s;
    }

    if (outcome.error.isEmpty()) {
        reply(responder, outcome.status, {}, extra);
    } else {
        logRejection(request, outcome);
        reply(responder, outcome.status,
              {{u"error"_s, outcome.error}, {u"status"_s, outcome.status}}, extra);
    }
}

void RelayServer::logRejection(const QHttpServerRequest &request, const Outcome &outcome)
{
    // The reason, the path and the peer: never headers or body, which carry the sign. The
    // path as it came, percent-encoded: decoded, a stranger's %0a or %1b[ would forge or
    // garble log lines. And a sample: anyone on the internet can send these.
    const char *verb =
        QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()));
    int dropped = 0;
    const bool logged = m_rejections.admit(&dropped);
    if (dropped > 0)
        qCWarning(lcRelay).noquote() << dropped << "more rejected requests in the last minute";
    if (logged)
        qCWarning(lcRelay).noquote()
            << "rejected" << verb << request.url().path(QUrl::FullyEncoded).left(200) << "from"
            << request.remoteAddress().toString() << "with" << outcome.status << '-'
            << outcome.error;
}

void RelayServer::answerProbe(const QHttpServerRequest &request, QHttpServerResponder &responder,
                              const Headers &extra)
{
    // Not logged: the check comes every few minutes and says nothing the tunnel log does not.
    const auto method = request.method();
    const QString nonce = request.query().queryItemValue(u"nonce"_s);
    if (method != QHttpServerRequest::Method::Get && method != QHttpServerRequest::Method::Head)
        reply(responder, 405, {{u"error"_s, u"use GET for the probe"_s}, {u"status"_s, 405}},
              extra);
    else if (!ProbeIdentity::isValidNonce(nonce))
        reply(responder, 400,
              {{u"error"_s, u"nonce must be 16 to 128 letters, digits, '-' or '_'"_s},
               {u"status"_s, 400}},
              extra);
    else
        reply(responder, 200, m_probeAnswer(nonce), extra);
}

RelayServer::Outcome RelayServer::handleCallback(const RobotSettings &robot,
                                                 const QHttpServerRequest &request)
{
    const QByteArray body = request.body();
    if (body.size() > m_config.relay.maxBodyBytes)
        return {413, u"the body is larger than %1 bytes"_s.arg(m_config.relay.maxBodyBytes)};

    const auto verdict = Signature::verify(
        request.value("timestamp"), request.value("sign"), m_secrets.value(robot.id),
        QDateTime::currentMSecsSinceEpoch(), m_config.dingtalk.signWindowSeconds);
    if (verdict != Signature::Verdict::Ok)
        return {401, Signature::describe(verdict)};
    return m_intake.take(robot, body,
                         CallbackLedger::keyOf(request.value("timestamp"), request.value("sign")));
}
