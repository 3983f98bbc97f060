// The leak test: every kind of secret planted, the real relay driven through its successes and
// failures (with servers that echo the request back), then every byte it left behind scanned.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "TestCallbacks.h"

#include "history/Exporter.h"
#include "util/Redactor.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {

// Distinctive values, some with characters that percent-encoding and JSON change, so that an
// encoded copy is a different byte string the scan looks for too.
const QString ApiKeyA = u"mkA-LEAK+apikey/Q7f3a9Zx="_s;
const QString ApiKeyB = u"mkB-LEAK-apikey-R2d8w4Yv"_s;
const QString AppSecretDefault = u"asD-LEAK+appsecret/P4k9Lm="_s;
const QString ClientSecret = u"csD-LEAK-clientsecret-H6j2Tq"_s;
const QString AppSecretHook = u"asH-LEAK-hooksecret-W3n7Kc"_s;
const QString WebhookToken = u"wtH-LEAK-webhooktoken-B5xFz"_s;
const QString WebhookSecret = u"SECLEAKwebhooksign8e1f0a"_s;
const QString ModelProxyPassword = u"mpp-LEAK-proxypass-5Gv1"_s;
const QString DingTalkProxyPassword = u"dpp-LEAK-proxypass-9Ks4"_s;
const QString TunnelToken = u"ttk-LEAK+tunneltoken/Jx8Nq="_s;

const QString ModelProxyUser = u"leakuser"_s;
const QString DingTalkProxyUser = u"leakdt"_s;
const QString AppKey = u"dingleakappkey"_s;

struct Planted
{
    QString env; // DINGRELAY_SECRET_*
    QString value;
};

const QList<Planted> &planted()
{
    static const QList<Planted> list{
        {u"MODEL_API_KEY"_s, ApiKeyA + u","_s + ApiKeyB},
        {u"ROBOT_DEFAULT_APP_SECRET"_s, AppSecretDefault},
        {u"ROBOT_DEFAULT_CLIENT_SECRET"_s, ClientSecret},
        {u"ROBOT_HOOK_APP_SECRET"_s, AppSecretHook},
        {u"ROBOT_HOOK_WEBHOOK_TOKEN"_s, WebhookToken},
        {u"ROBOT_HOOK_WEBHOOK_SECRET"_s, WebhookSecret},
        {u"NETWORK_MODEL_PROXY_PASSWORD"_s, ModelProxyPassword},
        {u"NETWORK_DINGTALK_PROXY_PASSWORD"_s, DingTalkProxyPassword},
        {u"TUNNEL_TOKEN"_s, TunnelToken},
    };
    return list;
}

