// Tests ConfigWriter and IniDocument: what is saved reads back the same, and hand edits survive.
#include "config/Config.h"
#include "config/ConfigWriter.h"
#include "config/IniDocument.h"
#include "config/IniFile.h"
#include "config/Schema.h"
#include "config/SettingsReference.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

const QByteArray HandEdited = R"(# my relay, edited by hand
[relay]
port = 9001          ; the port DingTalk reaches through frp
address=127.0.0.1
colour=blue

; where the database goes
[storage]
data_dir=data

[model]
preset=deepseek
system_prompt="Be brief; be kind."   ; quoted on purpose
temperature=0.50

[robot.sales]
; the sales group's robot
language=en
mystery=42

; notes about the next section
[robot.ops]
callback_path=/ops
)";

} // namespace

class TestConfigWriter final : public QObject
{
    Q_OBJECT

private slots:
    void readmeConfigNamesEveryKey();
    void readmeConfigSaysWhatSchemaSays();
    void referenceReadsBackAsDefaults();
    void init();

    void fullConfigRoundTrips();
    void defaultsMakeAShortFile();
    void valuesThatNeedQuotes_data();
    void valuesThatNeedQuotes();
    void unchangedConfigKeepsTheFileByteForByte();
    void changeTouchesOnlyItsLine();
    void robotsAddedAndRemoved();
    void defaultThatFollowsAnotherValue();
    void presetSwitch();
    void invalidConfigIsRefused_data();
    void invalidConfigIsRefused();
    void fileWithASecretIsNotRewritten();
    void saveIsAtomicAndCreatesFolders();
    void saveFailsVisibly();
    void crlfIsKept();
    void readmeConfigLoadsAndRoundTrips();

