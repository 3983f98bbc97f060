// ProxySettings: how one destination is reached (directly, the system's proxy or a given one).
#pragma once

#include <QString>

struct ProxySettings
{
    enum class Kind { None, System, Http, Socks5 };
    Kind kind = Kind::None;
    QString host;
    quint16 port = 0;
    QString user;  // the password is the secret passwordKey()
    QString which; // "model" or "dingtalk"
    QString passwordKey() const
    {
        return QStringLiteral("network/") + which + QStringLiteral("_proxy_password");
    }
    static ProxySettings direct(const QString &which)
    {
        ProxySettings proxy;
        proxy.which = which;
        return proxy;
    }

    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;
};