QByteArray percent(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

QByteArray base64(const QString &value)
{
    return value.toUtf8().toBase64();
}

// Every byte string that would give a secret away: the value, its start (a value cut short
// is still a leak), its percent-encoded, JSON-escaped and base64 forms, and for the proxy
// passwords the Basic credentials they travel in.
QList<QPair<QByteArray, QString>> needles()
{
    QList<QPair<QByteArray, QString>> out;
    const auto add = [&out](const QByteArray &bytes, const QString &what) {
        for (const auto &[b, w] : std::as_const(out)) {
            if (b == bytes)
                return;
        }
        out.append({bytes, what});
    };
    const QStringList values{
        ApiKeyA,      ApiKeyB,       AppSecretDefault,   ClientSecret,          AppSecretHook,
        WebhookToken, WebhookSecret, ModelProxyPassword, DingTalkProxyPassword, TunnelToken};
    for (const QString &v : values) {
        add(v.toUtf8(), v);
        add(v.left(12).toUtf8(), v + u" (first 12 characters)"_s);
        add(percent(v), v + u" (percent-encoded)"_s);
        add(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(2).chopped(2),
            v + u" (JSON)"_s);
        add(base64(v), v + u" (base64)"_s);
        add(base64(v).replace('+', '-').replace('/', '_'), v + u" (base64url)"_s);
    }
    add(base64(ModelProxyUser + u':' + ModelProxyPassword), u"model proxy Basic credentials"_s);
    add(base64(DingTalkProxyUser + u':' + DingTalkProxyPassword),
        u"DingTalk proxy Basic credentials"_s);
    return out;
}

QStringList hitsIn(const QByteArray &bytes, const QString &where)
{
    QStringList hits;
    for (const auto &[needle, what] : needles()) {
        if (bytes.contains(needle))
            hits << u"%1 holds %2"_s.arg(where, what);
    }
    return hits;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString lastQuestion(const RecordedRequest &r)
{
    const QJsonArray messages = r.json().value(u"messages"_s).toArray();
    return messages.isEmpty() ? QString()
                              : messages.last().toObject().value(u"content"_s).toString();
}

QByteArray sse(const QString &text)
{
    const QJsonObject chunk{
        {u"choices"_s, QJsonArray{QJsonObject{{u"index"_s, 0},
                                              {u"delta"_s, QJsonObject{{u"content"_s, text}}}}}}};
    return "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
}

CannedResponse webhookAnswer(int errcode, const QString &errmsg)
{
    const QJsonObject o{{u"errcode"_s, errcode}, {u"errmsg"_s, errmsg}};
    return canned(200, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// What an HTTP request looked like on the wire, near enough: what an echoing server sends back.
QString echo(const RecordedRequest &r)
{
    QString text = QString::fromLatin1(r.method) + u' ' + r.path;
    if (!r.query.isEmpty())
        text += u'?' + r.query.toString(QUrl::FullyEncoded);
    for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it)
        text += u"\n"_s + QString::fromLatin1(it.key()) + u": "_s + QString::fromUtf8(it.value());
    return text + u"\n\n"_s + QString::fromUtf8(r.body);
}

} // namespace

class TestSecretLeak : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void relayRunsThroughEveryPath();
    void listModelsFailure();
    void proxiesRefuseTheLogin();
    void exportsTheHistory();
    void nothingLeaks();
    void cleanupTestCase();

private:
    QString databaseFile() const { return m_home->filePath(u"data/dingrelay.sqlite3"_s); }
    QString writeConfig(const QString &name, const QString &network, const QString &tunnel);
    QProcessEnvironment environment() const;
    bool startRelay(const QString &config);
    bool stopRelay();
    void ask(const QString &robot, const QByteArray &secret, const QString &text,
             const QString &session);
    qint64 sqlCount(const QString &sql) const;
    quint16 startTinyproxy();

    std::unique_ptr<QTemporaryDir> m_home;    // everything DingRelay may write: scanned
    std::unique_ptr<QTemporaryDir> m_outside; // the test's own files (tinyproxy's password)
    FakeHttpServer m_model;
    FakeHttpServer m_sessions;
    FakeHttpServer m_proxy407;
    FakeDingTalk m_dingtalk;
    std::unique_ptr<QProcess> m_relay;
    std::unique_ptr<QProcess> m_tinyproxy;
    quint16 m_relayPort = 0;
    quint16 m_tinyproxyPort = 0;
    int m_asked = 0;
    int m_runs = 0;
    QList<QPair<QString, QByteArray>> m_outputs;   // stderr/stdout of every run
    QList<QPair<QString, QByteArray>> m_snapshots; // data files copied while the relay ran
    QStringList m_exports;
};

void TestSecretLeak::initTestCase()
{
    m_home = std::make_unique<QTemporaryDir>();
    m_outside = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid() && m_outside->isValid());
    QVERIFY(m_model.listen() && m_sessions.listen() && m_proxy407.listen() && m_dingtalk.listen());

    // The model answers by question; its failures echo the key it was sent and the request.
    m_model.setHandler([](const RecordedRequest &r) {
        const QByteArray auth = r.headers.value("authorization");
        const QString key = QString::fromUtf8(auth.mid(int(qstrlen("Bearer "))));
        if (r.path.endsWith(u"/models"_s))
            return canned(401, openAiErrorBody(u"Incorrect API key provided: "_s + key,
                                               u"invalid_request_error"_s, u"invalid_api_key"_s));
        const QString q = lastQuestion(r);
        if (q == u"stream-ok"_s)
            return streamed({{0, sse(u"Streamed answer "_s)},
                             {10, sse(u"alpha."_s)},
                             {10, "data: [DONE]\n\n"}});
        if (q == u"key-401"_s)
            return canned(401, openAiErrorBody(u"Incorrect API key provided: "_s + key,
                                               u"invalid_request_error"_s, u"invalid_api_key"_s));
        if (q == u"bad-400"_s)
            return canned(400, openAiErrorBody(u"could not parse the request: "_s + echo(r),
                                               u"invalid_request_error"_s, {}));
        if (q == u"error-500"_s) {
            CannedResponse html =
                canned(500, "<html><body><pre>Authorization: " + auth + "\nX-Key: " + percent(key) +
                                "\n" + r.body + "</pre></body></html>");
            html.contentType = "text/html";
            return html;
        }
        if (q == u"redirect-302"_s) {
            CannedResponse moved = canned(302, "{}");
            moved.headers << qMakePair(QByteArray("Location"),
                                       "http://127.0.0.1:9/v1?api_key=" + percent(key) +
                                           "&auth=" + base64(key));
            return moved;
        }
        if (q == u"drop-midway"_s)
            return streamed({{0, sse(u"This answer breaks off "_s)}});
        if (q == u"slow-timeout"_s)
            return canned(200, chatCompletionBody(u"too late"_s), 4000);
        return canned(200, chatCompletionBody(u"Plain answer beta."_s));
    });

    // sessionWebhooks: ok-*, echo-* (refused, errmsg echoing the whole request) and gone-*
    // (expired: the answer goes on through the OpenAPI).
    m_sessions.setHandler([](const RecordedRequest &r) {
        const QString session = r.query.queryItemValue(u"session"_s);
        if (session.startsWith(u"echo"_s))
            return webhookAnswer(310000, u"keywords not in content, request was "_s + echo(r) +
                                             u" access_token="_s + WebhookToken + u" token "_s +
                                             QString::fromLatin1(percent(WebhookToken)));
        if (session.startsWith(u"gone"_s))
            return webhookAnswer(300001, u"session does not exist: "_s + echo(r));
        return webhookAnswer(0, u"ok"_s);
    });

    // A proxy that wants a login and refuses every one, echoing the credentials it was sent.
    m_proxy407.setHandler([](const RecordedRequest &r) {
        CannedResponse refuse =
            canned(407, "Proxy Authentication Required\n" + echo(r).toUtf8() +
                            "\nyou sent: " + r.headers.value("proxy-authorization"));
        refuse.contentType = "text/plain";
        refuse.headers << qMakePair(QByteArray("Proxy-Authenticate"),
                                    QByteArray("Basic realm=\"leak\""));
        return refuse;
    });

    m_dingtalk.setApp(AppKey, ClientSecret, AppKey);
    m_dingtalk.setCustomRobot(WebhookToken, WebhookSecret);
    m_tinyproxyPort = startTinyproxy();
    QVERIFY(m_tinyproxyPort != 0);
}

