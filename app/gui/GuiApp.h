// GuiApp: the desktop app: runs the relay and shows its state in the tray or a status window.
#pragma once

#include <QObject>
#include <QPointer>

class QLabel;
class QWidget;
class Relay;
class SecretStore;
class TrayController;

class GuiApp final : public QObject
{
    Q_OBJECT
public:
    GuiApp(QString configPath, SecretStore &secrets, QObject *parent = nullptr);
    ~GuiApp() override;

    void start();

signals:
    void finished(int exitCode);

private:
    void showState();
    void startRelay();
    void quit();
    void setStatus(int state, const QString &detail);

    QString m_configPath;
    SecretStore &m_secrets;
    TrayController *m_tray = nullptr;
    Relay *m_relay = nullptr;
    QPointer<QWidget> m_window; // status window where there is no tray
    QLabel *m_statusLabel = nullptr;
};
