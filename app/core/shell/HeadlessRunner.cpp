#include "shell/HeadlessRunner.h"

#include "config/Config.h"
#include "relay/Relay.h"
#include "secrets/SecretLoader.h"
#include "shell/SignalWatcher.h"
#include "util/Log.h"

#include <csignal>

using namespace Qt::StringLiterals;

HeadlessRunner::HeadlessRunner(QString configPath, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_configPath(std::move(configPath))
    , m_secrets(secrets)
{}

void HeadlessRunner::fail(const QString &why)
{
    for (const QString &line : why.split(u'\n'))
        qCCritical(lcConfig).noquote() << line;
    qCCritical(lcConfig).noquote() << "DingRelay did not start.";
    emit finished(StartupFailed);
}

void HeadlessRunner::start()
{
    // Signals are watched from the start, so a SIGTERM during startup still exits cleanly.
    m_signals = new SignalWatcher(this);
    connect(m_signals, &SignalWatcher::terminationRequested, this, [this](int number) {
        // SIGHUP too: the settings are read at the next start, not reloaded in place.
        qCInfo(lcRelay).noquote() << (number == SIGHUP   ? u"SIGHUP"_s
                                      : number == SIGINT ? u"SIGINT"_s
                                                         : u"SIGTERM"_s)
                                  << "received: stopping";
        if (m_relay)
            m_relay->shutdown();
        else
            emit finished(Success);
    });

    const ConfigResult loaded = m_configPath.isEmpty()
                                    ? Config::loadOrDefaults(Config::defaultConfigFile())
                                    : Config::load(m_configPath);
    for (const QString &warning : loaded.warnings)
        qCWarning(lcConfig).noquote() << warning;
    if (!loaded.ok()) {
        fail(loaded.errors.join(u'\n'));
        return;
    }
    const AppConfig config = loaded.config;
    qCInfo(lcConfig).noquote() << "config"
                               << (config.sourceFile.isEmpty() ? u"(defaults)"_s
                                                               : config.sourceFile)
                               << "- secrets from" << m_secrets.describe();

    SecretLoader::load(m_secrets, config.requiredSecrets(), config.optionalSecrets(), this,
                       [this, config](const SecretLoadResult &secrets) {
                           if (!secrets.ok()) {
                               fail(secrets.describe());
                               return;
                           }
                           m_relay = new Relay(config, secrets.values, this);
                           connect(m_relay, &Relay::stopped, this, [this] {
                               qCInfo(lcRelay) << "stopped";
                               emit finished(Success);
                           });
                           QString error;
                           if (!m_relay->start(&error))
                               fail(error);
                       });
}