void TestSecretLeak::cleanupTestCase()
{
    if (m_relay && m_relay->state() != QProcess::NotRunning) {
        m_relay->kill();
        m_relay->waitForFinished(5000);
    }
    if (m_tinyproxy) {
        m_tinyproxy->terminate();
        m_tinyproxy->waitForFinished(5000);
    }
}

quint16 TestSecretLeak::startTinyproxy()
{
    const quint16 port = unusedPort();
    const QStringList lines{u"Port %1"_s.arg(port),
                            u"Listen 127.0.0.1"_s,
                            u"Allow 127.0.0.1"_s,
                            u"Timeout 30"_s,
                            u"MaxClients 20"_s,
                            u"LogLevel Connect"_s,
                            u"LogFile \"%1\""_s.arg(m_outside->filePath(u"tinyproxy.log"_s)),
                            u"BasicAuth %1 %2"_s.arg(ModelProxyUser, ModelProxyPassword)};
    QFile conf(m_outside->filePath(u"tinyproxy.conf"_s));
    if (!conf.open(QIODevice::WriteOnly))
        return 0;
    conf.write(lines.join(u'\n').toUtf8() + '\n');
    conf.close();
    m_tinyproxy = std::make_unique<QProcess>();
    m_tinyproxy->setProcessChannelMode(QProcess::MergedChannels);
    m_tinyproxy->start(u"tinyproxy"_s, {u"-d"_s, u"-c"_s, conf.fileName()});
    if (!m_tinyproxy->waitForStarted(5000))
        return 0;
    for (int i = 0; i < 100; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(200))
            return port;
        QTest::qWait(50);
    }
    return 0;
}

