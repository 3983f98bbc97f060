// ChildEnvironment: the environment DingRelay gives a program it starts, without its secrets.
#pragma once

#include <QProcessEnvironment>

namespace ChildEnvironment {
// Every DINGRELAY_SECRET_* variable is named so (secrets/SecretStore makes the names).
inline constexpr char SecretPrefix[] = "DINGRELAY_SECRET_";

// DingRelay's own environment less every DINGRELAY_SECRET_* variable: a systemd unit loads
// them all, and a child would otherwise show them in /proc/<pid>/environ and pass them on
// (ssh's SendEnv). A child gets only what is added for it.
QProcessEnvironment
withoutSecrets(const QProcessEnvironment &from = QProcessEnvironment::systemEnvironment());
} // namespace ChildEnvironment
