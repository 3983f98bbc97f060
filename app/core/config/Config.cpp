#include "config/Config.h"

#include "config/ConfigReader.h"
#include "config/IniFile.h"
#include "config/Presets.h"
#include "config/Schema.h"
#include "secrets/SecretStore.h"
#include "tunnel/CommandLine.h"
#include "util/EnumNames.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

// What depends on several [tunnel] keys at once; each key's own checks are in Schema.
void checkTunnel(ConfigReader &r, const TunnelSettings &t)
{
    for (const QString &key : {u"tunnel/token"_s, u"tunnel/authtoken"_s}) {
        if (r.has(key)) {
            r.text(key, QString());
            r.errors << u"%1 looks like a secret: remove it from the file and set %2 instead"_s.arg(
                key, SecretStore::environmentName(TunnelSettings::tokenKey()));
        }
    }
    const bool hasUrl = !t.publicUrl.isEmpty();
    if (t.mode == TunnelMode::Fixed && !hasUrl)
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
    const bool urlKnown = hasUrl || !t.urlPattern.isEmpty();
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

void readPersona(ConfigReader &r, const QString &name, QList<PersonaSettings> &personas)
{
    const QString section = u"persona."_s + name + u'/';
    if (!PersonaSettings::isValidName(name)) {
        r.errors << u"[persona.%1]: a persona name is one word of at most %2 letters, digits, "
                    u"'-' or '_'"_s.arg(name, QString::number(PersonaSettings::MaxNameLength));
        return;
    }
    PersonaSettings persona;
    persona.name = name;
    for (const Schema::PersonaSetting &setting : Schema::personaSettings())
        setting.read(r, section + setting.name, persona);
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

void readRobot(ConfigReader &r, const QString &id, QList<RobotSettings> &robots)
{
    static const QRegularExpression validId(u"^[A-Za-z0-9_-]{1,64}$"_s);
    const QString section = u"robot."_s + id + u'/';
    if (!validId.match(id).hasMatch()) {
        r.errors << u"[robot.%1]: a robot id may hold only letters, digits, '-' and '_'"_s.arg(id);
        return;
    }
    RobotSettings robot;
    robot.id = id;
    for (const Schema::RobotSetting &setting : Schema::robotSettings())
        setting.read(r, section + setting.name, robot);
    // What depends on several keys at once; each key's own checks are in Schema.
    if (robot.mode == RobotMode::Stream && robot.clientId.isEmpty())
        r.errors << u"%1mode=stream needs client_id (the app's AppKey)"_s.arg(section);
    if (robot.replyRoute == ReplyRoute::OpenApi && robot.clientId.isEmpty())
        r.errors << u"%1reply_route=openapi needs client_id (the app's AppKey)"_s.arg(section);
    if (!robot.cardTemplateId.isEmpty() && robot.clientId.isEmpty())
        r.errors << u"%1card_template_id needs client_id (the app's AppKey): cards are sent "
                    u"through the robot OpenAPI"_s.arg(section);
    if (!robot.cardTemplateId.isEmpty() && robot.replyRoute == ReplyRoute::Webhook)
        r.errors << u"%1card_template_id does not work with reply_route=webhook: a custom robot "
                    u"cannot send cards"_s.arg(section);
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
    // A provider that needs no key (api_key_required=false) still gets one that is given.
    if (!model.needsApiKey)
        keys << u"model/api_key"_s;
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
    ConfigReader r(IniFile::parse(text));

    AppConfig &c = result.config;
    c.sourceFile = info.absoluteFilePath();
    const Schema::Context context{info.absoluteDir()};
    for (const Schema::Setting &setting : Schema::settings())
        setting.read(r, setting.key, c, context);
    // Only the preset decides how the key is sent.
    const auto preset = Presets::find(c.model.preset);
    c.model.apiKeyHeader = preset && preset->auth == ProviderPreset::Auth::ApiKeyHeader;
    if (r.has(u"conversation/max_context_chars"_s)) {
        r.text(u"conversation/max_context_chars"_s, QString());
        result.warnings << u"conversation/max_context_chars is no longer used: the context is "
                           u"trimmed by tokens now (conversation/max_context_tokens)"_s;
    }
    checkTunnel(r, c.tunnel);

    const QStringList groups = r.sections();
    for (const QString &group : groups) {
        if (group.startsWith(u"robot."_s))
            readRobot(r, group.mid(6), c.robots);
        else if (group.startsWith(u"persona."_s))
            readPersona(r, group.mid(8), c.personas);
    }
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
