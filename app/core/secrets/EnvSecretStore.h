// EnvSecretStore: secrets from DINGRELAY_SECRET_* environment variables, for headless servers.
#pragma once

#include "secrets/SecretStore.h"

#include <QProcessEnvironment>

class EnvSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit EnvSecretStore(QProcessEnvironment env = QProcessEnvironment::systemEnvironment(),
                            QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback done) override;
    // The environment is read-only for a running process: writing is refused with a reason.
    void write(const QString &key, const QString &value, QObject *context,
               DoneCallback done) override;
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    QString describe() const override;

private:
    QProcessEnvironment m_env;
};
