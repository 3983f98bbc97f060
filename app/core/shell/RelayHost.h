// RelayHost: runs one Relay at a time for the desktop app: start, stop, apply a new config.
#pragma once

#include "config/Config.h"
#include "relay/Problem.h"
#include "relay/Relay.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class SecretStore;

// Where the headless runner starts once and exits, the desktop app starts and stops the relay
// on request and swaps in a new one when the settings change, without a restart of the app.
// It also gathers what the user must act on from the relay's parts into one ProblemList.
class RelayHost final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Stopped,  // not started, or stopped on request
        Starting, // reading the config and the secrets, opening the database
        Running,
        Stopping, // finishing the answers in hand
        Failed,   // could not start: error() says why
    };
    Q_ENUM(State)

    explicit RelayHost(SecretStore &secrets, QObject *parent = nullptr);
    ~RelayHost() override;

    // configPath empty: the default file if it exists, else built-in defaults.
    void setConfigPath(const QString &path) { m_configPath = path; }
    QString configPath() const { return m_configPath; }

    void start();
    void stop();
    // Stops the running relay (if any) and starts one with the config file read afresh.
    void restart();
    // Reads the config file afresh and applies what changed: settings the relay does not use
    // ([app]: the desktop's own) are taken over while it keeps running; any other change
    // restarts it, as restart() does. configChanged names the keys either way.
    void reload();

    State state() const { return m_state; }
    QString error() const { return m_error; } // why it failed; empty otherwise
    Relay *relay() const { return m_relay; }  // null unless Running (or Stopping)
    // The config the running relay uses (or the last one read).
    const AppConfig &config() const { return m_config; }
    // http://address:port of the running relay; empty when none runs.
    QUrl localUrl() const;
    const QList<Problem> &problems() const { return m_problems.items(); }
    // Where DingTalk reaches the running relay from the internet; empty while unknown.
    QUrl publicUrl() const;

    // For the tunnel and other parts outside the relay that find problems of their own.
    void raise(const Problem &problem);
    void clear(const QList<Problem::Kind> &kinds, const QString &robotId = {});

signals:
    void stateChanged(RelayHost::State state);
    void relayStarted(Relay *relay);
    // A problem is new or has a new message (for notices); problemsChanged follows.
    void problemRaised(const Problem &problem);
    void problemsChanged();
    void publicUrlChanged(const QUrl &url);
    // reload() found these keys changed (Schema::changedKeys; none: nothing changed).
    void configChanged(const QStringList &keys);

private:
    void loadAndStart(quint64 generation);
    void launch(const AppConfig &config, const QHash<QString, QString> &secrets);
    void watch(Relay *relay);
    void setState(State state, const QString &error = {});

    SecretStore &m_secrets;
    QString m_configPath;
    AppConfig m_config;
    QPointer<Relay> m_relay;
    State m_state = State::Stopped;
    QString m_error;
    ProblemList m_problems;
    quint64 m_generation = 0; // bumped by stop(): a late secret read of an older start is void
    bool m_restartWhenStopped = false;
};
