// Proxies per destination and trusted TLS, end to end: the real relay, real tinyproxy and
// microsocks, and a loopback HTTPS model with a throwaway CA made by the openssl CLI.
#include "FakeHttpServer.h"
#include "RelayFixture.h"
#include "TestCallbacks.h"

#include "config/Config.h"
#include "relay/Pipeline.h"
#include "relay/Relay.h"
#include "util/NetworkPool.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSslKey>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QByteArray RobotSecret = "robot-secret-default-0123";
const QString ProxyUser = u"relay"_s;
const QString ProxyPassword = u"proxy-pass-0123"_s;

// What the robot (language en) says for each failure; see Replies::modelFailed.
const QString ProxyFailedSentence = u"The proxy could not reach the model service"_s;
const QString ProxyAuthSentence = u"The proxy asks for a login"_s;
const QString TlsSentence = u"The secure connection to the model service is not trusted"_s;

// A port nobody listens on right now: the proxies take their port on the command line.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

// Whether a proxy's log names a connection to 127.0.0.1:port (CONNECT or a SOCKS5 tunnel).
bool names(const QString &log, quint16 port)
{
    return log.contains(QRegularExpression(u"127\\.0\\.0\\.1:%1\\b"_s.arg(port)));
}

ProxySettings proxy(ProxySettings::Kind kind, quint16 port, const QString &user = {})
{
    ProxySettings p;
    p.kind = kind;
    p.host = u"127.0.0.1"_s;
    p.port = port;
    p.user = user;
    return p;
}
} // namespace

class TestNetwork : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void modelThroughHttpProxy();
    void httpProxyWithBasicAuth();
    void modelThroughSocks5();
    void modelThroughSocks5WithPassword();
    void socks5WrongPassword_data();
    void socks5WrongPassword();
    void dingtalkThroughItsOwnProxy();
    void systemProxyFollowsTheEnvironment();
    void configureSetsEveryManager();

    void untrustedCertificateFails();
    void caBundleMakesTheCertificateTrusted();
    void certificateForAnotherHostFails();
    void trustedCertificateThroughTheProxy();
    void badCaBundleStopsTheStart_data();
    void badCaBundleStopsTheStart();

private:
    void startRelay(const SecretBundle &extra = {});
    void ask(const QString &question);
    QString deliveredText(qsizetype index) const;

    // Starts tinyproxy on a free loopback port; extra lines go into its config file.
    quint16 startTinyproxy(const QStringList &extra = {});
    QString tinyproxyLog() const;
    quint16 startMicrosocks(const QString &user = {}, const QString &password = {});
    QString microsocksLog();
    QProcess *startProxy(const QString &program, const QStringList &arguments, quint16 port);

    // Makes a CA and a server certificate signed by it for the given subjectAltName.
    bool makeCertificates(const QString &subjectAltName, QString *error);
    bool openssl(const QStringList &arguments, QString *error);
    std::unique_ptr<FakeHttpServer> startTlsModel(const QString &certName);
    QUrl httpsUrl(const FakeHttpServer &server) const;

    std::unique_ptr<RelayFixture> m_fixture;
    QList<QProcess *> m_processes;
    QProcess *m_microsocks = nullptr;
    QByteArray m_microsocksOutput;
    QByteArray m_savedHttpProxy;
};

void TestNetwork::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->isValid(), qPrintable(m_fixture->errorString()));

    m_fixture->config.relay.drainSeconds = 2;
    m_fixture->config.model.needsApiKey = false;
    m_fixture->config.model.stream = false;
    m_microsocks = nullptr;
    m_microsocksOutput.clear();
    m_savedHttpProxy = qgetenv("http_proxy");
}

