// HealthToken: the token that shows /healthz's details, kept in the data folder for local tools.
#pragma once

#include <QByteArray>
#include <QString>

// /healthz faces the internet through the tunnel: there it answers its status alone. Robot
// ids, paths, queue depths, the version and the tunnel's last words are for whoever can read
// <data_dir>/health-token (0600), made once at the first start: the desktop app's user,
// scripts and monitoring on the machine, which send it as "Authorization: Bearer <token>".
namespace HealthToken {
inline constexpr char FileName[] = "health-token";
// The token in dataDir, made when there is none; empty with *error on failure.
QByteArray ensure(const QString &dataDir, QString *error);
} // namespace HealthToken
