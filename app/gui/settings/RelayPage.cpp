#include "settings/RelayPage.h"

#include "TunnelOutputWindow.h"
#include "settings/ConfigErrors.h"
#include "settings/Form.h"
#include "settings/SecretField.h"
#include "settings/SettingsContext.h"
#include "tunnel/TunnelManager.h"
#include "tunnel/TunnelPresets.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

RelayPage::RelayPage(SettingsContext &context, QWidget *parent)
    : SettingsPage(context, parent)
    , m_address(Form::editableCombo(this))
    , m_addressMessage(new FieldMessage(m_address, this))
    , m_port(new QSpinBox(this))
    , m_portMessage(new FieldMessage(m_port, this))
    , m_tunnelMode(new QComboBox(this))
    , m_tunnelHint(Form::hint(QString(), this))
    , m_tunnelMessage(new FieldMessage(m_tunnelMode, this))
    , m_publicUrl(new QLineEdit(this))
    , m_publicUrlMessage(new FieldMessage(m_publicUrl, this))
    , m_tunnelForm(nullptr)
    , m_preset(new QComboBox(this))
    , m_binary(new QLineEdit(this))
    , m_sshTarget(new QLineEdit(this))
    , m_sshTargetMessage(new FieldMessage(m_sshTarget, this))
    , m_sshRemotePort(new QSpinBox(this))
    , m_frpcConfig(new QLineEdit(this))
    , m_frpcMessage(new FieldMessage(m_frpcConfig, this))
    , m_command(new QLineEdit(this))
    , m_commandMessage(new FieldMessage(m_command, this))
    , m_urlPattern(new QLineEdit(this))
    , m_urlPatternMessage(new FieldMessage(m_urlPattern, this))
    , m_extraArgs(new QLineEdit(this))
    , m_extraArgsMessage(new FieldMessage(m_extraArgs, this))
    , m_token(new SecretField(context.secrets(), this))
    , m_checkInterval(new QSpinBox(this))
    , m_tunnelState(new QLabel(this))
    , m_showOutput(new QPushButton(tr("Sho&w output…"), this))
{
    m_address->setObjectName(u"relayAddress"_s);
    m_address->addItem(u"127.0.0.1"_s);
    m_address->addItem(u"0.0.0.0"_s);
    m_address->addItem(u"::1"_s);
    m_port->setObjectName(u"relayPort"_s);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Any free port"));
    m_port->setGroupSeparatorShown(false);
    m_tunnelMode->setObjectName(u"tunnelMode"_s);
    m_tunnelMode->addItem(tr("None: this computer only, or Stream mode robots"),
                          nameOf(TunnelMode::None));
    m_tunnelMode->addItem(tr("A public URL I run myself (frp, nginx, a cloud host)"),
                          nameOf(TunnelMode::Fixed));
    m_tunnelMode->addItem(tr("A tunnel program DingRelay starts"), nameOf(TunnelMode::Process));
    m_publicUrl->setObjectName(u"publicUrl"_s);
    m_publicUrl->setPlaceholderText(u"https://relay.example.com"_s);
    m_preset->setObjectName(u"tunnelPreset"_s);
    static const QHash<QString, const char *> presetLabels{
        {u"cloudflared"_s, QT_TR_NOOP("cloudflared quick tunnel (no account needed)")},
        {u"ngrok"_s, QT_TR_NOOP("ngrok")},
        {u"frpc"_s, QT_TR_NOOP("frpc with my frp server")},
        {u"ssh"_s, QT_TR_NOOP("ssh -R to my server")},
        {u"custom"_s, QT_TR_NOOP("Another program (a command line)")},
    };
    for (const QString &name : TunnelPresets::names()) {
        const char *label = presetLabels.value(name);
        m_preset->addItem(label ? tr(label) : name, name);
    }
    m_binary->setObjectName(u"tunnelBinary"_s);
    m_binary->setPlaceholderText(tr("Empty: found on PATH"));
    m_sshTarget->setObjectName(u"sshTarget"_s);
    m_sshTarget->setPlaceholderText(u"me@example.com"_s);
    m_sshRemotePort->setObjectName(u"sshRemotePort"_s);
    m_sshRemotePort->setRange(1, 65535);
    m_sshRemotePort->setGroupSeparatorShown(false);
    m_frpcConfig->setObjectName(u"frpcConfig"_s);
    m_frpcConfig->setPlaceholderText(u"/etc/frp/frpc.toml"_s);
    m_command->setObjectName(u"tunnelCommand"_s);
    m_command->setPlaceholderText(u"my-tunnel --to http://{host}:{port}"_s);
    m_urlPattern->setObjectName(u"urlPattern"_s);
    m_urlPattern->setPlaceholderText(u"(https://\\S+\\.example\\.net)"_s);
    m_extraArgs->setObjectName(u"extraArgs"_s);
    m_token->setObjectName(u"tunnelToken"_s);
    m_token->setKey(TunnelSettings::tokenKey());
    m_token->setRemovable(true);
    m_checkInterval->setObjectName(u"checkInterval"_s);
    m_checkInterval->setRange(0, 86400);
    m_checkInterval->setSingleStep(60);
    m_checkInterval->setSuffix(tr(" s"));
    m_checkInterval->setSpecialValueText(tr("Only at start and on demand"));

    auto *layout = new QVBoxLayout(this);
    auto *relayBox = new QGroupBox(tr("The relay on this computer"), this);
    QFormLayout *relayForm = Form::makeLayout(relayBox);
    Form::addRow(relayForm, tr("&Listen on:"), m_address, m_addressMessage);
    relayForm->addRow(Form::hint(tr("127.0.0.1 accepts only this computer (a tunnel forwards to "
                                    "it); 0.0.0.0 accepts every network."),
                                 relayBox));
    Form::addRow(relayForm, tr("&Port:"), m_port, m_portMessage);
    layout->addWidget(relayBox);

    auto *tunnelBox = new QGroupBox(tr("How DingTalk reaches it"), this);
    m_tunnelForm = Form::makeLayout(tunnelBox);
    Form::addRow(m_tunnelForm, tr("&Tunnel:"), m_tunnelMode, m_tunnelMessage);
    m_tunnelForm->addRow(m_tunnelHint);
    // What the running tunnel does now, whatever the fields below say (they apply on save).
    auto *stateRow = new QWidget(tunnelBox);
    auto *stateLayout = new QHBoxLayout(stateRow);
    stateLayout->setContentsMargins(0, 0, 0, 0);
    m_tunnelState->setObjectName(u"tunnelRunState"_s);
    m_tunnelState->setWordWrap(true);
    m_tunnelState->setTextFormat(Qt::PlainText);
    m_tunnelState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_showOutput->setObjectName(u"showTunnelOutput"_s);
    m_showOutput->setToolTip(tr("The tunnel program's recent output, secrets masked."));
    stateLayout->addWidget(m_tunnelState, 1);
    stateLayout->addWidget(m_showOutput, 0, Qt::AlignTop);
    m_tunnelForm->addRow(stateRow);
    Form::addRow(m_tunnelForm, tr("Public &URL:"), m_publicUrl, m_publicUrlMessage);
    Form::addRow(m_tunnelForm, tr("Pro&gram:"), m_preset);
    Form::addRow(m_tunnelForm, tr("&Server (ssh):"), m_sshTarget, m_sshTargetMessage);
    Form::addRow(m_tunnelForm, tr("Port on the ser&ver:"), m_sshRemotePort);
    Form::addRow(m_tunnelForm, tr("frpc &config file:"), m_frpcConfig, m_frpcMessage);
    Form::addRow(m_tunnelForm, tr("Co&mmand:"), m_command, m_commandMessage);
    Form::addRow(m_tunnelForm, tr("URL patter&n:"), m_urlPattern, m_urlPatternMessage);
    Form::addRow(m_tunnelForm, tr("E&xtra arguments:"), m_extraArgs, m_extraArgsMessage);
    Form::addRow(m_tunnelForm, tr("Program pat&h:"), m_binary);
    Form::addRow(m_tunnelForm, tr("Tunnel t&oken:"), m_token);
    Form::addRow(m_tunnelForm, tr("Check reachabilit&y every:"), m_checkInterval);
    layout->addWidget(tunnelBox);
    layout->addStretch(1);

    Form::chainTabOrder({this, m_address, m_port, m_tunnelMode, m_showOutput, m_publicUrl, m_preset,
                         m_sshTarget, m_sshRemotePort, m_frpcConfig, m_command, m_urlPattern,
                         m_extraArgs, m_binary, m_token, m_checkInterval});

    connect(m_address, &QComboBox::currentTextChanged, this, &SettingsPage::changed);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_tunnelMode, &QComboBox::currentIndexChanged, this, [this] {
        showTunnelRows();
        emit changed();
    });
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        showTunnelRows();
        emit changed();
    });
    for (QLineEdit *edit :
         {m_publicUrl, m_binary, m_sshTarget, m_frpcConfig, m_command, m_urlPattern, m_extraArgs})
        connect(edit, &QLineEdit::textChanged, this, &SettingsPage::changed);
    connect(m_sshRemotePort, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_checkInterval, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_token, &SecretField::edited, this, &SettingsPage::changed);
    connect(m_showOutput, &QPushButton::clicked, this, &RelayPage::showOutput);
    connect(&context, &SettingsContext::tunnelChanged, this, &RelayPage::watchTunnel);
    watchTunnel();
}

