// HeadlessRunner: runs the relay without a screen: config, secrets, relay, signals, exit code.
#pragma once

#include <QObject>
#include <QString>

class Relay;
class SecretStore;
class SignalWatcher;

class HeadlessRunner final : public QObject
{
    Q_OBJECT
public:
    enum ExitCode { Success = 0, StartupFailed = 1 };

    HeadlessRunner(QString configPath, SecretStore &secrets, QObject *parent = nullptr);

    // Starts asynchronously; finished() reports the process exit code.
    void start();

signals:
    void finished(int exitCode);

private:
    void fail(const QString &why);

    QString m_configPath;
    SecretStore &m_secrets;
    Relay *m_relay = nullptr;
    SignalWatcher *m_signals = nullptr;
};
