// Autostart: the XDG autostart entry that starts the desktop app when the user logs in.
#pragma once

#include <QString>
#include <QStringList>

namespace Autostart {
// $XDG_CONFIG_HOME/autostart/org.dingrelay.DingRelay.desktop
QString entryPath();
bool isEnabled();
// Writes the entry running command (the program, then its arguments), or removes it.
// false with *error when the file cannot be written or removed.
bool setEnabled(bool enabled, const QStringList &command, QString *error);
// command as a desktop entry's Exec value: quoted where needed, '%' doubled.
QString execLine(const QStringList &command);
} // namespace Autostart
