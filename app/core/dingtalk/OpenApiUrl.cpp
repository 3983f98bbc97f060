#include "dingtalk/OpenApiUrl.h"

using namespace Qt::StringLiterals;

QUrl OpenApiUrl::endpoint(QUrl base, const QString &path)
{
    QString prefix = base.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    base.setPath(prefix + path);
    return base;
}

QString OpenApiUrl::excerpt(const QByteArray &body)
{
    return QString::fromUtf8(body.left(200)).simplified();
}

bool OpenApiUrl::isThrottling(int httpStatus, const QString &code)
{
    const QString lower = code.toLower();
    return httpStatus == 429 || lower.contains(u"qpslimit"_s) || lower.contains(u"qpmlimit"_s) ||
           lower.contains(u"throttl"_s) || lower.contains(u"flowcontrol"_s) ||
           lower.contains(u"ratelimit"_s);
}
