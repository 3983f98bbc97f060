// RequestBuilder: what each provider preset's server actually receives, checked on a fake server.
#include "FakeHttpServer.h"

#include "config/Config.h"
#include "openai/RequestBuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString Key = u"sk-test-0123456789abcdef"_s;

// ModelSettings exactly as Config::load makes them from a [model] section, so the preset
// defaults under test are the real ones.
ModelSettings loadModel(const QString &modelLines, QString *error)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"dingrelay.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = u"cannot write "_s + path;
        return {};
    }
    file.write((u"[storage]\ndata_dir="_s + dir.path() + u"\n\n[model]\n"_s + modelLines).toUtf8());
    file.close();
    const ConfigResult r = Config::load(path);
    if (!r.ok())
        *error = r.errors.join(u'\n');
    return r.config.model;
}

ChatRequest pipelineRequest(const ModelSettings &m)
{
    ChatRequest r;
    r.model = m.model;
    r.temperature = m.temperature;
    r.maxAnswerTokens = m.maxAnswerTokens;
    r.messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, u"你好"_s}};
    return r;
}

// Posts the built request and body to the fake and waits for both ends.
bool post(const ModelSettings &m, const QString &key, FakeHttpServer &fake)
{
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> reply(nam.post(RequestBuilder::chatRequest(m, key),
                                                  RequestBuilder::chatBody(m, pipelineRequest(m))));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
        return false;
    return fake.count() == 1;
}

} // namespace

class TestRequestBuilder final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void presets_data();
    void presets();
    void modelsPerPreset_data();
    void modelsPerPreset();
    void developerRole();
    void optionalFieldsAbsent();
    void streamOff();
    void requestValuesWin();
    void urlShapes_data();
    void urlShapes();
    void policyAttributes();
    void redirectNotFollowed_data();
    void redirectNotFollowed();

private:
    std::unique_ptr<FakeHttpServer> m_fake;
};

void TestRequestBuilder::init()
{
    m_fake = std::make_unique<FakeHttpServer>();
    QVERIFY(m_fake->listen() != 0);
    m_fake->setDefault(canned(200, chatCompletionBody(u"ok"_s)));
}

void TestRequestBuilder::presets_data()
{
    QTest::addColumn<QString>("ini");        // [model] lines; base_url is appended
    QTest::addColumn<QString>("basePath");   // the fake's path given as base_url
    QTest::addColumn<QString>("key");        // the key passed in (empty: none)
    QTest::addColumn<QString>("path");       // what the fake must receive
    QTest::addColumn<QString>("apiVersion"); // empty: no query at all
    QTest::addColumn<QString>("auth");       // bearer, api-key, none
    QTest::addColumn<QString>("tokenParam");
    QTest::addColumn<bool>("streamOptions");

    const QString common = u"model=m-1\ntemperature=0.5\nmax_answer_tokens=256\n"_s;
    QTest::newRow("openai") << u"preset=openai\n"_s + common << u"/v1"_s << Key
                            << u"/v1/chat/completions"_s << QString() << u"bearer"_s
                            << u"max_completion_tokens"_s << true;
    QTest::newRow("azure") << u"preset=azure\ndeployment=prod-4o\n"_s + common << QString() << Key
                           << u"/openai/deployments/prod-4o/chat/completions"_s << u"2024-10-21"_s
                           << u"api-key"_s << u"max_completion_tokens"_s << true;
    QTest::newRow("azure default deployment")
        << u"preset=azure\napi_version=2025-01-01-preview\n"_s + common << u"/"_s << Key
        << u"/openai/deployments/m-1/chat/completions"_s << u"2025-01-01-preview"_s << u"api-key"_s
        << u"max_completion_tokens"_s << true;
    QTest::newRow("deepseek") << u"preset=deepseek\n"_s + common << u"/v1/"_s << Key
                              << u"/v1/chat/completions"_s << QString() << u"bearer"_s
                              << u"max_tokens"_s << true;
    QTest::newRow("moonshot") << u"preset=moonshot\n"_s + common << u"/v1"_s << Key
                              << u"/v1/chat/completions"_s << QString() << u"bearer"_s
                              << u"max_tokens"_s << false;
    QTest::newRow("dashscope") << u"preset=dashscope\n"_s + common << u"/compatible-mode/v1"_s
                               << Key << u"/compatible-mode/v1/chat/completions"_s << QString()
                               << u"bearer"_s << u"max_tokens"_s << true;
    QTest::newRow("ollama") << u"preset=ollama\n"_s + common << u"/v1"_s << QString()
                            << u"/v1/chat/completions"_s << QString() << u"none"_s
                            << u"max_tokens"_s << false;
    QTest::newRow("custom") << u"preset=custom\n"_s + common << u"/api//"_s << Key
                            << u"/api/chat/completions"_s << QString() << u"bearer"_s
                            << u"max_tokens"_s << false;
}

