#include "config/Config.h"

#include "config/IniFile.h"
#include "config/Presets.h"
#include "secrets/SecretStore.h"
#include "tunnel/CommandLine.h"
#include "tunnel/TunnelPresets.h"
#include "util/EnumNames.h"

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

    // The same for a choice with an enum (each has a nameOf(), its name in the file).
    template<typename E>
    E choiceOf(const QString &key, E fallback, std::initializer_list<E> allowed)
    {
        QStringList names;
        for (const E e : allowed)
            names << nameOf(e);
        const QString value = choice(key, nameOf(fallback), names);
        for (const E e : allowed) {
            if (nameOf(e) == value)
                return e;
        }
        return fallback;
    }

    // A comma-separated list, each item trimmed, empty items left out.
    QStringList list(const QString &key)
    {
        QStringList out;
        const QStringList items = text(key, QString()).split(u',');
        for (const QString &item : items) {
            if (!item.trimmed().isEmpty())
                out << item.trimmed();
        }
        return out;
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
    relay.maxConnections = r.integer(u"relay/max_connections"_s, relay.maxConnections, 10, 10000);
    relay.idleTimeoutSeconds =
        r.integer(u"relay/idle_timeout_seconds"_s, relay.idleTimeoutSeconds, 1, 3600);
    relay.requestTimeoutSeconds =
        r.integer(u"relay/request_timeout_seconds"_s, relay.requestTimeoutSeconds, 1, 600);
    relay.maxQueuedJobs = r.integer(u"relay/max_queued_jobs"_s, relay.maxQueuedJobs, 1, 1000000);
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
    model.contextWindow = r.integer(u"model/context_window"_s, model.contextWindow, 0, 100000000);
    model.tokenizer = r.choice(u"model/tokenizer"_s, model.tokenizer,
                               {u"auto"_s, u"o200k_base"_s, u"cl100k_base"_s, u"estimate"_s});
    model.hideThinking = flag(u"model/hide_thinking"_s, model.hideThinking);
    model.allowedModels = r.list(u"model/allowed_models"_s);
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

// The AI card settings of a robot: they only make sense for an app robot with its clientId.
void readCard(Reader &r, const QString &section, RobotSettings &robot)
{
    static const QRegularExpression templateId(u"^[A-Za-z0-9._-]{1,128}$"_s);
    static const QRegularExpression variable(u"^[A-Za-z_][A-Za-z0-9_]{0,63}$"_s);
    robot.cardTemplateId = r.text(section + u"card_template_id"_s, QString()).trimmed();
    robot.cardContentKey = r.text(section + u"card_content_key"_s, robot.cardContentKey);
    robot.cardIntervalMs =
        r.integer(section + u"card_interval_ms"_s, robot.cardIntervalMs, 100, 10000);
    if (!variable.match(robot.cardContentKey).hasMatch())
        r.errors << u"%1card_content_key must name a variable of the card template (letters, "
                    u"digits and '_'; found \"%2\")"_s.arg(section, robot.cardContentKey);
    if (robot.cardTemplateId.isEmpty())
        return;
    if (!templateId.match(robot.cardTemplateId).hasMatch())
        r.errors << u"%1card_template_id must be a template id from DingTalk's card platform, "
                    u"such as 1a2b3c4d-0000-1111-2222-333344445555.schema (found \"%2\")"_s.arg(
                        section, robot.cardTemplateId);
    if (robot.clientId.isEmpty())
        r.errors << u"%1card_template_id needs client_id (the app's AppKey): cards are sent "
                    u"through the robot OpenAPI"_s.arg(section);
    if (robot.replyRoute == ReplyRoute::Webhook)
        r.errors << u"%1card_template_id does not work with reply_route=webhook: a custom robot "
                    u"cannot send cards"_s.arg(section);
}

void readTunnel(Reader &r, TunnelSettings &t, const QDir &base)
{
    t.mode = r.choiceOf(u"tunnel/mode"_s, t.mode,
                        {TunnelMode::None, TunnelMode::Fixed, TunnelMode::Process});
    const QString url = r.text(u"tunnel/public_url"_s, QString());
    t.publicUrl = QUrl(url);
    if (!url.isEmpty() && (!isHttpUrl(t.publicUrl) || t.publicUrl.hasQuery()))
        r.errors << u"tunnel/public_url must be an http:// or https:// URL such as "
                    u"https://relay.example.com (found \"%1\")"_s.arg(url);
    t.preset = r.choice(u"tunnel/preset"_s, t.preset, TunnelPresets::names());
    t.binary = r.text(u"tunnel/binary"_s, QString());
    t.extraArgs = r.text(u"tunnel/extra_args"_s, QString());
    t.command = r.text(u"tunnel/command"_s, QString());
    t.urlPattern = r.text(u"tunnel/url_pattern"_s, QString());
    t.readyPattern = r.text(u"tunnel/ready_pattern"_s, QString());
    t.frpcConfig = r.text(u"tunnel/frpc_config"_s, QString());
    if (!t.frpcConfig.isEmpty() && QFileInfo(t.frpcConfig).isRelative())
        t.frpcConfig = base.absoluteFilePath(t.frpcConfig);
    t.sshTarget = r.text(u"tunnel/ssh_target"_s, QString());
    t.sshRemotePort = r.integer(u"tunnel/ssh_remote_port"_s, t.sshRemotePort, 1, 65535);
    t.checkIntervalSeconds =
        r.integer(u"tunnel/check_interval_seconds"_s, t.checkIntervalSeconds, 0, 86400);
    for (const QString &key : {u"tunnel/token"_s, u"tunnel/authtoken"_s}) {
        if (r.has(key)) {
            r.text(key, QString());
            r.errors << u"%1 looks like a secret: remove it from the file and set %2 instead"_s.arg(
                key, SecretStore::environmentName(TunnelSettings::tokenKey()));
        }
    }

    if (t.mode == TunnelMode::Fixed && url.isEmpty())
        r.errors << u"tunnel/mode=fixed needs public_url, the address DingTalk reaches the "
                    u"relay at"_s;
    if (t.mode != TunnelMode::Process)
        return;
    // The words are substituted and run later; their quoting is checked now.
    const auto checkWords = [&r](const QString &key, const QString &text) {
        QString error;
        CommandLine::split(text, &error);
        if (!error.isEmpty())
            r.errors << key + u": "_s + error;
    };
    if (!t.extraArgs.trimmed().isEmpty())
        checkWords(u"tunnel/extra_args"_s, t.extraArgs);
    for (const auto &[key, text] : {std::pair{u"tunnel/url_pattern"_s, t.urlPattern},
                                    std::pair{u"tunnel/ready_pattern"_s, t.readyPattern}}) {
        const QRegularExpression re(text);
        if (!text.isEmpty() && !re.isValid())
            r.errors << u"%1 is not a valid regular expression: %2"_s.arg(key, re.errorString());
    }
    const bool urlKnown = !url.isEmpty() || !t.urlPattern.isEmpty();
    if (t.preset == u"custom"_s) {
        if (t.command.trimmed().isEmpty())
            r.errors << u"tunnel/preset=custom needs command, for example "
                        u"my-tunnel --to http://127.0.0.1:{port}"_s;
        else
            checkWords(u"tunnel/command"_s, t.command);
        if (!urlKnown)
            r.errors << u"tunnel/preset=custom needs url_pattern (to find the public URL in the "
                        u"command's output) or public_url"_s;
    } else if (!t.command.isEmpty()) {
        r.errors << u"tunnel/command is used with preset=custom only (preset is %1)"_s.arg(
            t.preset);
    }
    if (t.preset == u"frpc"_s) {
        if (t.frpcConfig.isEmpty())
            r.errors << u"tunnel/preset=frpc needs frpc_config, the path of your frpc.toml"_s;
        else if (!QFileInfo(t.frpcConfig).isReadable())
            r.errors << u"tunnel/frpc_config %1 cannot be read"_s.arg(t.frpcConfig);
    }
    if (t.preset == u"ssh"_s && t.sshTarget.isEmpty())
        r.errors << u"tunnel/preset=ssh needs ssh_target, the server as user@host"_s;
    if ((t.preset == u"frpc"_s || t.preset == u"ssh"_s) && !urlKnown)
        r.errors << u"tunnel/preset=%1 needs public_url, the address your server exposes the "
                    u"relay at"_s.arg(t.preset);
}

// Context, commands, access control and daily limits of one robot (conversation/).
void readSteering(Reader &r, const QString &section, RobotSettings &robot)
{
    const QString context =
        r.choice(section + u"context"_s, u"user"_s, {u"user"_s, u"group"_s, u"off"_s});
    robot.context = context == u"group"_s ? ContextMode::Group
                    : context == u"off"_s ? ContextMode::Off
                                          : ContextMode::User;
    robot.mentionNames = r.list(section + u"mention_names"_s);
    for (QString &name : robot.mentionNames) {
        if (name.startsWith(u'@'))
            name.remove(0, 1);
    }
    robot.models = r.list(section + u"models"_s);
    robot.allowSenders = r.list(section + u"allow_senders"_s);
    robot.allowConversations = r.list(section + u"allow_conversations"_s);
    robot.admins = r.list(section + u"admins"_s);
    robot.allowOutsiders =
        r.choice(section + u"allow_outsiders"_s, u"false"_s, {u"true"_s, u"false"_s}) == u"true"_s;
    robot.dailyMessages = r.integer(section + u"daily_messages"_s, 0, 0, 1000000);
    robot.dailyTokens = r.integer(section + u"daily_tokens"_s, 0, 0, 2000000000);
}

void readPersona(Reader &r, const QString &name, QList<PersonaSettings> &personas)
{
    const QString section = u"persona."_s + name + u'/';
    if (!PersonaSettings::isValidName(name)) {
        r.errors << u"[persona.%1]: a persona name is one word of at most %2 letters, digits, "
                    u"'-' or '_'"_s.arg(name, QString::number(PersonaSettings::MaxNameLength));
        return;
    }
    PersonaSettings persona;
    persona.name = name;
    persona.prompt = r.text(section + u"prompt"_s, QString());
    persona.description = r.text(section + u"description"_s, QString());
    if (persona.prompt.trimmed().isEmpty())
        r.errors << u"%1prompt is required: the system prompt the persona stands for"_s.arg(
            section);
    for (const PersonaSettings &other : std::as_const(personas)) {
        if (other.name.compare(name, Qt::CaseInsensitive) == 0)
            r.errors << u"[persona.%1] repeats [persona.%2]: names are compared ignoring case"_s
                            .arg(name, other.name);
    }
    personas << persona;
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
    robot.mode = r.choiceOf(section + u"mode"_s, robot.mode, {RobotMode::Http, RobotMode::Stream});
    robot.callbackPath = r.text(section + u"callback_path"_s, u"/dingtalk/"_s + id);
    if (!robot.callbackPath.startsWith(u'/') || robot.callbackPath.contains(u'?'))
        r.errors << u"%1callback_path must be a path starting with '/' (found \"%2\")"_s.arg(
            section, robot.callbackPath);
    robot.language = r.choice(section + u"language"_s, robot.language, {u"zh"_s, u"en"_s});
    robot.systemPrompt = r.text(section + u"system_prompt"_s, QString());
    robot.model = r.text(section + u"model"_s, QString());
    robot.replyRoute = r.choiceOf(section + u"reply_route"_s, robot.replyRoute,
                                  {ReplyRoute::Session, ReplyRoute::OpenApi, ReplyRoute::Webhook});
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
        robot.replyRoute == ReplyRoute::Webhook;
    if (robot.mode == RobotMode::Stream && robot.clientId.isEmpty())
        r.errors << u"%1mode=stream needs client_id (the app's AppKey)"_s.arg(section);
    if (robot.replyRoute == ReplyRoute::OpenApi && robot.clientId.isEmpty())
        r.errors << u"%1reply_route=openapi needs client_id (the app's AppKey)"_s.arg(section);
    readCard(r, section, robot);
    readSteering(r, section, robot);
    for (const auto &other : std::as_const(robots)) {
        if (other.callbackPath == robot.callbackPath)
            r.errors << u"%1callback_path \"%2\" is already used by robot \"%3\""_s.arg(
                section, robot.callbackPath, other.id);
    }
    robots << robot;
}

} // namespace

