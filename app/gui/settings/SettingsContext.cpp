#include "settings/SettingsContext.h"

#include "settings/SecretDrafts.h"
#include "tunnel/TunnelManager.h"

using namespace Qt::StringLiterals;

SettingsContext::SettingsContext(SecretStore &store, QString configPath, QObject *parent)
    : QObject(parent)
    , m_secrets(new SecretDrafts(store, this))
    , m_configPath(std::move(configPath))
{}

QString SettingsContext::callbackUrl(const AppConfig &config, const QString &callbackPath)
{
    QString base = config.tunnel.publicUrl.toString();
    if (base.isEmpty() && config.tunnel.mode == TunnelMode::Process)
        return {}; // the tunnel program tells its URL when it runs
    if (base.isEmpty()) {
        QString host = config.relay.address.toString();
        if (config.relay.address == QHostAddress(QHostAddress::AnyIPv4))
            host = u"127.0.0.1"_s;
        else if (config.relay.address.protocol() == QAbstractSocket::IPv6Protocol)
            host = u'[' + host + u']';
        base = u"http://%1:%2"_s.arg(host).arg(config.relay.port);
    }
    while (base.endsWith(u'/'))
        base.chop(1);
    return base + callbackPath;
}

TunnelManager *SettingsContext::tunnel() const
{
    return m_tunnel;
}

void SettingsContext::setTunnel(TunnelManager *tunnel)
{
    if (tunnel == m_tunnel)
        return;
    m_tunnel = tunnel;
    emit tunnelChanged();
}