void TestRequestBuilder::presets()
{
    QFETCH(QString, ini);
    QFETCH(QString, basePath);
    QFETCH(QString, key);
    QFETCH(QString, path);
    QFETCH(QString, apiVersion);
    QFETCH(QString, auth);
    QFETCH(QString, tokenParam);
    QFETCH(bool, streamOptions);

    QString error;
    const ModelSettings m =
        loadModel(ini + u"base_url="_s + m_fake->url(basePath).toString() + u'\n', &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(post(m, key, *m_fake));

    const RecordedRequest &got = m_fake->requests().constFirst();
    QCOMPARE(got.method, QByteArray("POST"));
    QCOMPARE(got.path, path);
    if (apiVersion.isEmpty()) {
        QVERIFY(got.query.isEmpty());
    } else {
        QCOMPARE(got.query.queryItems().size(), 1);
        QCOMPARE(got.query.queryItemValue(u"api-version"_s), apiVersion);
    }

    const auto header = [&got](const char *name) { return got.headers.value(name); };
    if (auth == u"bearer"_s) {
        QCOMPARE(header("authorization"), "Bearer " + key.toUtf8());
        QVERIFY(!got.headers.contains("api-key"));
    } else if (auth == u"api-key"_s) {
        QCOMPARE(header("api-key"), key.toUtf8());
        QVERIFY(!got.headers.contains("authorization")); // the key goes in one header only
    } else {
        QVERIFY(!got.headers.contains("authorization"));
        QVERIFY(!got.headers.contains("api-key"));
    }
    QCOMPARE(header("content-type"), QByteArray("application/json"));
    QCOMPARE(header("accept"), QByteArray("text/event-stream"));

    const QJsonObject body = got.json();
    QCOMPARE(body.value(u"model"_s).toString(), u"m-1"_s);
    QCOMPARE(body.value(u"stream"_s).toBool(false), true);
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.5);
    QCOMPARE(body.value(tokenParam).toInt(), 256);
    const QString otherParam =
        tokenParam == u"max_tokens"_s ? u"max_completion_tokens"_s : u"max_tokens"_s;
    QVERIFY(!body.contains(otherParam));
    QCOMPARE(body.contains(u"stream_options"_s), streamOptions);
    if (streamOptions)
        QCOMPARE(body.value(u"stream_options"_s).toObject(),
                 (QJsonObject{{u"include_usage"_s, true}}));
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject(),
             (QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"Be brief."_s}}));
    QCOMPARE(messages[1].toObject(),
             (QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"你好"_s}}));
}

void TestRequestBuilder::modelsPerPreset_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("azure");
    QTest::newRow("openai") << u"openai"_s << u"/v1/models"_s << false;
    QTest::newRow("azure") << u"azure"_s << u"/v1/openai/models"_s << true;
    QTest::newRow("deepseek") << u"deepseek"_s << u"/v1/models"_s << false;
    QTest::newRow("moonshot") << u"moonshot"_s << u"/v1/models"_s << false;
    QTest::newRow("dashscope") << u"dashscope"_s << u"/v1/models"_s << false;
    QTest::newRow("ollama") << u"ollama"_s << u"/v1/models"_s << false;
    QTest::newRow("custom") << u"custom"_s << u"/v1/models"_s << false;
}

