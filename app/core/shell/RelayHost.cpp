#include "shell/RelayHost.h"

#include "config/Schema.h"

#include "dingtalk/StreamClient.h"
#include "relay/Pipeline.h"
#include "relay/Relay.h"
#include "secrets/SecretLoader.h"
#include "tunnel/TunnelManager.h"
#include "util/Log.h"

using namespace Qt::StringLiterals;

RelayHost::RelayHost(SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
{}

RelayHost::~RelayHost()
{
    delete m_relay;
}

QUrl RelayHost::localUrl() const
{
    if (!m_relay || m_state != State::Running)
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_config.relay.address.toString());
    url.setPort(m_relay->port());
    return url;
}

QUrl RelayHost::publicUrl() const
{
    if (!m_relay || m_state != State::Running || !m_relay->tunnel())
        return {};
    return m_relay->tunnel()->publicUrl();
}

void RelayHost::start()
{
    if (m_state == State::Starting || m_state == State::Running)
        return;
    if (m_state == State::Stopping) {
        m_restartWhenStopped = true; // the old relay must let go of the port and database
        return;
    }
    setState(State::Starting);
    m_problems.clearAll();
    emit problemsChanged();
    loadAndStart(++m_generation);
}

void RelayHost::stop()
{
    m_restartWhenStopped = false;
    ++m_generation;
    if (m_state == State::Starting || m_state == State::Failed) {
        setState(State::Stopped);
        return;
    }
    if (m_state != State::Running)
        return;
    setState(State::Stopping);
    Relay *relay = m_relay;
    connect(relay, &Relay::stopped, this, [this, relay] {
        relay->disconnect(this);
        relay->deleteLater();
        // The next relay opens the same database and port: only once this one is gone.
        connect(relay, &QObject::destroyed, this, [this] {
            m_problems.clearAll();
            emit problemsChanged();
            setState(State::Stopped);
            if (std::exchange(m_restartWhenStopped, false))
                start();
        });
    });
    relay->shutdown();
}

void RelayHost::restart()
{
    if (m_state == State::Running || m_state == State::Stopping) {
        stop();
        m_restartWhenStopped = true;
        return;
    }
    ++m_generation;
    m_state = State::Stopped; // a start still reading secrets is void now
    start();
}

void RelayHost::reload()
{
    const ConfigResult loaded = m_configPath.isEmpty()
                                    ? Config::loadOrDefaults(Config::defaultConfigFile())
                                    : Config::load(m_configPath);
    const QStringList keys =
        loaded.ok() ? Schema::changedKeys(loaded.config, m_config) : QStringList();
    const bool relayUnaffected = loaded.ok() && m_state == State::Running &&
                                 std::all_of(keys.cbegin(), keys.cend(), [](const QString &key) {
                                     return key.startsWith(u"app/"_s);
                                 });
    if (!relayUnaffected) {
        restart(); // reads the file again, and reports its problems
        if (loaded.ok())
            emit configChanged(keys);
        return;
    }
    m_config = loaded.config;
    if (!keys.isEmpty())
        qCInfo(lcConfig).noquote() << "settings applied without a restart:" << keys.join(u", "_s);
    emit configChanged(keys);
}

void RelayHost::loadAndStart(quint64 generation)
{
    const ConfigResult loaded = m_configPath.isEmpty()
                                    ? Config::loadOrDefaults(Config::defaultConfigFile())
                                    : Config::load(m_configPath);
    for (const QString &warning : loaded.warnings)
        qCWarning(lcConfig).noquote() << warning;
    if (!loaded.ok()) {
        setState(State::Failed, u"The configuration has problems:\n"_s + loaded.errors.join(u'\n'));
        return;
    }
    m_config = loaded.config;
    SecretLoader::load(m_secrets, m_config.requiredSecrets(), m_config.optionalSecrets(), this,
                       [this, generation](const SecretLoadResult &secrets) {
                           if (generation != m_generation)
                               return;
                           if (!secrets.errors.isEmpty()) {
                               raise({Problem::Kind::KeychainLocked, {}, secrets.describe()});
                               setState(State::Failed, secrets.describe());
                               return;
                           }
                           if (!secrets.ok()) {
                               setState(State::Failed, secrets.describe());
                               return;
                           }
                           launch(m_config, secrets.values);
                       });
}