    void documentSetKeepsComments_data();
    void documentSetKeepsComments();
    void documentAddsToTheRightSection();
    void documentRemoveSection();
    void iniCommentRightAfterEquals_data();
    void iniCommentRightAfterEquals();

private:
    QString path(const QString &name = u"dingrelay.ini"_s) const { return m_dir->filePath(name); }
    AppConfig fullConfig() const;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestConfigWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

// Every setting away from its default, so a field the writer forgets shows as a difference.
AppConfig TestConfigWriter::fullConfig() const
{
    const QString ca = path(u"corp-ca.pem"_s);
    writeAll(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    AppConfig c;
    c.relay.address = QHostAddress(u"0.0.0.0"_s);
    c.relay.port = 9443;
    c.relay.maxBodyBytes = 128 * 1024;
    c.relay.drainSeconds = 40;
    c.relay.maxConnections = 50;
    c.relay.idleTimeoutSeconds = 20;
    c.relay.requestTimeoutSeconds = 5;
    c.relay.maxQueuedJobs = 250;
    c.dataDir = path(u"data"_s);
    c.model.preset = u"azure"_s;
    c.model.baseUrl = QUrl(u"https://corp.openai.azure.com"_s);
    c.model.needsApiKey = false;
    c.model.model = u"gpt-4o"_s;
    c.model.systemPrompt = u"你是助手，回答要简短; \"exact\"\n第二行\tand a tab\\"_s;
    c.model.temperature = 0.7;
    c.model.maxAnswerTokens = 1200;
    c.model.stream = false;
    c.model.timeoutSeconds = 90;
    c.model.idleTimeoutSeconds = 45;
    c.model.maxRetries = 4;
    c.model.retrySeconds = 300;
    c.model.maxParallel = 3;
    c.model.tokenParam = u"max_tokens"_s;
    c.model.streamUsage = false;
    c.model.systemRole = u"developer"_s;
    c.model.apiKeyHeader = true; // follows the preset
    c.model.deployment = u"prod-gpt4o"_s;
    c.model.apiVersion = u"2025-01-01-preview"_s;
    c.model.contextWindow = 64000;
    c.model.tokenizer = u"cl100k_base"_s;
    c.model.hideThinking = false;
    c.model.allowedModels = {u"gpt-4o"_s, u"gpt-4o-mini"_s};
    c.conversation.maxTurns = 3;
    c.conversation.maxContextTokens = 4000;
    c.dingtalk.sessionWebhookPrefix = u"http://127.0.0.1:9/"_s;
    c.dingtalk.signWindowSeconds = 120;
    c.dingtalk.sendTimeoutSeconds = 25;
    c.dingtalk.openApiBase = QUrl(u"http://127.0.0.1:10"_s);
    c.dingtalk.customWebhookUrl = QUrl(u"http://127.0.0.1:11/robot/send"_s);
    c.dingtalk.streamGatewayUrl = QUrl(u"http://127.0.0.1:12"_s);
    c.dingtalk.webhookPerMinute = 10;
    c.dingtalk.throttleWaitSeconds = 30;
    c.dingtalk.notifyRobot = u"ops"_s;
    c.network.modelProxy.kind = ProxySettings::Kind::Http;
    c.network.modelProxy.host = u"proxy.corp"_s;
    c.network.modelProxy.port = 3128;
    c.network.modelProxy.user = u"ann@corp"_s;
    c.network.dingtalkProxy.kind = ProxySettings::Kind::Socks5;
    c.network.dingtalkProxy.host = u"127.0.0.1"_s;
    c.network.dingtalkProxy.port = 1080;
    c.network.caBundle = ca;
    c.tunnel.mode = TunnelMode::Fixed;
    c.tunnel.publicUrl = QUrl(u"https://relay.example.com"_s);
    c.tunnel.preset = u"ssh"_s;
    c.tunnel.binary = u"/opt/bin/ssh"_s;
    c.tunnel.extraArgs = u"-o ServerAliveInterval=30"_s;
    c.tunnel.sshTarget = u"me@example.com"_s;
    c.tunnel.sshRemotePort = 9000;
    c.tunnel.checkIntervalSeconds = 60;
    c.tunnel.urlPattern = u"(https://\\S+)"_s;
    c.tunnel.readyPattern = u"ready; go"_s;
    c.tunnel.frpcConfig = path(u"frpc.toml"_s);
    c.tunnel.command = QString(); // only with preset=custom
    c.general.startAtLogin = true;
    c.general.language = u"zh"_s;
    c.general.notifyNewMessages = true;
    c.general.noticeIntervalMinutes = 30;
    c.retentionDays = 30;

    RobotSettings sales;
    sales.id = u"sales"_s;
    sales.mode = RobotMode::Stream;
    sales.callbackPath = u"/hooks/sales"_s;
    sales.language = u"en"_s;
    sales.systemPrompt = u"You sell, politely."_s;
    sales.model = u"gpt-4o-mini"_s;
    sales.replyRoute = ReplyRoute::OpenApi;
    sales.clientId = u"dingabc123"_s;
    sales.cardTemplateId = u"1a2b3c4d.schema"_s;
    sales.cardContentKey = u"answer"_s;
    sales.cardIntervalMs = 500;
    sales.context = ContextMode::Group;
    sales.mentionNames = {u"销售助手"_s, u"SalesBot"_s};
    sales.models = {u"gpt-4o"_s};
    sales.allowSenders = {u"staff01"_s, u"staff02"_s};
    sales.allowConversations = {u"cidAbC=="_s};
    sales.admins = {u"boss"_s};
    sales.allowOutsiders = true;
    sales.dailyMessages = 100;
    sales.dailyTokens = 200000;
    sales.hasWebhook = true;
    sales.keywords = {u"销售"_s};
    RobotSettings ops;
    ops.id = u"ops"_s;
    ops.callbackPath = u"/dingtalk/ops"_s;
    ops.replyRoute = ReplyRoute::Webhook;
    ops.hasWebhook = true;
    ops.keywords = {u"告警"_s, u"relay"_s};
    c.robots = {sales, ops};
    c.personas = {{u"lawyer"_s, u"You answer like a careful lawyer; cite sources."_s,
                   u"Careful, with sources"_s},
                  {u"poet"_s, u"\"Rhymes\" only; 押韵"_s, QString()}};
    return c;
}

void TestConfigWriter::fullConfigRoundTrips()
{
    const AppConfig config = fullConfig();
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    QVERIFY2(back.warnings.isEmpty(), qPrintable(back.warnings.join(u'\n')));
    AppConfig expected = config;
    expected.sourceFile = back.config.sourceFile;
    QVERIFY(back.config == expected);

    // Every key the writer knows is in a file where everything differs from the defaults.
    const IniFile ini = IniFile::parse(readAll(path()));
    for (const QString &key : ConfigWriter::knownKeys()) {
        if (key == u"tunnel/command"_s || key.contains(u".*/"_s))
            continue; // a command is for preset=custom only; sections are checked below
        QVERIFY2(ini.values.contains(key), qPrintable(key));
    }
    for (const QString &key : ConfigWriter::knownKeys()) {
        if (!key.contains(u".*/"_s))
            continue;
        const QString section =
            key.startsWith(u"robot"_s) ? u"robot.sales/"_s : u"persona.lawyer/"_s;
        QVERIFY2(ini.values.contains(section + key.section(u'/', 1)), qPrintable(key));
    }
    // Writing what was read changes nothing.
    const QByteArray first = readAll(path());
    QVERIFY2(ConfigWriter::save(back.config, path(), &error), qPrintable(error));
    QCOMPARE(readAll(path()), first);
}

void TestConfigWriter::defaultsMakeAShortFile()
{
    AppConfig config = Config::loadOrDefaults(path(u"absent.ini"_s)).config;
    RobotSettings robot;
    robot.id = u"default"_s;
    robot.callbackPath = u"/dingtalk/default"_s;
    config.robots << robot;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const QString text = QString::fromUtf8(readAll(path()));
    QVERIFY2(text.contains(u"\nport=8089\n"_s), qPrintable(text));
    QVERIFY(text.contains(u"\npreset=openai\n"_s));
    QVERIFY(text.contains(u"\nmodel=gpt-4o-mini\n"_s));
    QVERIFY(text.contains(u"[robot.default]\nmode=http\ncallback_path=/dingtalk/default\n"_s));
    QVERIFY(text.contains(u"keychain"_s)); // the header says where secrets are
    QVERIFY2(!text.contains(u"max_body_bytes"_s), qPrintable(text));
    QVERIFY(!text.contains(u"data_dir"_s));
    QVERIFY(!text.contains(u"[tunnel]"_s));
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    config.sourceFile = back.config.sourceFile;
    QVERIFY(back.config == config);
}

void TestConfigWriter::valuesThatNeedQuotes_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::newRow("plain") << u"Be brief."_s;
    QTest::newRow("commas") << u"Be brief, be kind, be right."_s;
    QTest::newRow("semicolon after a blank") << u"One ; two"_s;
    QTest::newRow("semicolon first") << u";starts so"_s;
    QTest::newRow("leading and trailing blanks") << u"  padded  "_s;
    QTest::newRow("starts with a quote") << u"\"Quoted\" he said"_s;
    QTest::newRow("newlines") << u"line one\nline two\r\nline three"_s;
    QTest::newRow("backslashes") << u"C:\\path\\to \\n not a newline"_s;
    QTest::newRow("tab inside") << u"a\tb"_s;
    QTest::newRow("hash and equals") << u"# not a comment = still text"_s;
    QTest::newRow("chinese and emoji") << u"你好，世界；🙂"_s;
    QTest::newRow("ideographic space around") << u"\u3000全角\u3000"_s;
    QTest::newRow("empty") << QString();
}

void TestConfigWriter::valuesThatNeedQuotes()
{
    QFETCH(QString, prompt);
    AppConfig config = Config::loadOrDefaults(path(u"absent.ini"_s)).config;
    config.model.systemPrompt = prompt;
    RobotSettings robot;
    robot.id = u"r"_s;
    robot.callbackPath = u"/dingtalk/r"_s;
    robot.systemPrompt = prompt;
    robot.keywords = {prompt.trimmed().remove(u','), u"kw"_s};
    robot.keywords.removeAll(QString());
    config.robots << robot;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    QCOMPARE(back.config.model.systemPrompt, prompt);
    QCOMPARE(back.config.robots.value(0).systemPrompt, prompt);
    QCOMPARE(back.config.robots.value(0).keywords, robot.keywords);
}

void TestConfigWriter::unchangedConfigKeepsTheFileByteForByte()
{
    QVERIFY(writeAll(path(), HandEdited));
    const ConfigResult loaded = Config::load(path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.errors.join(u'\n')));
    QString error;
    QVERIFY2(ConfigWriter::save(loaded.config, path(), &error), qPrintable(error));
    QCOMPARE(readAll(path()), HandEdited);
}

