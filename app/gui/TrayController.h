// TrayController: owns the tray icon and its menu, shows the relay's state, emits intents.
#pragma once

#include <QIcon>
#include <QObject>

class QMenu;
class QSystemTrayIcon;

class TrayController final : public QObject
{
    Q_OBJECT
public:
    enum class State { Starting, Running, Error, Stopped };

    explicit TrayController(QObject *parent = nullptr);
    ~TrayController() override;

    // False where the desktop has no tray; the app then shows a status window instead.
    static bool available();

    void setState(State state, const QString &detail);
    State state() const { return m_state; }
    QString toolTip() const;

    static QIcon iconFor(State state);

    // A desktop notification for something the user must act on; the last one is kept for
    // the status window (and tests) where there is no tray to show it.
    void notify(const QString &title, const QString &message);
    QString lastNotice() const { return m_lastNotice; }

signals:
    void quitRequested();

private:
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    State m_state = State::Starting;
    QString m_detail;
    QString m_lastNotice;
};
