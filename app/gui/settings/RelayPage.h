// RelayPage: the settings section for where the relay listens and how DingTalk reaches it (tunnel).
#pragma once

#include "settings/SettingsPage.h"

#include <QMap>
#include <QPointer>

class FieldMessage;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class SecretField;
class TunnelManager;
class TunnelOutputWindow;

class RelayPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit RelayPage(SettingsContext &context, QWidget *parent = nullptr);

    QString title() const override { return tr("Relay and tunnel"); }
    QString key() const override { return QStringLiteral("relay"); }
    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    bool validate() override;
    QStringList secretKeys(const AppConfig &config) const override;

    // Why address:port cannot be listened on now (another program has it), else empty.
    // The relay's own port, as saved, is never reported: the running relay holds it.
    static QString portProblem(const AppConfig &saved, const QString &address, int port);

    // The window "Show output…" opened (null until then, and after it was closed).
    TunnelOutputWindow *outputWindow() const;

private:
    void showTunnelRows();
    // The running tunnel's state line, from the context's tunnel.
    void watchTunnel();
    void showTunnelState();
    void showOutput();

    QComboBox *m_address;
    FieldMessage *m_addressMessage;
    QSpinBox *m_port;
    FieldMessage *m_portMessage;
    QComboBox *m_tunnelMode;
    QLabel *m_tunnelHint;
    FieldMessage *m_tunnelMessage;
    QLineEdit *m_publicUrl;
    FieldMessage *m_publicUrlMessage;
    QFormLayout *m_tunnelForm;
    QComboBox *m_preset;
    QLineEdit *m_binary;
    QLineEdit *m_sshTarget;
    FieldMessage *m_sshTargetMessage;
    QSpinBox *m_sshRemotePort;
    QLineEdit *m_frpcConfig;
    FieldMessage *m_frpcMessage;
    QLineEdit *m_command;
    FieldMessage *m_commandMessage;
    QLineEdit *m_urlPattern;
    FieldMessage *m_urlPatternMessage;
    QLineEdit *m_extraArgs;
    FieldMessage *m_extraArgsMessage;
    SecretField *m_token;
    QSpinBox *m_checkInterval;
    TunnelSettings m_loaded;
    QLabel *m_tunnelState;
    QPushButton *m_showOutput;
    QPointer<TunnelOutputWindow> m_outputWindow;
    QPointer<TunnelManager> m_watched;
};
