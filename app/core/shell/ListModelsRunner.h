// ListModelsRunner: `dingrelay --list-models`: prints the models the configured provider offers.
#pragma once

#include <QObject>
#include <QString>

class SecretStore;

class ListModelsRunner final : public QObject
{
    Q_OBJECT
public:
    ListModelsRunner(QString configPath, SecretStore &secrets, QObject *parent = nullptr);

    // Starts asynchronously; finished() gives the exit code (0: the ids are on stdout).
    void start();

signals:
    void finished(int exitCode);

private:
    void fail(const QString &why);

    QString m_configPath;
    SecretStore &m_secrets;
};