void TestNetwork::cleanup()
{
    m_fixture->stop();
    for (QProcess *process : std::as_const(m_processes)) {
        process->kill();
        process->waitForFinished(3000);
        delete process;
    }
    m_processes.clear();
    m_microsocks = nullptr;
    if (m_savedHttpProxy.isEmpty())
        qunsetenv("http_proxy");
    else
        qputenv("http_proxy", m_savedHttpProxy);
    m_fixture.reset();
}

void TestNetwork::startRelay(const SecretBundle &extra)
{
    // A restart with work in hand would take it up again, with the new settings.
    if (m_fixture->relay())
        QTRY_VERIFY_WITH_TIMEOUT(m_fixture->relay()->pipeline()->isIdle(), 10000);
    m_fixture->secrets = {{u"robot/default/app_secret"_s, QString::fromUtf8(RobotSecret)}};
    m_fixture->secrets.insert(extra);
    QString error;
    QVERIFY2(m_fixture->start(&error), qPrintable(error));
    QVERIFY(m_fixture->relay()->port() != 0);
}

void TestNetwork::ask(const QString &question)
{
    const QUrl callback = m_fixture->callbackUrl(u"default"_s);
    const QJsonObject message =
        textMessage(question, QUuid::createUuid().toString(QUuid::WithoutBraces),
                    m_fixture->sink().url(u"/robot/sendBySession"_s));
    QCOMPARE(postCallback(callback, RobotSecret, message).status, 200);
}

QString TestNetwork::deliveredText(qsizetype index) const
{
    return m_fixture->sink()
        .requests()
        .at(index)
        .json()
        .value(u"markdown"_s)
        .toObject()
        .value(u"text"_s)
        .toString();
}

QProcess *TestNetwork::startProxy(const QString &program, const QStringList &arguments,
                                  quint16 port)
{
    if (QStandardPaths::findExecutable(program).isEmpty()) {
        qWarning("%s is not installed: run scripts/install-deps.sh", qPrintable(program));
        return nullptr;
    }
    auto *process = new QProcess;
    m_processes << process;
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(program, arguments);
    if (!process->waitForStarted(5000))
        return nullptr;
    // Ready when it accepts connections; give up after five seconds.
    for (int i = 0; i < 50 && process->state() == QProcess::Running; ++i) {
        if (accepts(port))
            return process;
        QTest::qWait(100);
    }
    qWarning("%s did not listen on %d: %s", qPrintable(program), port,
             process->readAll().constData());
    return nullptr;
}

quint16 TestNetwork::startTinyproxy(const QStringList &extra)
{
    const quint16 port = freePort();
    // No ConnectPort line: tinyproxy then allows CONNECT to every port, as loopback fakes
    // listen on random ones. No User line either: it keeps the user the test runs as.
    QStringList lines{u"Port %1"_s.arg(port),
                      u"Listen 127.0.0.1"_s,
                      u"Allow 127.0.0.1"_s,
                      u"Timeout 30"_s,
                      u"MaxClients 20"_s,
                      u"LogLevel Connect"_s,
                      u"LogFile \"%1\""_s.arg(m_fixture->filePath(u"tinyproxy.log"_s))};
    lines << extra;
    QFile conf(m_fixture->filePath(u"tinyproxy.conf"_s));
    if (!conf.open(QIODevice::WriteOnly))
        return 0;
    conf.write(lines.join(u'\n').toUtf8() + '\n');
    conf.close();
    return startProxy(u"tinyproxy"_s, {u"-d"_s, u"-c"_s, conf.fileName()}, port) ? port : 0;
}

QString TestNetwork::tinyproxyLog() const
{
    QFile log(m_fixture->filePath(u"tinyproxy.log"_s));
    return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
}

quint16 TestNetwork::startMicrosocks(const QString &user, const QString &password)
{
    const quint16 port = freePort();
    QStringList arguments{u"-i"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port)};
    if (!user.isEmpty())
        arguments << u"-u"_s << user << u"-P"_s << password;
    m_microsocks = startProxy(u"microsocks"_s, arguments, port);
    return m_microsocks ? port : 0;
}