QString TestSecretLeak::writeConfig(const QString &name, const QString &network,
                                    const QString &tunnel)
{
    const QString dingtalk = m_dingtalk.baseUrl().toString();
    const QString text = uR"([relay]
address=127.0.0.1
port=%1
drain_seconds=5

[storage]
data_dir=data

[model]
preset=custom
base_url=%2
api_key_required=true
model=gpt-4o-mini
max_retries=1
retry_seconds=0
timeout_seconds=2
idle_timeout_seconds=2

[network]
%3

[dingtalk]
session_webhook_prefix=%4/
openapi_base_url=%5
stream_gateway_url=%5
custom_webhook_url=%5/robot/send
notify_robot=hook
send_timeout_seconds=3

%6

[robot.default]
mode=http
language=en
client_id=%7
reply_route=session

[robot.hook]
mode=http
language=en
reply_route=webhook
)"_s.arg(m_relayPort)
                             .arg(m_model.url(u"/v1"_s).toString(), network,
                                  m_sessions.url().toString(), dingtalk, tunnel, AppKey);
    QFile file(m_home->filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text.toUtf8());
    return file.fileName();
}

QProcessEnvironment TestSecretLeak::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(u"DINGRELAY_SECRET_"_s))
            env.remove(name);
    }
    env.insert(u"HOME"_s, m_home->path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_home->filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_home->filePath(u"share"_s));
    env.insert(u"XDG_CACHE_HOME"_s, m_home->filePath(u"cache"_s));
    // Everything DingRelay can say, the tunnel program's output included.
    env.insert(u"QT_LOGGING_RULES"_s, u"dingrelay.*=true"_s);
    for (const Planted &p : planted())
        env.insert(u"DINGRELAY_SECRET_"_s + p.env, p.value);
    return env;
}

bool TestSecretLeak::startRelay(const QString &config)
{
    m_relay = std::make_unique<QProcess>();
    m_relay->setProcessEnvironment(environment());
    m_relay->start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, config});
    if (!m_relay->waitForStarted())
        return false;
    const QUrl health(u"http://127.0.0.1:%1/healthz"_s.arg(m_relayPort));
    for (int i = 0; i < 100; ++i) {
        if (send("GET", health, {}, {}, 1000).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

bool TestSecretLeak::stopRelay()
{
    // The data files as they are while the relay runs: the WAL holds what is not checkpointed.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        const QString path = databaseFile() + suffix;
        if (QFile::exists(path))
            m_snapshots.append({path + u" (while running)"_s, readFile(path)});
    }
    ::kill(pid_t(m_relay->processId()), SIGTERM);
    if (!m_relay->waitForFinished(15000))
        return false;
    const QString run = u"run %1"_s.arg(++m_runs);
    m_outputs.append({run + u" stderr"_s, m_relay->readAllStandardError()});
    m_outputs.append({run + u" stdout"_s, m_relay->readAllStandardOutput()});
    return m_relay->exitStatus() == QProcess::NormalExit && m_relay->exitCode() == 0;
}

qint64 TestSecretLeak::sqlCount(const QString &sql) const
{
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"leak-peek"_s);
        db.setDatabaseName(databaseFile());
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"_s);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                n = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"leak-peek"_s);
    return n;
}

