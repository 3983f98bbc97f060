#include "GuiApp.h"

#include "AboutBox.h"
#include "Notifier.h"
#include "StatusWindow.h"
#include "TestConsoleWindow.h"
#include "TrayController.h"
#include "TunnelOutputWindow.h"
#include "config/Config.h"
#include "relay/Relay.h"
#include "relay/TestSink.h"
#include "shell/RelayHost.h"
#include "shell/SignalWatcher.h"
#include "shell/TestConsoleClient.h"
#include "storage/DatabaseCheck.h"
#include "storage/Store.h"
#include "tunnel/TunnelManager.h"
#include "util/Log.h"

#if __has_include("settings/SettingsDialog.h")
#include "settings/SettingsContext.h"
#include "settings/SettingsDialog.h"
#include "wizard/FirstRunWizard.h"
#define DINGRELAY_HAS_SETTINGS 1
#endif

#if __has_include("history/HistoryWindow.h")
#include "history/HistoryWindow.h"
#define DINGRELAY_HAS_HISTORY 1
#endif

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

GuiApp::GuiApp(QString configPath, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_configPath(std::move(configPath))
    , m_secrets(secrets)
{}

GuiApp::~GuiApp()
{
    delete m_consoleWindow;
    delete m_tunnelWindow;
    delete m_settings;
    delete m_wizard;
    delete m_history;
    delete m_window;
}

TestConsoleWindow *GuiApp::testConsoleWindow() const
{
    return m_consoleWindow;
}

TunnelOutputWindow *GuiApp::tunnelOutputWindow() const
{
    return m_tunnelWindow;
}

QDialog *GuiApp::settingsDialog() const
{
    return m_settings;
}

TunnelManager *GuiApp::currentTunnel() const
{
    return m_host->relay() ? m_host->relay()->tunnel() : nullptr;
}

FirstRunWizard *GuiApp::wizard() const
{
#ifdef DINGRELAY_HAS_SETTINGS
    return qobject_cast<FirstRunWizard *>(m_wizard.data());
#else
    return nullptr;
#endif
}

void GuiApp::start()
{
    QApplication::setQuitOnLastWindowClosed(false);
    // A logout, systemctl --user stop or a closed terminal quits as Quit does: the answers in
    // hand are finished first, where the signals' default would end them on the spot.
    auto *watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::terminationRequested, this, [this](int number) {
        qCInfo(lcRelay).noquote() << "signal" << number << "received: quitting";
        quit();
    });
    m_host = new RelayHost(m_secrets, this);
    m_host->setConfigPath(m_configPath);
    m_notifier = new Notifier(this);
    m_console = new TestConsoleClient(this);
    m_tray = new TrayController(this);
    m_window = new StatusWindow;
    m_window->setQuitOnClose(!TrayController::available());
    connectIntents(m_tray);
    connectIntents(m_window);
    connect(m_tray, &TrayController::statusRequested, this, &GuiApp::activate);
    connect(m_tray, &TrayController::databaseCheckRequested, this, &GuiApp::checkDatabase);
#ifdef DINGRELAY_HAS_HISTORY
    m_tray->setHistoryAvailable(true);
    m_window->setHistoryAvailable(true);
#endif
#ifndef DINGRELAY_HAS_SETTINGS
    const QString noSettings =
        tr("Edit the config file for now: %1")
            .arg(m_configPath.isEmpty() ? Config::defaultConfigFile() : m_configPath);
    m_tray->setSettingsAvailable(false, noSettings);
    m_window->setSettingsAvailable(false, noSettings);
#endif

    connect(m_host, &RelayHost::stateChanged, this, &GuiApp::refresh);
    connect(m_host, &RelayHost::problemsChanged, this, &GuiApp::refresh);
    connect(m_host, &RelayHost::publicUrlChanged, this, &GuiApp::refresh);
    connect(m_host, &RelayHost::relayStarted, this, &GuiApp::onRelayStarted);
    connect(m_host, &RelayHost::configChanged, this,
            [this] { applyGeneral(m_host->config().general); });
    connect(m_host, &RelayHost::problemRaised, m_notifier, &Notifier::problem);
    connect(m_notifier, &Notifier::notice, this, [this](const Notice &notice) {
        m_tray->notify(notice.title, notice.message, notice.severity);
        m_window->setNotices(m_notifier->recent());
    });

    if (!TrayController::available())
        m_window->show(); // without a tray the app would be invisible
#ifdef DINGRELAY_HAS_SETTINGS
    const QString path = m_configPath.isEmpty() ? Config::defaultConfigFile() : m_configPath;
    if (!QFileInfo::exists(path)) {
        // A first launch: the wizard's test starts the relay with what it saved; closing the
        // wizard starts it on defaults.
        qCInfo(lcRelay).noquote() << u"no config file at %1: showing the first-run wizard"_s.arg(
            path);
        openWizard();
        refresh();
        return;
    }
#endif
    m_host->start();
    refresh();
}

