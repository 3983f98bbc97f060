#include "config/Config.h"

#include "config/IniFile.h"
#include "config/Presets.h"
#include "secrets/SecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

// Reads one INI file and remembers which keys were used, so leftovers can be reported as
// probable typos instead of being ignored in silence.
class Reader
{
public:
    explicit Reader(IniFile ini)
        : m_ini(std::move(ini))
    {
        const auto keys = m_ini.values.keys();
        m_unused = QSet<QString>(keys.begin(), keys.end());
        errors = m_ini.errors;
    }

    QStringList sections() const { return m_ini.sections; }
    QStringList errors;

    bool has(const QString &key) const { return m_ini.values.contains(key); }

    QString text(const QString &key, const QString &fallback)
    {
        m_unused.remove(key);
        return m_ini.values.value(key, fallback);
    }

    int integer(const QString &key, int fallback, int min, int max)
    {
        const QString raw = text(key, QString());
        if (raw.isEmpty())
            return fallback;
        bool ok = false;
        const int value = raw.toInt(&ok);
        if (!ok || value < min || value > max) {
            errors << u"%1 must be a whole number from %2 to %3 (found \"%4\")"_s.arg(key)
                          .arg(min)
                          .arg(max)
                          .arg(raw);
            return fallback;
        }
        return value;
    }

    double decimal(const QString &key, double fallback, double min, double max)
    {
        const QString raw = text(key, QString());
        if (raw.isEmpty())
            return fallback;
        bool ok = false;
        const double value = raw.toDouble(&ok);
        if (!ok || value < min || value > max) {
            errors << u"%1 must be a number from %2 to %3 (found \"%4\")"_s.arg(key)
                          .arg(min)
                          .arg(max)
                          .arg(raw);
            return fallback;
        }
        return value;
    }

    QString choice(const QString &key, const QString &fallback, const QStringList &allowed)
    {
        const QString value = text(key, fallback);
        if (!allowed.contains(value)) {
            errors << u"%1 must be one of %2 (found \"%3\")"_s.arg(key, allowed.join(u", "_s),
                                                                   value);
            return fallback;
        }
        return value;
    }

    QStringList unused() const
    {
        QStringList out(m_unused.begin(), m_unused.end());
        out.sort();
        return out;
    }

private:
    IniFile m_ini;
    QSet<QString> m_unused;
};

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) &&
           !url.host().isEmpty();
}

void readRelay(Reader &r, RelaySettings &relay)
{
    const QString address = r.text(u"relay/address"_s, relay.address.toString());
    if (!relay.address.setAddress(address))
        r.errors << u"relay/address must be an IP address such as 127.0.0.1 (found \"%1\")"_s.arg(
            address);
    relay.port = quint16(r.integer(u"relay/port"_s, relay.port, 0, 65535));
    relay.maxBodyBytes = r.integer(u"relay/max_body_bytes"_s, relay.maxBodyBytes, 1024, 16 << 20);
    relay.drainSeconds = r.integer(u"relay/drain_seconds"_s, relay.drainSeconds, 0, 600);
}

