// KeychainSecretStore: secrets in the system keychain (Secret Service, Keychain, Credential Store).
#pragma once

#include "secrets/SecretStore.h"

// The only class that talks to QtKeychain. Jobs run asynchronously and never fall back to
// a plain file: when no keychain is reachable, every call reports an error saying what to do.
//
// Entries belong to one config file: two config files of one user each have a robot "default",
// and each must keep its own secrets. An entry is named accountName(key, configFile) under
// serviceName(). Older versions named it by the key alone; read() still finds such a legacy
// entry when the config has none of its own and copies it under the config's name. The legacy
// entry stays, as another config may still rely on it.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    // configFile: the INI file these secrets belong to, as given to --config, else
    // Config::defaultConfigFile() (never empty: secrets/ does not depend on config/). It need
    // not exist yet.
    explicit KeychainSecretStore(const QString &configFile, QObject *parent = nullptr);
    // For tests: a separate service name keeps their entries apart from the app's.
    KeychainSecretStore(const QString &service, const QString &configFile,
                        QObject *parent = nullptr);

    // Config-specific entry first, then the legacy one (copied to the config's name when found).
    void read(const QString &key, QObject *context, ReadCallback done) override;
    // Writes the config-specific entry only.
    void write(const QString &key, const QString &value, QObject *context,
               DoneCallback done) override;
    // Removes the config-specific entry only. Removing an entry that does not exist succeeds.
    // While a legacy entry for key exists, an empty entry stays under the config's name so
    // that the next read does not bring the legacy secret back.
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    QString describe() const override;

    static QString serviceName();
    // "<key>@<16 hex digits of the SHA-256 of the config file's canonical path>".
    static QString accountName(const QString &key, const QString &configFile);
    // The path whose hash names a config: canonical where the file or a parent folder exists,
    // so a file created later (the first-run wizard) keeps the name it had before.
    static QString canonicalConfigPath(const QString &configFile);
    QString configFile() const { return m_configFile; }

private:
    void readLegacy(const QString &key, QObject *context, ReadCallback done);
    void shadowLegacy(const QString &key, QObject *context, DoneCallback done);

    QString m_service;
    QString m_configFile;
    QString m_suffix; // "@<hash>", computed once
};