namespace {
const EnumNames::Table<RobotMode, 2> RobotModes{
    {{RobotMode::Http, "http"_L1}, {RobotMode::Stream, "stream"_L1}}};
const EnumNames::Table<ReplyRoute, 3> ReplyRoutes{{{ReplyRoute::Session, "session"_L1},
                                                   {ReplyRoute::OpenApi, "openapi"_L1},
                                                   {ReplyRoute::Webhook, "webhook"_L1}}};
} // namespace

QString nameOf(RobotMode mode)
{
    return EnumNames::name(RobotModes, mode);
}

QString nameOf(ReplyRoute route)
{
    return EnumNames::name(ReplyRoutes, route);
}

std::optional<RobotMode> robotModeNamed(const QString &name)
{
    return EnumNames::value(RobotModes, name);
}

std::optional<ReplyRoute> replyRouteNamed(const QString &name)
{
    return EnumNames::value(ReplyRoutes, name);
}

bool PersonaSettings::isValidName(const QString &name)
{
    // Letters and digits of any script; a surrogate pair (a rare CJK character) is one.
    static const QRegularExpression valid(u"^[\\p{L}\\p{N}_-]+$"_s);
    return valid.match(name).hasMatch() && name.toUcs4().size() <= MaxNameLength;
}

const PersonaSettings *AppConfig::personaByName(const QString &name) const
{
    for (const auto &persona : personas) {
        if (persona.name.compare(name, Qt::CaseInsensitive) == 0)
            return &persona;
    }
    return nullptr;
}

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
        keys << (robot.mode == RobotMode::Stream ? robot.clientSecretKey() : robot.appSecretKey());
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
        if (!robot.clientId.isEmpty() && robot.mode != RobotMode::Stream)
            keys << robot.clientSecretKey();
        if (robot.hasWebhook)
            keys << robot.webhookSecretKey();
    }
    if (tunnel.mode == TunnelMode::Process)
        keys << TunnelSettings::tokenKey(); // handed to the tunnel program when set
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
    return parse(file.readAll(), info.absoluteFilePath());
}

