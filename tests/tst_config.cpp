// Tests Config::load and Config::loadOrDefaults on INI files written to a temporary folder.
#include "config/Config.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString CompleteIni = uR"([relay]
address=0.0.0.0
port=9090
max_queued_jobs=250

[storage]
data_dir=/var/lib/dingrelay

[model]
preset=deepseek
base_url=https://proxy.example.com/v1
model=deepseek-chat
system_prompt="You are terse, precise, and kind."
temperature=0.3
max_answer_tokens=800
timeout_seconds=60
max_parallel=4

[conversation]
max_turns=6
max_context_tokens=5000

[dingtalk]
session_webhook_prefix=https://oapi.dingtalk.com/robot/
sign_window_seconds=600
send_timeout_seconds=20

[robot.default]
mode=http
callback_path=/hooks/main
language=en
system_prompt=Answer in English.
)"_s;

bool containsBoth(const QStringList &list, const QString &a, const QString &b)
{
    for (const QString &line : list) {
        if (line.contains(a) && line.contains(b))
            return true;
    }
    return false;
}

bool anyContains(const QStringList &list, const QString &needle)
{
    for (const QString &line : list) {
        if (line.contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestConfig final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void completeFile();
    void defaultsWhenKeysAbsent();
    void baseUrlFromPreset_data();
    void baseUrlFromPreset();
    void loadOrDefaultsWithoutFile();
    void loadOrDefaultsWithFile();
    void systemPromptWithCommas_data();
    void systemPromptWithCommas();
    void inlineComment();
    void relativeDataDir_data();
    void relativeDataDir();
    void missingFile();
    void errors_data();
    void errors();
    void secretInIni_data();
    void secretInIni();
    void unknownKeyIsWarning();
    void requiredSecrets();
    void emptyRobotSection();
    void requiredSecretsOllama();
    void streamRobot();
    void personaNames_data();
    void personaNames();

private:
    // Writes content to a file in the test's temporary folder and returns its path.
    QString write(const QString &content, const QString &name = u"dingrelay.ini"_s);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestConfig::write(const QString &content, const QString &name)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content.toUtf8());
    return path;
}

void TestConfig::completeFile()
{
    const ConfigResult r = Config::load(write(CompleteIni));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(u'\n')));
    const AppConfig &c = r.config;
    QCOMPARE(c.sourceFile, QFileInfo(m_dir->filePath(u"dingrelay.ini"_s)).absoluteFilePath());
    QCOMPARE(c.relay.address, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(c.relay.port, quint16(9090));
    QCOMPARE(c.relay.maxQueuedJobs, 250);
    QCOMPARE(c.dataDir, u"/var/lib/dingrelay"_s);
    QCOMPARE(c.model.preset, u"deepseek"_s);
    QCOMPARE(c.model.baseUrl, QUrl(u"https://proxy.example.com/v1"_s));
    QCOMPARE(c.model.model, u"deepseek-chat"_s);
    QCOMPARE(c.model.systemPrompt, u"You are terse, precise, and kind."_s);
    QCOMPARE(c.model.temperature, 0.3);
    QCOMPARE(c.model.maxAnswerTokens, 800);
    QCOMPARE(c.model.timeoutSeconds, 60);
    QCOMPARE(c.model.maxParallel, 4);
    QVERIFY(c.model.needsApiKey);
    QCOMPARE(c.conversation.maxTurns, 6);
    QCOMPARE(c.conversation.maxContextTokens, 5000);
    QCOMPARE(c.dingtalk.sessionWebhookPrefix, u"https://oapi.dingtalk.com/robot/"_s);
    QCOMPARE(c.dingtalk.signWindowSeconds, 600);
    QCOMPARE(c.dingtalk.sendTimeoutSeconds, 20);
    QCOMPARE(c.robots.size(), 1);
    const RobotSettings *robot = c.robotById(u"default"_s);
    QVERIFY(robot);
    QCOMPARE(robot->id, u"default"_s);
    QCOMPARE(robot->mode, RobotMode::Http);
    QCOMPARE(robot->callbackPath, u"/hooks/main"_s);
    QCOMPARE(robot->language, u"en"_s);
    QCOMPARE(robot->systemPrompt, u"Answer in English."_s);
    QCOMPARE(c.robotById(u"other"_s), nullptr);
}