void TestConfigWriter::changeTouchesOnlyItsLine()
{
    QVERIFY(writeAll(path(), HandEdited));
    AppConfig config = Config::load(path()).config;
    config.relay.port = 9100;
    config.model.systemPrompt = u"Be brief."_s;
    config.conversation.maxTurns = 4;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    // A new section goes at the end, after everything the person wrote.
    const QByteArray got = readAll(path());
    QByteArray expected = HandEdited;
    expected.replace("port = 9001          ; the port", "port = 9100          ; the port");
    expected.replace("system_prompt=\"Be brief; be kind.\"   ; quoted on purpose",
                     "system_prompt=Be brief.   ; quoted on purpose");
    expected += "\n[conversation]\nmax_turns=4\n";
    QCOMPARE(got, expected);
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    QCOMPARE(back.config.relay.port, quint16(9100));
    QCOMPARE(back.config.dataDir, QDir::cleanPath(path(u"data"_s)));
    QVERIFY2(back.warnings.join(u' ').contains(u"relay/colour"_s), "the unknown key is kept");
}

void TestConfigWriter::robotsAddedAndRemoved()
{
    QVERIFY(writeAll(path(), HandEdited));
    AppConfig config = Config::load(path()).config;
    QCOMPARE(config.robots.size(), 2);
    config.robots.removeFirst(); // sales
    RobotSettings added;
    added.id = u"hr"_s;
    added.callbackPath = u"/dingtalk/hr"_s;
    added.language = u"en"_s;
    config.robots << added;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const QString text = QString::fromUtf8(readAll(path()));
    QVERIFY2(!text.contains(u"[robot.sales]"_s), qPrintable(text));
    QVERIFY(!text.contains(u"mystery"_s));
    QVERIFY(!text.contains(u"the sales group's robot"_s));
    QVERIFY2(text.contains(u"; notes about the next section\n[robot.ops]"_s), qPrintable(text));
    QVERIFY2(text.endsWith(u"[robot.hr]\nmode=http\ncallback_path=/dingtalk/hr\nlanguage=en\n"_s),
             qPrintable(text));
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    config.sourceFile = back.config.sourceFile;
    QVERIFY(back.config == config);
}

