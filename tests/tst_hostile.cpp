// Hostile and broken clients: idle crowds, slow senders, huge heads, garbage. The relay keeps
// answering everyone else and keeps a bounded number of connections.
#include "FakeHttpServer.h"
#include "RawClient.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"

#include "config/Config.h"
#include "relay/ConnectionGuard.h"
#include "relay/Relay.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QByteArray RobotSecret = "robot-secret-hostile";
} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void keepsAnsweringBesideAThousandIdleConnections();
    void closesIdleConnections();
    void cutsOffASlowSender();
    void refusesHugeHeaders();
    void refusesADeclaredBodyOverTheLimitAtOnce();
    void refusesPipelinedGarbage_data();
    void refusesPipelinedGarbage();
    void takesChunkedCallbacks();
    void takesPipelinedRequestsCutAnywhere();
    void answersTwentyPipelinedAndOneCutInTwo();
    void closesWhenTheClientAsks_data();
    void closesWhenTheClientAsks();
    void sendsContinueBeforeTheBody();
    void refusesHttp11WithoutHost();
    void answersForAServerThatStoppedReading();

private:
    void startRelay();
    ConnectionGuard *guard() const;
    bool healthy() const;
    void expectStillAnswering();

    std::unique_ptr<RelayFixture> m_fixture;
};

void TestHostile::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->isValid(), qPrintable(m_fixture->errorString()));
    m_fixture->model().setHandler(nullptr); // every answer is the default below
    m_fixture->model().setDefault(canned(200, chatCompletionBody(u"still here"_s)));
    m_fixture->secrets = {{u"model/api_key"_s, u"sk-hostile-0123456789"_s},
                          {u"robot/default/app_secret"_s, QString::fromUtf8(RobotSecret)}};

    m_fixture->config.relay.maxConnections = 50;
    m_fixture->config.relay.idleTimeoutSeconds = 60;
    m_fixture->config.relay.requestTimeoutSeconds = 1;
}

void TestHostile::cleanup()
{
    m_fixture.reset();
}

void TestHostile::startRelay()
{
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
    QVERIFY(guard());
}

ConnectionGuard *TestHostile::guard() const
{
    return m_fixture->relay()->findChild<ConnectionGuard *>();
}

bool TestHostile::healthy() const
{
    return send("GET", m_fixture->url(u"/healthz"_s), {}, {}, 5000).status == 200;
}

void TestHostile::expectStillAnswering()
{
    QVERIFY(healthy());
    const qsizetype before = m_fixture->sink().count();
    const QJsonObject m =
        textMessage(u"are you there?"_s, QUuid::createUuid().toString(QUuid::WithoutBraces),
                    m_fixture->sink().url(u"/robot/sendBySession"_s));
    const QUrl callback = m_fixture->callbackUrl(u"default"_s);
    QCOMPARE(postCallback(callback, RobotSecret, m).status, 200);
    QTRY_COMPARE(m_fixture->sink().count(), before + 1);
}

void TestHostile::keepsAnsweringBesideAThousandIdleConnections()
{
    startRelay();
    std::vector<std::unique_ptr<RawClient>> crowd;
    // In waves of 50, the listen backlog: beyond it the kernel drops SYNs and clients wait
    // seconds to retry.
    for (int wave = 0; wave < 20; ++wave) {
        for (int i = 0; i < 50; ++i)
            crowd.push_back(std::make_unique<RawClient>(m_fixture->relay()->port()));
        QTRY_VERIFY_WITH_TIMEOUT(guard()->counters().accepted >= (wave + 1) * 50, 10000);
    }
    // Each new connection past the cap closed the longest idle one.
    QVERIFY(guard()->openConnections() <= m_fixture->config.relay.maxConnections);
    expectStillAnswering();
    QVERIFY(guard()->openConnections() <= m_fixture->config.relay.maxConnections);
    int closed = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (closed = int(
             std::count_if(crowd.begin(), crowd.end(), [](const auto &c) { return c->closed(); })),
         closed >= 1000 - m_fixture->config.relay.maxConnections),
        10000);
    QVERIFY(guard()->counters().evicted >= 1000 - m_fixture->config.relay.maxConnections);
}