// Sends one message and waits until its job is answered or given up, so that the scripted
// answers of the fakes meet the message they were meant for.
void TestSecretLeak::ask(const QString &robot, const QByteArray &secret, const QString &text,
                         const QString &session)
{
    ++m_asked;
    const QUrl callback(u"http://127.0.0.1:%1/dingtalk/%2"_s.arg(m_relayPort).arg(robot));
    QUrl webhook = m_sessions.url(u"/robot/sendBySession"_s);
    webhook.setQuery(u"session="_s + session);
    TestCallbacks::Sender alice;
    const QString conversation = robot == u"hook"_s ? u"cid-hook"_s : u"cid-1"_s;
    const QJsonObject message =
        textMessage(text, u"msg-%1"_s.arg(m_asked), webhook, false, alice, conversation);
    QCOMPARE(postCallback(callback, secret, message).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        sqlCount(u"SELECT COUNT(*) FROM jobs WHERE state IN ('done', 'undelivered')"_s),
        qint64(m_asked), 20000);
}

void TestSecretLeak::relayRunsThroughEveryPath()
{
    m_relayPort = unusedPort();
    // The tunnel program prints its token as programs do in their errors, plain and encoded.
    const QString script = m_home->filePath(u"tunnel.sh"_s);
    QFile tunnelScript(script);
    QVERIFY(tunnelScript.open(QIODevice::WriteOnly));
    tunnelScript.write("#!/bin/sh\n"
                       "echo \"tunnel: authenticating with token $DINGRELAY_TUNNEL_TOKEN\"\n"
                       "echo \"tunnel: token (base64) $(printf %s \"$DINGRELAY_TUNNEL_TOKEN\" | "
                       "base64 -w0)\"\n"
                       "echo \"tunnel: ready at http://127.0.0.1:$1\"\n"
                       "exec sleep 120\n");
    tunnelScript.close();
    const QString tunnel = u"[tunnel]\nmode=process\npreset=custom\ncommand=/bin/sh %1 {port}\n"
                           u"url_pattern=http://127\\.0\\.0\\.1:[0-9]+\n"
                           u"check_interval_seconds=0\n"_s.arg(script);
    const QString network =
        u"model_proxy=http://%1@127.0.0.1:%2"_s.arg(ModelProxyUser).arg(m_tinyproxyPort);
    const QString config = writeConfig(u"dingrelay.ini"_s, network, tunnel);
    QVERIFY(startRelay(config));

    const QByteArray appSecret = AppSecretDefault.toUtf8();
    const QByteArray hookSecret = AppSecretHook.toUtf8();
    // Answers, streamed and not.
    ask(u"default"_s, appSecret, u"stream-ok"_s, u"ok-1"_s);
    ask(u"default"_s, appSecret, u"plain-ok"_s, u"ok-2"_s);
    // The model's failures, each echoing the key, the Authorization header or the request.
    ask(u"default"_s, appSecret, u"key-401"_s, u"ok-3"_s);
    ask(u"default"_s, appSecret, u"bad-400"_s, u"ok-4"_s);
    ask(u"default"_s, appSecret, u"error-500"_s, u"ok-5"_s);
    ask(u"default"_s, appSecret, u"/retry"_s, u"ok-6"_s); // asks error-500 again
    ask(u"default"_s, appSecret, u"redirect-302"_s, u"ok-7"_s);
    ask(u"default"_s, appSecret, u"drop-midway"_s, u"ok-8"_s);
    ask(u"default"_s, appSecret, u"slow-timeout"_s, u"ok-9"_s);
    // DingTalk's failures: a refused sessionWebhook; an expired one whose OpenAPI fallback
    // cannot get a token (the error echoing appKey and appSecret), then one that can.
    ask(u"default"_s, appSecret, u"plain-ok"_s, u"echo-1"_s);
    m_dingtalk.failNextOpenApi(
        FakeDingTalk::Route::AccessToken, 400, u"invalidClientIdOrSecret"_s,
        u"无效的clientId或者clientSecret: appKey=%1&appSecret=%2 (%3)"_s.arg(
            AppKey, ClientSecret, QString::fromLatin1(base64(ClientSecret))));
    ask(u"default"_s, appSecret, u"plain-ok"_s, u"gone-1"_s);
    ask(u"default"_s, appSecret, u"plain-ok"_s, u"gone-2"_s);
    // The custom robot: a delivery, then a refusal echoing access_token, timestamp and sign.
    ask(u"hook"_s, hookSecret, u"plain-ok"_s, u"ok-10"_s);
    m_dingtalk.failNext(
        FakeDingTalk::Route::CustomRobot, 310000,
        u"sign not match, url /robot/send?access_token=%1&timestamp=1700000000000&sign=abc%3D "
        u"secret %2 token %3"_s.arg(QString::fromLatin1(percent(WebhookToken)), WebhookSecret,
                                    WebhookToken));
    ask(u"hook"_s, hookSecret, u"plain-ok"_s, u"ok-11"_s);
    // Forged callbacks: a wrong signature, and the AppSecret itself offered as the sign.
    const QUrl callback(u"http://127.0.0.1:%1/dingtalk/default"_s.arg(m_relayPort));
    const QByteArray forged =
        QJsonDocument(textMessage(u"forged"_s, u"forged-1"_s, {})).toJson(QJsonDocument::Compact);
    QCOMPARE(send("POST", callback, forged, signedHeaders("not the secret")).status, 401);
    Headers raw = signedHeaders(appSecret);
    raw[1].second = appSecret;
    QCOMPARE(send("POST", callback, forged, raw).status, 401);

    // The tunnel ran and said its token (the check below finds it masked); /healthz shows
    // the tunnel's state to whoever holds the health token, so it is scanned too.
    const QUrl relay(u"http://127.0.0.1:%1"_s.arg(m_relayPort));
    const QString dataDir = m_home->filePath(u"data"_s);
    QTRY_VERIFY_WITH_TIMEOUT(healthDetails(relay, dataDir)
                                 .json()
                                 .value(u"tunnel"_s)
                                 .toObject()
                                 .value(u"public_url"_s)
                                 .toString()
                                 .startsWith(u"http://127.0.0.1"_s),
                             10000);
    m_outputs.append({u"/healthz"_s, healthDetails(relay, dataDir).body});
    QVERIFY(stopRelay());

    // The paths were taken: answers delivered (gone-1 once its token came, gone-2, ok-10),
    // failures recorded, the notifier told of echo-1.
    QVERIFY(m_dingtalk.messages().size() >= 4);
    QVERIFY(m_dingtalk.texts().filter(u"could not be delivered"_s).size() >= 1);
    QVERIFY(m_dingtalk.tokenRequests() >= 2);
    QVERIFY(m_model.requests().size() >= 12);
    QCOMPARE(sqlCount(u"SELECT COUNT(*) FROM jobs WHERE state = 'undelivered'"_s), 2);
    QVERIFY(sqlCount(u"SELECT COUNT(*) FROM messages WHERE role = 'error'"_s) >= 7);
    QVERIFY(sqlCount(u"SELECT COUNT(*) FROM messages WHERE content LIKE "
                     u"'%Streamed answer alpha.%'"_s) >= 1);
    QVERIFY(sqlCount(u"SELECT COUNT(*) FROM messages WHERE content LIKE '%***%'"_s) >= 3);
    QVERIFY(sqlCount(u"SELECT COUNT(*) FROM parts WHERE last_error LIKE '%***%'"_s) >= 2);
    const QByteArray log = m_outputs.at(m_outputs.size() - 2).second;
    QVERIFY2(log.contains("Incorrect API key provided: ***"), log.constData());
    QVERIFY(log.contains("authenticating with token ***"));
    QVERIFY(log.contains("errcode 310000"));
}