void TestConfigWriter::defaultThatFollowsAnotherValue()
{
    // Azure's deployment defaults to the model: keeping the deployment while the model
    // changes must write it out, or it would follow the model.
    QVERIFY(writeAll(path(), "[model]\npreset=azure\nbase_url=https://x.openai.azure.com\n"
                             "model=gpt-4\n"));
    AppConfig config = Config::load(path()).config;
    QCOMPARE(config.model.deployment, u"gpt-4"_s);
    config.model.model = u"gpt-5"_s;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    QCOMPARE(back.config.model.model, u"gpt-5"_s);
    QCOMPARE(back.config.model.deployment, u"gpt-4"_s);
}

void TestConfigWriter::presetSwitch()
{
    QVERIFY(writeAll(path(), "[model]\npreset=openai\n"));
    AppConfig config = Config::load(path()).config;
    config.model.preset = u"ollama"_s;
    config.model.baseUrl = QUrl(u"http://127.0.0.1:11434/v1"_s);
    config.model.needsApiKey = false;
    config.model.tokenParam = u"max_tokens"_s;
    config.model.streamUsage = false;
    config.model.model = u"llama3"_s;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const ConfigResult back = Config::load(path());
    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n')));
    config.sourceFile = back.config.sourceFile;
    QVERIFY(back.config == config);
    QVERIFY(back.config.requiredSecrets().isEmpty());
}

void TestConfigWriter::invalidConfigIsRefused_data()
{
    QTest::addColumn<int>("breakage");
    QTest::addColumn<QString>("named"); // the error must name it
    QTest::newRow("robot id with a blank") << 0 << u"robot.bad id"_s;
    QTest::newRow("stream robot without client_id") << 1 << u"client_id"_s;
    QTest::newRow("keyword with a comma") << 2 << u"webhook_keywords"_s;
    QTest::newRow("custom preset without base_url") << 3 << u"model/base_url"_s;
    QTest::newRow("duplicate callback path") << 4 << u"callback_path"_s;
}