template<typename Source> void GuiApp::connectIntents(Source *source)
{
    // The tray menu and the status window offer the same actions, under the same names.
    connect(source, &Source::historyRequested, this, &GuiApp::openHistory);
    connect(source, &Source::settingsRequested, this, &GuiApp::openSettings);
    connect(source, &Source::testConsoleRequested, this, &GuiApp::openTestConsole);
    connect(source, &Source::tunnelOutputRequested, this, &GuiApp::openTunnelOutput);
    connect(source, &Source::startRelayRequested, m_host, &RelayHost::start);
    connect(source, &Source::stopRelayRequested, m_host, &RelayHost::stop);
    connect(source, &Source::copyCallbackUrlRequested, this, &GuiApp::copyUrl);
    connect(source, &Source::aboutRequested, this, &GuiApp::openAbout);
    connect(source, &Source::quitRequested, this, &GuiApp::quit);
}

void GuiApp::activate()
{
    qCInfo(lcRelay) << "bringing the window forward";
    m_window->bringForward();
}

void GuiApp::refresh()
{
    using S = TrayController::State;
    S state = S::Starting;
    switch (m_host->state()) {
    case RelayHost::State::Starting:
        state = S::Starting;
        break;
    case RelayHost::State::Running:
        state = m_host->problems().isEmpty() ? S::Running : S::Attention;
        break;
    case RelayHost::State::Stopping:
        state = S::Stopping;
        break;
    case RelayHost::State::Stopped:
        state = S::Stopped;
        break;
    case RelayHost::State::Failed:
        state = S::Error;
        break;
    }
    const QString detail = describeState();
    m_tray->setState(state, detail);
    m_window->setState(state, detail);

    QList<TrayController::CallbackUrl> urls;
    if (m_host->state() == RelayHost::State::Running) {
        // The public URL is what DingTalk's console needs; the local one serves a reverse
        // proxy the user runs themselves.
        const QUrl base = m_host->publicUrl().isEmpty() ? m_host->localUrl() : m_host->publicUrl();
        for (const RobotSettings &robot : m_host->config().robots) {
            if (robot.mode == RobotMode::Stream)
                continue;
            QUrl url = base;
            QString path = base.path();
            if (path.endsWith(u'/'))
                path.chop(1);
            url.setPath(path + robot.callbackPath);
            urls << TrayController::CallbackUrl{robot.id, url};
        }
    }
    m_tray->setCallbackUrls(urls);
    const bool tunnelProgram = m_host->config().tunnel.mode == TunnelMode::Process;
    m_tray->setTunnelOutputAvailable(tunnelProgram);
    m_window->setTunnelOutputAvailable(tunnelProgram);
    m_window->setCallbackUrls(urls);
    if (m_consoleWindow)
        m_consoleWindow->setPublicUrl(m_host->publicUrl());

    const bool settled = state != S::Starting;
    if (settled && !m_ready) {
        m_ready = true;
        qCInfo(lcRelay).noquote() << "desktop app ready:" << TrayController::title(state)
                                  << (TrayController::available() ? "(tray)" : "(status window)");
        emit ready();
    }
    if (m_quitting && !m_finished &&
        (m_host->state() == RelayHost::State::Stopped ||
         m_host->state() == RelayHost::State::Failed)) {
        m_finished = true;
        emit finished(0);
    }
}

