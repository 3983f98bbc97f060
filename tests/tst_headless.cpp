// The dingrelay binary as a server runs it: --headless, --config, signals, exit codes, logs.
#include "FakeHttpServer.h"
#include "TestCallbacks.h"
#include "config/Config.h"
#include "config/SettingsReference.h"

#include <QJsonArray>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace TestCallbacks;

namespace {
const QString ApiKey = u"sk-headless-key-0123456789abcdef"_s;
const QByteArray RobotSecret = "headless-robot-secret-xyz";

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void printsVersion();
    void printsHelp();
    void printsWithoutDisplay_data();
    void printsWithoutDisplay();
    void printsConfigReference();
    void namesMissingSecrets();
    void reportsConfigErrors_data();
    void reportsConfigErrors();
    void reportsBusyPort();
    void servesAndStopsOnSignal_data();
    void servesAndStopsOnSignal();
    void answersEndToEndWithoutLeakingSecrets();
    void listsModels();
    void listModelsSaysWhatIsWrong();
    void customPresetSendsAGivenKey();

private:
    QString writeConfig(const QString &extra = {}, quint16 port = 0);
    QProcessEnvironment environment(bool withSecrets) const;
    bool waitHealthy(quint16 port) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QUrl m_modelUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
    QString m_webhookPrefix = u"http://127.0.0.1:9/"_s;
};

void TestHeadless::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestHeadless::writeConfig(const QString &extra, quint16 port)
{
    const QString path = m_dir->filePath(u"dingrelay.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    const QString text = u"[relay]\naddress=127.0.0.1\nport=%1\ndrain_seconds=5\n\n"
                         "[storage]\ndata_dir=data\n\n"
                         "[model]\npreset=openai\nbase_url=%2\nmodel=gpt-4o-mini\n"
                         "system_prompt=You are helpful, brief, and kind.\n\n"
                         "[dingtalk]\nsession_webhook_prefix=%3\n\n"
                         "[robot.default]\nmode=http\n%4"_s.arg(port)
                             .arg(m_modelUrl.toString(), m_webhookPrefix, extra);
    file.write(text.toUtf8());
    return path;
}

QProcessEnvironment TestHeadless::environment(bool withSecrets) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_dir->path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"share"_s));
    env.remove(u"DINGRELAY_SECRET_MODEL_API_KEY"_s);
    env.remove(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s);
    if (withSecrets) {
        env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, ApiKey);
        env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, QString::fromUtf8(RobotSecret));
    }
    return env;
}

bool TestHeadless::waitHealthy(quint16 port) const
{
    const QUrl url(u"http://127.0.0.1:%1/healthz"_s.arg(port));
    for (int i = 0; i < 100; ++i) {
        if (send("GET", url, {}, {}, 1000).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

void TestHeadless::printsVersion()
{
    QProcess p;
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--version"_s});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY(out.startsWith("dingrelay " DINGRELAY_VERSION "\n"));
    // The licence, as the About box and packaging/debian/copyright name it.
    QVERIFY(out.contains("GPL-3.0-or-later"));
    QVERIFY(out.contains("NO WARRANTY"));
}

void TestHeadless::printsHelp()
{
    QProcess p;
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--help"_s});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY(out.contains("--headless"));
    QVERIFY(out.contains("--config <file>"));
    QVERIFY(out.contains("--version"));
}

void TestHeadless::printsWithoutDisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QByteArray>("shows");
    QTest::newRow("-v") << u"-v"_s << QByteArray("dingrelay " DINGRELAY_VERSION);
    QTest::newRow("--version") << u"--version"_s << QByteArray("dingrelay " DINGRELAY_VERSION);
    QTest::newRow("-h") << u"-h"_s << QByteArray("--headless");
    QTest::newRow("--help") << u"--help"_s << QByteArray("--config-reference");
    QTest::newRow("--config-reference") << u"--config-reference"_s << QByteArray("[relay]");
}

void TestHeadless::printsWithoutDisplay()
{
    // A server has no display: an option that only prints must not need one, even in the build
    // with the desktop app.
    QFETCH(QString, option);
    QFETCH(QByteArray, shows);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"QT_QPA_PLATFORM"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s})
        env.remove(name);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DINGRELAY_BINARY), {option});
    QVERIFY(p.waitForFinished(10000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
             p.readAllStandardError().constData());
    QVERIFY(p.readAllStandardOutput().contains(shows));
}

