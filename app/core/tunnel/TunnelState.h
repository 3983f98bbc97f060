// TunnelState: where the way in from the internet stands, as the tray, dialogs and log show it.
#pragma once

#include <QObject>
#include <QString>

namespace Tunnel {
Q_NAMESPACE

enum class State {
    Off,      // tunnel/mode=none: no public URL (local use, or Stream-mode robots only)
    Starting, // the program runs; its URL or its "open" line has not come yet
    Up,       // the public URL is known and the tunnel says it is open (or the URL is fixed)
    Retrying, // the program exited; it starts again after a pause
    Failed,   // given up until restarted: missing program, bad command, or it keeps exiting
    Stopped,  // stopped on purpose (quit)
};
Q_ENUM_NS(State)

// "off", "starting", "up", "retrying", "failed", "stopped": for logs and /healthz.
QString stateName(State state);
} // namespace Tunnel