TunnelOutputWindow *RelayPage::outputWindow() const
{
    return m_outputWindow;
}

void RelayPage::watchTunnel()
{
    if (m_watched)
        m_watched->disconnect(this);
    m_watched = m_context.tunnel();
    if (m_watched) {
        for (auto signal : {&TunnelManager::checkStarted, &TunnelManager::stopped})
            connect(m_watched, signal, this, &RelayPage::showTunnelState);
        connect(m_watched, &TunnelManager::stateChanged, this, &RelayPage::showTunnelState);
        connect(m_watched, &TunnelManager::publicUrlChanged, this, &RelayPage::showTunnelState);
        connect(m_watched, &TunnelManager::reachabilityChecked, this, &RelayPage::showTunnelState);
    }
    if (m_outputWindow)
        m_outputWindow->setTunnel(m_watched);
    showTunnelState();
}

void RelayPage::showTunnelState()
{
    // A tunnel that went away with its relay leaves its last word ("Stopped: …") in place.
    m_tunnelState->setText(tr("Now: %1").arg(TunnelOutputWindow::describe(m_watched)));
}

void RelayPage::showOutput()
{
    if (!m_outputWindow) {
        m_outputWindow = new TunnelOutputWindow(this);
        m_outputWindow->setAttribute(Qt::WA_DeleteOnClose);
        m_outputWindow->setTunnel(m_context.tunnel());
    }
    m_outputWindow->show();
    m_outputWindow->raise();
    m_outputWindow->activateWindow();
}

