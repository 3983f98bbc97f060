// StreamClient against a loopback Stream gateway: ticket, ACKs, ping, reconnects, the relay path.
#include "FakeHttpServer.h"
#include "ManualScheduler.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"
#include "TestLog.h"

#include "config/Config.h"
#include "dingtalk/StreamClient.h"
#include "relay/Relay.h"
#include "util/NetworkPool.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QString Secret = u"client-secret-0123456789"_s;

QString frame(const QString &type, const QString &topic, const QString &messageId,
              const QJsonObject &data)
{
    const QJsonObject headers{{u"topic"_s, topic},
                              {u"messageId"_s, messageId},
                              {u"contentType"_s, u"application/json"_s},
                              {u"time"_s, u"1700000000000"_s}};
    const QJsonObject o{
        {u"specVersion"_s, u"1.0"_s},
        {u"type"_s, type},
        {u"headers"_s, headers},
        {u"data"_s, QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

class TestStreamClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { TestLog::install(); }
    void init();
    void cleanup();
    void opensWithTicketAndAcksRobotMessages();
    void answersPingWithOpaque();
    void reconnectsWithNewTicketOnDisconnect();
    void ignoresMalformedFrames();
    void backsOffAfterClosesAndResetsOnFrame();
    void wrongSecretIsAnErrorWithoutRetry();
    void ticketRequestFollowsNoRedirect();
    void pingsKeepTheConnection();
    void closesWhenPongsStop();
    void relayAnswersStreamMessageOnce();
    void leavesUnkeptMessagesUnacked();

    void plainEndpointOnlyOnThisMachine();
    void oversizedFrameClosesTheConnection();
    void connectionGoesThroughTheDingTalkProxy();

private:
    StreamOptions options(int pingIntervalMs, int pongTimeoutMs) const;
    void startClient(int pingIntervalMs = 60 * 1000);
    QJsonObject ackFor(const QString &messageId) const;

    std::unique_ptr<FakeHttpServer> m_gateway;
    std::unique_ptr<QWebSocketServer> m_ws;
    QList<QWebSocket *> m_sockets;
    QStringList m_tickets;     // issued by connections/open
    QStringList m_usedTickets; // presented by WebSocket clients
    QList<QJsonObject> m_acks; // frames the client sent
    std::unique_ptr<NetworkPool> m_network;
    ManualScheduler m_scheduler;
    std::unique_ptr<StreamClient> m_client;
    quint16 m_endpointPort = 0; // the WebSocket server's port when 0
    QString m_endpointHost = QStringLiteral("127.0.0.1");
};

void TestStreamClient::init()
{
    m_sockets.clear();
    m_endpointPort = 0;
    m_endpointHost = u"127.0.0.1"_s;
    m_tickets.clear();
    m_usedTickets.clear();
    m_acks.clear();
    m_scheduler.reset();
    m_ws = std::make_unique<QWebSocketServer>(u"fake-gateway"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(m_ws->listen(QHostAddress::LocalHost, 0));
    connect(m_ws.get(), &QWebSocketServer::newConnection, this, [this] {
        QWebSocket *socket = m_ws->nextPendingConnection();
        m_usedTickets
            << QUrlQuery(socket->requestUrl()).queryItemValue(u"ticket"_s, QUrl::FullyDecoded);
        m_sockets << socket;
        connect(socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            m_acks << QJsonDocument::fromJson(text.toUtf8()).object();
        });
    });
    m_gateway = std::make_unique<FakeHttpServer>();
    QVERIFY(m_gateway->listen() != 0);
    m_gateway->setHandler([this](const RecordedRequest &r) {
        const QJsonObject body = r.json();
        if (r.path != u"/v1.0/gateway/connections/open"_s ||
            r.headers.value("accept") != "application/json" ||
            body.value(u"clientId"_s).toString() != u"ding-client"_s ||
            body.value(u"clientSecret"_s).toString() != Secret)
            return canned(400, R"({"code":"invalidClient","message":"bad client"})");
        const QJsonObject sub = body.value(u"subscriptions"_s).toArray().first().toObject();
        if (sub.value(u"type"_s).toString() != u"CALLBACK"_s ||
            sub.value(u"topic"_s).toString() != u"/v1.0/im/bot/messages/get"_s ||
            !body.value(u"ua"_s).toString().startsWith(u"dingrelay/"_s) ||
            body.value(u"localIp"_s).toString() != u"127.0.0.1"_s)
            return canned(400, R"({"message":"bad body"})");
        // '+' and '/' must arrive percent-encoded and decode back.
        m_tickets << u"ticket+%1/x="_s.arg(m_tickets.size() + 1);
        const QJsonObject answer{
            {u"endpoint"_s, u"ws://%1:%2/connect"_s.arg(m_endpointHost)
                                .arg(m_endpointPort ? m_endpointPort : m_ws->serverPort())},
            {u"ticket"_s, m_tickets.last()}};
        return canned(200, QJsonDocument(answer).toJson(QJsonDocument::Compact));
    });
    m_network = std::make_unique<NetworkPool>(1);
}

void TestStreamClient::cleanup()
{
    m_client.reset();
    // Sockets from nextPendingConnection() belong to the caller.
    qDeleteAll(m_sockets);
    m_sockets.clear();
    m_ws.reset();
    m_gateway.reset();
    m_network.reset();
}

StreamOptions TestStreamClient::options(int pingIntervalMs, int pongTimeoutMs) const
{
    StreamOptions o;
    o.gateway = m_gateway->url();
    o.clientId = u"ding-client"_s;
    o.clientSecret = Secret;
    o.pingIntervalMs = pingIntervalMs;
    o.pongTimeoutMs = pongTimeoutMs;
    o.jitter = [](int) { return 0; };
    return o;
}

void TestStreamClient::startClient(int pingIntervalMs)
{
    m_client = std::make_unique<StreamClient>(m_network.get(), u"bot"_s,
                                              options(pingIntervalMs, 500), &m_scheduler);
    m_client->open();
    QTRY_COMPARE(m_client->state(), StreamClient::State::Connected);
    QTRY_COMPARE(m_sockets.size(), 1);
}

QJsonObject TestStreamClient::ackFor(const QString &messageId) const
{
    for (const QJsonObject &ack : m_acks) {
        if (ack.value(u"headers"_s).toObject().value(u"messageId"_s).toString() == messageId)
            return ack;
    }
    return {};
}

void TestStreamClient::opensWithTicketAndAcksRobotMessages()
{
    startClient();
    QCOMPARE(m_gateway->count(), 1);
    QCOMPARE(m_usedTickets, m_tickets); // decoded back exactly
    QSignalSpy received(m_client.get(), &StreamClient::messageReceived);
    const QJsonObject message = TestCallbacks::textMessage(
        u"hello"_s, u"msg-1"_s, QUrl(u"https://oapi.dingtalk.com/robot/sendBySession?s=1"_s));
    m_sockets.first()->sendTextMessage(
        frame(u"CALLBACK"_s, u"/v1.0/im/bot/messages/get"_s, u"mid-1"_s, message));
    QTRY_COMPARE(received.size(), 1);
    // The ack is sent as the message is handed on, and reaches the gateway a moment later.
    QTRY_VERIFY(!ackFor(u"mid-1"_s).isEmpty());
    const QJsonObject ack = ackFor(u"mid-1"_s);
    QCOMPARE(ack.value(u"code"_s).toInt(), 200);
    QCOMPARE(ack.value(u"message"_s).toString(), u"OK"_s);
    QCOMPARE(ack.value(u"headers"_s).toObject().value(u"contentType"_s).toString(),
             u"application/json"_s);
    const QJsonObject ackData =
        QJsonDocument::fromJson(ack.value(u"data"_s).toString().toUtf8()).object();
    QVERIFY(ackData.contains(u"response"_s) && ackData.value(u"response"_s).isNull());
    const QJsonObject inner = QJsonDocument::fromJson(received.at(0).at(0).toByteArray()).object();
    QCOMPARE(inner.value(u"msgId"_s).toString(), u"msg-1"_s);
    QCOMPARE(inner.value(u"text"_s).toObject().value(u"content"_s).toString(), u"hello"_s);
}

void TestStreamClient::answersPingWithOpaque()
{
    startClient();
    m_sockets.first()->sendTextMessage(
        frame(u"SYSTEM"_s, u"ping"_s, u"ping-1"_s, {{u"opaque"_s, u"opaque-42"_s}}));
    QTRY_VERIFY(!ackFor(u"ping-1"_s).isEmpty());
    const QJsonObject ack = ackFor(u"ping-1"_s);
    QCOMPARE(ack.value(u"code"_s).toInt(), 200);
    const QJsonObject data =
        QJsonDocument::fromJson(ack.value(u"data"_s).toString().toUtf8()).object();
    QCOMPARE(data.value(u"opaque"_s).toString(), u"opaque-42"_s);
}

void TestStreamClient::reconnectsWithNewTicketOnDisconnect()
{
    startClient();
    QPointer<QWebSocket> first = m_sockets.first();
    first->sendTextMessage(frame(u"SYSTEM"_s, u"disconnect"_s, u"d-1"_s, {}));
    QTRY_COMPARE(m_gateway->count(), 2);
    QTRY_COMPARE(m_sockets.size(), 2);
    QCOMPARE(m_usedTickets, m_tickets);
    QVERIFY(m_tickets.at(0) != m_tickets.at(1));
    QTRY_VERIFY(!first || first->state() == QAbstractSocket::UnconnectedState); // one live
    QTRY_COMPARE(m_client->state(), StreamClient::State::Connected);
    QVERIFY(m_scheduler.delays.isEmpty()); // asked to move, not a failure: no backoff
}

void TestStreamClient::ignoresMalformedFrames()
{
    startClient();
    QWebSocket *socket = m_sockets.first();
    QSignalSpy received(m_client.get(), &StreamClient::messageReceived);
    socket->sendTextMessage(u"not json at all"_s);
    socket->sendTextMessage(u"[1,2,3]"_s);
    socket->sendTextMessage(u"{}"_s);
    socket->sendTextMessage(
        u"{\"type\":\"CALLBACK\",\"headers\":{\"topic\":"
        "\"/v1.0/im/bot/messages/get\",\"messageId\":\"m\"},\"data\":\"{oops\"}"_s);
    socket->sendTextMessage(frame(u"SYSTEM"_s, u"ping"_s, u"ping-2"_s, {{u"opaque"_s, u"o"_s}}));
    QTRY_VERIFY(!ackFor(u"ping-2"_s).isEmpty()); // the same connection still answers
    QCOMPARE(received.size(), 0);
    QCOMPARE(m_sockets.size(), 1);
    QCOMPARE(m_gateway->count(), 1);
}

void TestStreamClient::backsOffAfterClosesAndResetsOnFrame()
{
    startClient();
    QSignalSpy states(m_client.get(), &StreamClient::stateChanged);
    for (int i = 0; i < 3; ++i) {
        m_sockets.last()->close();
        QTRY_COMPARE(m_scheduler.pendingCount(), 1);
        QCOMPARE(m_client->state(), StreamClient::State::Reconnecting);
        m_scheduler.runNext();
        QTRY_COMPARE(m_sockets.size(), i + 2);
        QTRY_COMPARE(m_client->state(), StreamClient::State::Connected);
    }
    QCOMPARE(m_scheduler.delays, (QList<int>{1000, 2000, 4000}));
    QVERIFY(states.contains(
        QVariantList{QVariant::fromValue(StreamClient::State::Reconnecting), 4, QString()}));
    // A frame proves the connection works: the next loss starts from 1 s again.
    m_sockets.last()->sendTextMessage(frame(u"SYSTEM"_s, u"ping"_s, u"p"_s, {}));
    QTRY_VERIFY(!ackFor(u"p"_s).isEmpty());
    m_sockets.last()->close();
    QTRY_COMPARE(m_scheduler.delays.size(), 4);
    QCOMPARE(m_scheduler.delays.last(), 1000);
    QCOMPARE(m_gateway->count(), 4);
}

void TestStreamClient::wrongSecretIsAnErrorWithoutRetry()
{
    StreamOptions wrong = options(60 * 1000, 5000);
    wrong.clientSecret = u"wrong"_s;
    m_client = std::make_unique<StreamClient>(m_network.get(), u"bot"_s, wrong, &m_scheduler);
    m_client->open();
    QTRY_COMPARE(m_client->state(), StreamClient::State::Error);
    QVERIFY2(m_client->errorString().contains(u"client_secret"_s),
             qPrintable(m_client->errorString()));
    QVERIFY(m_client->errorString().contains(u"400"_s));
    // A retry could only come through the scheduler, and none is scheduled.
    QCOMPARE(m_gateway->count(), 1);
    QCOMPARE(m_scheduler.pendingCount(), 0);
    QVERIFY(m_sockets.isEmpty());
}

void TestStreamClient::ticketRequestFollowsNoRedirect()
{
    // The ticket request carries the client secret: a redirect must not carry it elsewhere.
    FakeHttpServer elsewhere;
    QVERIFY(elsewhere.listen() != 0);
    const QByteArray target =
        elsewhere.url().toString().toUtf8() + "/v1.0/gateway/connections/open";
    m_gateway->setHandler([target](const RecordedRequest &) {
        CannedResponse r = canned(307, "{}");
        r.headers.append({"Location", target});
        return r;
    });
    m_client = std::make_unique<StreamClient>(m_network.get(), u"bot"_s, options(60 * 1000, 5000),
                                              &m_scheduler);
    m_client->open();
    QTRY_COMPARE(m_scheduler.pendingCount(), 1); // no ticket: it tries again later
    QCOMPARE(m_gateway->count(), 1);
    QCOMPARE(elsewhere.count(), 0);
    QVERIFY(m_sockets.isEmpty());
}

void TestStreamClient::pingsKeepTheConnection()
{
    startClient(50);
    QSignalSpy states(m_client.get(), &StreamClient::stateChanged);
    QTest::qWait(1000); // many pings, each answered well inside the pong timeout
    QCOMPARE(states.size(), 0);
    QCOMPARE(m_client->state(), StreamClient::State::Connected);
    QCOMPARE(m_sockets.size(), 1);
    QCOMPARE(m_gateway->count(), 1);
}

void TestStreamClient::closesWhenPongsStop()
{
    // A server that completes the handshake and then never reads: pings go unanswered.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&mute, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = mute.nextPendingConnection();
        accepted << socket;
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            const QByteArray request = socket->peek(4096);
            if (!request.contains("\r\n\r\n") || socket->property("upgraded").toBool())
                return;
            socket->setProperty("upgraded", true);
            const qsizetype at = request.indexOf("Sec-WebSocket-Key: ") + 19;
            const QByteArray key = request.mid(at, request.indexOf("\r\n", at) - at).trimmed();
            const QByteArray accept =
                QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                         QCryptographicHash::Sha1)
                    .toBase64();
            socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                          accept + "\r\n\r\n");
        });
    });
    m_endpointPort = mute.serverPort();
    m_client =
        std::make_unique<StreamClient>(m_network.get(), u"bot"_s, options(100, 200), &m_scheduler);
    m_client->open();
    QTRY_COMPARE(m_client->state(), StreamClient::State::Connected);
    QTRY_COMPARE(m_client->state(), StreamClient::State::Reconnecting);
    QCOMPARE(m_scheduler.delays, QList<int>{1000});
    qDeleteAll(accepted);
}

