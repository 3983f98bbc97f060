#include "config/Schema.h"

#include "config/ConfigReader.h"
#include "config/Presets.h"
#include "secrets/SecretStore.h"
#include "tunnel/TunnelPresets.h"

#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

using C = AppConfig;
using R = RobotSettings;
using P = PersonaSettings;
using Ctx = Schema::Context;

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

QString proxyText(const ProxySettings &p)
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

ProxySettings readProxy(ConfigReader &r, const QString &key, const QString &which)
{
    ProxySettings proxy;
    proxy.which = which;
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

// A path in the file is relative to the file's folder.
QString absolute(const QString &path, const Ctx &ctx)
{
    if (path.isEmpty() || !QFileInfo(path).isRelative())
        return path;
    return ctx.base.absoluteFilePath(path);
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) &&
           !url.host().isEmpty();
}

// Reads a URL setting that must be http:// or https://.
QUrl readHttpUrl(ConfigReader &r, const QString &key, const QUrl &fallback)
{
    const QString value = r.text(key, fallback.toString());
    const QUrl url(value);
    if (!isHttpUrl(url))
        r.errors << u"%1 must be an http:// or https:// URL (found \"%2\")"_s.arg(key, value);
    return url;
}

QString contextName(ContextMode mode)
{
    return mode == ContextMode::Group ? u"group"_s
           : mode == ContextMode::Off ? u"off"_s
                                      : u"user"_s;
}

} // namespace

