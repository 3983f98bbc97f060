// UrlPrefix: whether a URL lies under another one, compared as parsed URLs, not as text.
#pragma once

#include <QUrl>

// A text prefix lets "https://oapi.dingtalk.com.evil.example/" pass for
// "https://oapi.dingtalk.com", and "…/robot/../x" climb out of a path. Here the scheme, host and
// port must be the same (the port as the scheme's default when absent), the URL must carry no
// user info, and its normalised path must be the prefix's path or lie below it.
namespace UrlPrefix {
bool contains(const QUrl &prefix, const QUrl &url);
} // namespace UrlPrefix
