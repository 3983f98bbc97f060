// The reachability check: the probe route, each failing hop, another instance, the headless log.
#include "FakeHttpServer.h"
#include "TestCallbacks.h"
#include "TunnelTestKit.h"
#include "config/Config.h"
#include "relay/Relay.h"
#include "tunnel/TunnelManager.h"
#include "util/NetworkPool.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace TunnelTestKit;
using Hop = ReachabilityResult::Hop;
using Tunnel::State;

namespace {
const QString ApiKey = u"sk-tunnel-test-0123456789abcdef"_s;
const QString RobotSecret = u"tunnel-robot-secret-0123"_s;

ReachabilityCheck::Answer answer(QNetworkReply::NetworkError error, int status = 0,
                                 const QByteArray &body = {}, const QString &errorText = {})
{
    ReachabilityCheck::Answer a;
    a.error = error;
    a.status = status;
    a.body = body;
    a.errorText = errorText;
    a.elapsedMs = 42;
    return a;
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

class TestTunnelReach : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void judgesEachHop_data();
    void judgesEachHop();
    void buildsTheProbeUrl();
    void relayAnswersTheProbe();
    void passesThroughASocatTunnel();
    void failsWhenNothingListens();
    void failsOnTls();
    void catchesATunnelToAnotherRelay();
    void catchesWhatElseAnswers_data();
    void catchesWhatElseAnswers();
    void checksAgainPeriodically();
    void headlessLogShowsTheTunnel();

private:
    std::unique_ptr<Relay> startRelay(const TunnelSettings &tunnel);
    ReachabilityResult checkOnce(TunnelManager &tunnel);
    std::unique_ptr<TunnelManager> fixedTunnel(const QUrl &url, int timeoutMs = 10000);

    std::unique_ptr<QTemporaryDir> m_dir;
    int m_relays = 0;
};

void TestTunnelReach::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestTunnelReach::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<Relay> TestTunnelReach::startRelay(const TunnelSettings &tunnel)
{
    AppConfig config;
    config.relay.port = 0;
    config.relay.drainSeconds = 1;
    config.dataDir = m_dir->filePath(u"data%1"_s.arg(++m_relays));
    config.model.preset = u"custom"_s;
    config.model.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
    config.dingtalk.sessionWebhookPrefix = u"http://127.0.0.1:9/"_s;
    config.tunnel = tunnel;
    RobotSettings robot;
    robot.id = u"default"_s;
    robot.callbackPath = u"/dingtalk/default"_s;
    config.robots = {robot};
    auto relay =
        std::make_unique<Relay>(config, SecretBundle{{u"model/api_key"_s, ApiKey},
                                                     {u"robot/default/app_secret"_s, RobotSecret}});
    QString error;
    if (!relay->start(&error)) {
        qWarning() << error;
        return nullptr;
    }
    return relay;
}

ReachabilityResult TestTunnelReach::checkOnce(TunnelManager &tunnel)
{
    QSignalSpy checks(&tunnel, &TunnelManager::reachabilityChecked);
    tunnel.checkNow();
    if (!checks.wait(20000) && checks.isEmpty())
        return {};
    return checks.first().first().value<ReachabilityResult>();
}

std::unique_ptr<TunnelManager> TestTunnelReach::fixedTunnel(const QUrl &url, int timeoutMs)
{
    TunnelSettings settings;
    settings.mode = TunnelMode::Fixed;
    settings.publicUrl = url;
    settings.checkIntervalSeconds = 0;
    TunnelOptions options;
    options.checkTimeoutMs = timeoutMs;
    return std::make_unique<TunnelManager>(settings, u"127.0.0.1"_s, 9, ProbeIdentity::generate(),
                                           nullptr, QString(), options);
}

void TestTunnelReach::judgesEachHop_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body"); // "<own>" and "<own-id>": this instance's answers
    QTest::addColumn<QString>("hop");
    QTest::addColumn<QString>("message");
    using E = QNetworkReply;
    QTest::newRow("own answer") << int(E::NoError) << 200 << QByteArray("<own>") << u"ok"_s
                                << u"reachable: relay.example.com answered as this DingRelay"_s;
    // No name lookup leaves this machine in a test, so DNS is judged from Qt's error alone.
    QTest::newRow("dns") << int(E::HostNotFoundError) << 0 << QByteArray() << u"dns"_s
                         << u"DNS: relay.example.com does not resolve"_s;
    QTest::newRow("refused") << int(E::ConnectionRefusedError) << 0 << QByteArray() << u"connect"_s
                             << u"nothing accepts connections at relay.example.com"_s;
    QTest::newRow("closed") << int(E::RemoteHostClosedError) << 0 << QByteArray() << u"connect"_s
                            << u"closed the connection without answering"_s;
    QTest::newRow("timeout") << int(E::OperationCanceledError) << 0 << QByteArray() << u"timeout"_s
                             << u"did not answer within 5 s"_s;
    QTest::newRow("tls") << int(E::SslHandshakeFailedError) << 0 << QByteArray() << u"tls"_s
                         << u"TLS: SSL handshake failed with relay.example.com"_s;
    QTest::newRow("proxy") << int(E::ProxyConnectionRefusedError) << 0 << QByteArray() << u"proxy"_s
                           << u"network/dingtalk_proxy"_s;
    QTest::newRow("502") << int(E::ContentNotFoundError) << 502 << QByteArray("Bad Gateway")
                         << u"http"_s << u"HTTP 502 from relay.example.com: the tunnel or proxy"_s;
    QTest::newRow("530") << int(E::UnknownServerError) << 530 << QByteArray("error code: 1033")
                         << u"http"_s << u"cannot reach this relay"_s;
    QTest::newRow("404") << int(E::ContentNotFoundError) << 404 << QByteArray("Tunnel not found")
                         << u"http"_s << u"does not know DingRelay's probe"_s;
    QTest::newRow("403") << int(E::ContentAccessDenied) << 403 << QByteArray() << u"http"_s
                         << u"an access rule there refuses the request"_s;
    QTest::newRow("not DingRelay") << int(E::NoError) << 200 << QByteArray("<html>nginx</html>")
                                   << u"wrong-instance"_s << u"but not as DingRelay"_s;
    QTest::newRow("another instance")
        << int(E::NoError) << 200
        << json({{u"service"_s, u"dingrelay"_s},
                 {u"instance"_s, u"0badc0ffee"_s},
                 {u"nonce"_s, u"<nonce>"_s},
                 {u"proof"_s, u"00"_s}})
        << u"wrong-instance"_s << u"another DingRelay (instance 0badc0ffee)"_s;
    QTest::newRow("own id, no proof") << int(E::NoError) << 200 << QByteArray("<own-id>")
                                      << u"wrong-instance"_s << u"replays or caches"_s;
}

