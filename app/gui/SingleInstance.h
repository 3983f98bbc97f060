// SingleInstance: one desktop app per user and config file; a second launch wakes the first.
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

class SingleInstance final : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Primary,      // this process is the instance; activationRequested() tells of others
        Activated,    // another instance runs and has been asked to show its window
        Unresponsive, // another instance holds the name but did not answer
    };

    // configPath empty: the default config file. Apps with different config files are
    // different instances (each has its own relay and port).
    explicit SingleInstance(const QString &configPath, QObject *parent = nullptr);
    ~SingleInstance() override;

    // Becomes the instance, or wakes the one that is. A socket left behind by a crashed
    // instance is recognised (nothing answers on it) and replaced.
    Outcome claim(int timeoutMs = 3000);

    // Per user and config file: a path in the user's runtime folder where there is one.
    static QString serverName(const QString &configPath);
    QString name() const { return m_name; }

signals:
    void activationRequested();

private:
    Outcome wake(int timeoutMs);
    bool listen();
    void onConnection();

    QString m_name;
    QLocalServer *m_server = nullptr;
};
