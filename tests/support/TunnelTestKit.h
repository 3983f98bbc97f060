// TunnelTestKit: a socat tunnel, a probe-answering fake relay and process checks for tunnel tests.
#pragma once

#include "FakeHttpServer.h"
#include "config/Config.h"
#include "tunnel/ProbeIdentity.h"

namespace TunnelTestKit {
// A custom tunnel made of socat: it prints "tunnel open at http://127.0.0.1:<listenPort>", then
// forwards that port to target ({host}:{port}, the relay, unless told otherwise). socat's
// "listening on" line says it is open.
TunnelSettings socatTunnel(quint16 listenPort,
                           const QString &target = QStringLiteral("{host}:{port}"));

// Makes server answer GET /dingrelay/probe as the relay with identity would; anything else
// gets 200 "hello".
void answerProbes(FakeHttpServer &server, const ProbeIdentity &identity);

// True when pid no longer runs (gone, or a zombie nobody has reaped yet).
bool isGone(qint64 pid);
} // namespace TunnelTestKit