QString TestNetwork::microsocksLog()
{
    // microsocks writes "client[fd] 127.0.0.1: connected to host:port" for each tunnel.
    if (m_microsocks)
        m_microsocksOutput += m_microsocks->readAll();
    return QString::fromUtf8(m_microsocksOutput);
}

bool TestNetwork::openssl(const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(m_fixture->path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        *error =
            u"openssl %1: %2"_s.arg(arguments.join(u' '), QString::fromUtf8(process.readAll()));
        return false;
    }
    return true;
}

bool TestNetwork::makeCertificates(const QString &subjectAltName, QString *error)
{
    // One CA per test; the server certificate is named after its subjectAltName.
    if (!QFile::exists(m_fixture->filePath(u"ca.pem"_s)) &&
        !openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                  u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                  u"/CN=DingRelay Test CA"_s, u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s,
                  u"-addext"_s, u"keyUsage=critical,keyCertSign,cRLSign"_s},
                 error))
        return false;
    const QString name = QString(subjectAltName).replace(u':', u'_');
    QFile ext(m_fixture->filePath(name + u".ext"_s));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName=" +
              subjectAltName.toUtf8() + '\n');
    ext.close();
    return openssl({u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                    name + u".key"_s, u"-out"_s, name + u".csr"_s, u"-subj"_s,
                    u"/CN=DingRelay test server"_s},
                   error) &&
           openssl({u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s, u"ca.pem"_s,
                    u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s,
                    u"-extfile"_s, ext.fileName(), u"-out"_s, name + u".pem"_s},
                   error);
}