void readModel(Reader &r, ModelSettings &model)
{
    model.preset = r.choice(u"model/preset"_s, model.preset, Presets::names());
    const auto preset = Presets::find(model.preset);
    const QString base = r.text(u"model/base_url"_s, preset ? preset->baseUrl : QString());
    model.baseUrl = QUrl(base);
    if (base.isEmpty())
        r.errors << u"model/base_url is required for preset \"%1\""_s.arg(model.preset);
    else if (!isHttpUrl(model.baseUrl))
        r.errors << u"model/base_url must be an http:// or https:// URL (found \"%1\")"_s.arg(base);
    model.needsApiKey = preset ? preset->needsApiKey : true;
    if (r.has(u"model/api_key_required"_s))
        model.needsApiKey =
            r.choice(u"model/api_key_required"_s, u"true"_s, {u"true"_s, u"false"_s}) == u"true"_s;
    model.model = r.text(u"model/model"_s, model.model);
    if (model.model.isEmpty())
        r.errors << u"model/model must name a model, for example gpt-4o-mini"_s;
    model.systemPrompt = r.text(u"model/system_prompt"_s, model.systemPrompt);
    model.temperature = r.decimal(u"model/temperature"_s, model.temperature, -1, 2);
    model.maxAnswerTokens =
        r.integer(u"model/max_answer_tokens"_s, model.maxAnswerTokens, 0, 1000000);
    model.timeoutSeconds = r.integer(u"model/timeout_seconds"_s, model.timeoutSeconds, 1, 3600);
    model.idleTimeoutSeconds =
        r.integer(u"model/idle_timeout_seconds"_s, model.idleTimeoutSeconds, 1, 3600);
    model.maxParallel = r.integer(u"model/max_parallel"_s, model.maxParallel, 1, 256);
    model.maxRetries = r.integer(u"model/max_retries"_s, model.maxRetries, 0, 10);
    const auto flag = [&r](const QString &key, bool fallback) {
        return r.choice(key, fallback ? u"true"_s : u"false"_s, {u"true"_s, u"false"_s}) ==
               u"true"_s;
    };
    model.stream = flag(u"model/stream"_s, model.stream);
    model.streamUsage = flag(u"model/stream_usage"_s, preset ? preset->streamUsage : false);
    model.tokenParam =
        r.choice(u"model/token_param"_s, preset ? preset->tokenParam : u"max_tokens"_s,
                 {u"max_tokens"_s, u"max_completion_tokens"_s});
    model.systemRole =
        r.choice(u"model/system_role"_s, model.systemRole, {u"system"_s, u"developer"_s});
    model.apiKeyHeader = preset && preset->auth == ProviderPreset::Auth::ApiKeyHeader;
    model.deployment =
        r.text(u"model/deployment"_s, preset && preset->deploymentPath ? model.model : QString());
    model.apiVersion = r.text(u"model/api_version"_s, model.apiVersion);
}

ProxySettings readProxy(Reader &r, const QString &which)
{
    ProxySettings proxy;
    proxy.which = which;
    const QString key = u"network/%1_proxy"_s.arg(which);
    const QString spec = r.text(key, u"none"_s);
    if (spec == u"none"_s || spec.isEmpty())
        return proxy;
    if (spec == u"system"_s) {
        proxy.kind = ProxySettings::Kind::System;
        return proxy;
    }
    const QUrl url(spec, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (scheme == u"http"_s)
        proxy.kind = ProxySettings::Kind::Http;
    else if (scheme == u"socks5"_s)
        proxy.kind = ProxySettings::Kind::Socks5;
    if (proxy.kind == ProxySettings::Kind::None || url.host().isEmpty() || url.port() <= 0) {
        r.errors
            << u"%1 must be none, system, http://host:port or socks5://host:port (found \"%2\")"_s
                   .arg(key, url.toString(QUrl::RemoveUserInfo));
        return {};
    }
    if (!url.password().isEmpty())
        r.errors << u"%1 holds a password: remove it from the file and set %2 instead"_s.arg(
            key, SecretStore::environmentName(proxy.passwordKey()));
    proxy.host = url.host();
    proxy.port = quint16(url.port());
    proxy.user = url.userName();
    return proxy;
}

void readRobot(Reader &r, const QString &id, QList<RobotSettings> &robots)
{
    static const QRegularExpression validId(u"^[A-Za-z0-9_-]{1,64}$"_s);
    const QString section = u"robot."_s + id + u'/';
    if (!validId.match(id).hasMatch()) {
        r.errors << u"[robot.%1]: a robot id may hold only letters, digits, '-' and '_'"_s.arg(id);
        return;
    }
    RobotSettings robot;
    robot.id = id;
    robot.mode = r.choice(section + u"mode"_s, robot.mode, {u"http"_s, u"stream"_s});
    robot.callbackPath = r.text(section + u"callback_path"_s, u"/dingtalk/"_s + id);
    if (!robot.callbackPath.startsWith(u'/') || robot.callbackPath.contains(u'?'))
        r.errors << u"%1callback_path must be a path starting with '/' (found \"%2\")"_s.arg(
            section, robot.callbackPath);
    robot.language = r.choice(section + u"language"_s, robot.language, {u"zh"_s, u"en"_s});
    robot.systemPrompt = r.text(section + u"system_prompt"_s, QString());
    robot.model = r.text(section + u"model"_s, QString());
    robot.replyRoute = r.choice(section + u"reply_route"_s, robot.replyRoute,
                                {u"session"_s, u"openapi"_s, u"webhook"_s});
    robot.clientId = r.text(section + u"client_id"_s, QString());
    const QStringList words = r.text(section + u"webhook_keywords"_s, QString()).split(u',');
    for (const QString &word : words) {
        if (!word.trimmed().isEmpty())
            robot.keywords << word.trimmed();
    }
    if (robot.keywords.size() > 10)
        r.errors << u"%1webhook_keywords: DingTalk allows at most 10 keywords"_s.arg(section);
    robot.hasWebhook =
        r.choice(section + u"webhook"_s, u"false"_s, {u"true"_s, u"false"_s}) == u"true"_s ||
        robot.replyRoute == u"webhook"_s;
    if (robot.mode == u"stream"_s && robot.clientId.isEmpty())
        r.errors << u"%1mode=stream needs client_id (the app's AppKey)"_s.arg(section);
    if (robot.replyRoute == u"openapi"_s && robot.clientId.isEmpty())
        r.errors << u"%1reply_route=openapi needs client_id (the app's AppKey)"_s.arg(section);
    for (const auto &other : std::as_const(robots)) {
        if (other.callbackPath == robot.callbackPath)
            r.errors << u"%1callback_path \"%2\" is already used by robot \"%3\""_s.arg(
                section, robot.callbackPath, other.id);
    }
    robots << robot;
}

} // namespace

