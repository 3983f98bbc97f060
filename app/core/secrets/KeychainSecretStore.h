// KeychainSecretStore: secrets in the system keychain (Secret Service, Keychain, Credential Store).
#pragma once

#include "secrets/SecretStore.h"

// The only class that talks to QtKeychain. Jobs run asynchronously and never fall back to
// a plain file: when no keychain is reachable, every call reports an error saying what to do.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject *parent = nullptr);
    // For tests: a separate service name keeps their entries apart from the app's.
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &value, QObject *context,
               DoneCallback done) override;
    // Removing an entry that does not exist succeeds.
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    QString describe() const override;

    static QString serviceName();

private:
    QString m_service;
};
