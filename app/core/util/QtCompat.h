// QtCompat: the Qt API that differs between Qt 6.4 and later versions, besides the HTTP server
// (util/HttpServerBase), so that no other file needs a QT_VERSION check.
#pragma once

#include <QWebSocket>
#include <QtGlobal>

namespace QtCompat {

// The QWebSocket signal that reports a failure: error() in Qt 6.4, errorOccurred() from 6.5
// (where error() is deprecated).
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
inline constexpr auto webSocketError = qOverload<QAbstractSocket::SocketError>(&QWebSocket::error);
#else
inline constexpr auto webSocketError = &QWebSocket::errorOccurred;
#endif

} // namespace QtCompat