void RelayHost::launch(const AppConfig &config, const QHash<QString, QString> &secrets)
{
    auto *relay = new Relay(config, secrets, this);
    QString error;
    if (!relay->start(&error)) {
        delete relay;
        setState(State::Failed, error);
        return;
    }
    m_relay = relay;
    watch(relay);
    if (config.robots.isEmpty())
        raise({Problem::Kind::NoRobots, {}, u"no robot is configured yet"_s});
    setState(State::Running);
    emit relayStarted(relay);
}

void RelayHost::watch(Relay *relay)
{
    using K = Problem::Kind;
    connect(relay, &Relay::deliveryProblem, this,
            [this](const QString &robotId, const QString &message) {
                raise({K::DingTalkRejected, robotId, message});
            });
    connect(relay->pipeline(), &Pipeline::modelFailed, this,
            [this](const Job &, const ChatError &error) {
                Problem problem;
                if (!Problem::fromModel(error, &problem.kind))
                    return;
                problem.message = error.message;
                raise(problem); // one model for all robots: not per robot
            });
    connect(relay, &Relay::storageProblem, this, [this](const QString &message) {
        raise({K::Storage, {}, message});
    });
    connect(relay, &Relay::storageRecovered, this, [this] { clear({K::Storage}); });
    // It may have started with storage it cannot write.
    if (!relay->storageOk())
        raise({K::Storage, {}, relay->storageMessage()});
    connect(relay, &Relay::databaseDamaged, this, [this](const QString &message) {
        raise({K::DatabaseDamaged, {}, message});
    });
    if (TunnelManager *tunnel = relay->tunnel()) {
        connect(tunnel, &TunnelManager::stateChanged, this,
                [this](Tunnel::State state, const QString &message) {
                    if (state == Tunnel::State::Failed || state == Tunnel::State::Retrying)
                        raise({K::TunnelDown, {}, message});
                    else if (state == Tunnel::State::Up || state == Tunnel::State::Off)
                        clear({K::TunnelDown});
                });
        // The tunnel may say it is up while its URL leads elsewhere: the check tells.
        connect(tunnel, &TunnelManager::reachabilityChecked, this,
                [this](const ReachabilityResult &result) {
                    if (result.ok)
                        clear({K::TunnelDown});
                    else
                        raise({K::TunnelDown, {}, result.message});
                });
        connect(tunnel, &TunnelManager::publicUrlChanged, this, &RelayHost::publicUrlChanged);
        // It started with the relay: it may have failed already (a missing program).
        if (tunnel->state() == Tunnel::State::Failed || tunnel->state() == Tunnel::State::Retrying)
            raise({K::TunnelDown, {}, tunnel->message()});
    }
    // A model that answers again has had its key or quota fixed.
    connect(relay->pipeline(), &Pipeline::modelAnswering, this, [this] {
        clear({K::BadKey, K::Quota, K::ModelSetup});
    });
    for (auto it = relay->streamClients().begin(); it != relay->streamClients().end(); ++it) {
        const QString robotId = it.key();
        connect(
            it.value(), &StreamClient::stateChanged, this,
            [this, robotId](StreamClient::State state, int seconds, const QString &message) {
                using S = StreamClient::State;
                if (state == S::Error) {
                    clear({K::StreamRetrying}, robotId);
                    raise({K::StreamDown, robotId, message});
                } else if (state == S::Reconnecting) {
                    raise({K::StreamRetrying, robotId,
                           u"the Stream connection dropped; trying again in %1 s"_s.arg(seconds)});
                } else if (state == S::Connected) {
                    clear({K::StreamDown, K::StreamRetrying}, robotId);
                }
            });
    }
}

void RelayHost::raise(const Problem &problem)
{
    if (!m_problems.raise(problem))
        return;
    emit problemRaised(problem);
    emit problemsChanged();
}

void RelayHost::clear(const QList<Problem::Kind> &kinds, const QString &robotId)
{
    if (m_problems.clear(kinds, robotId))
        emit problemsChanged();
}

void RelayHost::setState(State state, const QString &error)
{
    m_error = error;
    if (state == State::Failed)
        for (const QString &line : error.split(u'\n'))
            qCWarning(lcRelay).noquote() << line;
    m_state = state;
    emit stateChanged(state);
}
