#include "util/UrlPrefix.h"

#include <QByteArrayList>

using namespace Qt::StringLiterals;

namespace {
int portOf(const QUrl &url)
{
    if (url.port() != -1)
        return url.port();
    return url.scheme() == u"https"_s ? 443 : url.scheme() == u"http"_s ? 80 : -1;
}
} // namespace

bool UrlPrefix::isAmbiguousPath(const QUrl &url)
{
    // The path as it goes on the wire: QUrl keeps %2F and %5C encoded there and decodes the
    // rest of the unreserved bytes, %2E included.
    const QByteArray encoded = url.path(QUrl::FullyEncoded).toLatin1();
    const QByteArray lower = encoded.toLower();
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains('\\'))
        return true;
    for (const QByteArray &segment : encoded.split('/')) {
        // Decoded, and up to a ";": some servers read "..;x" as "..".
        const QByteArray name = QByteArray::fromPercentEncoding(segment.split(';').first());
        if (name == "." || name == "..")
            return true;
    }
    return false;
}

bool UrlPrefix::contains(const QUrl &prefix, const QUrl &url)
{
    if (!prefix.isValid() || !url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme() != prefix.scheme() || url.host() != prefix.host() ||
        portOf(url) != portOf(prefix))
        return false;
    if (isAmbiguousPath(url))
        return false;
    const QString path = url.path();
    const QString base = prefix.adjusted(QUrl::NormalizePathSegments).path();
    if (base.isEmpty() || base == u"/"_s)
        return true;
    if (!base.endsWith(u'/'))
        return path == base || path.startsWith(base + u'/');
    return path.startsWith(base);
}
