// OpenApiUrl: the small pieces every caller of DingTalk's OpenAPI shares: its URLs, and how a
// refused answer is read and quoted in a log line or an error.
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
// Whether a refusal means "too many calls": HTTP 429, or a code such as
// Forbidden.AccessDenied.QpsLimitForApi (DingTalk also answers throttling with 403 or 400).
bool isThrottling(int httpStatus, const QString &code);
} // namespace OpenApiUrl
