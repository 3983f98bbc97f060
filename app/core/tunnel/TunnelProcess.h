// TunnelProcess: runs one tunnel program, reads what it prints, and restarts it with backoff.
#pragma once

#include "tunnel/TunnelPresets.h"
#include "tunnel/TunnelState.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <functional>

class RetryScheduler;

class TunnelProcess final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int backoffInitialMs = 1000; // the pause after the first exit, doubled after each
        int backoffMaxMs = 60000;
        int stableMs = 30000;     // a run this long counts as working: the backoff starts over
        int maxQuickFailures = 6; // exits in a row, each before stableMs, before giving up
        int stopGraceMs = 3000;   // between SIGTERM and SIGKILL
        int outputLines = 200;    // kept for output()
        RetryScheduler *scheduler = nullptr; // null: timers
        std::function<double()> random;      // [0, 1) for the jitter; null: random
    };

    TunnelProcess(TunnelCommand command, Options options, QObject *parent = nullptr);
    ~TunnelProcess() override;

    // Starts the program (again, after Failed or Stopped) with a fresh backoff.
    void start();
    // Stops a running program: SIGTERM to its process group, SIGKILL after stopGraceMs.
    // stopped() follows once it has exited (at once when nothing runs).
    void stop();
    // stop(), then start().
    void restart();

    Tunnel::State state() const { return m_state; }
    QString message() const { return m_message; }
    // The public URL: the configured one, or the one the program printed in this run.
    QUrl url() const { return m_url; }
    // The last lines the program printed, oldest first, secrets masked.
    QStringList output() const { return m_output; }
    qint64 processId() const { return m_pid; } // 0 when nothing runs
    int starts() const { return m_starts; }    // programs started so far
    const TunnelCommand &command() const { return m_command; }

signals:
    void stateChanged(Tunnel::State state, const QString &message);
    void urlChanged(const QUrl &url);
    void outputLine(const QString &line);
    void stopped();

private:
    void launch();
    void readOutput();
    void handleLine(QString line);
    void finished(int exitCode, QProcess::ExitStatus status);
    void failedToStart();
    void setState(Tunnel::State state, const QString &message);
    void setUrl(const QUrl &url);
    void signalGroup(int signal) const;
    int nextDelayMs();
    QString exitSummary(int exitCode, QProcess::ExitStatus status) const;

    const TunnelCommand m_command;
    const Options m_options;
    QProcess *m_process = nullptr;
    qint64 m_pid = 0;
    Tunnel::State m_state = Tunnel::State::Stopped;
    QString m_message;
    QUrl m_url;
    bool m_ready = false;
    QByteArray m_partial; // output after the last newline
    QStringList m_output;
    QElapsedTimer m_runTime;
    QTimer m_killTimer;
    int m_attempt = 0;       // exits since the last stable run: the backoff's exponent
    int m_quickFailures = 0; // exits in a row before stableMs
    int m_generation = 0;    // a restart scheduled for an older generation is dropped
    int m_starts = 0;
    bool m_stopping = false;
    bool m_restartAfterStop = false;
};
