// UrlPrefix: whether a URL lies under another one, compared as parsed URLs, not as text.
#pragma once

#include <QUrl>

// A text prefix lets "https://oapi.dingtalk.com.evil.example/" pass for
// "https://oapi.dingtalk.com", and "…/robot/../x" climb out of a path. Here the scheme, host and
// port must be the same (the port as the scheme's default when absent), the URL must carry no
// user info, and its path must be the prefix's path or lie below it.
// A path that any server could read as another path is refused outright rather than
// normalised: a dot segment ("." or "..", percent-encoded or not, also before a ";"), an
// encoded "/" or "\" and a plain "\". The URL is sent as it came, so a normalisation here
// would have to be the one the receiving server applies, and servers differ (some decode %2F,
// some take "\" for "/", some read "..;" as ".."); DingTalk's own webhooks contain none of them.
namespace UrlPrefix {
bool contains(const QUrl &prefix, const QUrl &url);
// A path with a dot segment, an encoded slash or a backslash (see above).
bool isAmbiguousPath(const QUrl &url);
} // namespace UrlPrefix