namespace Schema {

const QList<Setting> &settings()
{
    static const QList<Setting> table{
        {u"relay/address"_s, u"the address to listen on; 0.0.0.0 for all interfaces"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             const QString address = r.text(key, c.relay.address.toString());
             if (!c.relay.address.setAddress(address))
                 r.errors << u"relay/address must be an IP address such as 127.0.0.1 (found "
                             u"\"%1\")"_s.arg(address);
         },
         [](const C &c) { return c.relay.address.toString(); }, true},
        {u"relay/port"_s, u"the port to listen on; 0: any free one (the log names it)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.port = quint16(r.integer(key, c.relay.port, 0, 65535));
         },
         [](const C &c) { return num(c.relay.port); }, true},
        {u"relay/max_body_bytes"_s, u"larger callbacks are refused with 413"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.maxBodyBytes = r.integer(key, c.relay.maxBodyBytes, 1024, 16 << 20);
         },
         [](const C &c) { return num(c.relay.maxBodyBytes); }},
        {u"relay/drain_seconds"_s, u"how long SIGTERM waits for answers in hand"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.drainSeconds = r.integer(key, c.relay.drainSeconds, 0, 600);
         },
         [](const C &c) { return num(c.relay.drainSeconds); }},
        {u"relay/max_connections"_s,
         u"open connections at most; a new one closes the longest idle"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.maxConnections = r.integer(key, c.relay.maxConnections, 10, 10000);
         },
         [](const C &c) { return num(c.relay.maxConnections); }},
        {u"relay/idle_timeout_seconds"_s, u"a connection without a request is closed after this"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.idleTimeoutSeconds = r.integer(key, c.relay.idleTimeoutSeconds, 1, 3600);
         },
         [](const C &c) { return num(c.relay.idleTimeoutSeconds); }},
        {u"relay/request_timeout_seconds"_s,
         u"a request not complete this long after its first byte gets 408"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.requestTimeoutSeconds = r.integer(key, c.relay.requestTimeoutSeconds, 1, 600);
         },
         [](const C &c) { return num(c.relay.requestTimeoutSeconds); }},
        {u"relay/max_queued_jobs"_s,
         u"messages waiting in memory at most (1 to 1000000); more wait in the database alone and "
         u"are taken up in order as room frees"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.relay.maxQueuedJobs = r.integer(key, c.relay.maxQueuedJobs, 1, 1000000);
         },
         [](const C &c) { return num(c.relay.maxQueuedJobs); }},
        {u"storage/data_dir"_s,
         u"SQLite lives here; relative paths are relative to this file (default: "
         u"~/.local/share/DingRelay/dingrelay)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &ctx) {
             c.dataDir = absolute(r.text(key, QString()), ctx);
             if (c.dataDir.isEmpty())
                 c.dataDir = Config::defaultDataDir();
         },
         [](const C &c) { return c.dataDir; }},
        {u"storage/retention_days"_s,
         u"messages older than this many days are deleted, at start and once a day; 0 keeps "
         u"everything"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.retentionDays = r.integer(key, c.retentionDays, 0, 36500);
         },
         [](const C &c) { return num(c.retentionDays); }},
        // The preset comes first: several model defaults are the preset's.
        {u"model/preset"_s, u"openai, azure, deepseek, moonshot, dashscope, ollama, custom"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.preset = r.choice(key, c.model.preset, Presets::names());
         },
         [](const C &c) { return c.model.preset; }, true},
        {u"model/base_url"_s, u"default: the preset's (azure and custom need one)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             const auto preset = Presets::find(c.model.preset);
             const QString base = r.text(key, preset ? preset->baseUrl : QString());
             c.model.baseUrl = QUrl(base);
             if (base.isEmpty())
                 r.errors << u"model/base_url is required for preset \"%1\""_s.arg(c.model.preset);
             else if (!isHttpUrl(c.model.baseUrl))
                 r.errors << u"model/base_url must be an http:// or https:// URL (found \"%1\")"_s
                                 .arg(base);
         },
         [](const C &c) { return c.model.baseUrl.toString(); }, true},
        {u"model/api_key_required"_s, u"default false for ollama and custom"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             const auto preset = Presets::find(c.model.preset);
             c.model.needsApiKey = r.flag(key, preset ? preset->needsApiKey : true);
         },
         [](const C &c) { return flag(c.model.needsApiKey); }},
        {u"model/model"_s, u"the model answers come from, unless a robot or /model picks another"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.model = r.text(key, c.model.model);
             if (c.model.model.isEmpty())
                 r.errors << u"model/model must name a model, for example gpt-4o-mini"_s;
         },
         [](const C &c) { return c.model.model; }, true},
        {u"model/system_prompt"_s,
         u"sent first in every call; a robot's or persona's replaces it"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.systemPrompt = r.text(key, c.model.systemPrompt);
         },
         [](const C &c) { return c.model.systemPrompt; }, true},
        {u"model/temperature"_s, u"below 0: the provider's default"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.temperature = r.decimal(key, c.model.temperature, -1, 2);
         },
         [](const C &c) { return decimal(c.model.temperature); }},
        {u"model/max_answer_tokens"_s, u"0: the provider's default"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.maxAnswerTokens = r.integer(key, c.model.maxAnswerTokens, 0, 1000000);
         },
         [](const C &c) { return num(c.model.maxAnswerTokens); }},
        {u"model/stream"_s, u"stream answers (server-sent events)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.stream = r.flag(key, c.model.stream);
         },
         [](const C &c) { return flag(c.model.stream); }},
        {u"model/timeout_seconds"_s, u"until the model starts answering"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.timeoutSeconds = r.integer(key, c.model.timeoutSeconds, 1, 3600);
         },
         [](const C &c) { return num(c.model.timeoutSeconds); }},
        {u"model/idle_timeout_seconds"_s, u"silence allowed in the middle of a streamed answer"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.idleTimeoutSeconds = r.integer(key, c.model.idleTimeoutSeconds, 1, 3600);
         },
         [](const C &c) { return num(c.model.idleTimeoutSeconds); }},
        {u"model/max_retries"_s,
         u"for connection errors, 408, 409, 429 and 5xx (never for quota)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.maxRetries = r.integer(key, c.model.maxRetries, 0, 10);
         },
         [](const C &c) { return num(c.model.maxRetries); }},
        {u"model/retry_seconds"_s,
         u"after those, a model that does not answer is tried again until this long after the "
         u"first failure, and the user is told the answer is delayed; 0: not"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.retrySeconds = r.integer(key, c.model.retrySeconds, 0, 3600);
         },
         [](const C &c) { return num(c.model.retrySeconds); }},
        {u"model/max_parallel"_s,
         u"model calls at once (one conversation is always answered in order)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.maxParallel = r.integer(key, c.model.maxParallel, 1, 256);
         },
         [](const C &c) { return num(c.model.maxParallel); }},
        {u"model/token_param"_s, u"or max_tokens (deepseek, moonshot, dashscope, ollama, custom)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             const auto preset = Presets::find(c.model.preset);
             c.model.tokenParam = r.choice(key, preset ? preset->tokenParam : u"max_tokens"_s,
                                           {u"max_tokens"_s, u"max_completion_tokens"_s});
         },
         [](const C &c) { return c.model.tokenParam; }},
        {u"model/stream_usage"_s,
         u"send stream_options.include_usage (false for moonshot, ollama, custom)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             const auto preset = Presets::find(c.model.preset);
             c.model.streamUsage = r.flag(key, preset ? preset->streamUsage : false);
         },
         [](const C &c) { return flag(c.model.streamUsage); }},
        {u"model/system_role"_s, u"or developer"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.systemRole = r.choice(key, c.model.systemRole, {u"system"_s, u"developer"_s});
         },
         [](const C &c) { return c.model.systemRole; }},
        {u"model/deployment"_s, u"azure: the deployment name (default: model)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             // Azure names the deployment in the path; by default it is named as the model.
             const auto preset = Presets::find(c.model.preset);
             c.model.deployment =
                 r.text(key, preset && preset->deploymentPath ? c.model.model : QString());
         },
         [](const C &c) { return c.model.deployment; }},
        {u"model/api_version"_s, u"azure"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.apiVersion = r.text(key, c.model.apiVersion);
         },
         [](const C &c) { return c.model.apiVersion; }},
        {u"conversation/max_turns"_s, u"earlier question/answer pairs sent along, at most"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.conversation.maxTurns = r.integer(key, c.conversation.maxTurns, 0, 1000);
         },
         [](const C &c) { return num(c.conversation.maxTurns); }},
        {u"conversation/max_context_tokens"_s,
         u"and no more tokens for the whole prompt than this; 0: what the model's window leaves "
         u"after the answer's reserve (max_answer_tokens, else a quarter of the window, at most "
         u"4096)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.conversation.maxContextTokens =
                 r.integer(key, c.conversation.maxContextTokens, 0, 100000000);
         },
         [](const C &c) { return num(c.conversation.maxContextTokens); }},
        {u"model/context_window"_s,
         u"tokens the model takes (prompt + answer); 0: known from the model's name (gpt-4o* "
         u"128000, gpt-4.1* 1047576, ...), else 8192"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.contextWindow = r.integer(key, c.model.contextWindow, 0, 100000000);
         },
         [](const C &c) { return num(c.model.contextWindow); }},
        {u"model/tokenizer"_s,
         u"auto (by the model's name), o200k_base, cl100k_base or estimate (both describe the "
         u"configured model: one picked with /model is judged by its name)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.tokenizer =
                 r.choice(key, c.model.tokenizer,
                          {u"auto"_s, u"o200k_base"_s, u"cl100k_base"_s, u"estimate"_s});
         },
         [](const C &c) { return c.model.tokenizer; }},
        {u"model/hide_thinking"_s, u"keep <think>…</think> out of DingTalk (the log keeps it)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.hideThinking = r.flag(key, c.model.hideThinking);
         },
         [](const C &c) { return flag(c.model.hideThinking); }},
        {u"model/allowed_models"_s,
         u"what /model may switch to, e.g. gpt-4o-mini, gpt-4.1; empty: none"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.model.allowedModels = r.list(key);
         },
         [](const C &c) { return c.model.allowedModels.join(u", "_s); }},
        {u"dingtalk/session_webhook_prefix"_s,
         u"answers go only to webhooks under this: the same scheme, host and port, and a path "
         u"below its path"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.sessionWebhookPrefix = r.text(key, c.dingtalk.sessionWebhookPrefix);
             if (!isHttpUrl(QUrl(c.dingtalk.sessionWebhookPrefix)))
                 r.errors
                     << u"dingtalk/session_webhook_prefix must be an http:// or https:// URL"_s;
         },
         [](const C &c) { return c.dingtalk.sessionWebhookPrefix; }},
        {u"dingtalk/sign_window_seconds"_s,
         u"a callback signed longer ago than this (or ahead) is refused; DingTalk calls at once, "
         u"so this only allows for clock drift"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.signWindowSeconds = r.integer(key, c.dingtalk.signWindowSeconds, 1, 3600);
         },
         [](const C &c) { return num(c.dingtalk.signWindowSeconds); }},
        {u"dingtalk/send_timeout_seconds"_s, u"each request to DingTalk gives up after this long"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.sendTimeoutSeconds = r.integer(key, c.dingtalk.sendTimeoutSeconds, 1, 600);
         },
         [](const C &c) { return num(c.dingtalk.sendTimeoutSeconds); }},
        {u"dingtalk/openapi_base_url"_s, u"DingTalk's OpenAPI (tokens, robot messages, cards)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.openApiBase = readHttpUrl(r, key, c.dingtalk.openApiBase);
         },
         [](const C &c) { return c.dingtalk.openApiBase.toString(); }},
        {u"dingtalk/custom_webhook_url"_s, u"where custom robot webhooks post"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.customWebhookUrl = readHttpUrl(r, key, c.dingtalk.customWebhookUrl);
         },
         [](const C &c) { return c.dingtalk.customWebhookUrl.toString(); }},
        {u"dingtalk/stream_gateway_url"_s, u"where Stream-mode robots open their connection"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.streamGatewayUrl = readHttpUrl(r, key, c.dingtalk.streamGatewayUrl);
         },
         [](const C &c) { return c.dingtalk.streamGatewayUrl.toString(); }},
        {u"dingtalk/webhook_per_minute"_s,
         u"custom robots stay under this (DingTalk throttles beyond it)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.webhookPerMinute = r.integer(key, c.dingtalk.webhookPerMinute, 1, 600);
         },
         [](const C &c) { return num(c.dingtalk.webhookPerMinute); }},
        {u"dingtalk/throttle_wait_seconds"_s,
         u"after errcode 130101 (too fast), before trying again"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.throttleWaitSeconds =
                 r.integer(key, c.dingtalk.throttleWaitSeconds, 1, 3600);
         },
         [](const C &c) { return num(c.dingtalk.throttleWaitSeconds); }},
        // Checked once the robots are read: it must name one of them.
        {u"dingtalk/notify_robot"_s,
         u"a robot with webhook=true whose group is told whenever an answer could not be "
         u"delivered"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.dingtalk.notifyRobot = r.text(key, QString());
         },
         [](const C &c) { return c.dingtalk.notifyRobot; }},
        {u"network/model_proxy"_s,
         u"none, system, http://[user@]host:port or socks5://[user@]host:port"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.network.modelProxy = readProxy(r, key, u"model"_s);
         },
         [](const C &c) { return proxyText(c.network.modelProxy); }},
        {u"network/dingtalk_proxy"_s, u"the same, for the answers sent to DingTalk"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.network.dingtalkProxy = readProxy(r, key, u"dingtalk"_s);
         },
         [](const C &c) { return proxyText(c.network.dingtalkProxy); }},
        {u"network/ca_bundle"_s,
         u"PEM file of CAs to trust besides the system's (a corporate TLS proxy's); relative "
         u"paths are relative to this file"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &ctx) {
             c.network.caBundle = absolute(r.text(key, QString()), ctx);
             if (!c.network.caBundle.isEmpty() && !QFileInfo(c.network.caBundle).isReadable())
                 r.errors << u"network/ca_bundle %1 cannot be read"_s.arg(c.network.caBundle);
         },
         [](const C &c) { return c.network.caBundle; }},
        {u"tunnel/mode"_s, u"none, fixed (public_url) or process (a supervised tunnel program)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.mode = r.choiceOf(key, c.tunnel.mode,
                                        {TunnelMode::None, TunnelMode::Fixed, TunnelMode::Process});
         },
         [](const C &c) { return nameOf(c.tunnel.mode); }},
        {u"tunnel/public_url"_s,
         u"the address DingTalk reaches the relay at, e.g. https://relay.example.com"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             const QString url = r.text(key, QString());
             c.tunnel.publicUrl = QUrl(url);
             if (!url.isEmpty() &&
                 (!isHttpUrl(c.tunnel.publicUrl) || c.tunnel.publicUrl.hasQuery()))
                 r.errors << u"tunnel/public_url must be an http:// or https:// URL such as "
                             u"https://relay.example.com (found \"%1\")"_s.arg(url);
         },
         [](const C &c) { return c.tunnel.publicUrl.toString(); }},
        {u"tunnel/preset"_s, u"mode=process: cloudflared, ngrok, frpc, ssh or custom"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.preset = r.choice(key, c.tunnel.preset, TunnelPresets::names());
         },
         [](const C &c) { return c.tunnel.preset; }},
        {u"tunnel/binary"_s, u"the preset's program when it is not on PATH"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.binary = r.text(key, QString());
         },
         [](const C &c) { return c.tunnel.binary; }},
        {u"tunnel/extra_args"_s, u"more arguments for the preset's program, quoted like command"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.extraArgs = r.text(key, QString());
         },
         [](const C &c) { return c.tunnel.extraArgs; }},
        {u"tunnel/command"_s, u"custom: the command line; {port} and {host} are the relay's"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.command = r.text(key, QString());
         },
         [](const C &c) { return c.tunnel.command; }},
        {u"tunnel/url_pattern"_s,
         u"custom: a regular expression finding the public URL in its output"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.urlPattern = r.text(key, QString());
         },
         [](const C &c) { return c.tunnel.urlPattern; }},
        {u"tunnel/ready_pattern"_s,
         u"custom: a regular expression for the line that says it is open"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.readyPattern = r.text(key, QString());
         },
         [](const C &c) { return c.tunnel.readyPattern; }},
        {u"tunnel/frpc_config"_s,
         u"frpc: your frpc.toml (relative paths are relative to this file)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &ctx) {
             c.tunnel.frpcConfig = absolute(r.text(key, QString()), ctx);
         },
         [](const C &c) { return c.tunnel.frpcConfig; }},
        {u"tunnel/ssh_target"_s, u"ssh: user@host of your server"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.sshTarget = r.text(key, QString());
         },
         [](const C &c) { return c.tunnel.sshTarget; }},
        {u"tunnel/ssh_remote_port"_s, u"ssh: the port opened on that server (ssh -R)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.sshRemotePort = r.integer(key, c.tunnel.sshRemotePort, 1, 65535);
         },
         [](const C &c) { return num(c.tunnel.sshRemotePort); }},
        {u"tunnel/check_interval_seconds"_s,
         u"reachability check; 0: only at start and on demand"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.tunnel.checkIntervalSeconds =
                 r.integer(key, c.tunnel.checkIntervalSeconds, 0, 86400);
         },
         [](const C &c) { return num(c.tunnel.checkIntervalSeconds); }},
        {u"app/start_at_login"_s, u"Settings writes or removes the XDG autostart entry to match"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.general.startAtLogin = r.flag(key, c.general.startAtLogin);
         },
         [](const C &c) { return flag(c.general.startAtLogin); }},
        {u"app/language"_s, u"the windows' language: empty follows the system, en or zh"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.general.language = r.choice(key, c.general.language, {QString(), u"en"_s, u"zh"_s});
         },
         [](const C &c) { return c.general.language; }},
        {u"app/notify_new_messages"_s,
         u"a desktop notice for every new DingTalk message (not only errors)"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.general.notifyNewMessages = r.flag(key, c.general.notifyNewMessages);
         },
         [](const C &c) { return flag(c.general.notifyNewMessages); }},
        {u"app/notice_interval_minutes"_s,
         u"the same kind of notice at most once in this many minutes"_s,
         [](ConfigReader &r, const QString &key, C &c, const Ctx &) {
             c.general.noticeIntervalMinutes =
                 r.integer(key, c.general.noticeIntervalMinutes, 1, 24 * 60);
         },
         [](const C &c) { return num(c.general.noticeIntervalMinutes); }},
    };
    return table;
}