void TestHostile::closesIdleConnections()
{
    m_fixture->config.relay.idleTimeoutSeconds = 1;
    startRelay();
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 5; ++i)
        idle.push_back(std::make_unique<RawClient>(m_fixture->relay()->port()));
    QTRY_COMPARE(guard()->counters().accepted, 5);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(idle.begin(), idle.end(), [](const auto &c) { return c->closed(); }), 5000);
    QTRY_COMPARE(guard()->openConnections(), 0);
    QCOMPARE(guard()->counters().idle, 5);
    // A keep-alive client that asked something is closed the same way once it goes quiet.
    RawClient client(m_fixture->relay()->port());
    QTRY_VERIFY(client.connected());
    client.socket->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_COMPARE(client.status(), 200);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), 5000);
}

void TestHostile::cutsOffASlowSender()
{
    startRelay();
    RawClient slow(m_fixture->relay()->port());
    QTRY_VERIFY(slow.connected());
    slow.socket->write("POST /dingtalk/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    // One byte every 200 ms: never idle, never done.
    QTimer trickle;
    connect(&trickle, &QTimer::timeout, slow.socket.get(), [&] {
        if (slow.connected())
            slow.socket->write(" ");
    });
    trickle.start(200);
    expectStillAnswering(); // others are served meanwhile
    QTRY_VERIFY_WITH_TIMEOUT(slow.closed(), 5000);
    QCOMPARE(slow.status(), 408);
    QCOMPARE(guard()->counters().timedOut, 1);
    QTRY_COMPARE(guard()->openConnections(), 0);
}

void TestHostile::refusesHugeHeaders()
{
    startRelay();
    RawClient huge(m_fixture->relay()->port());
    QTRY_VERIFY(huge.connected());
    huge.socket->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " +
                       QByteArray(200 * 1024, 'a') + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(huge.closed(), 5000);
    QCOMPARE(huge.status(), 431);
    // Many header lines, each short, count the same way.
    RawClient many(m_fixture->relay()->port());
    QTRY_VERIFY(many.connected());
    QByteArray head = "GET /healthz HTTP/1.1\r\n";
    for (int i = 0; i < 2000; ++i)
        head += "X-H" + QByteArray::number(i) + ": v\r\n";
    many.socket->write(head + "\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(many.closed(), 5000);
    QCOMPARE(many.status(), 431);
    expectStillAnswering();
    QTRY_COMPARE(guard()->openConnections(), 0);
}

void TestHostile::refusesADeclaredBodyOverTheLimitAtOnce()
{
    startRelay();
    RawClient big(m_fixture->relay()->port());
    QTRY_VERIFY(big.connected());
    // A gigabyte announced: refused on the head alone, nothing of it is buffered.
    big.socket->write("POST /dingtalk/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Length: 1000000000\r\n\r\n{\"a\":");
    QTRY_VERIFY_WITH_TIMEOUT(big.closed(), 5000);
    QCOMPARE(big.status(), 413);
    QVERIFY(big.received.contains("max_body_bytes"));
    expectStillAnswering();
}

void TestHostile::refusesPipelinedGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("binary after a request") << QByteArray(
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n\x00\x01\x02\xff garbage\r\n\r\n", 49);
    QTest::newRow("no method") << QByteArray("/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET /healthz HTTP/9.9\r\n\r\n");
    QTest::newRow("space in header name")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n");
    QTest::newRow("two lengths") << QByteArray(
        "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    QTest::newRow("length and chunked")
        << QByteArray("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray(
        "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    // Qt's parser reads these otherwise than they were meant: the first as an empty body, the
    // second as a request and a malformed one after it, which it closes on.
    QTest::newRow("bare LF after a chunk size")
        << QByteArray("POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\nhi\r\n0\r\n\r\n");
    QTest::newRow("chunked trailer")
        << QByteArray("POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\r\nhi\r\n0\r\nX-Sum: 1\r\n\r\n");
    QTest::newRow("control byte in value")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nX: a\x01"
                      "b\r\n\r\n");
    // Qt's parser fails on these and would then never answer, nor close.
    QTest::newRow("request after Connection: close")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /healthz "
                      "HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("HTTP/1.0 pipelined")
        << QByteArray("GET /healthz HTTP/1.0\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n");
    QTest::newRow("TLS hello on plain HTTP")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
}

void TestHostile::refusesPipelinedGarbage()
{
    QFETCH(QByteArray, bytes);
    startRelay();
    RawClient bad(m_fixture->relay()->port());
    QTRY_VERIFY(bad.connected());
    bad.socket->write(bytes);
    QTRY_VERIFY_WITH_TIMEOUT(bad.closed(), 5000);
    // A request before the garbage may have been answered first.
    QVERIFY2(bad.received.contains("HTTP/1.1 400 "), bad.received.constData());
    QCOMPARE(guard()->counters().refused, 1);
    expectStillAnswering();
    QTRY_COMPARE(guard()->openConnections(), 0);
}

void TestHostile::takesChunkedCallbacks()
{
    startRelay();
    const QJsonObject m =
        textMessage(u"chunked"_s, u"chunked-1"_s, m_fixture->sink().url(u"/robot/sendBySession"_s));
    const QByteArray body = QJsonDocument(m).toJson(QJsonDocument::Compact);
    QByteArray request = "POST /dingtalk/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
    for (const auto &[name, value] : signedHeaders(RobotSecret))
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    const qsizetype half = body.size() / 2;
    for (const QByteArray &piece : {body.left(half), body.mid(half)})
        request += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    request += "0\r\n\r\n";
    RawClient client(m_fixture->relay()->port());
    QTRY_VERIFY(client.connected());
    client.socket->write(request);
    QTRY_COMPARE(client.status(), 200);
    QTRY_COMPARE(m_fixture->sink().count(), 1);
}

void TestHostile::takesPipelinedRequestsCutAnywhere()
{
    // Qt takes one request at a time and leaves the rest of a read for later: the guard must
    // not see those bytes twice.
    startRelay();
    RawClient client(m_fixture->relay()->port());
    QTRY_VERIFY(client.connected());
    client.socket->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab");
    QTRY_VERIFY(client.received.contains("HTTP/1.1 200 "));
    QTest::qWait(50);
    client.socket->write("cd");
    QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("HTTP/1.1 405 "), 5000);
    QVERIFY2(!client.received.contains("HTTP/1.1 400 "), client.received.constData());
    QCOMPARE(guard()->counters().refused, 0);
}

void TestHostile::answersTwentyPipelinedAndOneCutInTwo()
{
    // 20 requests in one write and the request line of a 21st cut in two: Qt leaves the rest
    // of each read for later, and the guard must read every byte once, in order.
    startRelay();
    RawClient client(m_fixture->relay()->port());
    QTRY_VERIFY(client.connected());
    QByteArray burst;
    for (int i = 0; i < 20; ++i)
        burst += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    client.socket->write(burst + "GET /heal");
    QTRY_COMPARE(client.count("HTTP/1.1 200 "), 20);
    client.socket->write("thz HTTP/1.1\r\nHost: x\r\n\r\n");
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // The guard passes it whole; Qt 6.8's server does not answer a request line cut after
    // pipelined ones (6.4 does). Open: docs/RELIABILITY.md, "Injected faults".
    QEXPECT_FAIL("", "Qt 6.8 loses a request line cut after 20 pipelined requests", Abort);
#endif
    QTRY_COMPARE(client.count("HTTP/1.1 200 "), 21);
    QVERIFY2(!client.received.contains("HTTP/1.1 400 "), client.received.constData());
    QVERIFY(client.connected());
    QCOMPARE(guard()->counters().refused, 0);
}

void TestHostile::closesWhenTheClientAsks_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");
    QTest::newRow("Connection: close")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /healthz HTTP/1.0\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 keep-alive")
        << QByteArray("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
    QTest::newRow("HTTP/1.1") << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") << false;
    // A callback, its 404 and the requests pipelined before the last one are answered first.
    QTest::newRow("after two pipelined")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      "POST /dingtalk/none HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                      "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        << true;
}

void TestHostile::closesWhenTheClientAsks()
{
    // RFC 9112 section 9.6: the server closes after answering a request that said so.
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);
    startRelay();
    RawClient client(m_fixture->relay()->port());
    QTRY_VERIFY(client.connected());
    client.socket->write(request);
    const int requests = int(request.count(" HTTP/1."));
    QTRY_COMPARE(client.count("HTTP/1.1 "), requests);
    if (closes) {
        // The idle timeout is a minute: closed within seconds means closed for the request.
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), 3000);
        QVERIFY2(client.received.endsWith("{\"status\":\"ok\"}"), client.received.constData());
        // Qt 6.8 writes header names in lower case.
        QVERIFY(client.received.toLower().contains("\r\nconnection: close\r\n"));
        QCOMPARE(client.count("HTTP/1.1 200 "), requests - (requests > 1 ? 1 : 0));
    } else {
        QTest::qWait(300); // no event marks a connection that stays open
        QVERIFY(client.connected());
        QVERIFY(!client.received.contains("Connection: close"));
    }
    QCOMPARE(guard()->counters().refused, 0);
}

