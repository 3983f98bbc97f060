#include "tunnel/TunnelPresets.h"

#include "tunnel/CommandLine.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

QRegularExpression pattern(const QString &text)
{
    return QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
}

struct Preset
{
    const char16_t *name;
    QStringList (*arguments)(const TunnelSettings &, const QString &origin);
    const char16_t *urlPattern;   // empty: the URL is configured
    const char16_t *readyPattern; // empty: open once the URL is known
    const char16_t *installHint;
};

QStringList cloudflaredArguments(const TunnelSettings &, const QString &origin)
{
    // --no-autoupdate: an updater replacing the binary under a supervised process only
    // confuses the restarts.
    return {u"tunnel"_s, u"--no-autoupdate"_s, u"--url"_s, origin};
}

QStringList ngrokArguments(const TunnelSettings &, const QString &origin)
{
    // Its terminal UI needs a terminal; the logfmt log on stdout carries url=… instead.
    return {u"http"_s, origin, u"--log"_s, u"stdout"_s, u"--log-format"_s, u"logfmt"_s};
}

QStringList frpcArguments(const TunnelSettings &settings, const QString &)
{
    return {u"-c"_s, settings.frpcConfig};
}

const Preset Presets[] = {
    // A quick tunnel prints its random https://<words>.trycloudflare.com address in a box;
    // api.trycloudflare.com is where it asks for one, named in its error lines.
    {u"cloudflared", cloudflaredArguments, uR"(https://(?!api\.)[a-z0-9-]+\.trycloudflare\.com\b)",
     u"Registered tunnel connection",
     u"install it (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/"
     u"downloads/ has a Debian package), set tunnel/binary to where it is, or choose another "
     u"tunnel"},
    {u"ngrok", ngrokArguments, uR"(\burl=(https://[^\s"]+))", u"started tunnel",
     u"install it (https://ngrok.com/download), add your authtoken (ngrok config "
     u"add-authtoken, or the secret DINGRELAY_SECRET_TUNNEL_TOKEN), or choose another tunnel"},
    {u"frpc", frpcArguments, u"", u"start proxy success",
     u"install frp (https://github.com/fatedier/frp/releases), set tunnel/binary to its frpc, "
     u"or choose another tunnel"},
    {u"ssh", nullptr, u"", u"remote forward success",
     u"install OpenSSH's client (apt install openssh-client), or choose another tunnel"},
};

const Preset *findPreset(const QString &name)
{
    for (const Preset &preset : Presets) {
        if (QStringView(preset.name) == name)
            return &preset;
    }
    return nullptr;
}

QString urlHost(const QString &host)
{
    return host.contains(u':') ? u'[' + host + u']' : host; // an IPv6 address
}

QStringList sshArguments(const TunnelSettings &settings, const QString &host, quint16 port)
{
    // -v: its "remote forward success" line is the only sign that the port is open. BatchMode:
    // a prompt for a password or an unknown host key would wait forever without a terminal.
    return {u"-v"_s,
            u"-N"_s,
            u"-T"_s,
            u"-o"_s,
            u"BatchMode=yes"_s,
            u"-o"_s,
            u"ExitOnForwardFailure=yes"_s,
            u"-o"_s,
            u"ServerAliveInterval=30"_s,
            u"-o"_s,
            u"ServerAliveCountMax=3"_s,
            u"-R"_s,
            u"%1:%2:%3"_s.arg(settings.sshRemotePort).arg(urlHost(host)).arg(port)};
}

} // namespace

std::optional<QUrl> TunnelCommand::findUrl(const QString &line) const
{
    if (urlPattern.pattern().isEmpty())
        return std::nullopt;
    const auto match = urlPattern.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    const QUrl url(match.lastCapturedIndex() >= 1 ? match.captured(1) : match.captured(0),
                   QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) ||
        url.host().isEmpty())
        return std::nullopt;
    return url;
}

bool TunnelCommand::isReady(const QString &line) const
{
    return !readyPattern.pattern().isEmpty() && readyPattern.match(line).hasMatch();
}

QStringList TunnelPresets::names()
{
    QStringList out;
    for (const Preset &preset : Presets)
        out << QString::fromUtf16(preset.name);
    out << u"custom"_s;
    return out;
}