void TestHeadless::printsConfigReference()
{
    QProcess p;
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--config-reference"_s});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    // The same text as the library makes, but for the data folder: the default is the
    // binary's own, under its name, which this test is not.
    const auto withoutDataDir = [](const QByteArray &text) {
        QByteArrayList kept;
        bool inDataDir = false; // its line and the help's continuation lines
        for (const QByteArray &line : text.split('\n')) {
            inDataDir = line.startsWith("data_dir=") || (inDataDir && line.startsWith(' '));
            if (!inDataDir)
                kept << line;
        }
        return kept.join('\n');
    };
    QVERIFY(out.contains("\ndata_dir=/"));
    QCOMPARE(withoutDataDir(out), withoutDataDir(SettingsReference::text()));
    // What it prints is a config the relay reads, with no complaint.
    const QString path = m_dir->filePath(u"reference.ini"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(out);
    file.close();
    const ConfigResult read = Config::load(path);
    QVERIFY2(read.ok(), qPrintable(read.errors.join(u'\n')));
    QVERIFY2(read.warnings.isEmpty(), qPrintable(read.warnings.join(u'\n')));
}

void TestHeadless::namesMissingSecrets()
{
    QProcess p;
    p.setProcessEnvironment(environment(false));
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, writeConfig()});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("DINGRELAY_SECRET_MODEL_API_KEY"), err.constData());
    QVERIFY(err.contains("DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"));
    QVERIFY(err.contains("did not start"));
}

void TestHeadless::reportsConfigErrors_data()
{
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad language") << u"language=fr\n"_s << u"robot.default/language"_s;
    QTest::newRow("secret in file")
        << u"app_secret=oops\n"_s << u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s;
    QTest::newRow("no such file") << u"<missing>"_s << u"does not exist"_s;
}

void TestHeadless::reportsConfigErrors()
{
    QFETCH(QString, extra);
    QFETCH(QString, expected);
    const QString path =
        extra == u"<missing>"_s ? m_dir->filePath(u"nope.ini"_s) : writeConfig(extra);
    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, path});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 1);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(expected), qPrintable(err));
    QVERIFY(!err.contains(u"oops"_s)); // even a secret misplaced in the file is not echoed
}

void TestHeadless::reportsBusyPort()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY),
            {u"--headless"_s, u"--config"_s, writeConfig({}, squatter.serverPort())});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains("cannot listen on 127.0.0.1 port"));
}

void TestHeadless::servesAndStopsOnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestHeadless::servesAndStopsOnSignal()
{
    QFETCH(int, signalNumber);
    const quint16 port = unusedPort();
    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY),
            {u"--headless"_s, u"--config"_s, writeConfig({}, port)});
    QVERIFY(p.waitForStarted());
    QVERIFY(waitHealthy(port));
    const HttpResult health =
        healthDetails(QUrl(u"http://127.0.0.1:%1"_s.arg(port)), m_dir->filePath(u"data"_s));
    QCOMPARE(health.json().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(health.json().value(u"version"_s).toString(), QStringLiteral(DINGRELAY_VERSION));
    ::kill(pid_t(p.processId()), signalNumber);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardError().contains("stopped"));
    QVERIFY(QFile::exists(m_dir->filePath(u"data/dingrelay.sqlite3"_s)));
}

void TestHeadless::answersEndToEndWithoutLeakingSecrets()
{
    FakeHttpServer model;
    FakeHttpServer sink;
    QVERIFY(model.listen() && sink.listen());
    // The first answer fails the way OpenAI does, echoing the key; the second succeeds.
    model.enqueue(canned(401, openAiErrorBody(u"Incorrect API key provided: "_s + ApiKey,
                                              u"invalid_request_error"_s, u"invalid_api_key"_s)));
    model.setDefault(canned(200, chatCompletionBody(u"你好！我是 DingRelay。"_s)));
    sink.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
    m_modelUrl = model.url(u"/v1"_s);
    m_webhookPrefix = sink.url(u"/"_s).toString();

    const quint16 port = unusedPort();
    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY),
            {u"--headless"_s, u"--config"_s, writeConfig({}, port)});
    QVERIFY(p.waitForStarted());
    QVERIFY(waitHealthy(port));

    const QUrl callback(u"http://127.0.0.1:%1/dingtalk/default"_s.arg(port));
    const QUrl webhook(sink.url(u"/robot/sendBySession"_s).toString() + u"?session=abc123secret"_s);
    QCOMPARE(send("POST", callback, "{}", signedHeaders("wrong secret")).status, 401);
    QCOMPARE(postCallback(callback, RobotSecret, textMessage(u"first"_s, u"m1"_s, webhook)).status,
             200);
    QTRY_COMPARE(sink.count(), 1);
    QCOMPARE(postCallback(callback, RobotSecret, textMessage(u"second"_s, u"m2"_s, webhook)).status,
             200);
    QTRY_COMPARE(sink.count(), 2);
    QCOMPARE(
        sink.requests().at(1).json().value(u"markdown"_s).toObject().value(u"text"_s).toString(),
        u"你好！我是 DingRelay。"_s);
    QCOMPARE(model.requests().at(1).headers.value("authorization"), "Bearer " + ApiKey.toUtf8());

    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray log = p.readAllStandardError();
    QVERIFY2(log.contains("model call failed: bad_key"), log.constData());
    QVERIFY(log.contains("Incorrect API key provided: ***"));
    QVERIFY2(!log.contains(ApiKey.toUtf8()), log.constData());
    QVERIFY(!log.contains(RobotSecret));
    QVERIFY(!log.contains("abc123secret"));
    QVERIFY(!log.contains(signedHeaders(RobotSecret).at(1).second));
}