void RelayPage::load(const AppConfig &config)
{
    m_address->setEditText(config.relay.address.toString());
    m_port->setValue(config.relay.port);
    const TunnelSettings &t = config.tunnel;
    m_loaded = t;
    m_tunnelMode->setCurrentIndex(std::max(0, m_tunnelMode->findData(nameOf(t.mode))));
    m_publicUrl->setText(t.publicUrl.toString());
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(t.preset)));
    m_binary->setText(t.binary);
    m_sshTarget->setText(t.sshTarget);
    m_sshRemotePort->setValue(t.sshRemotePort);
    m_frpcConfig->setText(t.frpcConfig);
    m_command->setText(t.command);
    m_urlPattern->setText(t.urlPattern);
    m_extraArgs->setText(t.extraArgs);
    m_checkInterval->setValue(t.checkIntervalSeconds);
    showTunnelRows();
}

void RelayPage::store(AppConfig &config) const
{
    QHostAddress address;
    if (address.setAddress(m_address->currentText().trimmed()))
        config.relay.address = address;
    config.relay.port = quint16(m_port->value());
    TunnelSettings &t = config.tunnel;
    t = m_loaded;
    t.mode = tunnelModeNamed(m_tunnelMode->currentData().toString()).value_or(TunnelMode::None);
    t.publicUrl = QUrl(m_publicUrl->text().trimmed());
    t.preset = m_preset->currentData().toString();
    t.binary = m_binary->text().trimmed();
    t.sshTarget = m_sshTarget->text().trimmed();
    t.sshRemotePort = m_sshRemotePort->value();
    t.frpcConfig = m_frpcConfig->text().trimmed();
    // A command is for preset=custom only; Config refuses one anywhere else.
    t.command = t.preset == u"custom"_s ? m_command->text().trimmed() : QString();
    t.urlPattern = m_urlPattern->text();
    t.extraArgs = m_extraArgs->text().trimmed();
    t.checkIntervalSeconds = m_checkInterval->value();
}

QStringList RelayPage::secretKeys(const AppConfig &) const
{
    return {TunnelSettings::tokenKey()};
}