void TestConfigWriter::invalidConfigIsRefused()
{
    QFETCH(int, breakage);
    QFETCH(QString, named);
    QVERIFY(writeAll(path(), HandEdited));
    AppConfig config = Config::load(path()).config;
    switch (breakage) {
    case 0:
        config.robots.first().id = u"bad id"_s;
        break;
    case 1:
        config.robots.first().mode = RobotMode::Stream;
        break;
    case 2:
        config.robots.first().keywords = {u"a,b"_s};
        break;
    case 3:
        config.model.preset = u"custom"_s;
        config.model.baseUrl = QUrl();
        break;
    case 4:
        config.robots.last().callbackPath = config.robots.first().callbackPath;
        break;
    }
    QString error;
    QVERIFY(!ConfigWriter::save(config, path(), &error));
    QVERIFY2(error.contains(named), qPrintable(error));
    QCOMPARE(readAll(path()), HandEdited);
}

void TestConfigWriter::fileWithASecretIsNotRewritten()
{
    const QByteArray withSecret = "[model]\napi_key=sk-planted-secret-0001\n";
    QVERIFY(writeAll(path(), withSecret));
    AppConfig config = Config::load(path()).config;
    config.relay.port = 9999;
    QString error;
    QVERIFY(!ConfigWriter::save(config, path(), &error));
    QVERIFY2(error.contains(u"DINGRELAY_SECRET_MODEL_API_KEY"_s), qPrintable(error));
    QVERIFY(!error.contains(u"sk-planted"_s));
    QCOMPARE(readAll(path()), withSecret);
}

void TestConfigWriter::saveIsAtomicAndCreatesFolders()
{
    const QString nested = path(u"a/b/c/relay.ini"_s);
    AppConfig config = Config::loadOrDefaults(nested).config;
    QString error;
    QVERIFY2(ConfigWriter::save(config, nested, &error), qPrintable(error));
    QVERIFY(Config::load(nested).ok());
    // No temporary file is left beside it.
    QCOMPARE(QDir(path(u"a/b/c"_s)).entryList(QDir::Files), QStringList{u"relay.ini"_s});
}

void TestConfigWriter::saveFailsVisibly()
{
    // Failures that hold for root too: the file's folder is a file, and the file a folder.
    const QString blocker = path(u"not-a-folder"_s);
    QVERIFY(writeAll(blocker, "x"));
    AppConfig config = Config::loadOrDefaults(path(u"absent.ini"_s)).config;
    QString error;
    QVERIFY(!ConfigWriter::save(config, blocker + u"/relay.ini"_s, &error));
    QVERIFY2(error.contains(blocker), qPrintable(error));
    QCOMPARE(readAll(blocker), QByteArray("x"));

    const QString folder = path(u"a-folder.ini"_s);
    QVERIFY(QDir().mkpath(folder));
    error.clear();
    QVERIFY(!ConfigWriter::save(config, folder, &error));
    QVERIFY2(error.contains(folder), qPrintable(error));
    QVERIFY(QFileInfo(folder).isDir());
}

void TestConfigWriter::crlfIsKept()
{
    QVERIFY(writeAll(path(), "; windows\r\n[relay]\r\nport=9001\r\n"));
    AppConfig config = Config::load(path()).config;
    config.relay.port = 9002;
    config.model.model = u"gpt-4o"_s;
    QString error;
    QVERIFY2(ConfigWriter::save(config, path(), &error), qPrintable(error));
    const QByteArray text = readAll(path());
    QCOMPARE(text,
             QByteArray("; windows\r\n[relay]\r\nport=9002\r\n\r\n[model]\r\nmodel=gpt-4o\r\n"));
}

