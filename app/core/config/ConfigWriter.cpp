#include "config/ConfigWriter.h"

#include "config/IniDocument.h"
#include "config/Presets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

QString num(qint64 value)
{
    return QString::number(value);
}

QString flag(bool value)
{
    return value ? u"true"_s : u"false"_s;
}

QString decimal(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString proxy(const ProxySettings &p)
{
    switch (p.kind) {
    case ProxySettings::Kind::None:
        return u"none"_s;
    case ProxySettings::Kind::System:
        return u"system"_s;
    case ProxySettings::Kind::Http:
    case ProxySettings::Kind::Socks5:
        break;
    }
    QUrl url;
    url.setScheme(p.kind == ProxySettings::Kind::Http ? u"http"_s : u"socks5"_s);
    url.setUserName(p.user);
    url.setHost(p.host);
    url.setPort(p.port);
    return url.toString(QUrl::FullyEncoded);
}

// One line per setting: its key and how its value is written. `always` keys are written to a
// new file even at their default, so a person opening it sees the settings that matter.
struct Field
{
    QString key;
    QString (*get)(const AppConfig &);
    bool always = false;
};

struct RobotField
{
    QString name; // the key inside [robot.<id>]
    QString (*get)(const RobotSettings &);
    bool always = false;
};

using C = AppConfig;
using R = RobotSettings;

const QList<Field> &fields()
{
    static const QList<Field> table{
        {u"relay/address"_s, [](const C &c) { return c.relay.address.toString(); }, true},
        {u"relay/port"_s, [](const C &c) { return num(c.relay.port); }, true},
        {u"relay/max_body_bytes"_s, [](const C &c) { return num(c.relay.maxBodyBytes); }},
        {u"relay/drain_seconds"_s, [](const C &c) { return num(c.relay.drainSeconds); }},
        {u"relay/max_connections"_s, [](const C &c) { return num(c.relay.maxConnections); }},
        {u"relay/idle_timeout_seconds"_s,
         [](const C &c) { return num(c.relay.idleTimeoutSeconds); }},
        {u"relay/request_timeout_seconds"_s,
         [](const C &c) { return num(c.relay.requestTimeoutSeconds); }},
        {u"relay/max_queued_jobs"_s, [](const C &c) { return num(c.relay.maxQueuedJobs); }},
        {u"storage/data_dir"_s, [](const C &c) { return c.dataDir; }},
        {u"storage/retention_days"_s, [](const C &c) { return num(c.retentionDays); }},
        {u"model/preset"_s, [](const C &c) { return c.model.preset; }, true},
        {u"model/base_url"_s, [](const C &c) { return c.model.baseUrl.toString(); }, true},
        {u"model/api_key_required"_s, [](const C &c) { return flag(c.model.needsApiKey); }},
        {u"model/model"_s, [](const C &c) { return c.model.model; }, true},
        {u"model/system_prompt"_s, [](const C &c) { return c.model.systemPrompt; }, true},
        {u"model/temperature"_s, [](const C &c) { return decimal(c.model.temperature); }},
        {u"model/max_answer_tokens"_s, [](const C &c) { return num(c.model.maxAnswerTokens); }},
        {u"model/stream"_s, [](const C &c) { return flag(c.model.stream); }},
        {u"model/timeout_seconds"_s, [](const C &c) { return num(c.model.timeoutSeconds); }},
        {u"model/idle_timeout_seconds"_s,
         [](const C &c) { return num(c.model.idleTimeoutSeconds); }},
        {u"model/max_retries"_s, [](const C &c) { return num(c.model.maxRetries); }},
        {u"model/max_parallel"_s, [](const C &c) { return num(c.model.maxParallel); }},
        {u"model/token_param"_s, [](const C &c) { return c.model.tokenParam; }},
        {u"model/stream_usage"_s, [](const C &c) { return flag(c.model.streamUsage); }},
        {u"model/system_role"_s, [](const C &c) { return c.model.systemRole; }},
        {u"model/deployment"_s, [](const C &c) { return c.model.deployment; }},
        {u"model/api_version"_s, [](const C &c) { return c.model.apiVersion; }},
        {u"conversation/max_turns"_s, [](const C &c) { return num(c.conversation.maxTurns); }},
        {u"conversation/max_context_tokens"_s,
         [](const C &c) { return num(c.conversation.maxContextTokens); }},
        {u"model/context_window"_s, [](const C &c) { return num(c.model.contextWindow); }},
        {u"model/tokenizer"_s, [](const C &c) { return c.model.tokenizer; }},
        {u"model/hide_thinking"_s, [](const C &c) { return flag(c.model.hideThinking); }},
        {u"model/allowed_models"_s, [](const C &c) { return c.model.allowedModels.join(u", "_s); }},
        {u"dingtalk/session_webhook_prefix"_s,
         [](const C &c) { return c.dingtalk.sessionWebhookPrefix; }},
        {u"dingtalk/sign_window_seconds"_s,
         [](const C &c) { return num(c.dingtalk.signWindowSeconds); }},
        {u"dingtalk/send_timeout_seconds"_s,
         [](const C &c) { return num(c.dingtalk.sendTimeoutSeconds); }},
        {u"dingtalk/openapi_base_url"_s,
         [](const C &c) { return c.dingtalk.openApiBase.toString(); }},
        {u"dingtalk/custom_webhook_url"_s,
         [](const C &c) { return c.dingtalk.customWebhookUrl.toString(); }},
        {u"dingtalk/stream_gateway_url"_s,
         [](const C &c) { return c.dingtalk.streamGatewayUrl.toString(); }},
        {u"dingtalk/webhook_per_minute"_s,
         [](const C &c) { return num(c.dingtalk.webhookPerMinute); }},
        {u"dingtalk/throttle_wait_seconds"_s,
         [](const C &c) { return num(c.dingtalk.throttleWaitSeconds); }},
        {u"dingtalk/notify_robot"_s, [](const C &c) { return c.dingtalk.notifyRobot; }},
        {u"network/model_proxy"_s, [](const C &c) { return proxy(c.network.modelProxy); }},
        {u"network/dingtalk_proxy"_s, [](const C &c) { return proxy(c.network.dingtalkProxy); }},
        {u"network/ca_bundle"_s, [](const C &c) { return c.network.caBundle; }},
        {u"tunnel/mode"_s, [](const C &c) { return nameOf(c.tunnel.mode); }},
        {u"tunnel/public_url"_s, [](const C &c) { return c.tunnel.publicUrl.toString(); }},
        {u"tunnel/preset"_s, [](const C &c) { return c.tunnel.preset; }},
        {u"tunnel/binary"_s, [](const C &c) { return c.tunnel.binary; }},
        {u"tunnel/extra_args"_s, [](const C &c) { return c.tunnel.extraArgs; }},
        {u"tunnel/command"_s, [](const C &c) { return c.tunnel.command; }},
        {u"tunnel/url_pattern"_s, [](const C &c) { return c.tunnel.urlPattern; }},
        {u"tunnel/ready_pattern"_s, [](const C &c) { return c.tunnel.readyPattern; }},
        {u"tunnel/frpc_config"_s, [](const C &c) { return c.tunnel.frpcConfig; }},
        {u"tunnel/ssh_target"_s, [](const C &c) { return c.tunnel.sshTarget; }},
        {u"tunnel/ssh_remote_port"_s, [](const C &c) { return num(c.tunnel.sshRemotePort); }},
        {u"tunnel/check_interval_seconds"_s,
         [](const C &c) { return num(c.tunnel.checkIntervalSeconds); }},
        {u"app/start_at_login"_s, [](const C &c) { return flag(c.general.startAtLogin); }},
        {u"app/language"_s, [](const C &c) { return c.general.language; }},
        {u"app/notify_new_messages"_s,
         [](const C &c) { return flag(c.general.notifyNewMessages); }},
        {u"app/notice_interval_minutes"_s,
         [](const C &c) { return num(c.general.noticeIntervalMinutes); }},
    };
    return table;
}

const QList<RobotField> &robotFields()
{
    static const QList<RobotField> table{
        {u"mode"_s, [](const R &r) { return nameOf(r.mode); }, true},
        {u"callback_path"_s, [](const R &r) { return r.callbackPath; }, true},
        {u"language"_s, [](const R &r) { return r.language; }, true},
        {u"system_prompt"_s, [](const R &r) { return r.systemPrompt; }},
        {u"model"_s, [](const R &r) { return r.model; }},
        {u"reply_route"_s, [](const R &r) { return nameOf(r.replyRoute); }},
        {u"client_id"_s, [](const R &r) { return r.clientId; }},
        {u"webhook"_s, [](const R &r) { return flag(r.hasWebhook); }},
        {u"webhook_keywords"_s, [](const R &r) { return r.keywords.join(u", "_s); }},
        {u"card_template_id"_s, [](const R &r) { return r.cardTemplateId; }},
        {u"card_content_key"_s, [](const R &r) { return r.cardContentKey; }},
        {u"card_interval_ms"_s, [](const R &r) { return num(r.cardIntervalMs); }},
        {u"context"_s,
         [](const R &r) {
             return r.context == ContextMode::Group ? u"group"_s
                    : r.context == ContextMode::Off ? u"off"_s
                                                    : u"user"_s;
         }},
        {u"mention_names"_s, [](const R &r) { return r.mentionNames.join(u", "_s); }},
        {u"models"_s, [](const R &r) { return r.models.join(u", "_s); }},
        {u"allow_senders"_s, [](const R &r) { return r.allowSenders.join(u", "_s); }},
        {u"allow_conversations"_s, [](const R &r) { return r.allowConversations.join(u", "_s); }},
        {u"admins"_s, [](const R &r) { return r.admins.join(u", "_s); }},
        {u"allow_outsiders"_s, [](const R &r) { return flag(r.allowOutsiders); }},
        {u"daily_messages"_s, [](const R &r) { return num(r.dailyMessages); }},
        {u"daily_tokens"_s, [](const R &r) { return num(r.dailyTokens); }},
    };
    return table;
}

struct PersonaField
{
    QString name; // the key inside [persona.<name>]
    QString (*get)(const PersonaSettings &);
    bool always = false;
};

const QList<PersonaField> &personaFields()
{
    static const QList<PersonaField> table{
        {u"prompt"_s, [](const PersonaSettings &p) { return p.prompt; }, true},
        {u"description"_s, [](const PersonaSettings &p) { return p.description; }},
    };
    return table;
}

QString robotSection(const QString &id)
{
    return u"robot."_s + id;
}

QString personaSection(const QString &name)
{
    return u"persona."_s + name;
}

const PersonaSettings *personaNamed(const AppConfig &config, const QString &name)
{
    for (const PersonaSettings &persona : config.personas) {
        if (persona.name == name)
            return &persona;
    }
    return nullptr;
}

// Values only the preset decides, and one implied by another, set the way the reader sets
// them: such a field cannot be written, only agreed with.
AppConfig normalised(AppConfig config)
{
    const auto preset = Presets::find(config.model.preset);
    config.model.apiKeyHeader = preset && preset->auth == ProviderPreset::Auth::ApiKeyHeader;
    for (RobotSettings &robot : config.robots) {
        if (robot.replyRoute == ReplyRoute::Webhook)
            robot.hasWebhook = true;
    }
    return config;
}

// Sets every key whose value, as read from doc now, differs from config's. Returns how many.
// fresh: sections this save adds (all of them for a new file), whose `always` keys are shown.
int align(IniDocument &doc, const AppConfig &config, const AppConfig &read,
          const QSet<QString> &fresh)
{
    int changed = 0;
    const auto apply = [&](const QString &key, const QString &want, const QString &have,
                           bool always) {
        const bool show = always && !doc.contains(key) &&
                          (fresh.contains(u"*"_s) || fresh.contains(key.section(u'/', 0, 0)));
        if (want != have || show) {
            doc.set(key, want);
            ++changed;
        }
    };
    for (const Field &f : fields())
        apply(f.key, f.get(config), f.get(read), f.always);
    for (const RobotSettings &robot : config.robots) {
        const RobotSettings *have = read.robotById(robot.id);
        const RobotSettings fallback;
        for (const RobotField &f : robotFields()) {
            apply(robotSection(robot.id) + u'/' + f.name, f.get(robot),
                  f.get(have ? *have : fallback), f.always);
        }
    }
    for (const PersonaSettings &persona : config.personas) {
        const PersonaSettings *have = personaNamed(read, persona.name);
        const PersonaSettings fallback;
        for (const PersonaField &f : personaFields()) {
            apply(personaSection(persona.name) + u'/' + f.name, f.get(persona),
                  f.get(have ? *have : fallback), f.always);
        }
    }
    return changed;
}

// The keys whose values differ between two configs, for an error message.
QStringList differences(const AppConfig &want, const AppConfig &have)
{
    QStringList keys;
    for (const Field &f : fields()) {
        if (f.get(want) != f.get(have))
            keys << f.key;
    }
    for (const RobotSettings &robot : want.robots) {
        const RobotSettings *other = have.robotById(robot.id);
        if (!other) {
            keys << u'[' + robotSection(robot.id) + u']';
            continue;
        }
        for (const RobotField &f : robotFields()) {
            if (f.get(robot) != f.get(*other))
                keys << robotSection(robot.id) + u'/' + f.name;
        }
    }
    for (const PersonaSettings &persona : want.personas) {
        const PersonaSettings *other = personaNamed(have, persona.name);
        if (!other) {
            keys << u'[' + personaSection(persona.name) + u']';
            continue;
        }
        for (const PersonaField &f : personaFields()) {
            if (f.get(persona) != f.get(*other))
                keys << personaSection(persona.name) + u'/' + f.name;
        }
    }
    return keys;
}

const char *const NewFileHeader =
    "; DingRelay settings. The settings dialog keeps your comments and the keys it does not\n"
    "; know. Secrets (API keys, robot secrets, tokens, passwords) are never in this file: they\n"
    "; live in the system keychain or in DINGRELAY_SECRET_* environment variables.\n";

} // namespace

