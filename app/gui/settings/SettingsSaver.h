// SettingsSaver: saves edited settings the one safe way: secrets to the keychain, then the INI
// file.
#pragma once

#include "config/Config.h"

#include <QCoreApplication>
#include <QStringList>

#include <functional>

class QObject;
class SettingsContext;

// The settings dialog and the first-run wizard both save through here. Secrets go to the
// SecretStore first; only when it took them all is the INI file written, so a locked keychain
// never leaves a file that needs secrets nobody stored. On success the context's saved config
// becomes config.
class SettingsSaver final
{
    Q_DECLARE_TR_FUNCTIONS(SettingsSaver)
public:
    struct Result
    {
        bool ok = false;
        QString error;        // why nothing (or not everything) was saved, in a sentence
        QStringList warnings; // saved, but something beside it did not work (start at login)
    };
    using Done = std::function<void(const Result &)>;

    // removedSecretKeys: secrets of removed robots, deleted once no saved file names them. done
    // is called once, before save() returns when the file could not be written anyway.
    static void save(SettingsContext &context, const AppConfig &config,
                     const QStringList &removedSecretKeys, QObject *receiver, Done done);

private:
    static void writeFile(SettingsContext &context, const AppConfig &config,
                          const QStringList &removedSecretKeys, QObject *receiver,
                          const Done &done);
};
