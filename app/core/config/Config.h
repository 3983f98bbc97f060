// Config: the typed settings read from DingRelay's INI file, validated in one place.
#pragma once

#include "tunnel/TunnelSettings.h"
#include "util/ProxySettings.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

struct RelaySettings
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8089;
    int maxBodyBytes = 64 * 1024;
    int drainSeconds = 15;
    // Hostile or broken clients: open connections at most (a new one closes the longest
    // idle), an idle connection's life, and the time one request may take to arrive.
    int maxConnections = 200;
    int idleTimeoutSeconds = 60;
    int requestTimeoutSeconds = 10;
    // Jobs waiting in memory at most; more wait only in the database until there is room.
    int maxQueuedJobs = 1000;

    friend bool operator==(const RelaySettings &, const RelaySettings &) = default;
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
    // After the max_retries quick ones, a model that does not answer (connection errors,
    // timeouts, 429, 5xx) is tried again until this long after the first failure; 0: not.
    int retrySeconds = 120;
    bool needsApiKey = true;
    bool stream = true;
    bool streamUsage = true; // send stream_options.include_usage
    QString tokenParam = QStringLiteral("max_completion_tokens"); // or max_tokens
    QString systemRole = QStringLiteral("system");                // or developer
    bool apiKeyHeader = false; // Azure: `api-key` instead of a Bearer token
    QString deployment;        // Azure: the deployment name (default: model)
    QString apiVersion = QStringLiteral("2024-10-21"); // Azure
    // Tokens the model takes, prompt and answer together; 0: known from the model's name
    // (tokens/ModelCatalog), else 8192.
    int contextWindow = 0;
    QString tokenizer = QStringLiteral("auto"); // auto, o200k_base, cl100k_base or estimate
    bool hideThinking = true;  // <think>…</think> stays out of DingTalk (it is kept in the log)
    QStringList allowedModels; // what /model may switch to; empty: no switching

    friend bool operator==(const ModelSettings &, const ModelSettings &) = default;
};

struct NetworkSettings
{
    ProxySettings modelProxy = ProxySettings::direct(QStringLiteral("model"));
    ProxySettings dingtalkProxy = ProxySettings::direct(QStringLiteral("dingtalk"));
    QString caBundle; // PEM file of extra trusted CAs (a corporate TLS proxy's)

    friend bool operator==(const NetworkSettings &, const NetworkSettings &) = default;
};

struct ConversationSettings
{
    int maxTurns = 10; // earlier question/answer pairs sent along, at most
    // and no more tokens than this for the whole prompt; 0: what the model's context window
    // leaves after the answer's reserve (model/max_answer_tokens, else a quarter, at most 4096)
    int maxContextTokens = 0;

    friend bool operator==(const ConversationSettings &, const ConversationSettings &) = default;
};

// A named system prompt that /persona switches a conversation to ([persona.NAME] sections).
struct PersonaSettings
{
    // A name is what /persona NAME is typed with: one word of letters (any script, so 律师
    // too), digits, '-' and '_'. The settings file and the settings dialog both check it here.
    static constexpr int MaxNameLength = 32;
    static bool isValidName(const QString &name);

    QString name;
    QString prompt;
    QString description; // one line in /persona's list

    friend bool operator==(const PersonaSettings &, const PersonaSettings &) = default;
};

// Whose earlier turns a robot's answer sees: the sender's own (in groups too), the whole
// group's (everyone in a group shares one context), or none.
enum class ContextMode { User, Group, Off };

struct DingTalkSettings
{
    // The relay answers only through sessionWebhooks under this prefix, so a forged callback
    // cannot make it POST answers to an address of the sender's choosing.
    QString sessionWebhookPrefix = QStringLiteral("https://oapi.dingtalk.com/");
    int signWindowSeconds = 300; // DingTalk calls at once: this is for clock drift
    int sendTimeoutSeconds = 15;
    QUrl openApiBase = QUrl(QStringLiteral("https://api.dingtalk.com"));
    QUrl customWebhookUrl = QUrl(QStringLiteral("https://oapi.dingtalk.com/robot/send"));
    QUrl streamGatewayUrl = QUrl(QStringLiteral("https://api.dingtalk.com")); // mode=stream
    int webhookPerMinute = 20;    // custom robots are throttled for 10 minutes beyond this
    int throttleWaitSeconds = 60; // after errcode 130101, before trying again
    QString notifyRobot;          // a robot with a custom webhook told of delivery problems

    friend bool operator==(const DingTalkSettings &, const DingTalkSettings &) = default;
};

