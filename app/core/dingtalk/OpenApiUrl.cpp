#include "dingtalk/OpenApiUrl.h"

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
