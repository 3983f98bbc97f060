// SettingsContext: what the settings pages share: the secrets, the saved config and the edited one.
#pragma once

#include "config/Config.h"

#include <QObject>
#include <QPointer>

#include <functional>

class SecretDrafts;
class SecretStore;
class TunnelManager;

// The settings dialog and the first-run wizard each make one and hand it to the pages they
// show. A page reads other pages' unsaved values through current() (the Robots page shows
// callback URLs from the Relay page's port) and refreshes on edited().
class SettingsContext final : public QObject
{
    Q_OBJECT
public:
    SettingsContext(SecretStore &store, QString configPath, QObject *parent = nullptr);

    SecretDrafts &secrets() const { return *m_secrets; }
    QString configPath() const { return m_configPath; }

    // The config as last saved (what the running relay uses).
    const AppConfig &saved() const { return m_saved; }
    void setSaved(const AppConfig &config) { m_saved = config; }

    // The config with every page's unsaved edits; the owner of the pages supplies it.
    AppConfig current() const { return m_collect ? m_collect() : m_saved; }
    void setCollector(std::function<AppConfig()> collect) { m_collect = std::move(collect); }

    // The address DingTalk reaches for a robot's callback path: the public URL when there
    // is one, else the relay's own address (only useful on this machine). Empty while a
    // tunnel program has not said its URL yet.
    static QString callbackUrl(const AppConfig &config, const QString &callbackPath);

    // The running relay's tunnel, for the Relay page's state line; null while none runs (and
    // in the wizard). It goes away with its relay: the app hands in the next one.
    TunnelManager *tunnel() const;
    void setTunnel(TunnelManager *tunnel);

signals:
    // Some page changed a value; pages showing derived values refresh.
    void edited();
    // The Robots section took out the robot at this position. Pages keeping settings of their
    // own per robot keep them by position (a robot's name may still change while it is new).
    void robotRemoved(int index);
    void tunnelChanged();

private:
    SecretDrafts *m_secrets;
    QString m_configPath;
    AppConfig m_saved;
    std::function<AppConfig()> m_collect;
    QPointer<TunnelManager> m_tunnel;
};