void TestTunnelReach::judgesEachHop()
{
    QFETCH(int, error);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, hop);
    QFETCH(QString, message);
    const ProbeIdentity identity = ProbeIdentity::generate();
    const QString nonce = ProbeIdentity::newNonce();
    if (body == "<own>") {
        body = json(identity.answer(nonce));
    } else if (body == "<own-id>") {
        QJsonObject replayed = identity.answer(ProbeIdentity::newNonce()); // an older answer
        body = json(replayed);
    }
    const QUrl url = ReachabilityCheck::probeUrl(QUrl(u"https://relay.example.com"_s), nonce);
    const ReachabilityResult r = ReachabilityCheck::judge(
        url, answer(QNetworkReply::NetworkError(error), status, body, u"SSL handshake failed"_s),
        identity, nonce, 5000);
    QCOMPARE(ReachabilityResult::hopName(r.hop), hop);
    QCOMPARE(r.ok, hop == u"ok"_s);
    QVERIFY2(r.message.contains(message), qPrintable(r.message));
    QVERIFY(!r.message.contains(u'\n'));
    QCOMPARE(r.httpStatus, status);
    QCOMPARE(r.url, url);
}

void TestTunnelReach::buildsTheProbeUrl()
{
    const QUrl url = ReachabilityCheck::probeUrl(QUrl(u"https://example.com:8443/relay/"_s),
                                                 u"0123456789abcdef"_s);
    QCOMPARE(url.toString(),
             u"https://example.com:8443/relay/dingrelay/probe?nonce=0123456789abcdef"_s);
    QVERIFY(ProbeIdentity::isValidNonce(ProbeIdentity::newNonce()));
    QVERIFY(ProbeIdentity::newNonce() != ProbeIdentity::newNonce());
    QVERIFY(!ProbeIdentity::isValidNonce(u"short"_s));
    QVERIFY(!ProbeIdentity::isValidNonce(u"0123456789abcdef<script>"_s));
}

