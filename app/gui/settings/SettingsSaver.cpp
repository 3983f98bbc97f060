#include "settings/SettingsSaver.h"

#include "config/ConfigWriter.h"
#include "settings/SecretDrafts.h"
#include "settings/SettingsContext.h"
#include "util/Autostart.h"
#include "util/Log.h"

#include <QCoreApplication>
#include <QFile>
#include <QPointer>

using namespace Qt::StringLiterals;

void SettingsSaver::writeFile(SettingsContext &context, const AppConfig &config,
                              const QStringList &removedSecretKeys, QObject *receiver,
                              const Done &done)
{
    const QString path = context.configPath();
    QString error;
    if (!ConfigWriter::save(config, path, &error)) {
        done({false, error, {}});
        return;
    }
    QStringList warnings;
    const bool startAtLogin = config.general.startAtLogin;
    if (startAtLogin != context.saved().general.startAtLogin ||
        startAtLogin != Autostart::isEnabled()) {
        QStringList command{QCoreApplication::applicationFilePath()};
        if (path != Config::defaultConfigFile())
            command << u"--config"_s << path;
        if (!Autostart::setEnabled(startAtLogin, command, &error))
            warnings << tr("Start at login could not be changed: %1").arg(error);
    }
    // Secrets of removed robots go only now that no saved file names them.
    QPointer<SettingsContext> guard(&context);
    context.secrets().removePending(
        removedSecretKeys, receiver,
        [guard, config, path, warnings, done](const QStringList &errors) mutable {
            for (const QString &e : errors)
                warnings << tr("A removed secret is still in the keychain: %1").arg(e);
            if (guard) {
                AppConfig saved = config;
                saved.sourceFile = path;
                guard->setSaved(saved);
            }
            qCInfo(lcConfig).noquote() << u"settings saved to %1"_s.arg(path);
            for (const QString &warning : std::as_const(warnings))
                qCWarning(lcConfig).noquote() << warning;
            done({true, {}, warnings});
        });
}

void SettingsSaver::save(SettingsContext &context, const AppConfig &config,
                         const QStringList &removedSecretKeys, QObject *receiver, Done done)
{
    const QString path = context.configPath();
    // Refuse before any secret is written when the file could not be saved anyway.
    QByteArray existing;
    if (QFile file(path); file.open(QIODevice::ReadOnly))
        existing = file.readAll();
    QString why;
    if (!ConfigWriter::render(config, existing, path, &why)) {
        done({false, tr("Nothing was saved: %1").arg(why), {}});
        return;
    }
    QPointer<SettingsContext> guard(&context);
    context.secrets().saveDrafts(
        receiver, [guard, config, removedSecretKeys, receiver, done](const QStringList &errors) {
            if (!errors.isEmpty()) {
                done({false,
                      tr("Nothing was saved: the keychain did not take the secrets.\n%1")
                          .arg(errors.join(u'\n')),
                      {}});
                return;
            }
            if (guard)
                writeFile(*guard, config, removedSecretKeys, receiver, done);
        });
}
