#include "RelayFakes.h"

#include "FakeDingTalk.h"
#include "FakeHttpServer.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace RelayFakes {

void echoQuestions(FakeHttpServer &model)
{
    model.setHandler([](const RecordedRequest &r) {
        const QJsonArray messages = r.json().value(u"messages"_s).toArray();
        const QString question = messages.last().toObject().value(u"content"_s).toString();
        return canned(200, chatCompletionBody(u"Answer to: "_s + question));
    });
}

void acceptPosts(FakeHttpServer &sink)
{
    sink.setDefault(canned(200, R"({"errcode":0,"errmsg":"ok"})"));
}

namespace {
// What both sides share: a free loopback port, the data in dataDir, the model at /v1 (preset
// custom) with one attempt and no waiting out a model that does not answer, so a failure
// reaches the user at once, not after back-offs.
AppConfig modelConfig(const QString &dataDir, const FakeHttpServer &model)
{
    AppConfig config;
    config.relay.port = 0;
    config.dataDir = dataDir;
    config.model.preset = u"custom"_s;
    config.model.baseUrl = model.url(u"/v1"_s);
    config.model.maxRetries = 0;
    config.model.retrySeconds = 0;
    return config;
}
} // namespace

AppConfig loopbackConfig(const QString &dataDir, const FakeHttpServer &model,
                         const FakeHttpServer &sink)
{
    AppConfig config = modelConfig(dataDir, model);
    config.model.timeoutSeconds = 10;
    config.dingtalk.sessionWebhookPrefix = sink.url(u"/"_s).toString();
    RobotSettings robot;
    robot.id = u"default"_s;
    robot.callbackPath = u"/dingtalk/default"_s;
    robot.language = u"en"_s;
    config.robots = {robot};
    return config;
}

AppConfig dingTalkConfig(const QString &dataDir, const FakeHttpServer &model,
                         const FakeDingTalk &dingtalk)
{
    AppConfig config = modelConfig(dataDir, model);
    config.model.stream = false;
    config.dingtalk.sessionWebhookPrefix = dingtalk.baseUrl().toString() + u'/';
    config.dingtalk.openApiBase = dingtalk.baseUrl();
    config.dingtalk.customWebhookUrl = dingtalk.url(FakeDingTalk::Route::CustomRobot);
    return config;
}

QString databasePath(const AppConfig &config)
{
    return config.dataDir + u"/dingrelay.sqlite3"_s;
}

} // namespace RelayFakes