std::unique_ptr<FakeHttpServer> TestNetwork::startTlsModel(const QString &subjectAltName)
{
    QString error;
    if (!makeCertificates(subjectAltName, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const QString name = QString(subjectAltName).replace(u':', u'_');
    QFile certFile(m_fixture->filePath(name + u".pem"_s));
    QFile keyFile(m_fixture->filePath(name + u".key"_s));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return {};
    const QSslCertificate cert(&certFile, QSsl::Pem);
    const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
    if (cert.isNull() || key.isNull())
        return {};
    auto server = std::make_unique<FakeHttpServer>();
    server->useTls(cert, key);
    if (server->listen() == 0)
        return {};
    server->setHandler([](const RecordedRequest &r) {
        const QJsonArray messages = r.json().value(u"messages"_s).toArray();
        const QString question = messages.last().toObject().value(u"content"_s).toString();
        return canned(200, chatCompletionBody(u"Secure answer to: "_s + question));
    });
    return server;
}

QUrl TestNetwork::httpsUrl(const FakeHttpServer &server) const
{
    QUrl url = server.url(u"/v1"_s);
    url.setScheme(u"https"_s);
    return url;
}

void TestNetwork::modelThroughHttpProxy()
{
    const quint16 port = startTinyproxy();
    QVERIFY(port != 0);
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Http, port);
    startRelay();

    ask(u"through the proxy?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Answer to: through the proxy?"_s);
    QCOMPARE(m_fixture->model().count(), 1);
    // The proxy carried the model call, in a tunnel, and nothing to DingTalk.
    const QString tunnel = u"CONNECT 127.0.0.1:%1 "_s.arg(m_fixture->model().url().port());
    QTRY_VERIFY2(tinyproxyLog().contains(tunnel), qPrintable(tinyproxyLog()));
    QVERIFY2(!names(tinyproxyLog(), m_fixture->sink().url().port()), qPrintable(tinyproxyLog()));

    // With the proxy gone the call fails as a proxy failure: it never goes round it.
    for (QProcess *process : std::as_const(m_processes)) {
        process->kill();
        QVERIFY(process->waitForFinished(3000));
    }
    ask(u"and now?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 2, 10000);
    QVERIFY2(deliveredText(1).contains(ProxyFailedSentence), qPrintable(deliveredText(1)));
    QCOMPARE(m_fixture->model().count(), 1);
}

void TestNetwork::httpProxyWithBasicAuth()
{
    const quint16 port = startTinyproxy({u"BasicAuth %1 %2"_s.arg(ProxyUser, ProxyPassword)});
    QVERIFY(port != 0);

    // Without credentials the proxy answers 407 and the robot says it wants a login.
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Http, port);
    startRelay();
    ask(u"no login"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QVERIFY2(deliveredText(0).contains(ProxyAuthSentence), qPrintable(deliveredText(0)));

    // A wrong password is the proxy's fault too, never the API key's (tinyproxy answers it
    // with 401, which Qt reports as a failed tunnel).
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Http, port, ProxyUser);
    startRelay({{u"network/model_proxy_password"_s, u"not-the-password"_s}});
    ask(u"wrong login"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 2, 10000);
    QVERIFY2(deliveredText(1).contains(ProxyFailedSentence) ||
                 deliveredText(1).contains(ProxyAuthSentence),
             qPrintable(deliveredText(1)));
    QCOMPARE(m_fixture->model().count(), 0);

    // With the user in the config and the password from the secrets it gets through.
    startRelay({{u"network/model_proxy_password"_s, ProxyPassword}});
    ask(u"with login"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 3, 10000);
    QCOMPARE(deliveredText(2), u"Answer to: with login"_s);
    QCOMPARE(m_fixture->model().count(), 1);
    QVERIFY(
        tinyproxyLog().contains(u"CONNECT 127.0.0.1:%1 "_s.arg(m_fixture->model().url().port())));
}

void TestNetwork::modelThroughSocks5()
{
    const quint16 port = startMicrosocks();
    QVERIFY(port != 0);
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Socks5, port);
    startRelay();

    ask(u"through socks?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Answer to: through socks?"_s);
    const QString tunnel = u"connected to 127.0.0.1:%1"_s.arg(m_fixture->model().url().port());
    QTRY_VERIFY2(microsocksLog().contains(tunnel), qPrintable(microsocksLog()));
    QVERIFY2(!names(microsocksLog(), m_fixture->sink().url().port()), qPrintable(microsocksLog()));

    m_microsocks->kill();
    QVERIFY(m_microsocks->waitForFinished(3000));
    ask(u"and without it?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 2, 10000);
    QVERIFY2(deliveredText(1).contains(ProxyFailedSentence), qPrintable(deliveredText(1)));
    QCOMPARE(m_fixture->model().count(), 1);
}

void TestNetwork::modelThroughSocks5WithPassword()
{
    const quint16 port = startMicrosocks(ProxyUser, ProxyPassword);
    QVERIFY(port != 0);
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Socks5, port, ProxyUser);
    startRelay({{u"network/model_proxy_password"_s, ProxyPassword}});

    ask(u"with a password"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Answer to: with a password"_s);
    QTRY_VERIFY2(microsocksLog().contains(
                     u"connected to 127.0.0.1:%1"_s.arg(m_fixture->model().url().port())),
                 qPrintable(microsocksLog()));
}

void TestNetwork::socks5WrongPassword_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("wrong password") << ProxyUser << u"not-the-password"_s;
    QTest::newRow("no credentials") << QString() << QString();
}

void TestNetwork::socks5WrongPassword()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    const quint16 port = startMicrosocks(ProxyUser, ProxyPassword);
    QVERIFY(port != 0);
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Socks5, port, user);
    startRelay({{u"network/model_proxy_password"_s, password}});

    ask(u"let me in"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QVERIFY2(deliveredText(0).contains(ProxyAuthSentence), qPrintable(deliveredText(0)));
    QCOMPARE(m_fixture->model().count(), 0);
    QVERIFY2(!names(microsocksLog(), m_fixture->model().url().port()), qPrintable(microsocksLog()));
}

