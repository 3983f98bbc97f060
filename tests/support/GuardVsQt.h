// GuardVsQt: whether Qt's HTTP parser frames the bytes HttpGuard passes as the guard does.
#pragma once

#include "relay/HttpGuard.h"

#include <QByteArrayView>
#include <QString>

class QtParserProbe;

// Empty when the guard refuses the bytes, or when Qt's parser reads from them the requests the
// guard counted, with the same body sizes, and keeps the connection open (but after a
// WebSocket upgrade, which Qt answers and closes). Qt gets the bytes in pieces of `piece`
// bytes (0: whole), then, where the guard would take one, a request of its own, which must
// come out whole. Otherwise, what differs.
QString guardVsQt(QtParserProbe &probe, QByteArrayView bytes, qsizetype piece = 0,
                  HttpLimits limits = {});