void TestTunnelReach::relayAnswersTheProbe()
{
    const auto relay = startRelay({});
    QVERIFY(relay);
    const QString base = u"http://127.0.0.1:%1"_s.arg(relay->port());
    const QString nonce = ProbeIdentity::newNonce();
    const auto ok = TestCallbacks::send("GET", QUrl(base + u"/dingrelay/probe?nonce="_s + nonce));
    QCOMPARE(ok.status, 200);
    const QJsonObject body = ok.json();
    QCOMPARE(body.value(u"service"_s).toString(), u"dingrelay"_s);
    QCOMPARE(body.value(u"nonce"_s).toString(), nonce);
    QCOMPARE(body.value(u"instance"_s).toString().size(), 16);
    QCOMPARE(body.value(u"proof"_s).toString().size(), 64); // hex SHA-256
    // A second nonce gets another proof from the same instance.
    const QJsonObject again = TestCallbacks::send("GET", QUrl(base + u"/dingrelay/probe?nonce="_s +
                                                              ProbeIdentity::newNonce()))
                                  .json();
    QCOMPARE(again.value(u"instance"_s), body.value(u"instance"_s));
    QVERIFY(again.value(u"proof"_s) != body.value(u"proof"_s));

    QCOMPARE(TestCallbacks::send("GET", QUrl(base + u"/dingrelay/probe"_s)).status, 400);
    QCOMPARE(TestCallbacks::send("GET", QUrl(base + u"/dingrelay/probe?nonce=x%20y"_s)).status,
             400);
    QCOMPARE(TestCallbacks::send("POST", QUrl(base + u"/dingrelay/probe?nonce="_s + nonce)).status,
             405);
    // The other routes are as they were.
    QCOMPARE(TestCallbacks::send("POST", QUrl(base + u"/dingtalk/default"_s), "{}").status, 401);
    const auto health = TestCallbacks::healthDetails(QUrl(base), relay->config().dataDir);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(u"tunnel"_s).toObject().value(u"state"_s).toString(), u"off"_s);
}

void TestTunnelReach::passesThroughASocatTunnel()
{
    const quint16 publicPort = unusedPort();
    const auto relay = startRelay(socatTunnel(publicPort));
    QVERIFY(relay);
    TunnelManager *tunnel = relay->tunnel();
    QTRY_COMPARE(tunnel->state(), State::Up);
    const ReachabilityResult r = checkOnce(*tunnel);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(r.hop, Hop::None);
    QVERIFY(r.message.startsWith(
        u"reachable: 127.0.0.1:%1 answered as this DingRelay"_s.arg(publicPort)));
    QCOMPARE(tunnel->lastCheck()->ok, true);

    // /healthz, asked through the tunnel with the token, tells the same.
    const QJsonObject health =
        TestCallbacks::healthDetails(tunnel->publicUrl(), relay->config().dataDir)
            .json()
            .value(u"tunnel"_s)
            .toObject();
    QCOMPARE(health.value(u"state"_s).toString(), u"up"_s);
    QCOMPARE(health.value(u"mode"_s).toString(), u"process"_s);
    QCOMPARE(health.value(u"public_url"_s).toString(), u"http://127.0.0.1:%1"_s.arg(publicPort));
    QCOMPARE(health.value(u"reachable"_s).toBool(), true);
    QCOMPARE(health.value(u"check"_s).toObject().value(u"hop"_s).toString(), u"ok"_s);
}