void TestConfigWriter::readmeConfigLoadsAndRoundTrips()
{
    const QString readme =
        QString::fromUtf8(readAll(QStringLiteral(DINGRELAY_SOURCE_DIR) + u"/README.md"_s));
    const qsizetype heading = readme.indexOf(u"### A complete config"_s);
    QVERIFY(heading >= 0);
    const qsizetype start = readme.indexOf(u"```ini\n"_s, heading);
    const qsizetype end = readme.indexOf(u"\n```"_s, start + 7);
    QVERIFY(start > 0 && end > start);
    // With its last newline, as a file saved by an editor has.
    QByteArray example = readme.mid(start + 7, end - start - 7 + 1).toUtf8();
    // The example's data_dir is a server path; point it somewhere this test may use.
    example.replace("data_dir=/var/lib/dingrelay", "data_dir=data          ");
    QVERIFY(writeAll(path(), example));
    const ConfigResult loaded = Config::load(path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.errors.join(u'\n')));
    QVERIFY2(loaded.warnings.isEmpty(), qPrintable(loaded.warnings.join(u'\n')));
    // The comments after an empty value are comments, not the value.
    QVERIFY(loaded.config.model.deployment.isEmpty());
    QVERIFY(loaded.config.network.caBundle.isEmpty());
    for (const RobotSettings &robot : loaded.config.robots)
        QVERIFY2(robot.systemPrompt.isEmpty() && robot.model.isEmpty(), qPrintable(robot.model));
    QString error;
    QVERIFY2(ConfigWriter::save(loaded.config, path(), &error), qPrintable(error));
    // Line by line, so a failure names the line that changed.
    const QList<QByteArray> saved = readAll(path()).split('\n');
    const QList<QByteArray> expected = example.split('\n');
    for (qsizetype i = 0; i < std::min(saved.size(), expected.size()); ++i)
        QCOMPARE(saved.at(i), expected.at(i));
    QCOMPARE(saved.size(), expected.size());
}

void TestConfigWriter::documentSetKeepsComments_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("after");
    QTest::newRow("plain") << QByteArray("[a]\nk=1\n") << u"2"_s << QByteArray("[a]\nk=2\n");
    QTest::newRow("comment") << QByteArray("[a]\nk=1   ; why\n") << u"22"_s
                             << QByteArray("[a]\nk=22   ; why\n");
    QTest::newRow("empty value keeps comment")
        << QByteArray("[a]\nk=1 ; why\n") << QString() << QByteArray("[a]\nk= ; why\n");
    QTest::newRow("quoted to plain")
        << QByteArray("[a]\n  k = \"x;y\" ; c\n") << u"z"_s << QByteArray("[a]\n  k = z ; c\n");
    QTest::newRow("quoted, comment without blank")
        << QByteArray("[a]\nk=\"x\";c\n") << u"z"_s << QByteArray("[a]\nk=z ;c\n");
    QTest::newRow("last occurrence wins")
        << QByteArray("[a]\nk=1\nk=2\n") << u"3"_s << QByteArray("[a]\nk=1\nk=3\n");
    QTest::newRow("needs quotes") << QByteArray("[a]\nk=1\n") << u" x;\"y\" "_s
                                  << QByteArray("[a]\nk=\" x;\\\"y\\\" \"\n");
}

void TestConfigWriter::documentSetKeepsComments()
{
    QFETCH(QByteArray, before);
    QFETCH(QString, value);
    QFETCH(QByteArray, after);
    IniDocument doc(before);
    doc.set(u"a/k"_s, value);
    QCOMPARE(doc.toUtf8(), after);
    QCOMPARE(IniFile::parse(doc.toUtf8()).values.value(u"a/k"_s), value);
}