const QList<RobotSetting> &robotSettings()
{
    static const QList<RobotSetting> table{
        {u"mode"_s, u"http (DingTalk POSTs to callback_path) or stream (needs client_id)"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.mode = r.choiceOf(key, robot.mode, {RobotMode::Http, RobotMode::Stream});
         },
         [](const R &robot) { return nameOf(robot.mode); }, true},
        {u"callback_path"_s, u"mode=http: the path DingTalk POSTs to; default /dingtalk/<id>"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.callbackPath = r.text(key, u"/dingtalk/"_s + robot.id);
             if (!robot.callbackPath.startsWith(u'/') || robot.callbackPath.contains(u'?'))
                 r.errors << u"%1 must be a path starting with '/' (found \"%2\")"_s.arg(
                     key, robot.callbackPath);
         },
         [](const R &robot) { return robot.callbackPath; }, true},
        {u"language"_s, u"zh or en: what the robot says itself (errors, notices)"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.language = r.choice(key, robot.language, {u"zh"_s, u"en"_s});
         },
         [](const R &robot) { return robot.language; }, true},
        {u"system_prompt"_s, u"empty: the model's system prompt"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.systemPrompt = r.text(key, QString());
         },
         [](const R &robot) { return robot.systemPrompt; }},
        {u"model"_s, u"empty: [model] model"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.model = r.text(key, QString());
         },
         [](const R &robot) { return robot.model; }},
        {u"reply_route"_s, u"session, openapi or webhook (see \"How answers reach DingTalk\")"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.replyRoute =
                 r.choiceOf(key, robot.replyRoute,
                            {ReplyRoute::Session, ReplyRoute::OpenApi, ReplyRoute::Webhook});
         },
         [](const R &robot) { return nameOf(robot.replyRoute); }},
        {u"client_id"_s, u"the app's AppKey (robotCode): enables the robot OpenAPI"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.clientId = r.text(key, QString());
         },
         [](const R &robot) { return robot.clientId; }},
        // reply_route=webhook implies it: read after the route.
        {u"webhook"_s, u"true: a group custom robot webhook (token in the secrets)"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.hasWebhook =
                 r.flag(key, robot.hasWebhook) || robot.replyRoute == ReplyRoute::Webhook;
         },
         [](const R &robot) { return flag(robot.hasWebhook); }},
        {u"webhook_keywords"_s, u"the custom robot's security keywords, separated by commas"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.keywords = r.list(key);
             if (robot.keywords.size() > 10)
                 r.errors << u"%1: DingTalk allows at most 10 keywords"_s.arg(key);
         },
         [](const R &robot) { return robot.keywords.join(u", "_s); }},
        {u"card_template_id"_s,
         u"an AI card template: answers type out as the model writes (needs client_id; see "
         u"\"Answers that type as the model writes\")"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             static const QRegularExpression templateId(u"^[A-Za-z0-9._-]{1,128}$"_s);
             robot.cardTemplateId = r.text(key, QString()).trimmed();
             if (!robot.cardTemplateId.isEmpty() &&
                 !templateId.match(robot.cardTemplateId).hasMatch())
                 r.errors << u"%1 must be a template id from DingTalk's card "
                             u"platform, such as 1a2b3c4d-0000-1111-2222-333344445555.schema "
                             u"(found \"%2\")"_s.arg(key, robot.cardTemplateId);
         },
         [](const R &robot) { return robot.cardTemplateId; }},
        {u"card_content_key"_s, u"the template variable the answer streams into"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             static const QRegularExpression variable(u"^[A-Za-z_][A-Za-z0-9_]{0,63}$"_s);
             robot.cardContentKey = r.text(key, robot.cardContentKey);
             if (!variable.match(robot.cardContentKey).hasMatch())
                 r.errors << u"%1 must name a variable of the card template "
                             u"(letters, digits and '_'; found \"%2\")"_s.arg(key,
                                                                              robot.cardContentKey);
         },
         [](const R &robot) { return robot.cardContentKey; }},
        {u"card_interval_ms"_s,
         u"least time between two card updates, 100 to 10000; each is an API call "
         u"DingTalk counts"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.cardIntervalMs = r.integer(key, robot.cardIntervalMs, 100, 10000);
         },
         [](const R &robot) { return num(robot.cardIntervalMs); }},
        {u"context"_s,
         u"whose earlier turns an answer sees: user (the sender's own, also in groups), group "
         u"(one context shared by the group) or off"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             const QString context =
                 r.choice(key, contextName(robot.context), {u"user"_s, u"group"_s, u"off"_s});
             robot.context = context == u"group"_s ? ContextMode::Group
                             : context == u"off"_s ? ContextMode::Off
                                                   : ContextMode::User;
         },
         [](const R &robot) { return contextName(robot.context); }},
        {u"mention_names"_s,
         u"the robot's names: an \"@name\" DingTalk left in a group message is cut"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.mentionNames = r.list(key);
             for (QString &name : robot.mentionNames) {
                 if (name.startsWith(u'@'))
                     name.remove(0, 1);
             }
         },
         [](const R &robot) { return robot.mentionNames.join(u", "_s); }},
        {u"models"_s, u"what /model may switch to here; empty: [model] allowed_models"_s,
         [](ConfigReader &r, const QString &key, R &robot) { robot.models = r.list(key); },
         [](const R &robot) { return robot.models.join(u", "_s); }},
        {u"allow_senders"_s,
         u"staffIds who may talk to the robot; empty: anyone in the organisation"_s,
         [](ConfigReader &r, const QString &key, R &robot) { robot.allowSenders = r.list(key); },
         [](const R &robot) { return robot.allowSenders.join(u", "_s); }},
        {u"allow_conversations"_s, u"conversationIds it answers in; empty: any"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.allowConversations = r.list(key);
         },
         [](const R &robot) { return robot.allowConversations.join(u", "_s); }},
        {u"admins"_s, u"staffIds always allowed, with no daily limits"_s,
         [](ConfigReader &r, const QString &key, R &robot) { robot.admins = r.list(key); },
         [](const R &robot) { return robot.admins.join(u", "_s); }},
        {u"allow_outsiders"_s, u"true: also people outside the organisation (no staffId)"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.allowOutsiders = r.flag(key, robot.allowOutsiders);
         },
         [](const R &robot) { return flag(robot.allowOutsiders); }},
        {u"daily_messages"_s, u"questions per person a day, reset at local midnight; 0: no limit"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.dailyMessages = r.integer(key, robot.dailyMessages, 0, 1000000);
         },
         [](const R &robot) { return num(robot.dailyMessages); }},
        {u"daily_tokens"_s, u"tokens per person a day (prompt + answer); 0: no limit"_s,
         [](ConfigReader &r, const QString &key, R &robot) {
             robot.dailyTokens = r.integer(key, robot.dailyTokens, 0, 2000000000);
         },
         [](const R &robot) { return num(robot.dailyTokens); }},
    };
    return table;
}