void TestTunnelReach::failsWhenNothingListens()
{
    const quint16 port = unusedPort();
    auto tunnel = fixedTunnel(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    tunnel->start();
    const ReachabilityResult r = checkOnce(*tunnel);
    QVERIFY(!r.ok);
    QCOMPARE(r.hop, Hop::Connect);
    QVERIFY2(r.message.contains(u"nothing accepts connections at 127.0.0.1:%1"_s.arg(port)),
             qPrintable(r.message));
    QCOMPARE(tunnel->state(), State::Up); // a fixed URL stays; the check says it is dead
}

void TestTunnelReach::failsOnTls()
{
    // A loopback HTTPS relay with a self-signed certificate, made by the openssl CLI.
    const QString cert = m_dir->filePath(u"cert.pem"_s);
    const QString key = m_dir->filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                   key, u"-out"_s, cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                   u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
    QVERIFY(openssl.waitForFinished(30000));
    QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());
    QFile certFile(cert);
    QFile keyFile(key);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(&certFile, QSsl::Pem);
    FakeHttpServer relay;
    relay.useTls(certificate, QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    QVERIFY(relay.listen() != 0);
    const ProbeIdentity identity = ProbeIdentity::generate();
    answerProbes(relay, identity);
    QUrl url = relay.url();
    url.setScheme(u"https"_s);

    auto untrusted = fixedTunnel(url);
    untrusted->start();
    const ReachabilityResult r = checkOnce(*untrusted);
    QCOMPARE(ReachabilityResult::hopName(r.hop), u"tls"_s);
    QVERIFY2(r.message.startsWith(u"TLS: "_s), qPrintable(r.message));
    QVERIFY2(r.message.contains(u"self-signed"_s), qPrintable(r.message));

    // The check trusts what network/ca_bundle adds, as deliveries to DingTalk do.
    NetworkPool pool(1);
    pool.configure(ProxySettings::direct(u"dingtalk"_s), {}, {certificate});
    TunnelSettings settings;
    settings.mode = TunnelMode::Fixed;
    settings.publicUrl = url;
    TunnelManager trusted(settings, u"127.0.0.1"_s, 9, identity, &pool, {});
    trusted.start();
    const ReachabilityResult ok = checkOnce(trusted);
    QVERIFY2(ok.ok, qPrintable(ok.message));
}

void TestTunnelReach::catchesATunnelToAnotherRelay()
{
    const auto other = startRelay({});
    QVERIFY(other);
    const QJsonObject otherAnswer =
        TestCallbacks::send(
            "GET", QUrl(u"http://127.0.0.1:%1/dingrelay/probe?nonce=%2"_s.arg(other->port())
                            .arg(ProbeIdentity::newNonce())))
            .json();
    const QString otherId = otherAnswer.value(u"instance"_s).toString();

    // The tunnel of this relay leads to the other one: a stale forward, a wrong port.
    const quint16 publicPort = unusedPort();
    const auto relay = startRelay(socatTunnel(publicPort, u"127.0.0.1:%1"_s.arg(other->port())));
    QVERIFY(relay);
    QTRY_COMPARE(relay->tunnel()->state(), State::Up);
    const ReachabilityResult r = checkOnce(*relay->tunnel());
    QVERIFY(!r.ok);
    QCOMPARE(r.hop, Hop::WrongInstance);
    QVERIFY2(r.message.contains(u"another DingRelay (instance %1)"_s.arg(otherId)),
             qPrintable(r.message));
}

void TestTunnelReach::catchesWhatElseAnswers_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("hop");
    QTest::addColumn<QString>("message");
    QTest::newRow("fake with another id")
        << u"fake"_s << u"wrong-instance"_s << u"another DingRelay (instance 0123456789abcdef)"_s;
    QTest::newRow("web server") << u"html"_s << u"wrong-instance"_s << u"not as DingRelay"_s;
    QTest::newRow("bad gateway") << u"502"_s << u"http"_s << u"cannot reach this relay"_s;
    QTest::newRow("not found") << u"404"_s << u"http"_s << u"HTTP 404"_s;
    QTest::newRow("redirect") << u"301"_s << u"http"_s
                              << u"redirects to https://relay.example.com/"_s;
    QTest::newRow("too slow") << u"slow"_s << u"timeout"_s << u"did not answer within 0.3 s"_s;
}

void TestTunnelReach::catchesWhatElseAnswers()
{
    QFETCH(QString, answer);
    QFETCH(QString, hop);
    QFETCH(QString, message);
    FakeHttpServer server;
    QVERIFY(server.listen() != 0);
    server.setHandler([answer](const RecordedRequest &r) {
        if (answer == u"fake"_s) // echoes the nonce, but cannot prove it
            return canned(200, json({{u"service"_s, u"dingrelay"_s},
                                     {u"instance"_s, u"0123456789abcdef"_s},
                                     {u"nonce"_s, r.query.queryItemValue(u"nonce"_s)},
                                     {u"proof"_s, QString(64, u'0')}}));
        if (answer == u"html"_s) {
            CannedResponse page = canned(200, "<html><body>Welcome to nginx!</body></html>");
            page.contentType = "text/html";
            return page;
        }
        if (answer == u"301"_s) {
            CannedResponse moved = canned(301, {});
            moved.headers << std::pair{QByteArray("Location"),
                                       QByteArray("https://relay.example.com/")};
            return moved;
        }
        if (answer == u"slow"_s)
            return canned(200, "{}", 3000);
        return canned(answer.toInt(), "{}");
    });
    auto tunnel = fixedTunnel(server.url(), 300);
    tunnel->start();
    const ReachabilityResult r = checkOnce(*tunnel);
    QVERIFY(!r.ok);
    QCOMPARE(ReachabilityResult::hopName(r.hop), hop);
    QVERIFY2(r.message.contains(message), qPrintable(r.message));
    QCOMPARE(server.requests().first().path, u"/dingrelay/probe"_s);
    QVERIFY(
        ProbeIdentity::isValidNonce(server.requests().first().query.queryItemValue(u"nonce"_s)));
}