TunnelCommand TunnelPresets::build(const TunnelSettings &settings, const QString &host,
                                   quint16 port, const QString &token)
{
    TunnelCommand command;
    const QList<std::pair<QString, QString>> placeholders = {{u"port"_s, QString::number(port)},
                                                             {u"host"_s, host}};
    const QString origin = u"http://%1:%2"_s.arg(urlHost(host)).arg(port);
    QString error;
    QStringList extra;
    if (!settings.extraArgs.trimmed().isEmpty()) {
        extra =
            CommandLine::substitute(CommandLine::split(settings.extraArgs, &error), placeholders);
        if (!error.isEmpty()) {
            command.error = u"tunnel/extra_args: "_s + error;
            return command;
        }
    }

    if (const Preset *preset = findPreset(settings.preset)) {
        command.name = QString::fromUtf16(preset->name);
        command.program = command.name;
        command.installHint = QString::fromUtf16(preset->installHint);
        if (preset->urlPattern[0])
            command.urlPattern = pattern(QString::fromUtf16(preset->urlPattern));
        command.readyPattern = pattern(QString::fromUtf16(preset->readyPattern));
        if (settings.preset == u"ssh"_s) {
            // Options go before the destination: after it, ssh takes words as a remote command.
            command.arguments = sshArguments(settings, host, port) + extra;
            command.arguments << settings.sshTarget;
        } else {
            command.arguments = preset->arguments(settings, origin) + extra;
        }
        if (settings.preset == u"cloudflared"_s && !token.isEmpty()) {
            // With a token cloudflared runs the named tunnel configured in Cloudflare's
            // dashboard, under the hostname given there: a URL that stays.
            command.arguments = QStringList{u"tunnel"_s, u"--no-autoupdate"_s, u"run"_s} + extra;
            command.environment << std::pair{u"TUNNEL_TOKEN"_s, token};
            command.urlPattern = {};
            if (settings.publicUrl.isEmpty()) {
                command.error = u"cloudflared runs the named tunnel of your tunnel token: set "
                                u"tunnel/public_url to the hostname you gave it"_s;
                return command;
            }
        }
        if (settings.preset == u"ngrok"_s && !token.isEmpty())
            command.environment << std::pair{u"NGROK_AUTHTOKEN"_s, token};
    } else {
        const QStringList words = CommandLine::split(settings.command, &error);
        if (!error.isEmpty()) {
            command.error = u"tunnel/command: "_s + error;
            return command;
        }
        command.arguments = CommandLine::substitute(words.mid(1), placeholders) + extra;
        command.program = words.first();
        command.name = QFileInfo(command.program).fileName();
        command.installHint = u"check tunnel/command: its first word must be a program on PATH "
                              u"or a full path"_s;
    }
    if (!settings.binary.isEmpty())
        command.program = settings.binary;
    if (!token.isEmpty())
        command.environment << std::pair{u"DINGRELAY_TUNNEL_TOKEN"_s, token};

    if (!settings.urlPattern.isEmpty())
        command.urlPattern = pattern(settings.urlPattern);
    if (!settings.readyPattern.isEmpty())
        command.readyPattern = pattern(settings.readyPattern);
    // A quick tunnel's address is new at every start: only its output can say what it is.
    const bool quickTunnel = settings.preset == u"cloudflared"_s && token.isEmpty();
    if (!quickTunnel)
        command.configuredUrl = settings.publicUrl;
    if (!command.configuredUrl.isEmpty())
        command.urlPattern = {}; // the configured URL is the one DingTalk is given
    else if (command.urlPattern.pattern().isEmpty())
        command.error = u"tunnel/preset=%1 does not print its public URL: set tunnel/public_url "
                        u"to the address the tunnel is reached at"_s.arg(settings.preset);
    else if (!command.urlPattern.isValid())
        command.error = u"tunnel/url_pattern is not a valid regular expression: %1"_s.arg(
            command.urlPattern.errorString());
    if (!command.readyPattern.isValid())
        command.error = u"tunnel/ready_pattern is not a valid regular expression: %1"_s.arg(
            command.readyPattern.errorString());
    return command;
}