// How DingTalk brings a robot's messages: HTTP callbacks to the relay, or pushed over the
// robot's Stream connection (no public URL).
enum class RobotMode { Http, Stream };
// Where answers go: Session (the message's sessionWebhook, then the OpenAPI when clientId is
// set), OpenApi alone, or Webhook (a group custom robot). A custom robot posts to its own group
// only, so it is never a fallback for another chat.
enum class ReplyRoute { Session, OpenApi, Webhook };
// Each choice's name in the config file ("http", "stream"; "session", "openapi", "webhook"),
// and back.
QString nameOf(RobotMode mode);
QString nameOf(ReplyRoute route);
std::optional<RobotMode> robotModeNamed(const QString &name);
std::optional<ReplyRoute> replyRouteNamed(const QString &name);

struct RobotSettings
{
    QString id;
    RobotMode mode = RobotMode::Http;
    QString callbackPath;
    QString language = QStringLiteral("zh"); // what the robot says itself: zh or en
    QString systemPrompt;                    // empty: the model's system prompt
    QString model;                           // empty: the model's model
    ReplyRoute replyRoute = ReplyRoute::Session;
    QString clientId;        // the app's AppKey / robotCode, for the robot OpenAPI
    QStringList keywords;    // a custom robot's security keywords
    bool hasWebhook = false; // a custom robot webhook (its token a secret) is configured

    ContextMode context = ContextMode::User;
    QStringList mentionNames; // the robot's names: "@name" is cut from group messages
    QStringList models;       // what /model may switch to; empty: [model] allowed_models
    // Who may talk to the robot. Empty lists: every member of the organisation (a sender with a
    // staffId) in any conversation; people outside it only with allowOutsiders.
    QStringList allowSenders;       // staffIds
    QStringList allowConversations; // DingTalk conversationIds
    QStringList admins;             // staffIds: always allowed, no daily limits
    bool allowOutsiders = false;    // senders without a staffId (guests in external groups)
    int dailyMessages = 0;          // questions per sender a day (local midnight); 0: no limit
    int dailyTokens = 0;            // tokens per sender a day; 0: no limit
    // An AI card that types the answer as the model writes it (needs clientId): the template
    // made in DingTalk's card platform, the template variable the text goes into, and the least
    // time between two updates (each update is an OpenAPI call DingTalk counts).
    QString cardTemplateId;
    QString cardContentKey = QStringLiteral("content");
    int cardIntervalMs = 300;
    bool answersWithCards() const { return !cardTemplateId.isEmpty(); }

    QString secretKey(const char *name) const
    {
        return QStringLiteral("robot/") + id + u'/' + QLatin1StringView(name);
    }
    QString appSecretKey() const { return secretKey("app_secret"); }
    QString clientSecretKey() const { return secretKey("client_secret"); }
    QString webhookTokenKey() const { return secretKey("webhook_token"); }
    QString webhookSecretKey() const { return secretKey("webhook_secret"); }

    friend bool operator==(const RobotSettings &, const RobotSettings &) = default;
};

// [app]: the desktop app's own behaviour (an INI section named "general" would be read as
// top-level keys, hence the name).
struct GeneralSettings
{
    bool startAtLogin = false;      // an XDG autostart entry (util/Autostart)
    QString language;               // the app's language: empty follows the system, or en, zh
    bool notifyNewMessages = false; // a desktop notice for each new DingTalk message
    int noticeIntervalMinutes = 10; // the same kind of notice at most once in this time

    friend bool operator==(const GeneralSettings &, const GeneralSettings &) = default;
};

// Every struct here compares with ==: the settings writer checks that the file it writes
// reads back as the same AppConfig, so a new member needs a type that compares too.
struct AppConfig
{
    QString sourceFile; // empty when built from defaults
    RelaySettings relay;
    QString dataDir;
    int retentionDays = 0; // messages older than this are deleted; 0 keeps them
    ModelSettings model;
    ConversationSettings conversation;
    DingTalkSettings dingtalk;
    NetworkSettings network;
    TunnelSettings tunnel;
    GeneralSettings general;
    QList<RobotSettings> robots;
    QList<PersonaSettings> personas; // [persona.NAME] sections, in file order

    const RobotSettings *robotById(const QString &id) const;
    const PersonaSettings *personaByName(const QString &name) const;
    // Secret keys the configuration cannot run without, in a stable order.
    QStringList requiredSecrets() const;
    // Secrets used when present: the model's API key where none is required, a robot's own
    // client secret (else its app secret serves the OpenAPI) and a custom robot's 加签 secret.
    QStringList optionalSecrets() const;

    friend bool operator==(const AppConfig &, const AppConfig &) = default;
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
// The same for INI text that is not (yet) a file; path places relative paths and is what
// sourceFile says. The settings writer checks what it is about to save with this.
ConfigResult parse(const QByteArray &text, const QString &path);
// The file if it exists, else the built-in defaults (loopback, SQLite in defaultDataDir()).
ConfigResult loadOrDefaults(const QString &path);
// Where the data lives when the file does not say: the platform's app data folder.
QString defaultDataDir();
QString defaultConfigFile();
} // namespace Config
