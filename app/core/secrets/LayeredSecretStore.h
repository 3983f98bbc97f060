// LayeredSecretStore: environment variables first, then the keychain; saves go to the keychain.
#pragma once

#include "secrets/SecretStore.h"

// DINGRELAY_SECRET_* overrides the keychain, so a headless server without D-Bus works from
// the environment alone: a keychain failure only matters for a key the environment lacks.
class LayeredSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    // Neither store is owned; both must outlive this one.
    LayeredSecretStore(SecretStore &environment, SecretStore &keychain, QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &value, QObject *context,
               DoneCallback done) override;
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    QString describe() const override;

private:
    SecretStore &m_environment;
    SecretStore &m_keychain;
};