void TestHostile::sendsContinueBeforeTheBody()
{
    startRelay();
    const QJsonObject m = textMessage(u"continue"_s, u"continue-1"_s,
                                      m_fixture->sink().url(u"/robot/sendBySession"_s));
    const QByteArray body = QJsonDocument(m).toJson(QJsonDocument::Compact);
    QByteArray head = "POST /dingtalk/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                      "Content-Length: " +
                      QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : signedHeaders(RobotSecret))
        head += name + ": " + value + "\r\n";
    RawClient client(m_fixture->relay()->port());
    QTRY_VERIFY(client.connected());
    client.socket->write(head + "\r\n");
    // The client waits for the 100 before it sends the body (curl waits a second, then sends
    // anyway: a relay without 100 costs each such callback that second).
    QTRY_COMPARE_WITH_TIMEOUT(client.received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"), 2000);
    client.socket->write(body);
    QTRY_VERIFY(client.received.contains("HTTP/1.1 200 "));
    QVERIFY(client.received.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 "));
    QTRY_COMPARE(m_fixture->sink().count(), 1);
}

void TestHostile::refusesHttp11WithoutHost()
{
    // RFC 9112 section 3.2: 400 for an HTTP/1.1 request without Host, or with two.
    startRelay();
    for (const QByteArray &request :
         {QByteArray("GET /healthz HTTP/1.1\r\n\r\n"),
          QByteArray("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")}) {
        RawClient client(m_fixture->relay()->port());
        QTRY_VERIFY(client.connected());
        client.socket->write(request);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), 5000);
        QCOMPARE(client.status(), 400);
    }
    // HTTP/1.0 needs none.
    RawClient old(m_fixture->relay()->port());
    QTRY_VERIFY(old.connected());
    old.socket->write("GET /healthz HTTP/1.0\r\n\r\n");
    QTRY_COMPARE(old.status(), 200);
    expectStillAnswering();
}

