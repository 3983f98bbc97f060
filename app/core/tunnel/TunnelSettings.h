// TunnelSettings: how DingTalk reaches the relay from the internet ([tunnel] in the config).
#pragma once

#include <QString>
#include <QUrl>

#include <optional>

enum class TunnelMode {
    None,    // no public URL: HTTP robots are reached only if exposed some other way
    Fixed,   // public_url is already routed to the relay (a reverse proxy, a static tunnel)
    Process, // DingRelay runs and supervises a tunnel program (tunnel/preset)
};
// The choice's name in the config file ("none", "fixed", "process"), and back.
QString nameOf(TunnelMode mode);
std::optional<TunnelMode> tunnelModeNamed(const QString &name);

// tunnel/TunnelManager acts on it.
struct TunnelSettings
{
    TunnelMode mode = TunnelMode::None;
    // Where DingTalk reaches the relay. Required for fixed, frpc and ssh; for cloudflared, ngrok
    // and custom with url_pattern it is found in the program's output when left empty.
    QUrl publicUrl;
    QString preset = QStringLiteral("cloudflared"); // cloudflared, ngrok, frpc, ssh or custom
    QString binary;                                 // the preset's program when it is not on PATH
    QString extraArgs;        // appended to the preset's arguments, split like the custom command
    QString command;          // custom: the command line; {port} and {host} name the relay
    QString urlPattern;       // custom: a regular expression finding the public URL in the output
    QString readyPattern;     // custom: a line saying the tunnel is open (empty: once it runs)
    QString frpcConfig;       // frpc: its config file (absolute)
    QString sshTarget;        // ssh: user@host
    int sshRemotePort = 8089; // ssh: the port opened on the server
    int checkIntervalSeconds = 300; // reachability check; 0: at start and on demand only
    static QString tokenKey() { return QStringLiteral("tunnel/token"); }

    friend bool operator==(const TunnelSettings &, const TunnelSettings &) = default;
};
