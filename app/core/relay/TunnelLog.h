// TunnelLog: writes the tunnel's state, public URL and reachability checks to the log.
#pragma once

#include "config/Config.h"

class TunnelManager;

namespace TunnelLog {
// Logs what tunnel reports from now on, with each HTTP robot's callback URL when the public
// URL changes. A check is logged when its outcome differs from the one before, so a tunnel
// that stays up (or down) does not fill the log every few minutes.
void attach(TunnelManager *tunnel, const AppConfig &config);
} // namespace TunnelLog
