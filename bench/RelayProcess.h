// RelayProcess: the real dingrelay binary run headless on loopback, for the bench programs.
#pragma once

#include <QProcess>
#include <QString>

class RelayProcess
{
public:
    struct Setup
    {
        QString binary;
        QString dir; // config, data and log go here
        quint16 port = 0;
        quint16 modelPort = 0;
        quint16 sinkPort = 0;
        int maxParallel = 64;
        QByteArray apiKey;
        QByteArray appSecret;
    };

    explicit RelayProcess(Setup setup);
    ~RelayProcess();

    // Writes the config (first time) and starts the relay; true once GET /healthz is 200.
    bool start(QString *error);
    void kill9();                    // SIGKILL: no drain, no destructor
    bool terminate(int drainWaitMs); // SIGTERM; true when it exited 0 in time
    qint64 pid() const { return m_pid; }
    quint16 port() const { return m_setup.port; }
    qint64 peakRssKb() const; // VmHWM while running
    QString dataDir() const;
    QString logFile(int run) const; // each start() logs to a file of its own
    int runs() const { return m_runs; }

private:
    Setup m_setup;
    QProcess m_process;
    qint64 m_pid = 0;
    int m_runs = 0;
};

// One GET /healthz; the HTTP status, 0 when nothing answers.
int healthStatus(quint16 port);
// Runs the event loop for ms milliseconds.
void sleepWithEvents(int ms);