void TestStreamClient::relayAnswersStreamMessageOnce()
{
    RelayFixture f;
    QVERIFY2(f.isValid(), qPrintable(f.errorString()));
    FakeHttpServer &model = f.model();
    FakeHttpServer &sink = f.sink();
    model.setHandler(nullptr);
    model.setDefault(canned(200, chatCompletionBody(u"streamed answer"_s), 300));
    f.config.relay.drainSeconds = 5;
    f.config.dingtalk.streamGatewayUrl = m_gateway->url();
    RobotSettings robot;
    robot.id = u"bot"_s;
    robot.mode = RobotMode::Stream;
    robot.callbackPath = u"/dingtalk/bot"_s;
    robot.clientId = u"ding-client"_s;
    f.config.robots = {robot};
    f.secrets = {{u"model/api_key"_s, u"sk-test-0123456789abcdef"_s},
                 {u"robot/bot/client_secret"_s, Secret},
                 {u"robot/bot/app_secret"_s, u"app-secret-unused"_s}};
    QString error;
    QVERIFY2(f.start(&error), qPrintable(error));
    Relay &relay = *f.relay();
    QTRY_COMPARE(m_sockets.size(), 1);
    QTRY_COMPARE(relay.streamClients().value(u"bot"_s)->state(), StreamClient::State::Connected);

    const QJsonObject message =
        TestCallbacks::textMessage(u"ping me"_s, u"msg-dup"_s, sink.url(u"/robot/sendBySession"_s));
    const QString topic = u"/v1.0/im/bot/messages/get"_s;
    m_sockets.first()->sendTextMessage(frame(u"CALLBACK"_s, topic, u"push-1"_s, message));
    m_sockets.first()->sendTextMessage(frame(u"CALLBACK"_s, topic, u"push-2"_s, message));
    QTRY_VERIFY(!ackFor(u"push-1"_s).isEmpty() && !ackFor(u"push-2"_s).isEmpty());
    QTRY_COMPARE(sink.count(), 1);
    // Both pushes are acknowledged, so both were taken in; once the pipeline is idle no second
    // answer can still be on its way.
    const auto idle = [&f] {
        const QJsonObject h = TestCallbacks::healthDetails(f.url({}), f.dataDir()).json();
        return h.value(u"jobs_active"_s).toInt(-1) == 0 && h.value(u"jobs_queued"_s).toInt(-1) == 0;
    };
    QTRY_VERIFY(idle());
    QCOMPARE(model.count(), 1);
    QCOMPARE(sink.count(), 1);
    QVERIFY(sink.requests().first().body.contains("streamed answer"));

    // The robot has no HTTP callback path: the stream is its only way in.
    QNetworkAccessManager http;
    QNetworkRequest request(f.url(u"/dingtalk/bot"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = http.post(request, QJsonDocument(message).toJson());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    delete reply;

    QSignalSpy stopped(&relay, &Relay::stopped);
    relay.shutdown();
    QTRY_COMPARE(stopped.size(), 1);
    QCOMPARE(relay.streamClients().value(u"bot"_s)->state(), StreamClient::State::Stopped);
}

void TestStreamClient::leavesUnkeptMessagesUnacked()
{
    startClient();
    bool storageWorks = false;
    m_client->setIntake([&](const QByteArray &) { return storageWorks; });
    QSignalSpy received(m_client.get(), &StreamClient::messageReceived);
    const QJsonObject message = TestCallbacks::textMessage(
        u"keep me"_s, u"msg-keep"_s, QUrl(u"https://oapi.dingtalk.com/robot/sendBySession?s=1"_s));
    const QString topic = u"/v1.0/im/bot/messages/get"_s;
    // The disk is full: no ACK, so DingTalk pushes the message again later.
    m_sockets.first()->sendTextMessage(frame(u"CALLBACK"_s, topic, u"push-a"_s, message));
    // A ping after it proves the frame was handled before we look.
    m_sockets.first()->sendTextMessage(
        frame(u"SYSTEM"_s, u"ping"_s, u"ping-a"_s, QJsonObject{{u"opaque"_s, u"o"_s}}));
    QTRY_VERIFY(!ackFor(u"ping-a"_s).isEmpty());
    QVERIFY(ackFor(u"push-a"_s).isEmpty());
    QCOMPARE(received.size(), 0);
    // The push again, once storage is back: kept, then ACKed.
    storageWorks = true;
    m_sockets.first()->sendTextMessage(frame(u"CALLBACK"_s, topic, u"push-b"_s, message));
    QTRY_VERIFY(!ackFor(u"push-b"_s).isEmpty());
    QCOMPARE(received.size(), 1);
}

void TestStreamClient::plainEndpointOnlyOnThisMachine()
{
    // A gateway answer may not send the ticket and the org's messages over plain ws:// to
    // another host: "localhost" is a name, not this machine's address, so it counts as another.
    m_endpointHost = u"localhost"_s;
    m_client = std::make_unique<StreamClient>(m_network.get(), u"bot"_s, options(60 * 1000, 5000),
                                              &m_scheduler);
    m_client->open();
    QTRY_COMPARE(m_scheduler.pendingCount(), 1); // tried again later, as any failed attempt
    QCOMPARE(m_client->state(), StreamClient::State::Reconnecting);
    QVERIFY(TestLog::contains(u"endpoint without TLS"_s));
    QVERIFY(m_sockets.isEmpty());
}

void TestStreamClient::oversizedFrameClosesTheConnection()
{
    startClient();
    QSignalSpy states(m_client.get(), &StreamClient::stateChanged);
    m_sockets.first()->sendTextMessage(QString(StreamClient::MaxMessageBytes + 1024, u'x'));
    QTRY_COMPARE(m_client->state(), StreamClient::State::Reconnecting);
    QCOMPARE(m_scheduler.pendingCount(), 1);
}

void TestStreamClient::connectionGoesThroughTheDingTalkProxy()
{
    // An HTTP proxy on loopback that tunnels CONNECT to loopback ports and notes each target.
    QTcpServer proxy;
    QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));
    QStringList targets;
    connect(&proxy, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *client = proxy.nextPendingConnection();
        auto *buffer = new QByteArray;
        connect(client, &QObject::destroyed, this, [buffer] { delete buffer; });
        connect(client, &QTcpSocket::readyRead, this, [&targets, client, buffer] {
            if (client->property("upstream").isValid())
                return;
            *buffer += client->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> words = buffer->left(buffer->indexOf("\r\n")).split(' ');
            if (words.size() < 2 || words.at(0) != "CONNECT") {
                client->abort();
                return;
            }
            const QByteArray target = words.at(1);
            targets << QString::fromLatin1(target);
            auto *upstream = new QTcpSocket(client);
            client->setProperty("upstream", true);
            const QByteArray rest = buffer->mid(end + 4);
            connect(upstream, &QTcpSocket::connected, client, [client, upstream, rest] {
                client->write("HTTP/1.1 200 Connection established\r\n\r\n");
                if (!rest.isEmpty())
                    upstream->write(rest);
                connect(client, &QTcpSocket::readyRead, upstream,
                        [client, upstream] { upstream->write(client->readAll()); });
                connect(upstream, &QTcpSocket::readyRead, client,
                        [client, upstream] { client->write(upstream->readAll()); });
                connect(upstream, &QTcpSocket::disconnected, client,
                        &QTcpSocket::disconnectFromHost);
            });
            upstream->connectToHost(QHostAddress::LocalHost,
                                    quint16(target.mid(target.lastIndexOf(':') + 1).toUInt()));
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    });

    ProxySettings settings;
    settings.kind = ProxySettings::Kind::Http;
    settings.host = u"127.0.0.1"_s;
    settings.port = proxy.serverPort();
    m_network->configure(settings, {}, {});
    startClient();
    // The ticket request and the WebSocket both went through it.
    QVERIFY2(targets.contains(u"127.0.0.1:%1"_s.arg(m_gateway->url().port())),
             qPrintable(targets.join(u", "_s)));
    QVERIFY2(targets.contains(u"127.0.0.1:%1"_s.arg(m_ws->serverPort())),
             qPrintable(targets.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestStreamClient)
#include "tst_streamclient.moc"