void TestConfigWriter::documentAddsToTheRightSection()
{
    IniDocument doc("; top\n[a]\nx=1\n; trailing note\n\n[b]\ny=2\n");
    doc.set(u"a/z"_s, u"3"_s);
    doc.set(u"c/w"_s, u"4"_s);
    doc.set(u"b/y"_s, u"5"_s);
    QCOMPARE(doc.toUtf8(),
             QByteArray("; top\n[a]\nx=1\nz=3\n; trailing note\n\n[b]\ny=5\n\n[c]\nw=4\n"));
    QVERIFY(doc.contains(u"a/z"_s));
    QVERIFY(!doc.contains(u"a/w"_s));
    QCOMPARE(doc.sections(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    QVERIFY(doc.remove(u"a/x"_s));
    QVERIFY(!doc.remove(u"a/x"_s));
    QVERIFY(!doc.toUtf8().contains("x=1"));
}

void TestConfigWriter::documentRemoveSection()
{
    IniDocument doc("[a]\nx=1\n\n[robot.gone]\n; its note\ny=2\n; about c\n[c]\nz=3\n");
    doc.removeSection(u"robot.gone"_s);
    QCOMPARE(doc.toUtf8(), QByteArray("[a]\nx=1\n\n; about c\n[c]\nz=3\n"));
    IniDocument last("[a]\nx=1\n\n[b]\ny=2\n");
    last.removeSection(u"b"_s);
    QCOMPARE(last.toUtf8(), QByteArray("[a]\nx=1\n"));
}

void TestConfigWriter::iniCommentRightAfterEquals_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("value");
    QTest::newRow("blanks then comment") << QByteArray("k=     ; a comment") << QString();
    QTest::newRow("one blank") << QByteArray("k= ;c") << QString();
    QTest::newRow("no blank: a value") << QByteArray("k=;c") << u";c"_s;
    QTest::newRow("value then comment") << QByteArray("k=v ; c") << u"v"_s;
    QTest::newRow("quoted escapes") << QByteArray("k=\"a\\tb\\r\\n\"") << u"a\tb\r\n"_s;
}

void TestConfigWriter::iniCommentRightAfterEquals()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, value);
    const IniFile ini = IniFile::parse("[s]\n" + line + "\n");
    QVERIFY(ini.errors.isEmpty());
    QCOMPARE(ini.values.value(u"s/k"_s), value);
}

namespace {
// README's "A complete config" block.
QString readmeConfigBlock()
{
    QFile readme(QStringLiteral(DINGRELAY_SOURCE_DIR "/README.md"));
    if (!readme.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(readme.readAll());
    const qsizetype heading = text.indexOf(u"### A complete config"_s);
    const qsizetype start = text.indexOf(u"```ini\n"_s, heading);
    const qsizetype end = text.indexOf(u"```"_s, start + 6);
    if (heading < 0 || start < heading || end < start)
        return {};
    return text.mid(start + 7, end - start - 7);
}

// Each key's comment in a config block, its continuation lines (indented "; ...") joined:
// "robot.*/mode" -> "http (DingTalk POSTs ...".
QHash<QString, QString> commentsByKey(const QString &block)
{
    static const QRegularExpression keyLine(u"^([a-z_]+)=(.*)$"_s);
    static const QRegularExpression comment(u"\\s;\\s?(.*)$"_s);
    QHash<QString, QString> comments;
    QString section;
    QString last;
    for (const QString &line : block.split(u'\n')) {
        if (line.startsWith(u'[')) {
            section = line.mid(1, line.indexOf(u']') - 1);
            last.clear();
        } else if (!last.isEmpty() && !line.isEmpty() && line.at(0).isSpace() &&
                   line.trimmed().startsWith(u';')) {
            comments[last] += u' ' + line.trimmed().mid(1).trimmed();
        } else if (const auto m = keyLine.match(line); m.hasMatch()) {
            const QString prefix = section.contains(u'.') ? section.section(u'.', 0, 0) + u".*/"_s
                                                          : QString(section + u'/');
            last = prefix + m.captured(1);
            comments[last] = comment.match(m.captured(2)).captured(1).trimmed();
        } else {
            last.clear();
        }
    }
    return comments;
}
} // namespace

void TestConfigWriter::readmeConfigNamesEveryKey()
{
    // README's "A complete config" is the settings' reference: it must name every key the
    // writer knows, and hold nothing the reader does not know.
    const QString block = readmeConfigBlock();
    QVERIFY(!block.isEmpty());

    // Read as a config: a key the reader does not use would be a warning.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"readme.ini"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(block.toUtf8());
    file.close();
    const ConfigResult read = Config::load(path);
    QVERIFY2(read.warnings.filter(u"unknown"_s, Qt::CaseInsensitive).isEmpty(),
             qPrintable(read.warnings.join(u'\n')));

    const IniFile ini = IniFile::parse(block.toUtf8());
    QStringList documented;
    for (const QString &key : ini.values.keys()) {
        const QString section = key.section(u'/', 0, 0);
        const QString kind = section.section(u'.', 0, 0);
        documented << (section.contains(u'.') ? kind + u".*/"_s + key.section(u'/', 1) : key);
    }
    QStringList missing;
    for (const QString &key : ConfigWriter::knownKeys()) {
        if (!documented.contains(key))
            missing << key;
    }
    QVERIFY2(missing.isEmpty(), qPrintable(u"not in README: "_s + missing.join(u", "_s)));
    QVERIFY(documented.size() >= ConfigWriter::knownKeys().size());

    // And each with its default, but where the block shows an example instead.
    const QStringList examples{u"storage/data_dir"_s};
    const AppConfig defaults = Config::parse({}, path).config;
    QStringList wrong;
    for (const Schema::Setting &setting : Schema::settings()) {
        if (examples.contains(setting.key))
            continue;
        const QString shown = ini.values.value(setting.key);
        if (shown != setting.write(defaults))
            wrong << u"%1=%2 (default %3)"_s.arg(setting.key, shown, setting.write(defaults));
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u"; "_s)));
}