ConfigResult Config::parse(const QByteArray &text, const QString &path)
{
    ConfigResult result;
    const QFileInfo info(path);
    Reader r(IniFile::parse(text));

    AppConfig &c = result.config;
    c.sourceFile = info.absoluteFilePath();
    readRelay(r, c.relay);

    c.dataDir = r.text(u"storage/data_dir"_s, QString());
    if (c.dataDir.isEmpty())
        c.dataDir = defaultDataDir();
    else if (QFileInfo(c.dataDir).isRelative())
        c.dataDir = info.absoluteDir().absoluteFilePath(c.dataDir); // relative to the INI file
    c.retentionDays = r.integer(u"storage/retention_days"_s, c.retentionDays, 0, 36500);

    readModel(r, c.model);

    c.conversation.maxTurns =
        r.integer(u"conversation/max_turns"_s, c.conversation.maxTurns, 0, 1000);
    c.conversation.maxContextTokens = r.integer(u"conversation/max_context_tokens"_s,
                                                c.conversation.maxContextTokens, 0, 100000000);
    if (r.has(u"conversation/max_context_chars"_s)) {
        r.text(u"conversation/max_context_chars"_s, QString());
        result.warnings << u"conversation/max_context_chars is no longer used: the context is "
                           u"trimmed by tokens now (conversation/max_context_tokens)"_s;
    }

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

    c.general.startAtLogin =
        r.choice(u"app/start_at_login"_s, u"false"_s, {u"true"_s, u"false"_s}) == u"true"_s;
    c.general.language =
        r.choice(u"app/language"_s, c.general.language, {QString(), u"en"_s, u"zh"_s});
    c.general.notifyNewMessages =
        r.choice(u"app/notify_new_messages"_s, u"false"_s, {u"true"_s, u"false"_s}) == u"true"_s;
    c.general.noticeIntervalMinutes =
        r.integer(u"app/notice_interval_minutes"_s, c.general.noticeIntervalMinutes, 1, 24 * 60);

    readTunnel(r, c.tunnel, info.absoluteDir());

    const QStringList groups = r.sections();
    for (const QString &group : groups) {
        if (group.startsWith(u"robot."_s))
            readRobot(r, group.mid(6), c.robots);
        else if (group.startsWith(u"persona."_s))
            readPersona(r, group.mid(8), c.personas);
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