void TestTunnelReach::checksAgainPeriodically()
{
    const ProbeIdentity identity = ProbeIdentity::generate();
    FakeHttpServer relay;
    QVERIFY(relay.listen() != 0);
    answerProbes(relay, identity);
    TunnelSettings settings;
    settings.mode = TunnelMode::Fixed;
    settings.publicUrl = relay.url();
    settings.checkIntervalSeconds = 1;
    TunnelManager tunnel(settings, u"127.0.0.1"_s, 9, identity, nullptr, {});
    QSignalSpy checks(&tunnel, &TunnelManager::reachabilityChecked);
    tunnel.start(); // the first check goes at once, the next after check_interval_seconds
    QTRY_COMPARE_WITH_TIMEOUT(checks.size(), 3, 10000);
    for (const auto &check : std::as_const(checks))
        QVERIFY(check.first().value<ReachabilityResult>().ok);
    QSet<QString> nonces;
    for (const RecordedRequest &r : relay.requests())
        nonces << r.query.queryItemValue(u"nonce"_s);
    QCOMPARE(nonces.size(), relay.requests().size()); // a fresh nonce each time
    tunnel.stop();
}

void TestTunnelReach::headlessLogShowsTheTunnel()
{
    const quint16 relayPort = unusedPort();
    const quint16 publicPort = unusedPort();
    const TunnelSettings socat = socatTunnel(publicPort);
    const QString path = m_dir->filePath(u"relay.ini"_s);
    QFile ini(path);
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write(u"[relay]\naddress=127.0.0.1\nport=%1\ndrain_seconds=1\n\n"
              "[storage]\ndata_dir=data\n\n"
              "[model]\npreset=custom\nbase_url=http://127.0.0.1:9/v1\n\n"
              "[dingtalk]\nsession_webhook_prefix=http://127.0.0.1:9/\n"
              "stream_gateway_url=http://127.0.0.1:9\n\n"
              "[tunnel]\nmode=process\npreset=custom\ncommand=%2\nurl_pattern=%3\n"
              "ready_pattern=%4\n\n"
              "[robot.default]\nmode=http\n\n"
              "[robot.pushed]\nmode=stream\nclient_id=ding-pushed\n"_s.arg(relayPort)
                  .arg(socat.command, socat.urlPattern, socat.readyPattern)
                  .toUtf8());
    ini.close();

    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_dir->path());
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, ApiKey);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, RobotSecret);
    env.insert(u"DINGRELAY_SECRET_ROBOT_PUSHED_CLIENT_SECRET"_s, u"pushed-secret-0123"_s);
    p.setProcessEnvironment(env);
    QByteArray log;
    connect(&p, &QProcess::readyReadStandardError, this,
            [&p, &log] { log += p.readAllStandardError(); });
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, path});
    QVERIFY(p.waitForStarted());
    // The first check waits a few seconds for the tunnel to settle.
    QTRY_VERIFY2_WITH_TIMEOUT(log.contains("reachability check passed"), log.constData(), 30000);
    const QString url = u"http://127.0.0.1:%1"_s.arg(publicPort);
    const QString text = QString::fromUtf8(log);
    QVERIFY(text.contains(u"tunnel starting: starting sh"_s));
    QVERIFY(text.contains(u"tunnel up: sh is up: "_s + url));
    QVERIFY(text.contains(u"public URL "_s + url));
    QVERIFY(text.contains(u"robot default callback URL (message receiving address): "_s + url +
                          u"/dingtalk/default"_s));
    // DingTalk pushes a Stream robot's messages over its socket: it has no callback URL.
    QVERIFY(!text.contains(u"robot pushed callback URL"_s));
    QVERIFY(log.contains("reachability check passed: reachable: 127.0.0.1:"));
    QVERIFY(!log.contains("listening on AF=")); // socat's own output is at debug level

    ::kill(pid_t(p.processId()), SIGTERM);
    QTRY_COMPARE_WITH_TIMEOUT(p.state(), QProcess::NotRunning, 15000);
    QCOMPARE(p.exitCode(), 0);
    log += p.readAllStandardError();
    QVERIFY2(log.contains("tunnel stopped: sh stopped"), log.constData());
    // The tunnel went with the relay.
    QCOMPARE(TestCallbacks::send("GET", QUrl(url), {}, {}, 2000).status, 0);
}

QTEST_GUILESS_MAIN(TestTunnelReach)
#include "tst_tunnelreach.moc"
