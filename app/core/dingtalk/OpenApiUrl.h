// OpenApiUrl: the small pieces every caller of DingTalk's OpenAPI shares: its URLs and how a
// refused answer is quoted in a log line or an error.
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace OpenApiUrl {
// base + path, keeping a path prefix the base may carry (a gateway's): "https://gw/ding" and
// "/v1.0/card/streaming" give "https://gw/ding/v1.0/card/streaming".
QUrl endpoint(QUrl base, const QString &path);
// The start of an answer body on one line, for an error message.
QString excerpt(const QByteArray &body);
} // namespace OpenApiUrl
