// TunnelManager: the relay's public URL: a fixed one or a supervised tunnel, and its check.
#pragma once

#include "tunnel/ProbeIdentity.h"
#include "tunnel/ReachabilityCheck.h"
#include "tunnel/TunnelProcess.h"
#include "tunnel/TunnelSettings.h"
#include "tunnel/TunnelState.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

class NetworkPool;

// How the manager paces restarts and checks; tests shorten the waits.
struct TunnelOptions
{
    TunnelProcess::Options process;
    int checkTimeoutMs = 15000;
    // The first check after the tunnel comes up waits this long: a quick tunnel's new
    // name needs a moment to resolve, and an early miss would be cached by resolvers.
    int firstCheckDelayMs = 3000;
    // A failed check is repeated this soon when check_interval_seconds is longer.
    int failedCheckRetryMs = 30000;
};

// What the tray, the settings dialog, the wizard and the headless log show about the way in
// from the internet. Everything changes through signals; the getters give the current values.
class TunnelManager final : public QObject
{
    Q_OBJECT
public:
    using Options = TunnelOptions;

    // localHost and localPort are where the relay listens (the tunnel's target). network is
    // how the check goes out (DingTalk's proxy and CAs); null: directly. token is the secret
    // tunnel/token, handed to the tunnel program.
    TunnelManager(TunnelSettings settings, QString localHost, quint16 localPort,
                  ProbeIdentity identity, NetworkPool *network, QString token, Options options = {},
                  QObject *parent = nullptr);
    ~TunnelManager() override;

    void start(); // with the relay
    void stop();  // on quit; stopped() follows once the program has exited

    Tunnel::State state() const { return m_state; }
    QString message() const { return m_message; } // one line saying why the state is what it is
    QUrl publicUrl() const { return m_url; }      // empty while unknown
    // Where DingTalk must POST an HTTP robot's callbacks: the public URL plus its
    // callback_path. Empty while no public URL is known.
    QUrl callbackUrl(const QString &callbackPath) const;
    // The tunnel program's last lines, secrets masked (empty without a program).
    QStringList output() const;
    std::optional<ReachabilityResult> lastCheck() const { return m_lastCheck; }
    bool isChecking() const { return m_checking; }
    const TunnelSettings &settings() const { return m_settings; }
    // The tunnel's program, when mode=process (its pid, its start count).
    const TunnelProcess *process() const { return m_process; }
    // For /healthz: mode, state, message, public URL and the last check.
    QJsonObject health() const;

    static QUrl joinUrl(const QUrl &base, const QString &path);

public slots:
    // Starts the tunnel program anew (after Failed, or to get a fresh quick tunnel).
    void restart();
    // Checks reachability now; a check already under way is not doubled.
    void checkNow();

signals:
    void stateChanged(Tunnel::State state, const QString &message);
    void publicUrlChanged(const QUrl &url);
    void outputLine(const QString &line);
    void checkStarted();
    void reachabilityChecked(const ReachabilityResult &result);
    void stopped();

private:
    void setState(Tunnel::State state, const QString &message);
    void setUrl(const QUrl &url);
    void scheduleCheck(int delayMs);
    void checked(const ReachabilityResult &result);
    void abortCheck();

    const TunnelSettings m_settings;
    const QString m_localHost;
    const quint16 m_localPort;
    const ProbeIdentity m_identity;
    NetworkPool *m_network = nullptr;
    const QString m_token;
    const Options m_options;
    TunnelProcess *m_process = nullptr;
    Tunnel::State m_state = Tunnel::State::Off;
    QString m_message;
    QUrl m_url;
    QTimer m_checkTimer;
    bool m_checking = false;
    int m_checkGeneration = 0; // a check of a URL that has since changed is discarded
    std::optional<ReachabilityResult> m_lastCheck;
    QPointer<QNetworkReply> m_checkReply;
};
