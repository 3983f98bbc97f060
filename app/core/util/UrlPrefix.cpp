#include "util/UrlPrefix.h"

using namespace Qt::StringLiterals;

namespace {
int portOf(const QUrl &url)
{
    if (url.port() != -1)
        return url.port();
    return url.scheme() == u"https"_s ? 443 : url.scheme() == u"http"_s ? 80 : -1;
}
} // namespace

bool UrlPrefix::contains(const QUrl &prefix, const QUrl &url)
{
    if (!prefix.isValid() || !url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme() != prefix.scheme() || url.host() != prefix.host() ||
        portOf(url) != portOf(prefix))
        return false;
    const QString path = url.adjusted(QUrl::NormalizePathSegments).path();
    if (path.contains(u"/../"_s) || path.endsWith(u"/.."_s))
        return false; // climbs above the root: nothing of the prefix holds
    QString base = prefix.adjusted(QUrl::NormalizePathSegments).path();
    if (base.isEmpty() || base == u"/"_s)
        return true;
    if (!base.endsWith(u'/'))
        return path == base || path.startsWith(base + u'/');
    return path.startsWith(base);
}