void TestConfigWriter::readmeConfigSaysWhatSchemaSays()
{
    // The schema's help is the README's comment, word for word: one text, checked here.
    const QString block = readmeConfigBlock();
    QVERIFY(!block.isEmpty());
    const QHash<QString, QString> comments = commentsByKey(block);
    QHash<QString, QString> helps;
    for (const Schema::Setting &s : Schema::settings())
        helps.insert(s.key, s.help);
    for (const Schema::RobotSetting &s : Schema::robotSettings())
        helps.insert(u"robot.*/"_s + s.name, s.help);
    for (const Schema::PersonaSetting &s : Schema::personaSettings())
        helps.insert(u"persona.*/"_s + s.name, s.help);
    QStringList differ;
    for (auto it = helps.cbegin(); it != helps.cend(); ++it) {
        if (it.value().isEmpty())
            differ << it.key() + u": no help in the schema"_s;
        else if (comments.value(it.key()).simplified() != it.value().simplified())
            differ << u"%1: README says \"%2\", the schema \"%3\""_s.arg(
                it.key(), comments.value(it.key()), it.value());
    }
    QVERIFY2(differ.isEmpty(), qPrintable(differ.join(u'\n')));
}

void TestConfigWriter::referenceReadsBackAsDefaults()
{
    const QByteArray text = SettingsReference::text();
    const ConfigResult read = Config::parse(text, u"/etc/dingrelay/dingrelay.ini"_s);
    QVERIFY2(read.errors.isEmpty(), qPrintable(read.errors.join(u'\n')));
    QVERIFY2(read.warnings.isEmpty(), qPrintable(read.warnings.join(u'\n')));
    // Every key, each with its help.
    const QHash<QString, QString> comments = commentsByKey(QString::fromUtf8(text));
    for (const QString &key : ConfigWriter::knownKeys()) {
        QVERIFY2(comments.contains(key), qPrintable(key));
        QVERIFY2(!comments.value(key).isEmpty(), qPrintable(key));
    }
    // Each at the default: the file says no more than an empty one with the same sections.
    QCOMPARE(read.config.robots.size(), 1);
    QCOMPARE(read.config.personas.size(), 1);
    QByteArray sections;
    for (const RobotSettings &robot : read.config.robots)
        sections += "[robot." + robot.id.toUtf8() + "]\n";
    for (const PersonaSettings &persona : read.config.personas)
        sections += "[persona." + persona.name.toUtf8() +
                    "]\nprompt=" + IniDocument::encode(persona.prompt).toUtf8() +
                    "\ndescription=" + IniDocument::encode(persona.description).toUtf8() + "\n";
    const AppConfig defaults = Config::parse(sections, u"/etc/dingrelay/dingrelay.ini"_s).config;
    QCOMPARE(Schema::changedKeys(read.config, defaults), QStringList());
    // Wrapped help stays readable in a terminal.
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(' '))
            QVERIFY2(QString::fromUtf8(line).size() <= 100, line.constData());
    }
}

QTEST_GUILESS_MAIN(TestConfigWriter)
#include "tst_configwriter.moc"
