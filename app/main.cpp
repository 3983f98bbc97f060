// dingrelay: the tray app, or with --headless the relay alone (always, in a build without GUI).
#include "config/Config.h"
#include "config/SettingsReference.h"
#include "secrets/EnvSecretStore.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/LayeredSecretStore.h"
#include "shell/HeadlessRunner.h"
#include "shell/ListModelsRunner.h"
#include "util/About.h"
#include "util/FileLimit.h"
#include "util/Log.h"

#if DINGRELAY_GUI
#include "GuiApp.h"
#include "SingleInstance.h"
#include "UiLanguage.h"
#include "config/SecretMigration.h"

#include <QApplication>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// A build without the desktop app (-DDINGRELAY_GUI=OFF) has one way to run, headless, and takes
// it with or without --headless: a server's start script need not know how it was built.
constexpr bool HasGui = DINGRELAY_GUI;

void describeApp()
{
    QCoreApplication::setOrganizationName(u"DingRelay"_s);
    QCoreApplication::setOrganizationDomain(u"dingrelay.org"_s);
    QCoreApplication::setApplicationName(u"dingrelay"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DINGRELAY_VERSION));
}

#if DINGRELAY_GUI
bool wantsHeadless(int argc, char **argv)
{
    // Every option that prints and exits, so that none of them needs a display.
    static const char *const options[] = {
        "--headless", "--version", "-v", "--list-models", "--help", "-h", "--config-reference"};
    for (int i = 1; i < argc; ++i) {
        for (const char *option : options) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

// The desktop app: the tray icon, its windows, the first-run wizard.
int runDesktopApp(const QString &configOption, SecretStore &secrets)
{
    // One desktop app per user and config file: a second launch shows the first one's window.
    SingleInstance instance(configOption);
    switch (instance.claim()) {
    case SingleInstance::Outcome::Activated:
        qCInfo(lcRelay) << "DingRelay is already running: its window was brought forward";
        return 0;
    case SingleInstance::Outcome::Unresponsive:
        qCCritical(lcRelay) << "DingRelay is already running with this config but does not "
                               "answer; end it, or start with another --config";
        return 1;
    case SingleInstance::Outcome::Primary:
        break;
    }
    // Chinese or English, from app/language or the system, before the first window.
    UiLanguage::installFor(configOption);
    GuiApp gui(configOption, secrets);
    QObject::connect(&gui, &GuiApp::finished, QCoreApplication::instance(),
                     &QCoreApplication::exit);
    // A secret an old or hand-edited file holds moves to the keychain before the app reads the
    // file (Config refuses one). Headless servers keep their clear error instead: they take
    // secrets from the environment, and often have no keychain to move them to.
    const QString configFile = configOption.isEmpty() ? Config::defaultConfigFile() : configOption;
    SecretMigration::run(configFile, secrets, &gui,
                         [&gui, &instance](const SecretMigration::Result &) {
                             gui.start();
                             QObject::connect(&instance, &SingleInstance::activationRequested, &gui,
                                              &GuiApp::activate);
                         });
    return QCoreApplication::exec();
}
#endif

} // namespace

int main(int argc, char **argv)
{
    Log::installHandler();
    // Each connection takes a file descriptor: the relay's max_connections, not the default
    // soft limit of 1024, is to decide how many (RelayServer keeps it below the limit).
    FileLimit::raise();
    // Headless needs no display server: only the GUI path creates a QApplication.
    std::unique_ptr<QCoreApplication> app;
#if DINGRELAY_GUI
    if (!wantsHeadless(argc, argv))
        app = std::make_unique<QApplication>(argc, argv);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    describeApp();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"DingRelay puts ChatGPT and other OpenAI-compatible models into DingTalk robots."_s);
    parser.addHelpOption();
    // Not addVersionOption(): the version line is followed by the licence, as GNU tools do.
    const QCommandLineOption version(QStringList{u"v"_s, u"version"_s},
                                     u"Displays version and licence information."_s);
    parser.addOption(version);
    const QCommandLineOption headless(
        u"headless"_s, HasGui ? u"Run the relay without a GUI (servers)."_s
                              : u"Run the relay without a GUI (servers). This build has no "
                                u"GUI: it runs headless with or without this option."_s);
    const QCommandLineOption config(u"config"_s, u"Read settings from the INI file <file>."_s,
                                    u"file"_s);
    const QCommandLineOption listModels(
        u"list-models"_s, u"Print the models the configured provider offers, then exit."_s);
    const QCommandLineOption reference(
        u"config-reference"_s,
        u"Print every setting of the INI file with its default and what it does, then exit."_s);
    parser.addOption(headless);
    parser.addOption(listModels);
    parser.addOption(reference);
    parser.addOption(config);
    parser.process(*app);
    if (parser.isSet(version)) {
        std::fputs(qPrintable(u"dingrelay %1\n%2\n"_s.arg(QCoreApplication::applicationVersion(),
                                                          About::licenceNotice())),
                   stdout);
        return 0;
    }
    if (parser.isSet(reference)) {
        std::fputs(SettingsReference::text().constData(), stdout);
        return 0;
    }

    // DINGRELAY_SECRET_* first, then the keychain: a server without D-Bus runs from the
    // environment alone, and a keychain failure shows only for a key the environment lacks.
    // The keychain entries belong to the config file, so that two configs of one user (each
    // with a robot "default") keep their own secrets; every mode below shares this one store.
    EnvSecretStore environmentSecrets;
    KeychainSecretStore keychainSecrets(parser.value(config).isEmpty() ? Config::defaultConfigFile()
                                                                       : parser.value(config));
    LayeredSecretStore secrets(environmentSecrets, keychainSecrets);
    if (parser.isSet(listModels)) {
        ListModelsRunner runner(parser.value(config), secrets);
        std::optional<int> exitCode;
        QObject::connect(&runner, &ListModelsRunner::finished, app.get(), [&](int code) {
            exitCode = code;
            QCoreApplication::exit(code);
        });
        runner.start();
        return exitCode ? *exitCode : app->exec();
    }
#if DINGRELAY_GUI
    if (!parser.isSet(headless))
        return runDesktopApp(parser.value(config), secrets);
#endif
    HeadlessRunner runner(parser.value(config), secrets);
    // finished() may come before the event loop runs (a bad config): exit() would then be lost,
    // so remember the code and skip the loop.
    std::optional<int> exitCode;
    QObject::connect(&runner, &HeadlessRunner::finished, app.get(), [&](int code) {
        exitCode = code;
        QCoreApplication::exit(code);
    });
    runner.start();
    return exitCode ? *exitCode : app->exec();
}