const QList<PersonaSetting> &personaSettings()
{
    static const QList<PersonaSetting> table{
        {u"prompt"_s,
         u"the persona's system prompt; several lines: in quotes with \\n, e.g. \"Be "
         u"brief.\\nCite sources.\""_s,
         [](ConfigReader &r, const QString &key, P &persona) {
             persona.prompt = r.text(key, QString());
         },
         [](const P &persona) { return persona.prompt; }, true},
        {u"description"_s, u"one line in /persona's list"_s,
         [](ConfigReader &r, const QString &key, P &persona) {
             persona.description = r.text(key, QString());
         },
         [](const P &persona) { return persona.description; }},
    };
    return table;
}

QStringList changedKeys(const AppConfig &want, const AppConfig &have)
{
    QStringList keys;
    for (const Setting &f : settings()) {
        if (f.write(want) != f.write(have))
            keys << f.key;
    }
    for (const RobotSettings &robot : want.robots) {
        const RobotSettings *other = have.robotById(robot.id);
        if (!other) {
            keys << u"[robot."_s + robot.id + u']';
            continue;
        }
        for (const RobotSetting &f : robotSettings()) {
            if (f.write(robot) != f.write(*other))
                keys << u"robot."_s + robot.id + u'/' + f.name;
        }
    }
    for (const PersonaSettings &persona : want.personas) {
        const PersonaSettings *other = have.personaByName(persona.name);
        if (!other) {
            keys << u"[persona."_s + persona.name + u']';
            continue;
        }
        for (const PersonaSetting &f : personaSettings()) {
            if (f.write(persona) != f.write(*other))
                keys << u"persona."_s + persona.name + u'/' + f.name;
        }
    }
    // Sections only the other has: removed ones are changes too.
    for (const RobotSettings &robot : have.robots) {
        if (!want.robotById(robot.id))
            keys << u"[robot."_s + robot.id + u']';
    }
    for (const PersonaSettings &persona : have.personas) {
        if (!want.personaByName(persona.name))
            keys << u"[persona."_s + persona.name + u']';
    }
    return keys;
}

} // namespace Schema
