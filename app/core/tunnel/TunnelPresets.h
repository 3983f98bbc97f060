// TunnelPresets: the program, arguments and output patterns of each kind of tunnel.
#pragma once

#include "tunnel/TunnelSettings.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <optional>

// What to run for a tunnel and how to read what it prints.
struct TunnelCommand
{
    QString name;          // for messages: "cloudflared", "ssh", the custom program's name
    QString program;       // a name looked up on PATH, or a path
    QStringList arguments; // passed as they are: no shell
    QString installHint;   // what to do when the program is missing
    // Finds the public URL in a line of output (capture group 1, else the whole match).
    // Unset when the URL is configured.
    QRegularExpression urlPattern;
    // A line saying the tunnel is open; unset: open once the URL is known (or at start).
    QRegularExpression readyPattern;
    QUrl configuredUrl; // public_url, when set
    // Variables added to the program's environment (the tunnel token under its names).
    QList<std::pair<QString, QString>> environment;
    QString error; // why no command could be built; the rest is then unset

    // The public URL in one line of output, when the line announces it.
    std::optional<QUrl> findUrl(const QString &line) const;
    bool isReady(const QString &line) const;
};

namespace TunnelPresets {
QStringList names();
// The command for settings (mode=process); host and port are where the relay listens, token
// is the secret tunnel/token (may be empty).
TunnelCommand build(const TunnelSettings &settings, const QString &host, quint16 port,
                    const QString &token);
} // namespace TunnelPresets
