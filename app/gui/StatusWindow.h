// StatusWindow: the app's own window: the relay's state, callback URLs, notices and actions.
#pragma once

#include "Notifier.h"
#include "TrayController.h"

#include <QWidget>

class QGridLayout;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;

// Shown instead of the tray where the desktop has none, and on request (a click on the tray
// icon, a second launch) where it has one. It offers what the tray menu offers.
class StatusWindow final : public QWidget
{
    Q_OBJECT
public:
    explicit StatusWindow(QWidget *parent = nullptr);

    void setState(TrayController::State state, const QString &detail);
    void setCallbackUrls(const QList<TrayController::CallbackUrl> &urls);
    void setNotices(const QList<Notice> &notices);
    void setHistoryAvailable(bool available, const QString &whyNot = {});
    void setSettingsAvailable(bool available, const QString &whyNot = {});
    // As in the tray: "Tunnel output…" is for a tunnel program (tunnel/mode=process).
    void setTunnelOutputAvailable(bool available);
    // Without a tray, closing the window is quitting: nothing else would be left to show.
    void setQuitOnClose(bool quit) { m_quitOnClose = quit; }

    // Shows, raises and activates the window: what a second launch asks for.
    void bringForward();

signals:
    void historyRequested();
    void settingsRequested();
    void testConsoleRequested();
    void tunnelOutputRequested();
    void startRelayRequested();
    void stopRelayRequested();
    void copyCallbackUrlRequested(const QUrl &url);
    void aboutRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_detail;
    QGroupBox *m_urlBox;
    QGridLayout *m_urlGrid;
    QListWidget *m_notices;
    QPushButton *m_startStop;
    QPushButton *m_history;
    QPushButton *m_settings;
    QPushButton *m_tunnelOutput;
    bool m_relayUp = false;
    bool m_quitOnClose = false;
};