void TestRequestBuilder::modelsPerPreset()
{
    QFETCH(QString, preset);
    QFETCH(QString, path);
    QFETCH(bool, azure);
    QString error;
    const ModelSettings m = loadModel(
        u"preset=%1\nbase_url=%2\n"_s.arg(preset, m_fake->url(u"/v1/"_s).toString()), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> reply(nam.get(RequestBuilder::modelsRequest(m, Key)));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(m_fake->count(), 1);
    const RecordedRequest &got = m_fake->requests().constFirst();
    QCOMPARE(got.method, QByteArray("GET"));
    QCOMPARE(got.path, path);
    QCOMPARE(got.query.queryItemValue(u"api-version"_s), azure ? u"2024-10-21"_s : QString());
    QCOMPARE(got.headers.value("authorization"), azure ? QByteArray() : "Bearer " + Key.toUtf8());
    QCOMPARE(got.headers.value("api-key"), azure ? Key.toUtf8() : QByteArray());
    QCOMPARE(got.headers.value("accept"), QByteArray("application/json"));
}

void TestRequestBuilder::developerRole()
{
    QString error;
    const ModelSettings m =
        loadModel(u"preset=openai\nmodel=o3-mini\nsystem_role=developer\nbase_url="_s +
                      m_fake->url().toString(),
                  &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(post(m, Key, *m_fake));
    const QJsonArray messages =
        m_fake->requests().constFirst().json().value(u"messages"_s).toArray();
    QCOMPARE(messages[0].toObject().value(u"role"_s).toString(), u"developer"_s);
    QCOMPARE(messages[0].toObject().value(u"content"_s).toString(), u"Be brief."_s);
    QCOMPARE(messages[1].toObject().value(u"role"_s).toString(), u"user"_s);
}

void TestRequestBuilder::optionalFieldsAbsent()
{
    QString error;
    const ModelSettings m =
        loadModel(u"preset=deepseek\ntemperature=-1\nmax_answer_tokens=0\nbase_url="_s +
                      m_fake->url().toString(),
                  &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(m.temperature, -1.0);
    QVERIFY(post(m, Key, *m_fake));
    const QJsonObject body = m_fake->requests().constFirst().json();
    QVERIFY(!body.contains(u"temperature"_s));
    QVERIFY(!body.contains(u"max_tokens"_s));
    QVERIFY(!body.contains(u"max_completion_tokens"_s));
    QVERIFY(body.contains(u"stream_options"_s));

    // temperature 0 is a real choice (deterministic answers), not "unset"
    ModelSettings zero = m;
    zero.temperature = 0;
    const QJsonObject z =
        QJsonDocument::fromJson(RequestBuilder::chatBody(zero, ChatRequest())).object();
    QVERIFY(z.contains(u"temperature"_s));
    QCOMPARE(z.value(u"temperature"_s).toDouble(-1), 0.0);
}

void TestRequestBuilder::streamOff()
{
    QString error;
    // stream_usage=true only matters for a stream: a plain answer carries usage anyway.
    const ModelSettings m =
        loadModel(u"preset=openai\nstream=false\nstream_usage=true\nbase_url="_s +
                      m_fake->url(u"/v1"_s).toString(),
                  &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(post(m, Key, *m_fake));
    const RecordedRequest &got = m_fake->requests().constFirst();
    QCOMPARE(got.headers.value("accept"), QByteArray("application/json"));
    const QJsonObject body = got.json();
    QVERIFY(body.contains(u"stream"_s));
    QCOMPARE(body.value(u"stream"_s).toBool(true), false);
    QVERIFY(!body.contains(u"stream_options"_s));
}

void TestRequestBuilder::requestValuesWin()
{
    ModelSettings m;
    m.model = u"settings-model"_s;
    m.temperature = 0.9;
    m.maxAnswerTokens = 100;
    m.tokenParam = u"max_tokens"_s;

    ChatRequest r;
    QJsonObject o = QJsonDocument::fromJson(RequestBuilder::chatBody(m, r)).object();
    QCOMPARE(o.value(u"model"_s).toString(), u"settings-model"_s);
    QCOMPARE(o.value(u"temperature"_s).toDouble(), 0.9);
    QCOMPARE(o.value(u"max_tokens"_s).toInt(), 100);

    r.model = u"robot-model"_s;
    r.temperature = 0.2;
    r.maxAnswerTokens = 50;
    o = QJsonDocument::fromJson(RequestBuilder::chatBody(m, r)).object();
    QCOMPARE(o.value(u"model"_s).toString(), u"robot-model"_s);
    QCOMPARE(o.value(u"temperature"_s).toDouble(), 0.2);
    QCOMPARE(o.value(u"max_tokens"_s).toInt(), 50);
    QCOMPARE(o.value(u"messages"_s).toArray().size(), 0);
}

void TestRequestBuilder::urlShapes_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("deployment");
    QTest::addColumn<QString>("chat");
    QTest::addColumn<QString>("models");
    QTest::newRow("openai") << u"openai"_s << u"https://api.openai.com/v1"_s << QString()
                            << u"https://api.openai.com/v1/chat/completions"_s
                            << u"https://api.openai.com/v1/models"_s;
    QTest::newRow("trailing slashes")
        << u"openai"_s << u"https://api.openai.com/v1//"_s << QString()
        << u"https://api.openai.com/v1/chat/completions"_s << u"https://api.openai.com/v1/models"_s;
    QTest::newRow("gateway query")
        << u"custom"_s << u"https://gw.example/v1?tenant=a"_s << QString()
        << u"https://gw.example/v1/chat/completions?tenant=a"_s
        << u"https://gw.example/v1/models?tenant=a"_s;
    QTest::newRow("azure")
        << u"azure"_s << u"https://res.openai.azure.com"_s << u"dep-1"_s
        << u"https://res.openai.azure.com/openai/deployments/dep-1/chat/"
           "completions?api-version=2024-10-21"_s
        << u"https://res.openai.azure.com/openai/models?api-version=2024-10-21"_s;
    QTest::newRow("azure /openai/")
        << u"azure"_s << u"https://res.openai.azure.com/openai/"_s << u"dep 2"_s
        << u"https://res.openai.azure.com/openai/deployments/dep%202/"
           "chat/completions?api-version=2024-10-21"_s
        << u"https://res.openai.azure.com/openai/"
           "models?api-version=2024-10-21"_s;
}

void TestRequestBuilder::urlShapes()
{
    QFETCH(QString, preset);
    QFETCH(QString, base);
    QFETCH(QString, deployment);
    QFETCH(QString, chat);
    QFETCH(QString, models);
    ModelSettings m;
    m.preset = preset;
    m.apiKeyHeader = preset == u"azure"_s;
    m.baseUrl = QUrl(base);
    m.deployment = deployment;
    QCOMPARE(RequestBuilder::chatRequest(m, Key).url().toString(QUrl::FullyEncoded), chat);
    QCOMPARE(RequestBuilder::modelsRequest(m, Key).url().toString(QUrl::FullyEncoded), models);
}

void TestRequestBuilder::policyAttributes()
{
    ModelSettings m;
    m.baseUrl = QUrl(u"https://api.openai.com/v1"_s);
    for (const QNetworkRequest &req :
         {RequestBuilder::chatRequest(m, Key), RequestBuilder::modelsRequest(m, Key)}) {
        QCOMPARE(req.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
                 int(QNetworkRequest::ManualRedirectPolicy));
        QCOMPARE(req.transferTimeout(), 0);
    }
    QVERIFY(!RequestBuilder::chatRequest(m, QString()).hasRawHeader("Authorization"));
}

void TestRequestBuilder::redirectNotFollowed_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("models");
    QTest::newRow("openai chat") << u"openai"_s << false;
    QTest::newRow("openai models") << u"openai"_s << true;
    QTest::newRow("azure chat") << u"azure"_s << false;
    QTest::newRow("azure models") << u"azure"_s << true;
}

void TestRequestBuilder::redirectNotFollowed()
{
    QFETCH(QString, preset);
    QFETCH(bool, models);
    FakeHttpServer elsewhere; // stands for another host the key must never reach
    QVERIFY(elsewhere.listen() != 0);
    CannedResponse moved = canned(307, "{}");
    moved.headers.append({"Location", elsewhere.url(u"/v1/chat/completions"_s).toEncoded()});
    m_fake->setDefault(moved);

    QString error;
    const ModelSettings m = loadModel(
        u"preset=%1\nbase_url=%2\n"_s.arg(preset, m_fake->url(u"/v1"_s).toString()), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> reply(
        models ? nam.get(RequestBuilder::modelsRequest(m, Key))
               : nam.post(RequestBuilder::chatRequest(m, Key),
                          RequestBuilder::chatBody(m, pipelineRequest(m))));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(m_fake->count(), 1);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 307);
    // The reply finished with the redirect itself: Qt makes a followed request before that.
    QCOMPARE(elsewhere.count(), 0);
}

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "tst_requestbuilder.moc"
