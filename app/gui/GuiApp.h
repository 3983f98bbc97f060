// GuiApp: the desktop app: runs the relay and shows it in the tray (or a status window).
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class AboutBox;
class FirstRunWizard;
class IntegrityCheck;
class Notifier;
class QDialog;
class QWidget;
class Relay;
class RelayHost;
class SecretStore;
class StatusWindow;
class TestConsoleClient;
class TestConsoleWindow;
class TrayController;
class TunnelManager;
class TunnelOutputWindow;
struct GeneralSettings;
struct Job;

class GuiApp final : public QObject
{
    Q_OBJECT
public:
    GuiApp(QString configPath, SecretStore &secrets, QObject *parent = nullptr);
    ~GuiApp() override;

    void start();
    // Brings the app's window forward: a second launch asks for this.
    void activate();

    // The parts, for tests.
    TrayController *tray() const { return m_tray; }
    StatusWindow *statusWindow() const { return m_window; }
    RelayHost *host() const { return m_host; }
    Notifier *notifier() const { return m_notifier; }
    TestConsoleClient *testConsoleClient() const { return m_console; }
    TestConsoleWindow *testConsoleWindow() const;
    TunnelOutputWindow *tunnelOutputWindow() const;
    QDialog *settingsDialog() const;

    // Applies the settings saved to path. The relay is stopped and started again with them,
    // unless no secret changed and all that did is the desktop's own ([app]): those apply at
    // once while the relay keeps running (RelayHost::reload).
    void applySettings(const QString &path, bool secretsChanged = true);
    // Shows the first-run wizard: start() does on a first launch (no config file yet), and
    // the settings dialog's "Setup wizard" button.
    void openWizard();
    FirstRunWizard *wizard() const;

signals:
    // The app has finished (Quit, after the relay drained): exit with exitCode.
    void finished(int exitCode);
    // The tray (or status window) first shows the relay's state after start().
    void ready();

private:
    template<typename Source> void connectIntents(Source *source);
    void refresh();
    QString describeState() const;
    void onRelayStarted(Relay *relay);
    void applyGeneral(const GeneralSettings &general);
    void onMessage(const Job &job);
    void copyUrl(const QUrl &url);
    void openHistory();
    void openSettings();
    void openTestConsole();
    void openTunnelOutput();
    void openAbout();
    void checkDatabase();
    TunnelManager *currentTunnel() const; // the running relay's; null while none runs
    void quit();

    QString m_configPath;
    SecretStore &m_secrets;
    RelayHost *m_host = nullptr;
    TrayController *m_tray = nullptr;
    StatusWindow *m_window = nullptr;
    Notifier *m_notifier = nullptr;
    TestConsoleClient *m_console = nullptr;
    QPointer<TestConsoleWindow> m_consoleWindow;
    QPointer<TunnelOutputWindow> m_tunnelWindow;
    QPointer<AboutBox> m_aboutBox;
    QPointer<QDialog> m_settings;
    QPointer<QDialog> m_wizard;
    QPointer<QWidget> m_history;
    QPointer<IntegrityCheck> m_check; // the one running, if any
    bool m_ready = false;
    bool m_quitting = false;
    bool m_finished = false;
};