QString GuiApp::describeState() const
{
    switch (m_host->state()) {
    case RelayHost::State::Starting:
        return tr("Starting the relay…");
    case RelayHost::State::Stopping:
        return m_quitting ? tr("Finishing the answers in hand, then quitting…")
                          : tr("Finishing the answers in hand…");
    case RelayHost::State::Stopped:
        return tr("The relay is stopped: DingTalk messages wait until it runs again.");
    case RelayHost::State::Failed:
        return m_host->error();
    case RelayHost::State::Running:
        break;
    }
    QStringList lines;
    using K = Problem::Kind;
    for (const Problem &p : m_host->problems()) {
        switch (p.kind) {
        case K::BadKey:
            lines << tr("The model refuses the API key: %1").arg(p.message);
            break;
        case K::Quota:
            lines << tr("The model's quota is used up: %1").arg(p.message);
            break;
        case K::ModelSetup:
            lines << tr("Model calls fail: %1").arg(p.message);
            break;
        case K::KeychainLocked:
            lines << tr("The keychain is locked: %1").arg(p.message);
            break;
        case K::TunnelDown:
            lines << tr("The tunnel is down: %1").arg(p.message);
            break;
        case K::DingTalkRejected:
            lines << tr("Robot %1: DingTalk refused an answer: %2").arg(p.robotId, p.message);
            break;
        case K::StreamDown:
            lines << tr("Robot %1: the Stream connection failed: %2").arg(p.robotId, p.message);
            break;
        case K::StreamRetrying:
            lines << tr("Robot %1: %2").arg(p.robotId, p.message);
            break;
        case K::NoRobots:
            lines << tr("No robot is configured yet: add one under Settings.");
            break;
        case K::Storage:
            lines << tr("Messages cannot be stored: %1").arg(p.message);
            break;
        case K::DatabaseDamaged:
            lines << tr("The database is damaged: %1").arg(p.message);
            break;
        }
    }
    const auto robots = m_host->config().robots.size();
    const QString local = m_host->localUrl().toString();
    lines << (robots == 1 ? tr("Serving %1 for one robot.").arg(local)
                          : tr("Serving %1 for %2 robots.").arg(local).arg(robots));
    if (!m_host->publicUrl().isEmpty())
        lines << tr("Public URL: %1").arg(m_host->publicUrl().toString());
    return lines.join(u'\n');
}

void GuiApp::applyGeneral(const GeneralSettings &general)
{
    m_notifier->setNewMessageNotices(general.notifyNewMessages);
    m_notifier->setInterval(general.noticeIntervalMinutes);
}

void GuiApp::onRelayStarted(Relay *relay)
{
    applyGeneral(relay->config().general);
    m_console->setRelay(relay);
    connect(relay, &Relay::messageAccepted, this, &GuiApp::onMessage);
    // Open windows follow the new relay's tunnel (the old one went with its relay).
    if (m_tunnelWindow)
        m_tunnelWindow->setTunnel(relay->tunnel());
#ifdef DINGRELAY_HAS_SETTINGS
    if (auto *dialog = qobject_cast<SettingsDialog *>(m_settings.data()))
        dialog->context().setTunnel(relay->tunnel());
#endif
}

void GuiApp::onMessage(const Job &job)
{
    if (TestSink::isTestMessage(job.message))
        return; // the user typed it in the console
    m_notifier->newMessage(job.robotId, job.message.senderNick, job.message.text);
}

void GuiApp::checkDatabase()
{
    using S = TrayController::Severity;
    const QString file = QDir(m_host->config().dataDir).absoluteFilePath(u"dingrelay.sqlite3"_s);
    if (!QFileInfo::exists(file)) {
        m_tray->notify(tr("No database to check"), tr("There is no %1 yet.").arg(file),
                       S::Information);
        return;
    }
    if (m_check)
        return; // the result of the one running comes soon
    // integrity_check reads the whole file: seconds for a large one, never on this thread.
    m_check = new IntegrityCheck(file, DatabaseCheck::Full, this);
    connect(m_check, &IntegrityCheck::finished, this,
            [this, file](const QStringList &damage, const QString &error) {
                m_check->deleteLater();
                if (!error.isEmpty()) {
                    qCWarning(lcStorage).noquote() << "could not check" << file << ':' << error;
                    m_tray->notify(tr("The database could not be checked"), error, S::Warning);
                } else if (damage.isEmpty()) {
                    qCInfo(lcStorage).noquote() << DatabaseCheck::describe(file, damage);
                    m_tray->notify(tr("The database is sound"),
                                   tr("SQLite's integrity check found no damage in %1.").arg(file),
                                   S::Information);
                } else {
                    qCCritical(lcStorage).noquote() << DatabaseCheck::describe(file, damage);
                    m_tray->notify(tr("The database is damaged"),
                                   DatabaseCheck::describe(file, damage), S::Critical);
                }
            });
    m_check->start();
}