std::optional<QByteArray> ConfigWriter::render(const AppConfig &input, const QByteArray &existing,
                                               const QString &path, QString *error)
{
    const AppConfig config = normalised(input);
    const bool newFile = existing.trimmed().isEmpty();
    IniDocument doc(newFile ? QByteArray(NewFileHeader) : existing);

    // Robots and personas first: removed ones lose their section, new ones get one at the
    // end, in order.
    for (const QString &section : doc.sections()) {
        if ((section.startsWith(u"robot."_s) && !config.robotById(section.mid(6))) ||
            (section.startsWith(u"persona."_s) && !personaNamed(config, section.mid(8))))
            doc.removeSection(section);
    }
    QSet<QString> fresh;
    if (newFile)
        fresh << u"*"_s;
    for (const RobotSettings &robot : config.robots) {
        if (!doc.sections().contains(robotSection(robot.id)))
            fresh << robotSection(robot.id);
        doc.addSection(robotSection(robot.id));
    }
    for (const PersonaSettings &persona : config.personas) {
        if (!doc.sections().contains(personaSection(persona.name)))
            fresh << personaSection(persona.name);
        doc.addSection(personaSection(persona.name));
    }

    // A default that depends on another value (Azure's deployment on the model) may change
    // when that value is written: read back and align again until nothing moves.
    ConfigResult read = Config::parse(doc.toUtf8(), path);
    for (int pass = 0; pass < 4 && align(doc, config, read.config, fresh) > 0; ++pass)
        read = Config::parse(doc.toUtf8(), path);

    if (!read.ok()) {
        if (error)
            *error = read.errors.join(u'\n');
        return std::nullopt;
    }
    AppConfig back = read.config;
    back.sourceFile = config.sourceFile;
    if (!(back == config)) {
        if (error) {
            const QStringList keys = differences(config, back);
            *error =
                keys.isEmpty()
                    ? u"a setting this version cannot write differs from the file's"_s
                    : u"these settings would not read back as given: %1"_s.arg(keys.join(u", "_s));
        }
        return std::nullopt;
    }
    return doc.toUtf8();
}

bool ConfigWriter::save(const AppConfig &config, const QString &path, QString *error)
{
    const QFileInfo info(path);
    QByteArray existing;
    if (info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = u"%1 cannot be read: %2"_s.arg(path, file.errorString());
            return false;
        }
        existing = file.readAll();
    }
    QString why;
    const auto text = render(config, existing, info.absoluteFilePath(), &why);
    if (!text) {
        if (error)
            *error = u"the settings were not saved: %1"_s.arg(why);
        return false;
    }
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = u"the folder %1 cannot be created"_s.arg(info.absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(*text) != text->size() || !file.commit()) {
        if (error)
            *error = u"%1 cannot be written: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

QStringList ConfigWriter::knownKeys()
{
    QStringList keys;
    for (const Field &f : fields())
        keys << f.key;
    for (const RobotField &f : robotFields())
        keys << u"robot.*/"_s + f.name;
    for (const PersonaField &f : personaFields())
        keys << u"persona.*/"_s + f.name;
    return keys;
}