void TestNetwork::dingtalkThroughItsOwnProxy()
{
    const quint16 port = startTinyproxy();
    QVERIFY(port != 0);
    m_fixture->config.network.dingtalkProxy = proxy(ProxySettings::Kind::Http, port);
    startRelay();

    ask(u"deliver it via the proxy"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Answer to: deliver it via the proxy"_s);
    const QString tunnel = u"CONNECT 127.0.0.1:%1 "_s.arg(m_fixture->sink().url().port());
    QTRY_VERIFY2(tinyproxyLog().contains(tunnel), qPrintable(tinyproxyLog()));
    QVERIFY2(!names(tinyproxyLog(), m_fixture->model().url().port()), qPrintable(tinyproxyLog()));
}

void TestNetwork::systemProxyFollowsTheEnvironment()
{
    // "system" asks the platform; on a desktop-less Linux that is http_proxy.
    const quint16 port = startTinyproxy();
    QVERIFY(port != 0);
    qputenv("http_proxy", u"http://127.0.0.1:%1"_s.arg(port).toUtf8());
    m_fixture->config.network.modelProxy.kind = ProxySettings::Kind::System;
    startRelay();
    ask(u"the system's way"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Answer to: the system's way"_s);
    QTRY_VERIFY2(names(tinyproxyLog(), m_fixture->model().url().port()),
                 qPrintable(tinyproxyLog()));
    QVERIFY2(!names(tinyproxyLog(), m_fixture->sink().url().port()), qPrintable(tinyproxyLog()));
}

void TestNetwork::configureSetsEveryManager()
{
    // White-box, as loopback cannot show it: Qt never applies the application's proxy
    // (http_proxy included) to 127.0.0.1, so "none" is checked on the managers themselves.
    NetworkPool pool(13);
    QCOMPARE(pool.size(), 3);
    const auto managers = [&pool] {
        QSet<QNetworkAccessManager *> all;
        for (int i = 0; i < 20 && all.size() < pool.size(); ++i) {
            QNetworkAccessManager *m = pool.pick();
            all.insert(m);
            // Occupy it so that pick() hands out the next one.
            pool.track(m, m->get(QNetworkRequest(QUrl(u"http://127.0.0.1:9/"_s))));
        }
        return all;
    }();
    QCOMPARE(managers.size(), 3);

    pool.configure(proxy(ProxySettings::Kind::None, 0), {}, {});
    for (QNetworkAccessManager *m : managers) {
        QCOMPARE(m->proxy().type(), QNetworkProxy::NoProxy);
        QVERIFY(!m->proxyFactory());
    }
    pool.configure(proxy(ProxySettings::Kind::Http, 3128, ProxyUser), ProxyPassword, {});
    for (QNetworkAccessManager *m : managers) {
        QCOMPARE(m->proxy().type(), QNetworkProxy::HttpProxy);
        QCOMPARE(m->proxy().hostName(), u"127.0.0.1"_s);
        QCOMPARE(m->proxy().port(), 3128);
        QCOMPARE(m->proxy().user(), ProxyUser);
        QCOMPARE(m->proxy().password(), ProxyPassword);
        // Tunnelled, so the proxy's failures are not taken for the server's answers.
        QVERIFY(!(m->proxy().capabilities() & QNetworkProxy::CachingCapability));
        QVERIFY(m->proxy().capabilities() & QNetworkProxy::TunnelingCapability);
    }
    pool.configure(proxy(ProxySettings::Kind::Socks5, 1080), u"unused"_s, {});
    for (QNetworkAccessManager *m : managers) {
        QCOMPARE(m->proxy().type(), QNetworkProxy::Socks5Proxy);
        QVERIFY(m->proxy().password().isEmpty()); // no user, no password sent
    }
    pool.configure(proxy(ProxySettings::Kind::System, 0), {}, {});
    for (QNetworkAccessManager *m : managers)
        QVERIFY(m->proxyFactory());
}

void TestNetwork::untrustedCertificateFails()
{
    const auto tls = startTlsModel(u"IP:127.0.0.1"_s);
    QVERIFY(tls);
    m_fixture->config.model.baseUrl = httpsUrl(*tls);
    startRelay();
    ask(u"secure?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QVERIFY2(deliveredText(0).contains(TlsSentence), qPrintable(deliveredText(0)));
    QCOMPARE(tls->count(), 0); // the question never went over the untrusted connection
}

void TestNetwork::caBundleMakesTheCertificateTrusted()
{
    const auto tls = startTlsModel(u"IP:127.0.0.1"_s);
    QVERIFY(tls);
    m_fixture->config.model.baseUrl = httpsUrl(*tls);
    m_fixture->config.network.caBundle = m_fixture->filePath(u"ca.pem"_s);
    startRelay();
    ask(u"secure?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Secure answer to: secure?"_s);
    QCOMPARE(tls->count(), 1);
}

void TestNetwork::certificateForAnotherHostFails()
{
    const auto tls = startTlsModel(u"DNS:localhost"_s);
    QVERIFY(tls);
    m_fixture->config.model.baseUrl =
        httpsUrl(*tls); // 127.0.0.1, which the certificate does not name
    m_fixture->config.network.caBundle = m_fixture->filePath(u"ca.pem"_s);
    startRelay();
    ask(u"secure?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QVERIFY2(deliveredText(0).contains(TlsSentence), qPrintable(deliveredText(0)));
    QCOMPARE(tls->count(), 0);
}

void TestNetwork::trustedCertificateThroughTheProxy()
{
    // The corporate setup: the API over TLS, in a CONNECT tunnel, trusted by the bundle.
    const auto tls = startTlsModel(u"IP:127.0.0.1"_s);
    QVERIFY(tls);
    const quint16 port = startTinyproxy();
    QVERIFY(port != 0);
    m_fixture->config.model.baseUrl = httpsUrl(*tls);
    m_fixture->config.network.caBundle = m_fixture->filePath(u"ca.pem"_s);
    m_fixture->config.network.modelProxy = proxy(ProxySettings::Kind::Http, port);
    startRelay();
    ask(u"secure and proxied?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture->sink().count(), 1, 10000);
    QCOMPARE(deliveredText(0), u"Secure answer to: secure and proxied?"_s);
    const QString tunnel = u"CONNECT 127.0.0.1:%1 "_s.arg(tls->url().port());
    QTRY_VERIFY2(tinyproxyLog().contains(tunnel), qPrintable(tinyproxyLog()));
}

void TestNetwork::badCaBundleStopsTheStart_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content"); // null: the file is not created
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << u"missing.pem"_s << QByteArray() << u"cannot be read"_s;
    QTest::newRow("a directory") << u"."_s << QByteArray() << u"cannot be read"_s;
    QTest::newRow("empty") << u"empty.pem"_s << QByteArray("") << u"no PEM certificate"_s;
    QTest::newRow("not PEM") << u"garbage.pem"_s << QByteArray("not a certificate\n")
                             << u"no PEM certificate"_s;
    QTest::newRow("a key, not a certificate")
        << u"key.pem"_s
        << QByteArray("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
        << u"no PEM certificate"_s;
}

void TestNetwork::badCaBundleStopsTheStart()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const QString path = QDir::cleanPath(m_fixture->filePath(file));
    if (!content.isNull()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    m_fixture->config.network.caBundle = path;
    Relay relay(m_fixture->config,
                {{u"robot/default/app_secret"_s, QString::fromUtf8(RobotSecret)}});
    QString error;
    QVERIFY(!relay.start(&error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(u"network/ca_bundle"_s), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));

    QString direct;
    QVERIFY(!NetworkPool::loadCaBundle(path, &direct));
    QVERIFY2(direct.contains(path), qPrintable(direct));
}

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_network.moc"