namespace {
// Answers one request, then stops reading the connection, as Qt 6.4's server does when its
// parser fails (it disconnects the socket's signals and never answers or closes). Keeping the
// responder makes Qt 6.5+ stop reading too: it reads the next request once that is gone.
class GivingUpServer final : public HttpServerBase
{
protected:
    void serve(const QHttpServerRequest &, QHttpServerResponder &responder,
               QTcpSocket *socket) override
    {
        responder.write(QHttpServerResponder::StatusCode::Ok);
        m_kept.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
        QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    }

private:
    std::vector<std::unique_ptr<QHttpServerResponder>> m_kept;
};
} // namespace

void TestHostile::answersForAServerThatStoppedReading()
{
    GivingUpServer server;
    ConnectionGuard::Limits limits;
    limits.requestTimeoutMs = 60000;
    auto *guard = new ConnectionGuard(limits);
    QVERIFY(guard->listen(QHostAddress::LocalHost, 0));
    server.serveFrom(guard);
    RawClient client(guard->serverPort());
    QTRY_VERIFY(client.connected());
    client.socket->write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE(client.status(), 200);
    // Nobody reads the connection any more: the guard answers for the server and closes it.
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), 5000);
    QVERIFY2(client.received.contains("HTTP/1.1 400 "), client.received.constData());
    QTRY_COMPARE(guard->openConnections(), 0);
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
