// TrayController: owns the tray icon and its menu, shows the relay's state, emits intents.
#pragma once

#include <QIcon>
#include <QList>
#include <QObject>
#include <QUrl>

class QAction;
class QMenu;
class QSystemTrayIcon;

class TrayController final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Starting,
        Running,   // serving, nothing to do for the user
        Attention, // serving, but something needs the user (a key, DingTalk, the tunnel)
        Error,     // not running because something failed
        Stopping,
        Stopped, // stopped on request
    };
    enum class Severity { Information, Warning, Critical };

    // A robot that DingTalk reaches by HTTP callback, and where.
    struct CallbackUrl
    {
        QString robotId;
        QUrl url;
    };

    explicit TrayController(QObject *parent = nullptr);
    ~TrayController() override;

    // False where the desktop has no tray; the app then shows a status window instead.
    static bool available();

    // detail: what is wrong, or which URL is served; shown in the tooltip and the menu.
    void setState(State state, const QString &detail);
    State state() const { return m_state; }
    QString detail() const { return m_detail; }
    QString toolTip() const;
    static QIcon iconFor(State state);
    static QString title(State state); // "Running", "Needs attention", ...
    // Why "Tunnel output…" is disabled, in the tray menu and the status window alike.
    static QString noTunnelProgram();

    // One "Copy callback URL" item, or a submenu with one per robot when there are several.
    void setCallbackUrls(const QList<CallbackUrl> &urls);
    // The History item stays disabled, its tooltip saying why, until a window exists for it.
    void setHistoryAvailable(bool available, const QString &whyNot = {});
    void setSettingsAvailable(bool available, const QString &whyNot = {});
    // "Tunnel output…" is for a tunnel program (tunnel/mode=process); disabled otherwise.
    void setTunnelOutputAvailable(bool available);

    // A desktop notification; the last one is kept for the status window and tests.
    void notify(const QString &title, const QString &message,
                Severity severity = Severity::Warning);
    QString lastNotice() const { return m_lastNotice; }

    QMenu *menu() const { return m_menu; }

signals:
    void statusRequested(); // the icon was clicked, or the state line chosen
    void historyRequested();
    void settingsRequested();
    void testConsoleRequested();
    void tunnelOutputRequested();
    void databaseCheckRequested(); // SQLite's integrity check of the database file
    void startRelayRequested();
    void stopRelayRequested();
    void copyCallbackUrlRequested(const QUrl &url);
    void aboutRequested();
    void quitRequested();

private:
    void rebuildCopyMenu();
    bool relayIsUp() const;

    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_status = nullptr;
    QAction *m_history = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_console = nullptr;
    QAction *m_tunnelOutput = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_copy = nullptr;
    QMenu *m_copyMenu = nullptr;
    QList<CallbackUrl> m_urls;
    State m_state = State::Starting;
    QString m_detail;
    QString m_lastNotice;
};