const RobotSettings *AppConfig::robotById(const QString &id) const
{
    for (const auto &robot : robots) {
        if (robot.id == id)
            return &robot;
    }
    return nullptr;
}

QStringList AppConfig::requiredSecrets() const
{
    QStringList keys;
    if (model.needsApiKey)
        keys << u"model/api_key"_s;
    for (const auto &robot : robots) {
        // HTTP callbacks are signed with the AppSecret; a Stream connection opens with the
        // client secret (the same value in DingTalk's newer naming, stored under its own key).
        keys << (robot.mode == u"stream"_s ? robot.clientSecretKey() : robot.appSecretKey());
        if (robot.hasWebhook)
            keys << robot.webhookTokenKey();
    }
    for (const ProxySettings *proxy : {&network.modelProxy, &network.dingtalkProxy}) {
        if (!proxy->user.isEmpty())
            keys << proxy->passwordKey();
    }
    return keys;
}

QStringList AppConfig::optionalSecrets() const
{
    QStringList keys;
    for (const auto &robot : robots) {
        if (!robot.clientId.isEmpty() && robot.mode != u"stream"_s)
            keys << robot.clientSecretKey();
        if (robot.hasWebhook)
            keys << robot.webhookSecretKey();
    }
    return keys;
}

QString Config::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString Config::defaultConfigFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           u"/dingrelay.ini"_s;
}