void TestConfig::defaultsWhenKeysAbsent()
{
    const ConfigResult r = Config::load(write(u"[robot.default]\nlanguage=zh\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    const AppConfig &c = r.config;
    QCOMPARE(c.relay.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(c.relay.address.toString(), u"127.0.0.1"_s);
    QCOMPARE(c.relay.port, quint16(8089));
    QCOMPARE(c.relay.maxQueuedJobs, 1000);
    QCOMPARE(c.dataDir, Config::defaultDataDir());
    QCOMPARE(c.model.preset, u"openai"_s);
    QCOMPARE(c.model.baseUrl, QUrl(u"https://api.openai.com/v1"_s));
    QCOMPARE(c.model.model, u"gpt-4o-mini"_s);
    QVERIFY(!c.model.systemPrompt.isEmpty());
    QCOMPARE(c.conversation.maxTurns, 10);
    QCOMPARE(c.conversation.maxContextTokens, 0);
    QCOMPARE(c.dingtalk.sessionWebhookPrefix, u"https://oapi.dingtalk.com/"_s);
    QCOMPARE(c.dingtalk.signWindowSeconds, 300);
    QCOMPARE(c.robots.size(), 1);
    QCOMPARE(c.robots.first().mode, RobotMode::Http);
    QCOMPARE(c.robots.first().callbackPath, u"/dingtalk/default"_s);
    QCOMPARE(c.robots.first().language, u"zh"_s);
    QVERIFY(c.robots.first().systemPrompt.isEmpty());
}

void TestConfig::baseUrlFromPreset_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<bool>("needsKey");
    QTest::newRow("openai") << u"openai"_s << QUrl(u"https://api.openai.com/v1"_s) << true;
    QTest::newRow("deepseek") << u"deepseek"_s << QUrl(u"https://api.deepseek.com/v1"_s) << true;
    QTest::newRow("moonshot") << u"moonshot"_s << QUrl(u"https://api.moonshot.cn/v1"_s) << true;
    QTest::newRow("dashscope") << u"dashscope"_s
                               << QUrl(u"https://dashscope.aliyuncs.com/compatible-mode/v1"_s)
                               << true;
    QTest::newRow("ollama") << u"ollama"_s << QUrl(u"http://127.0.0.1:11434/v1"_s) << false;
}

void TestConfig::baseUrlFromPreset()
{
    QFETCH(QString, preset);
    QFETCH(QUrl, baseUrl);
    QFETCH(bool, needsKey);
    const ConfigResult r = Config::load(write(u"[model]\npreset=%1\n"_s.arg(preset)));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.model.preset, preset);
    QCOMPARE(r.config.model.baseUrl, baseUrl);
    QCOMPARE(r.config.model.needsApiKey, needsKey);
}

void TestConfig::loadOrDefaultsWithoutFile()
{
    const QString path = m_dir->filePath(u"absent.ini"_s);
    const ConfigResult r = Config::loadOrDefaults(path);
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QVERIFY(anyContains(r.warnings, path));
    QCOMPARE(r.config.relay.address.toString(), u"127.0.0.1"_s);
    QCOMPARE(r.config.relay.port, quint16(8089));
    QCOMPARE(r.config.model.baseUrl, QUrl(u"https://api.openai.com/v1"_s));
    QCOMPARE(r.config.dataDir, Config::defaultDataDir());
    QVERIFY(r.config.sourceFile.isEmpty());
}

void TestConfig::loadOrDefaultsWithFile()
{
    const ConfigResult r = Config::loadOrDefaults(write(u"[relay]\nport=1234\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.relay.port, quint16(1234));
    QVERIFY(!r.config.sourceFile.isEmpty());

    const ConfigResult bad = Config::loadOrDefaults(write(u"[relay]\nport=abc\n"_s));
    QVERIFY(!bad.ok());
}

void TestConfig::systemPromptWithCommas_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unquoted") << u"system_prompt=Be brief, be kind, be right."_s
                              << u"Be brief, be kind, be right."_s;
    QTest::newRow("quoted") << u"system_prompt=\"Be brief, be kind, be right.\""_s
                            << u"Be brief, be kind, be right."_s;
    QTest::newRow("Chinese commas")
        << u"system_prompt=你是助手，回答要简短，准确。"_s << u"你是助手，回答要简短，准确。"_s;
    QTest::newRow("comma without a space")
        << u"system_prompt=Answer in 1,000 words or less."_s << u"Answer in 1,000 words or less."_s;
}

void TestConfig::systemPromptWithCommas()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const ConfigResult r = Config::load(write(u"[model]\n"_s + line + u"\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.model.systemPrompt, expected);
}

void TestConfig::inlineComment()
{
    const ConfigResult r = Config::load(write(uR"([relay]
port=9001          ; the port DingTalk reaches through the proxy
[storage]
data_dir=/srv/dingrelay        ; SQLite lives here
[model]
preset=openai                 ; openai, azure, deepseek
system_prompt=Be brief.  ; a comment
[robot.default]               ; one section per robot; "default" is its id
language=en ; what the robot says itself
)"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.relay.port, quint16(9001));
    QCOMPARE(r.config.dataDir, u"/srv/dingrelay"_s);
    QCOMPARE(r.config.model.preset, u"openai"_s);
    QCOMPARE(r.config.model.systemPrompt, u"Be brief."_s);
    QCOMPARE(r.config.robots.size(), 1);
    QCOMPARE(r.config.robots.first().language, u"en"_s);
}

void TestConfig::relativeDataDir_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("relative"); // to the INI file's folder
    QTest::newRow("plain") << u"data"_s << u"data"_s;
    QTest::newRow("dot") << u"./data"_s << u"data"_s;
    QTest::newRow("nested") << u"var/db"_s << u"var/db"_s;
}

void TestConfig::relativeDataDir()
{
    QFETCH(QString, value);
    QFETCH(QString, relative);
    QVERIFY(QDir(m_dir->path()).mkpath(u"conf"_s));
    const ConfigResult r =
        Config::load(write(u"[storage]\ndata_dir=%1\n"_s.arg(value), u"conf/dingrelay.ini"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QVERIFY(QDir::isAbsolutePath(r.config.dataDir));
    QCOMPARE(QDir::cleanPath(r.config.dataDir),
             QDir::cleanPath(m_dir->filePath(u"conf/"_s + relative)));
}

void TestConfig::missingFile()
{
    const QString path = m_dir->filePath(u"nope.ini"_s);
    const ConfigResult r = Config::load(path);
    QVERIFY(!r.ok());
    QVERIFY2(anyContains(r.errors, path), qPrintable(r.errors.join(u'\n')));
}

void TestConfig::errors_data()
{
    QTest::addColumn<QString>("ini");
    QTest::addColumn<QString>("key"); // the error must name it

    QTest::newRow("port not a number") << u"[relay]\nport=abc\n"_s << u"relay/port"_s;
    QTest::newRow("port too big") << u"[relay]\nport=70000\n"_s << u"relay/port"_s;
    QTest::newRow("port negative") << u"[relay]\nport=-1\n"_s << u"relay/port"_s;
    QTest::newRow("address a name") << u"[relay]\naddress=localhost\n"_s << u"relay/address"_s;
    QTest::newRow("address garbage") << u"[relay]\naddress=300.1.2.3\n"_s << u"relay/address"_s;
    // The whole sentence: the key, the range and the value found.
    QTest::newRow("max_queued_jobs zero")
        << u"[relay]\nmax_queued_jobs=0\n"_s
        << u"relay/max_queued_jobs must be a whole number from 1 to 1000000 (found \"0\")"_s;
    QTest::newRow("max_queued_jobs negative")
        << u"[relay]\nmax_queued_jobs=-5\n"_s
        << u"relay/max_queued_jobs must be a whole number from 1 to 1000000 (found \"-5\")"_s;
    QTest::newRow("max_queued_jobs too big")
        << u"[relay]\nmax_queued_jobs=1000001\n"_s
        << u"relay/max_queued_jobs must be a whole number from 1 to 1000000 (found \"1000001\")"_s;
    QTest::newRow("max_queued_jobs not a number")
        << u"[relay]\nmax_queued_jobs=lots\n"_s
        << u"relay/max_queued_jobs must be a whole number from 1 to 1000000 (found \"lots\")"_s;
    QTest::newRow("unknown preset") << u"[model]\npreset=skynet\n"_s << u"model/preset"_s;
    QTest::newRow("azure without base_url") << u"[model]\npreset=azure\n"_s << u"model/base_url"_s;
    QTest::newRow("custom without base_url")
        << u"[model]\npreset=custom\n"_s << u"model/base_url"_s;
    QTest::newRow("ftp base_url") << u"[model]\nbase_url=ftp://example.com/v1\n"_s
                                  << u"model/base_url"_s;
    QTest::newRow("base_url without scheme")
        << u"[model]\nbase_url=api.example.com/v1\n"_s << u"model/base_url"_s;
    QTest::newRow("bad temperature") << u"[model]\ntemperature=hot\n"_s << u"model/temperature"_s;
    QTest::newRow("mode=stream without client_id")
        << u"[robot.default]\nmode=stream\n"_s << u"robot.default/mode"_s;
    QTest::newRow("unknown mode") << u"[robot.default]\nmode=carrier-pigeon\n"_s
                                  << u"robot.default/mode"_s;
    QTest::newRow("bad robot id") << u"[robot.bad!id]\nlanguage=zh\n"_s << u"robot.bad!id"_s;
    QTest::newRow("robot id too long")
        << u"[robot.%1]\nlanguage=zh\n"_s.arg(QString(65, u'r')) << u"robot.rrrr"_s;
    QTest::newRow("duplicate callback_path")
        << u"[robot.a]\ncallback_path=/hook\n[robot.b]\ncallback_path=/hook\n"_s
        << u"callback_path"_s;
    QTest::newRow("duplicate with a default path")
        << u"[robot.a]\nlanguage=zh\n[robot.b]\ncallback_path=/dingtalk/a\n"_s << u"/dingtalk/a"_s;
    QTest::newRow("callback_path without '/'")
        << u"[robot.default]\ncallback_path=hooks/main\n"_s << u"robot.default/callback_path"_s;
    QTest::newRow("language fr") << u"[robot.default]\nlanguage=fr\n"_s
                                 << u"robot.default/language"_s;
    QTest::newRow("max_turns negative")
        << u"[conversation]\nmax_turns=-3\n"_s << u"conversation/max_turns"_s;
    QTest::newRow("sign window beyond DingTalk's hour")
        << u"[dingtalk]\nsign_window_seconds=7200\n"_s << u"dingtalk/sign_window_seconds"_s;
    QTest::newRow("context_window negative")
        << u"[model]\ncontext_window=-1\n"_s << u"model/context_window"_s;
    QTest::newRow("context_window not a number")
        << u"[model]\ncontext_window=128k\n"_s << u"model/context_window"_s;
    QTest::newRow("unknown tokenizer")
        << u"[model]\ntokenizer=p50k_base\n"_s << u"model/tokenizer"_s;
    QTest::newRow("webhook prefix not http")
        << u"[dingtalk]\nsession_webhook_prefix=oapi.dingtalk.com\n"_s
        << u"dingtalk/session_webhook_prefix"_s;
}

void TestConfig::errors()
{
    QFETCH(QString, ini);
    QFETCH(QString, key);
    const ConfigResult r = Config::load(write(ini));
    QVERIFY(!r.ok());
    QVERIFY2(anyContains(r.errors, key), qPrintable(r.errors.join(u'\n')));
}

void TestConfig::secretInIni_data()
{
    QTest::addColumn<QString>("ini");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");

    QTest::newRow("model/api_key")
        << u"[model]\napi_key=sk-proj-abcdefgh12345678\n"_s << u"model/api_key"_s
        << u"DINGRELAY_SECRET_MODEL_API_KEY"_s << u"sk-proj-abcdefgh12345678"_s;
    QTest::newRow("robot app_secret")
        << u"[robot.default]\napp_secret=Xy9_topsecretvalue\n"_s << u"robot.default/app_secret"_s
        << u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s << u"Xy9_topsecretvalue"_s;
    QTest::newRow("robot webhook_token")
        << u"[robot.ops]\nwebhook_token=abcdef0123456789\n"_s << u"robot.ops/webhook_token"_s
        << u"DINGRELAY_SECRET_ROBOT_OPS_WEBHOOK_TOKEN"_s << u"abcdef0123456789"_s;
}

void TestConfig::secretInIni()
{
    QFETCH(QString, ini);
    QFETCH(QString, key);
    QFETCH(QString, variable);
    QFETCH(QString, value);
    const ConfigResult r = Config::load(write(ini));
    QVERIFY(!r.ok());
    QVERIFY2(containsBoth(r.errors, key, variable), qPrintable(r.errors.join(u'\n')));
    // The value itself must not be repeated where it could reach a log.
    QVERIFY(!anyContains(r.errors, value));
    QVERIFY(!anyContains(r.warnings, value));
}

void TestConfig::unknownKeyIsWarning()
{
    const ConfigResult r =
        Config::load(write(u"[relay]\nprot=9000\n[robot.default]\ncolour=red\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QVERIFY2(anyContains(r.warnings, u"relay/prot"_s), qPrintable(r.warnings.join(u'\n')));
    QVERIFY2(anyContains(r.warnings, u"robot.default/colour"_s),
             qPrintable(r.warnings.join(u'\n')));
    QCOMPARE(r.config.relay.port, quint16(8089));
}

void TestConfig::requiredSecrets()
{
    const ConfigResult r =
        Config::load(write(u"[robot.default]\nlanguage=zh\n[robot.ops]\ncallback_path=/ops\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    const QStringList keys = r.config.requiredSecrets();
    QCOMPARE(keys.size(), 3);
    QCOMPARE(keys.first(), u"model/api_key"_s);
    QVERIFY(keys.contains(u"robot/default/app_secret"_s));
    QVERIFY(keys.contains(u"robot/ops/app_secret"_s));
}

void TestConfig::requiredSecretsOllama()
{
    const ConfigResult r = Config::load(
        write(u"[model]\npreset=ollama\nmodel=llama3\n[robot.default]\nlanguage=en\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.requiredSecrets(), QStringList{u"robot/default/app_secret"_s});
}

void TestConfig::streamRobot()
{
    ConfigResult r = Config::load(write(u"[robot.s]\nmode=stream\nclient_id=dingabc\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.robots.first().mode, RobotMode::Stream);
    // A Stream robot opens its connection with the client secret; no AppSecret is asked for.
    QVERIFY(r.config.requiredSecrets().contains(u"robot/s/client_secret"_s));
    QVERIFY(!r.config.requiredSecrets().contains(u"robot/s/app_secret"_s));
    QCOMPARE(r.config.dingtalk.streamGatewayUrl, QUrl(u"https://api.dingtalk.com"_s));

    r = Config::load(write(u"[dingtalk]\nstream_gateway_url=http://127.0.0.1:9/\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.dingtalk.streamGatewayUrl, QUrl(u"http://127.0.0.1:9/"_s));
    r = Config::load(write(u"[dingtalk]\nstream_gateway_url=ws-gateway\n"_s));
    QVERIFY(!r.ok());
}

void TestConfig::emptyRobotSection()
{
    const ConfigResult r = Config::load(write(u"[relay]\nport=9000\n\n[robot.default]\n"_s));
    QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    QCOMPARE(r.config.robots.size(), 1);
}

void TestConfig::personaNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("latin") << u"translator"_s << true;
    QTest::newRow("chinese") << u"律师"_s << true;
    QTest::newRow("digits, '-' and '_'") << u"tech-writer_2"_s << true;
    QTest::newRow("32 letters") << QString(32, u'p') << true;
    QTest::newRow("32 Chinese characters") << QString(32, QChar(0x5F8B)) << true;
    QTest::newRow("a character beyond the BMP") << u"𠮷野家"_s << true;
    QTest::newRow("33 letters") << QString(33, u'p') << false;
    QTest::newRow("two words") << u"legal advisor"_s << false;
    QTest::newRow("punctuation") << u"bad!name"_s << false;
    QTest::newRow("a Chinese comma") << u"律师，顾问"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestConfig::personaNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(PersonaSettings::isValidName(name), valid);
    if (name.isEmpty())
        return; // "[persona.]" is no persona section at all
    // The file is checked by the same rule, and a name it refuses is named in the error.
    const ConfigResult r =
        Config::load(write(u"[persona.%1]\nprompt=You are someone.\n"_s.arg(name)));
    QCOMPARE(r.ok(), valid);
    if (valid) {
        QCOMPARE(r.config.personas.size(), 1);
        QCOMPARE(r.config.personas.first().name, name);
    } else {
        QVERIFY2(anyContains(r.errors, u"[persona.%1]"_s.arg(name)),
                 qPrintable(r.errors.join(u'\n')));
        QVERIFY2(anyContains(r.errors, u"at most 32"_s), qPrintable(r.errors.join(u'\n')));
    }
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
