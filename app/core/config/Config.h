// Config: the typed settings read from DingRelay's INI file, validated in one place.
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

struct RelaySettings
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8089;
    int maxBodyBytes = 64 * 1024;
    int drainSeconds = 15;
};

struct ModelSettings
{
    QString preset = QStringLiteral("openai");
    QUrl baseUrl;
    QString model = QStringLiteral("gpt-4o-mini");
    QString systemPrompt = QStringLiteral("You are a helpful assistant.");
    double temperature = -1;     // below 0: leave it to the provider
    int maxAnswerTokens = 0;     // 0: leave it to the provider
    int timeoutSeconds = 60;     // until the model starts answering (the first byte)
    int idleTimeoutSeconds = 30; // between two pieces of a streamed answer
    int maxParallel = 8;
    int maxRetries = 2;
    bool needsApiKey = true;
    bool stream = true;
    bool streamUsage = true; // send stream_options.include_usage
    QString tokenParam = QStringLiteral("max_completion_tokens"); // or max_tokens
    QString systemRole = QStringLiteral("system");                // or developer
    bool apiKeyHeader = false; // Azure: `api-key` instead of a Bearer token
    QString deployment;        // Azure: the deployment name (default: model)
    QString apiVersion = QStringLiteral("2024-10-21"); // Azure
};

// How one destination is reached: directly, through the system's proxy, or a given one.
struct ProxySettings
{
    enum class Kind { None, System, Http, Socks5 };
    Kind kind = Kind::None;
    QString host;
    quint16 port = 0;
    QString user;  // the password is the secret passwordKey()
    QString which; // "model" or "dingtalk"
    QString passwordKey() const
    {
        return QStringLiteral("network/") + which + QStringLiteral("_proxy_password");
    }
};

struct NetworkSettings
{
    ProxySettings modelProxy;
    ProxySettings dingtalkProxy;
    QString caBundle; // PEM file of extra trusted CAs (a corporate TLS proxy's)
};

struct ConversationSettings
{
    int maxTurns = 10;           // earlier question/answer pairs sent along
    int maxContextChars = 12000; // and no more characters of them than this
};

struct DingTalkSettings
{
    // The relay answers only through sessionWebhooks under this prefix, so a forged callback
    // cannot make it POST answers to an address of the sender's choosing.
    QString sessionWebhookPrefix = QStringLiteral("https://oapi.dingtalk.com/");
    int signWindowSeconds = 3600;
    int sendTimeoutSeconds = 15;
    QUrl openApiBase = QUrl(QStringLiteral("https://api.dingtalk.com"));
    QUrl customWebhookUrl = QUrl(QStringLiteral("https://oapi.dingtalk.com/robot/send"));
    QUrl streamGatewayUrl = QUrl(QStringLiteral("https://api.dingtalk.com")); // mode=stream
    int webhookPerMinute = 20;    // custom robots are throttled for 10 minutes beyond this
    int throttleWaitSeconds = 60; // after errcode 130101, before trying again
    QString notifyRobot;          // a robot with a custom webhook told of delivery problems
};

struct RobotSettings
{
    QString id;
    QString mode = QStringLiteral("http");
    QString callbackPath;
    QString language = QStringLiteral("zh"); // what the robot says itself: zh or en
    QString systemPrompt;                    // empty: the model's system prompt
    QString model;                           // empty: the model's model
    // Where answers go: "session" (the message's sessionWebhook, then the OpenAPI when
    // clientId is set, then the custom webhook when it has a token), "openapi" or "webhook".
    QString replyRoute = QStringLiteral("session");
    QString clientId;        // the app's AppKey / robotCode, for the robot OpenAPI
    QStringList keywords;    // a custom robot's security keywords
    bool hasWebhook = false; // a custom robot webhook (its token a secret) is configured

    QString secretKey(const char *name) const
    {
        return QStringLiteral("robot/") + id + u'/' + QLatin1StringView(name);
    }
    QString appSecretKey() const { return secretKey("app_secret"); }
    QString clientSecretKey() const { return secretKey("client_secret"); }
    QString webhookTokenKey() const { return secretKey("webhook_token"); }
    QString webhookSecretKey() const { return secretKey("webhook_secret"); }
};

struct AppConfig
{
    QString sourceFile; // empty when built from defaults
    RelaySettings relay;
    QString dataDir;
    ModelSettings model;
    ConversationSettings conversation;
    DingTalkSettings dingtalk;
    NetworkSettings network;
    QList<RobotSettings> robots;

    const RobotSettings *robotById(const QString &id) const;
    // Secret keys the configuration cannot run without, in a stable order.
    QStringList requiredSecrets() const;
    // Secrets used when present: a robot's own client secret (else its app secret serves the
    // OpenAPI) and a custom robot's 加签 secret.
    QStringList optionalSecrets() const;
};

struct ConfigResult
{
    AppConfig config;
    QStringList errors;   // any error: the config must not be used
    QStringList warnings; // unknown keys and other things worth a log line
    bool ok() const { return errors.isEmpty(); }
};

namespace Config {
// Reads and validates an INI file. A missing file is an error; every problem is reported
// at once, each naming its section and key.
ConfigResult load(const QString &path);
// The file if it exists, else the built-in defaults (loopback, SQLite in defaultDataDir()).
ConfigResult loadOrDefaults(const QString &path);
// Where the data lives when the file does not say: the platform's app data folder.
QString defaultDataDir();
QString defaultConfigFile();
} // namespace Config