void TestSecretLeak::listModelsFailure()
{
    QProcess p;
    p.setProcessEnvironment(environment());
    p.start(QStringLiteral(DINGRELAY_BINARY),
            {u"--list-models"_s, u"--config"_s, m_home->filePath(u"dingrelay.ini"_s)});
    // The fake answers from this process's event loop: wait without blocking it.
    QTRY_COMPARE_WITH_TIMEOUT(p.state(), QProcess::NotRunning, 15000);
    QCOMPARE(p.exitCode(), 1);
    const QByteArray err = p.readAllStandardError();
    m_outputs.append({u"--list-models stderr"_s, err});
    m_outputs.append({u"--list-models stdout"_s, p.readAllStandardOutput()});
    QVERIFY2(err.contains("rejected the API key"), err.constData());
}

void TestSecretLeak::proxiesRefuseTheLogin()
{
    // Both destinations through a proxy that refuses the login: the model call fails, and so
    // does the delivery of the failure notice.
    const QString network = u"model_proxy=http://%1@127.0.0.1:%2\n"
                            u"dingtalk_proxy=http://%3@127.0.0.1:%2\n"_s.arg(ModelProxyUser)
                                .arg(m_proxy407.url().port())
                                .arg(DingTalkProxyUser);
    QVERIFY(startRelay(writeConfig(u"proxied.ini"_s, network, {})));
    ask(u"default"_s, AppSecretDefault.toUtf8(), u"plain-ok"_s, u"ok-12"_s);
    QVERIFY(stopRelay());
    // Both passwords were offered (and echoed back).
    QStringList offered;
    for (const RecordedRequest &r : m_proxy407.requests())
        offered << QString::fromLatin1(r.headers.value("proxy-authorization"));
    QVERIFY(offered.contains(
        u"Basic "_s + QString::fromLatin1(base64(ModelProxyUser + u':' + ModelProxyPassword))));
    QVERIFY(offered.contains(u"Basic "_s + QString::fromLatin1(base64(DingTalkProxyUser + u':' +
                                                                      DingTalkProxyPassword))));
    QCOMPARE(sqlCount(u"SELECT COUNT(*) FROM jobs WHERE state = 'undelivered'"_s), 3);
    const QByteArray log = m_outputs.at(m_outputs.size() - 2).second;
    QVERIFY2(log.contains("model call failed: proxy_auth"), log.constData());
}

