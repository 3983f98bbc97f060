#include "dingtalk/StreamClient.h"

#include "dingtalk/StreamFrame.h"

#include "util/Log.h"
#include "util/NetworkPool.h"
#include "util/QtCompat.h"
#include "util/RetryScheduler.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

StreamClient::StreamClient(NetworkPool *network, QString robotId, StreamOptions options,
                           RetryScheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_robotId(std::move(robotId))
    , m_options(std::move(options))
    , m_scheduler(scheduler)
    , m_pingTimer(new QTimer(this))
    , m_pongTimer(new QTimer(this))
{
    if (!m_options.jitter) {
        m_options.jitter = [](int delayMs) {
            return int(QRandomGenerator::global()->bounded(delayMs / 5 + 1));
        };
    }
    m_backoffMs = m_options.minBackoffMs;
    m_pingTimer->setInterval(m_options.pingIntervalMs);
    connect(m_pingTimer, &QTimer::timeout, this, &StreamClient::sendPing);
    m_pongTimer->setSingleShot(true);
    m_pongTimer->setInterval(m_options.pongTimeoutMs);
    connect(m_pongTimer, &QTimer::timeout, this, [this] {
        // A connection that cannot answer a ping swallows pushes: replace it.
        if (m_socket)
            connectionLost(m_socket, u"no pong within %1 ms"_s.arg(m_options.pongTimeoutMs));
    });
}

StreamClient::~StreamClient()
{
    ++m_generation;
    dropSocket();
}

void StreamClient::open()
{
    ++m_generation;
    dropSocket();
    if (m_reply)
        m_reply->abort();
    m_disconnectAsked = false;
    setState(State::Connecting);
    requestTicket();
}

void StreamClient::stop()
{
    ++m_generation;
    if (m_reply)
        m_reply->abort();
    dropSocket();
    setState(State::Stopped);
}

void StreamClient::requestTicket()
{
    QNetworkRequest request(m_options.gateway.resolved(QUrl(u"/v1.0/gateway/connections/open"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(30 * 1000);
    // The body holds the client secret: a redirect would post it to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    m_network->prepare(request);
    QJsonArray subscriptions;
    subscriptions.append(
        QJsonObject{{u"type"_s, u"CALLBACK"_s}, {u"topic"_s, QString::fromLatin1(RobotTopic)}});
    const QJsonObject body{{u"clientId"_s, m_options.clientId},
                           {u"clientSecret"_s, m_options.clientSecret},
                           {u"subscriptions"_s, subscriptions},
                           {u"ua"_s, QString(u"dingrelay/"_s + QStringLiteral(DINGRELAY_VERSION))},
                           {u"localIp"_s, u"127.0.0.1"_s}};
    QNetworkAccessManager *manager = m_network->pick();
    QNetworkReply *reply =
        manager->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    m_network->track(manager, reply);
    m_reply = reply;
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, generation] { onTicket(reply, generation); });
}

void StreamClient::onTicket(QNetworkReply *reply, quint64 generation)
{
    reply->deleteLater();
    if (generation != m_generation)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    if (status == 400 || status == 401 || status == 403) {
        // Wrong credentials do not heal by retrying: stop and say what to fix.
        const QString detail = json.value(u"message"_s).toString(QString::fromUtf8(body.left(200)));
        m_error = u"DingTalk refused the Stream connection of robot %1 (HTTP %2: %3); check its "
                  "client_id and client_secret"_s.arg(m_robotId)
                      .arg(status)
                      .arg(detail);
        qCWarning(lcDingTalk).noquote() << m_error;
        setState(State::Error, 0, m_error);
        return;
    }
    const QString endpoint = json.value(u"endpoint"_s).toString();
    const QString ticket = json.value(u"ticket"_s).toString();
    if (reply->error() != QNetworkReply::NoError || endpoint.isEmpty() || ticket.isEmpty()) {
        scheduleReconnect(reply->error() != QNetworkReply::NoError
                              ? reply->errorString()
                              : u"connections/open answered without endpoint or ticket"_s);
        return;
    }
    connectSocket(QUrl(endpoint), ticket);
}

void StreamClient::connectSocket(const QUrl &endpoint, const QString &ticket)
{
    dropSocket(); // never two live connections: the server pushes to one at random
    // The ticket is a credential and the frames are the org's messages: a gateway answer
    // naming a plain ws:// endpoint elsewhere than on this machine is not followed.
    const bool loopback = QHostAddress(endpoint.host()).isLoopback();
    if (endpoint.scheme() != u"wss"_s && !(endpoint.scheme() == u"ws"_s && loopback)) {
        scheduleReconnect(u"the gateway named an endpoint without TLS (%1); not connecting"_s.arg(
            endpoint.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
        return;
    }
    QUrl url = endpoint;
    QUrlQuery query(url);
    query.addQueryItem(u"ticket"_s, QString::fromLatin1(QUrl::toPercentEncoding(ticket)));
    url.setQuery(query);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QWebSocket *socket = m_socket;
    // A robot message is a few kilobytes: a larger frame is not DingTalk's.
    socket->setMaxAllowedIncomingFrameSize(MaxMessageBytes);
    socket->setMaxAllowedIncomingMessageSize(MaxMessageBytes);
    // The way to DingTalk is network/dingtalk_proxy and ca_bundle, for this connection too.
    socket->setProxy(m_network->proxyFor(url));
    m_sawFrame = false;
    connect(socket, &QWebSocket::connected, this, [this] {
        setState(State::Connected);
        m_pingTimer->start();
    });
    connect(socket, &QWebSocket::textMessageReceived, this, &StreamClient::onFrame);
    connect(socket, &QWebSocket::pong, m_pongTimer, &QTimer::stop);
    connect(socket, &QWebSocket::disconnected, this,
            [this, socket] { connectionLost(socket, u"the connection closed"_s); });
    connect(socket, QtCompat::webSocketError, this,
            [this, socket] { connectionLost(socket, socket->errorString()); });
    QNetworkRequest request(url);
    m_network->prepare(request);
    socket->open(request);
}

void StreamClient::onFrame(const QString &text)
{
    if (!m_sawFrame) {
        m_sawFrame = true;
        m_backoffMs = m_options.minBackoffMs; // the connection works: start backoff afresh
    }
    const StreamFrame frame = StreamFrame::parse(text);
    const QJsonObject ack{{u"response"_s, QJsonValue::Null}};
    switch (frame.kind) {
    case StreamFrame::Kind::Malformed:
        qCWarning(lcDingTalk).noquote()
            << "robot" << m_robotId << "ignored a malformed Stream frame of" << text.size()
            << "characters";
        return;
    case StreamFrame::Kind::Ping:
        answer(frame.messageId, QJsonObject{{u"opaque"_s, frame.opaque}});
        return;
    case StreamFrame::Kind::Disconnect:
        // The server closes this connection soon; the next one needs a new ticket.
        qCInfo(lcDingTalk).noquote() << "robot" << m_robotId << "asked to reconnect";
        m_disconnectAsked = true;
        if (m_socket)
            m_socket->close();
        return;
    case StreamFrame::Kind::System:
        return;
    case StreamFrame::Kind::Empty:
        qCWarning(lcDingTalk).noquote()
            << "robot" << m_robotId << "ignored a robot message without data, id"
            << frame.messageId;
        answer(frame.messageId, ack); // nothing to keep: ACKed so it is not pushed again
        return;
    case StreamFrame::Kind::Other:
        answer(frame.messageId, ack);
        return;
    case StreamFrame::Kind::RobotMessage:
        break;
    }
    // Kept first, then ACKed, both at once: storing takes a millisecond, and a message that
    // could not be kept stays un-ACKed so DingTalk pushes it again instead of losing it.
    if (m_intake && !m_intake(frame.data)) {
        qCWarning(lcDingTalk).noquote()
            << "robot" << m_robotId << "could not keep message" << frame.messageId
            << "- not ACKed, DingTalk will push it again";
        return;
    }
    answer(frame.messageId, ack);
    emit messageReceived(frame.data);
}

void StreamClient::answer(const QString &messageId, const QJsonObject &data)
{
    if (m_socket)
        m_socket->sendTextMessage(StreamFrame::ack(messageId, data));
}

void StreamClient::sendPing()
{
    if (!m_socket)
        return;
    m_socket->ping();
    if (!m_pongTimer->isActive())
        m_pongTimer->start();
}

void StreamClient::connectionLost(QWebSocket *socket, const QString &why)
{
    if (socket != m_socket)
        return; // an old socket's late signal, or one already handled
    dropSocket();
    if (m_state == State::Stopped || m_state == State::Error)
        return;
    if (m_disconnectAsked) {
        m_disconnectAsked = false;
        open(); // asked by the server, not a failure: no backoff
        return;
    }
    scheduleReconnect(why);
}

void StreamClient::scheduleReconnect(const QString &why)
{
    const int delayMs = m_backoffMs + std::max(0, m_options.jitter(m_backoffMs));
    m_backoffMs = std::min(m_backoffMs * 2, m_options.maxBackoffMs);
    qCWarning(lcDingTalk).noquote() << "robot" << m_robotId << "lost its Stream connection (" << why
                                    << "); reconnecting in" << delayMs << "ms";
    setState(State::Reconnecting, (delayMs + 999) / 1000);
    const quint64 generation = ++m_generation;
    m_scheduler->schedule(delayMs, this, [this, generation] {
        if (generation == m_generation)
            open();
    });
}

void StreamClient::dropSocket()
{
    m_pingTimer->stop();
    m_pongTimer->stop();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void StreamClient::setState(State state, int seconds, const QString &message)
{
    if (state != State::Error)
        m_error.clear();
    m_state = state;
    emit stateChanged(state, seconds, message);
}