void GuiApp::copyUrl(const QUrl &url)
{
    QGuiApplication::clipboard()->setText(url.toString());
    m_tray->notify(tr("Callback URL copied"), url.toString(),
                   TrayController::Severity::Information);
}

void GuiApp::openSettings()
{
#ifdef DINGRELAY_HAS_SETTINGS
    if (!m_settings) {
        auto *dialog = new SettingsDialog(m_configPath, m_secrets);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &SettingsDialog::settingsApplied, this,
                [this, dialog](const QString &path) {
                    applySettings(path, dialog->lastSaveChangedSecrets());
                });
        dialog->context().setTunnel(currentTunnel());
        connect(dialog, &SettingsDialog::wizardRequested, this, [this, dialog] {
            dialog->close(); // two editors of one file would overwrite each other
            openWizard();
        });
        m_settings = dialog;
    }
    m_settings->show();
    m_settings->raise();
    m_settings->activateWindow();
#endif
}

void GuiApp::openWizard()
{
#ifdef DINGRELAY_HAS_SETTINGS
    if (!m_wizard) {
        auto *wizard = new FirstRunWizard(m_configPath, m_secrets, *m_host, *m_console);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        // The wizard always writes secrets: the relay restarts to read them.
        connect(wizard, &FirstRunWizard::settingsSaved, this,
                [this](const QString &path) { applySettings(path, true); });
        connect(wizard, &QDialog::finished, this, [this] {
            // Cancelled before the test (or on a first launch, before anything was saved): the
            // app goes on, on the file if there is one, else on defaults.
            if (!m_quitting && m_host->state() == RelayHost::State::Stopped)
                m_host->start();
        });
        m_wizard = wizard;
    }
    m_wizard->show();
    m_wizard->raise();
    m_wizard->activateWindow();
#endif
}

void GuiApp::openHistory()
{
#ifdef DINGRELAY_HAS_HISTORY
    if (!m_history) {
        // It reads the database with a connection of its own, also while the relay is stopped.
        QString dataDir = m_host->config().dataDir;
        if (dataDir.isEmpty()) {
            const QString path =
                m_configPath.isEmpty() ? Config::defaultConfigFile() : m_configPath;
            dataDir = Config::loadOrDefaults(path).config.dataDir;
        }
        auto *window = new HistoryWindow(dataDir);
        window->setAttribute(Qt::WA_DeleteOnClose);
        m_history = window;
    }
    m_history->show();
    m_history->raise();
    m_history->activateWindow();
#endif
}

void GuiApp::applySettings(const QString &path, bool secretsChanged)
{
    m_configPath = path;
    m_host->setConfigPath(path);
    if (secretsChanged)
        m_host->restart();
    else
        m_host->reload();
}

void GuiApp::openTestConsole()
{
    if (!m_consoleWindow) {
        m_consoleWindow = new TestConsoleWindow(*m_host, *m_console);
        m_consoleWindow->setAttribute(Qt::WA_DeleteOnClose);
        m_consoleWindow->setPublicUrl(m_host->publicUrl());
    }
    m_consoleWindow->show();
    m_consoleWindow->raise();
    m_consoleWindow->activateWindow();
}

void GuiApp::openTunnelOutput()
{
    if (!m_tunnelWindow) {
        m_tunnelWindow = new TunnelOutputWindow;
        m_tunnelWindow->setAttribute(Qt::WA_DeleteOnClose);
        m_tunnelWindow->setTunnel(currentTunnel());
    }
    m_tunnelWindow->show();
    m_tunnelWindow->raise();
    m_tunnelWindow->activateWindow();
}

void GuiApp::openAbout()
{
    if (!m_aboutBox) {
        m_aboutBox = new AboutBox;
        m_aboutBox->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_aboutBox->show();
    m_aboutBox->raise();
    m_aboutBox->activateWindow();
}

void GuiApp::quit()
{
    m_quitting = true;
    if (m_host->state() == RelayHost::State::Running ||
        m_host->state() == RelayHost::State::Starting)
        m_host->stop(); // drains; refresh() finishes once it has stopped
    refresh();
}