void TestSecretLeak::exportsTheHistory()
{
    // No redactor: whatever the export holds came from the database as it is.
    Redactor none;
    Exporter exporter(databaseFile(), none);
    QSignalSpy finished(&exporter, &Exporter::finished);
    for (const auto format : {ExportRequest::Format::Markdown, ExportRequest::Format::Json}) {
        ExportRequest request;
        request.format = format;
        request.outputFile = m_home->filePath(
            format == ExportRequest::Format::Json ? u"export.json"_s : u"export.md"_s);
        finished.clear();
        QVERIFY(exporter.start(request));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.first().first().value<Exporter::Outcome>(), Exporter::Outcome::Done);
        const QByteArray bytes = readFile(request.outputFile);
        QVERIFY(bytes.contains("Streamed answer alpha."));
        QVERIFY(bytes.contains("Plain answer beta."));
        QVERIFY(bytes.contains("***"));
        m_exports << request.outputFile;
    }
}

void TestSecretLeak::nothingLeaks()
{
    QStringList hits;
    int files = 0;
    // Every file DingRelay could have written: INI files, the database with its -wal and
    // -shm, anything else under the data dir, HOME and the XDG folders, and the exports.
    QDirIterator it(m_home->path(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        hits << hitsIn(readFile(path), path);
        ++files;
    }
    QVERIFY(files >= 5); // two INI files, the tunnel script, the database, two exports
    QVERIFY(QFile::exists(databaseFile()));
    for (const QString &path : std::as_const(m_exports))
        QVERIFY(QFile::exists(path));
    QVERIFY(!m_snapshots.isEmpty());
    for (const auto &[where, bytes] : std::as_const(m_snapshots))
        hits << hitsIn(bytes, where);
    QCOMPARE(m_outputs.size(), 7);
    for (const auto &[where, bytes] : std::as_const(m_outputs))
        hits << hitsIn(bytes, where);
    // What people saw in DingTalk, and what the model was asked.
    hits << hitsIn(m_dingtalk.texts().join(u'\n').toUtf8(), u"messages shown in DingTalk"_s);
    for (const RecordedRequest &r : m_sessions.requests())
        hits << hitsIn(r.body, u"a sessionWebhook message"_s);
    for (const RecordedRequest &r : m_model.requests())
        hits << hitsIn(r.body, u"a request body sent to the model"_s);
    hits.removeDuplicates();
    for (const QString &hit : std::as_const(hits))
        qWarning().noquote() << "leak:" << hit;
    QVERIFY2(hits.isEmpty(), qPrintable(u"%1 leaks (listed above)"_s.arg(hits.size())));
}

QTEST_GUILESS_MAIN(TestSecretLeak)
#include "tst_secretleak.moc"