void RelayPage::showTunnelRows()
{
    const TunnelMode mode =
        tunnelModeNamed(m_tunnelMode->currentData().toString()).value_or(TunnelMode::None);
    const QString preset = m_preset->currentData().toString();
    const bool process = mode == TunnelMode::Process;
    const bool custom = process && preset == u"custom"_s;
    Form::setRowVisible(m_tunnelForm, m_publicUrl, mode != TunnelMode::None);
    Form::setRowVisible(m_tunnelForm, m_preset, process);
    Form::setRowVisible(m_tunnelForm, m_sshTarget, process && preset == u"ssh"_s);
    Form::setRowVisible(m_tunnelForm, m_sshRemotePort, process && preset == u"ssh"_s);
    Form::setRowVisible(m_tunnelForm, m_frpcConfig, process && preset == u"frpc"_s);
    Form::setRowVisible(m_tunnelForm, m_command, custom);
    Form::setRowVisible(m_tunnelForm, m_urlPattern, custom);
    Form::setRowVisible(m_tunnelForm, m_extraArgs, process && !custom);
    Form::setRowVisible(m_tunnelForm, m_binary, process && !custom);
    Form::setRowVisible(m_tunnelForm, m_token, process && preset == u"ngrok"_s);
    Form::setRowVisible(m_tunnelForm, m_checkInterval, mode != TunnelMode::None);
    if (mode == TunnelMode::None)
        m_tunnelHint->setText(tr("DingTalk cannot reach HTTP-callback robots from the internet. "
                                 "Stream mode robots work without a tunnel."));
    else if (mode == TunnelMode::Fixed)
        m_tunnelHint->setText(tr("Your own server forwards this URL to the relay. DingRelay "
                                 "checks from time to time that it really arrives here."));
    else if (preset == u"cloudflared"_s || preset == u"ngrok"_s || custom)
        m_tunnelHint->setText(tr("DingRelay starts the program with the relay, restarts it when "
                                 "it stops, and reads the public URL from its output (leave "
                                 "Public URL empty)."));
    else
        m_tunnelHint->setText(tr("DingRelay starts the program with the relay and restarts it "
                                 "when it stops. Public URL is the address your server "
                                 "exposes."));
    m_publicUrl->setPlaceholderText(process && (preset == u"cloudflared"_s || preset == u"ngrok"_s)
                                        ? tr("Empty: read from the program's output")
                                        : u"https://relay.example.com"_s);
}

QString RelayPage::portProblem(const AppConfig &saved, const QString &address, int port)
{
    QHostAddress host;
    if (port == 0 || !host.setAddress(address))
        return {};
    if (host == saved.relay.address && port == saved.relay.port)
        return {}; // the running relay holds it
    QTcpServer probe;
    if (probe.listen(host, quint16(port)))
        return {};
    if (probe.serverError() == QAbstractSocket::AddressInUseError)
        return tr("Another program already uses port %1. Choose another port, or stop that "
                  "program.")
            .arg(port);
    return tr("The relay cannot listen on %1 port %2: %3")
        .arg(address)
        .arg(port)
        .arg(probe.errorString());
}

bool RelayPage::validate()
{
    bool ok = true;
    const QString address = m_address->currentText().trimmed();
    QHostAddress parsed;
    if (!parsed.setAddress(address)) {
        m_addressMessage->setError(tr("Enter an IP address, such as 127.0.0.1 or 0.0.0.0."));
        ok = false;
    } else {
        m_addressMessage->setError(QString());
    }
    const QString portError = portProblem(m_context.saved(), address, m_port->value());
    m_portMessage->setError(portError);
    ok = ok && portError.isEmpty();

    // The tunnel's many rules are Config's; shown here under the field they name.
    const QStringList errors = ConfigErrors::of(m_context.current());
    const QMap<QString, FieldMessage *> fields{
        {u"tunnel/public_url"_s, m_publicUrlMessage}, {u"public_url"_s, m_publicUrlMessage},
        {u"ssh_target"_s, m_sshTargetMessage},        {u"frpc_config"_s, m_frpcMessage},
        {u"tunnel/command"_s, m_commandMessage},      {u"needs command"_s, m_commandMessage},
        {u"url_pattern"_s, m_urlPatternMessage},      {u"extra_args"_s, m_extraArgsMessage},
    };
    const bool tunnelOk = ConfigErrors::show(errors, u"tunnel/"_s, fields, m_tunnelMessage);
    return ok && tunnelOk;
}