void TestHeadless::listsModels()
{
    FakeHttpServer model;
    QVERIFY(model.listen());
    model.setDefault(canned(
        200,
        R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"gpt-4o-mini"},{"id":"dall-e-3"}]})"));
    m_modelUrl = model.url(u"/v1"_s);
    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--list-models"_s, u"--config"_s, writeConfig()});
    // The fake answers from this process's event loop: wait without blocking it.
    QTRY_COMPARE_WITH_TIMEOUT(p.state(), QProcess::NotRunning, 10000);
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(p.readAllStandardOutput(), QByteArray("dall-e-3\ngpt-4o\ngpt-4o-mini\n"));
    QCOMPARE(model.requests().first().path, u"/v1/models"_s);
    QCOMPARE(model.requests().first().headers.value("authorization"), "Bearer " + ApiKey.toUtf8());
}

void TestHeadless::listModelsSaysWhatIsWrong()
{
    FakeHttpServer model;
    QVERIFY(model.listen());
    model.setDefault(
        canned(401, openAiErrorBody(u"Incorrect API key provided: "_s + ApiKey,
                                    u"invalid_request_error"_s, u"invalid_api_key"_s)));
    m_modelUrl = model.url(u"/v1"_s);
    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--list-models"_s, u"--config"_s, writeConfig()});
    // The fake answers from this process's event loop: wait without blocking it.
    QTRY_COMPARE_WITH_TIMEOUT(p.state(), QProcess::NotRunning, 10000);
    QCOMPARE(p.exitCode(), 1);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("rejected the API key"), err.constData());
    QVERIFY(!err.contains(ApiKey.toUtf8()));
    QVERIFY(p.readAllStandardOutput().isEmpty());
}

void TestHeadless::customPresetSendsAGivenKey()
{
    // preset=custom needs no key (api_key_required defaults to false), but one that is given is
    // sent: to the chat completions and to --list-models.
    FakeHttpServer model;
    FakeHttpServer sink;
    QVERIFY(model.listen() && sink.listen());
    model.setHandler([](const RecordedRequest &request) {
        if (request.path.endsWith(u"/models"_s))
            return canned(200, R"({"object":"list","data":[{"id":"local-model"}]})");
        return canned(200, chatCompletionBody(u"Hello."_s));
    });
    sink.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
    m_modelUrl = model.url(u"/v1"_s);
    m_webhookPrefix = sink.url(u"/"_s).toString();
    const quint16 port = unusedPort();
    const QString config = writeConfig({}, port);
    QFile file(config);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QByteArray custom = file.readAll().replace("preset=openai", "preset=custom");
    QVERIFY(file.resize(0) && file.write(custom) == custom.size());
    file.close();

    QProcess p;
    p.setProcessEnvironment(environment(true));
    p.start(QStringLiteral(DINGRELAY_BINARY), {u"--headless"_s, u"--config"_s, config});
    QVERIFY(p.waitForStarted());
    QVERIFY(waitHealthy(port));
    const QUrl callback(u"http://127.0.0.1:%1/dingtalk/default"_s.arg(port));
    const QUrl webhook(sink.url(u"/robot/sendBySession"_s).toString() + u"?session=s1"_s);
    QCOMPARE(postCallback(callback, RobotSecret, textMessage(u"hi"_s, u"m1"_s, webhook)).status,
             200);
    QTRY_COMPARE(sink.count(), 1);
    QCOMPARE(model.requests().first().headers.value("authorization"), "Bearer " + ApiKey.toUtf8());
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(10000));

    model.clear();
    QProcess list;
    list.setProcessEnvironment(environment(true));
    list.start(QStringLiteral(DINGRELAY_BINARY), {u"--list-models"_s, u"--config"_s, config});
    QTRY_COMPARE_WITH_TIMEOUT(list.state(), QProcess::NotRunning, 10000);
    QCOMPARE(list.exitCode(), 0);
    QCOMPARE(model.requests().first().headers.value("authorization"), "Bearer " + ApiKey.toUtf8());
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