ConfigResult Config::load(const QString &path)
{
    ConfigResult result;
    const QFileInfo info(path);
    if (!info.exists()) {
        result.errors << u"config file %1 does not exist"_s.arg(path);
        return result;
    }
    if (!info.isReadable()) {
        result.errors << u"config file %1 cannot be read (check its permissions)"_s.arg(path);
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.errors << u"config file %1 cannot be read: %2"_s.arg(path, file.errorString());
        return result;
    }
    Reader r(IniFile::parse(file.readAll()));

    AppConfig &c = result.config;
    c.sourceFile = info.absoluteFilePath();
    readRelay(r, c.relay);

    c.dataDir = r.text(u"storage/data_dir"_s, QString());
    if (c.dataDir.isEmpty())
        c.dataDir = defaultDataDir();
    else if (QFileInfo(c.dataDir).isRelative())
        c.dataDir = info.absoluteDir().absoluteFilePath(c.dataDir); // relative to the INI file

    readModel(r, c.model);

    c.conversation.maxTurns =
        r.integer(u"conversation/max_turns"_s, c.conversation.maxTurns, 0, 1000);
    c.conversation.maxContextChars =
        r.integer(u"conversation/max_context_chars"_s, c.conversation.maxContextChars, 0, 10000000);

    c.dingtalk.sessionWebhookPrefix =
        r.text(u"dingtalk/session_webhook_prefix"_s, c.dingtalk.sessionWebhookPrefix);
    if (!isHttpUrl(QUrl(c.dingtalk.sessionWebhookPrefix)))
        r.errors << u"dingtalk/session_webhook_prefix must be an http:// or https:// URL"_s;
    c.dingtalk.signWindowSeconds =
        r.integer(u"dingtalk/sign_window_seconds"_s, c.dingtalk.signWindowSeconds, 1, 3600);
    c.dingtalk.sendTimeoutSeconds =
        r.integer(u"dingtalk/send_timeout_seconds"_s, c.dingtalk.sendTimeoutSeconds, 1, 600);
    const std::pair<QString, QUrl *> urls[] = {
        {u"dingtalk/openapi_base_url"_s, &c.dingtalk.openApiBase},
        {u"dingtalk/custom_webhook_url"_s, &c.dingtalk.customWebhookUrl},
        {u"dingtalk/stream_gateway_url"_s, &c.dingtalk.streamGatewayUrl}};
    for (const auto &[key, url] : urls) {
        const QString value = r.text(key, url->toString());
        *url = QUrl(value);
        if (!isHttpUrl(*url))
            r.errors << u"%1 must be an http:// or https:// URL (found \"%2\")"_s.arg(key, value);
    }
    c.dingtalk.webhookPerMinute =
        r.integer(u"dingtalk/webhook_per_minute"_s, c.dingtalk.webhookPerMinute, 1, 600);
    c.dingtalk.throttleWaitSeconds =
        r.integer(u"dingtalk/throttle_wait_seconds"_s, c.dingtalk.throttleWaitSeconds, 1, 3600);

    c.network.modelProxy = readProxy(r, u"model"_s);
    c.network.dingtalkProxy = readProxy(r, u"dingtalk"_s);
    c.network.caBundle = r.text(u"network/ca_bundle"_s, QString());
    if (!c.network.caBundle.isEmpty()) {
        if (QFileInfo(c.network.caBundle).isRelative())
            c.network.caBundle = info.absoluteDir().absoluteFilePath(c.network.caBundle);
        if (!QFileInfo(c.network.caBundle).isReadable())
            r.errors << u"network/ca_bundle %1 cannot be read"_s.arg(c.network.caBundle);
    }

    const QStringList groups = r.sections();
    for (const QString &group : groups) {
        if (group.startsWith(u"robot."_s))
            readRobot(r, group.mid(6), c.robots);
    }
    c.dingtalk.notifyRobot = r.text(u"dingtalk/notify_robot"_s, QString());
    if (!c.dingtalk.notifyRobot.isEmpty()) {
        const RobotSettings *notify = c.robotById(c.dingtalk.notifyRobot);
        if (!notify || !notify->hasWebhook)
            r.errors
                << u"dingtalk/notify_robot must name a robot with webhook=true (found \"%1\")"_s
                       .arg(c.dingtalk.notifyRobot);
    }

    // A key that looks like a secret must never sit in the INI file: say where it belongs.
    static const QRegularExpression secretShaped(
        u"(secret|password|api_key|app_key|access_token|webhook_token)$"_s,
        QRegularExpression::CaseInsensitiveOption);
    for (const QString &key : r.unused()) {
        if (secretShaped.match(key).hasMatch()) {
            QString secretKey = key;
            if (secretKey.startsWith(u"robot."_s))
                secretKey.replace(5, 1, u'/');
            r.errors << u"%1 looks like a secret: remove it from the file and set %2 instead"_s.arg(
                key, SecretStore::environmentName(secretKey));
        } else {
            result.warnings << u"unknown setting %1 is ignored"_s.arg(key);
        }
    }
    result.errors << r.errors;
    return result;
}

ConfigResult Config::loadOrDefaults(const QString &path)
{
    if (QFileInfo::exists(path))
        return load(path);
    ConfigResult result;
    result.config.dataDir = defaultDataDir();
    result.config.model.baseUrl = QUrl(Presets::find(result.config.model.preset)->baseUrl);
    result.warnings << u"no config file at %1: running on built-in defaults"_s.arg(path);
    return result;
}
