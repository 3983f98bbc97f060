#include "wizard/TunnelStep.h"

#include "settings/ConfigErrors.h"
#include "settings/Form.h"
#include "settings/SecretField.h"
#include "settings/SettingsContext.h"
#include "tunnel/TunnelPresets.h"
#include "wizard/CallbackUrlRow.h"
#include "wizard/FirstRunWizard.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

TunnelStep::TunnelStep(FirstRunWizard &wizard)
    : WizardStep(wizard)
    , m_none(new QRadioButton(tr("No tunnel: this computer &only"), this))
    , m_fixed(new QRadioButton(tr("&My own public URL (a server or proxy forwards it)"), this))
    , m_process(new QRadioButton(tr("A tunnel &program DingRelay starts"), this))
    , m_form(nullptr)
    , m_publicUrl(new QLineEdit(this))
    , m_preset(new QComboBox(this))
    , m_token(new SecretField(wizard.context().secrets(), this))
    , m_message(new FieldMessage(m_none, this))
    , m_callbackUrl(new CallbackUrlRow(this))
    , m_hint(Form::hint(QString(), this))
{
    setObjectName(u"tunnelStep"_s);
    setTitle(tr("How DingTalk reaches this computer"));
    setSubTitle(tr("DingTalk's servers must be able to call the robot's callback URL from the "
                   "internet."));
    m_none->setObjectName(u"tunnelNone"_s);
    m_fixed->setObjectName(u"tunnelFixed"_s);
    m_process->setObjectName(u"tunnelProcess"_s);
    auto *modes = new QButtonGroup(this);
    for (QRadioButton *b : {m_none, m_fixed, m_process})
        modes->addButton(b);
    m_publicUrl->setObjectName(u"publicUrl"_s);
    m_publicUrl->setPlaceholderText(u"https://relay.example.com"_s);
    m_preset->setObjectName(u"tunnelPreset"_s);
    m_preset->addItem(tr("cloudflared quick tunnel (no account needed)"), u"cloudflared"_s);
    m_preset->addItem(tr("ngrok"), u"ngrok"_s);
    m_token->setObjectName(u"tunnelToken"_s);
    m_token->setKey(TunnelSettings::tokenKey());
    m_token->setAbsentText(tr("Empty: the token ngrok already has"));
    m_message->setObjectName(u"tunnelMessage"_s);
    m_hint->setObjectName(u"tunnelHint"_s);

    body()->addWidget(m_none);
    body()->addWidget(m_fixed);
    body()->addWidget(m_process);
    auto *fields = new QWidget(this);
    m_form = Form::makeLayout(fields);
    m_form->setContentsMargins(0, 0, 0, 0);
    Form::addRow(m_form, tr("Public U&RL:"), m_publicUrl);
    Form::addRow(m_form, tr("Pro&gram:"), m_preset);
    Form::addRow(m_form, tr("ngrok au&thtoken:"), m_token);
    m_form->addRow(m_message);
    m_form->addRow(m_hint);
    QLabel *urlLabel = Form::addRow(m_form, tr("Callback &URL:"), m_callbackUrl);
    urlLabel->setBuddy(m_callbackUrl->lineEdit());
    body()->addWidget(fields);
    body()->addStretch(1);

    Form::chainTabOrder({m_none, m_fixed, m_process, m_publicUrl, m_preset, m_token,
                         m_callbackUrl->lineEdit(), m_callbackUrl->copyButton()});

    for (QRadioButton *b : {m_none, m_fixed, m_process})
        connect(b, &QRadioButton::toggled, this, &TunnelStep::refresh);
    connect(m_publicUrl, &QLineEdit::textChanged, this, &TunnelStep::refresh);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &TunnelStep::refresh);
}

void TunnelStep::load(const AppConfig &config)
{
    m_loaded = config.tunnel;
    const TunnelSettings &t = config.tunnel;
    // A program the wizard does not offer (frp, ssh, custom) stays as the file has it.
    if (m_preset->findData(t.preset) < 0)
        m_preset->addItem(t.preset, t.preset);
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(t.preset)));
    m_publicUrl->setText(t.publicUrl.toString());
    (t.mode == TunnelMode::Fixed     ? m_fixed
     : t.mode == TunnelMode::Process ? m_process
                                     : m_none)
        ->setChecked(true);
}

TunnelMode TunnelStep::mode() const
{
    return m_fixed->isChecked()     ? TunnelMode::Fixed
           : m_process->isChecked() ? TunnelMode::Process
                                    : TunnelMode::None;
}

void TunnelStep::store(AppConfig &config) const
{
    TunnelSettings &t = config.tunnel;
    t = m_loaded;
    t.mode = mode();
    t.preset = m_preset->currentData().toString();
    const bool readsUrl = t.preset == u"cloudflared"_s || t.preset == u"ngrok"_s;
    if (t.mode == TunnelMode::Fixed || (t.mode == TunnelMode::Process && !readsUrl))
        t.publicUrl = QUrl(m_publicUrl->text().trimmed());
    else if (t.mode == TunnelMode::Process)
        t.publicUrl = QUrl(); // read from the program's output
}

QStringList TunnelStep::secretKeys(const AppConfig &) const
{
    return {TunnelSettings::tokenKey()};
}

void TunnelStep::initializePage()
{
    refresh();
}

QString TunnelStep::problem() const
{
    const AppConfig config = m_wizard.collect();
    const TunnelSettings &t = config.tunnel;
    if (t.mode == TunnelMode::Fixed && m_publicUrl->text().trimmed().isEmpty())
        return tr("Enter the public address your server forwards to this computer, for "
                  "example https://relay.example.com.");
    for (const QString &error : ConfigErrors::of(config)) {
        if (error.contains(u"tunnel/"_s))
            return error;
    }
    if (t.mode == TunnelMode::Process) {
        const TunnelCommand command =
            TunnelPresets::build(t, config.relay.address.toString(), config.relay.port, {});
        if (!command.error.isEmpty())
            return command.error;
        if (QStandardPaths::findExecutable(command.program).isEmpty() &&
            !QFileInfo(command.program).isExecutable())
            return tr("%1 is not installed on this computer. To fix it: %2.")
                .arg(command.name, command.installHint);
    }
    return {};
}

void TunnelStep::refresh()
{
    const TunnelMode m = mode();
    const QString preset = m_preset->currentData().toString();
    const bool readsUrl = preset == u"cloudflared"_s || preset == u"ngrok"_s;
    Form::setRowVisible(m_form, m_publicUrl,
                        m == TunnelMode::Fixed || (m == TunnelMode::Process && !readsUrl));
    Form::setRowVisible(m_form, m_preset, m == TunnelMode::Process);
    Form::setRowVisible(m_form, m_token, m == TunnelMode::Process && preset == u"ngrok"_s);
    if (m == TunnelMode::None)
        m_hint->setText(tr("Only this computer reaches the relay. The test on the next page "
                           "works, but DingTalk's messages will not arrive: choose this only "
                           "if you forward the address yourself (for example with frp or ssh, "
                           "set up later under Settings › Relay and tunnel)."));
    else if (m == TunnelMode::Fixed)
        m_hint->setText(tr("Your server forwards this address to the relay on this computer "
                           "(port %1). The test on the next page goes through it.")
                            .arg(m_wizard.collect().relay.port));
    else
        m_hint->setText(tr("DingRelay starts the program with the relay, restarts it when it "
                           "stops, and reads the public address from its output. The test "
                           "on the next page goes through it."));

    const QString error = problem();
    m_message->setError(error);
    const AppConfig config = m_wizard.collect();
    const QString path =
        config.robots.isEmpty() ? u"/dingtalk/default"_s : config.robots.first().callbackPath;
    m_callbackUrl->setUrl(SettingsContext::callbackUrl(config, path),
                          tr("Shown on the next page once the tunnel runs"));
    emit completeChanged();
}

bool TunnelStep::isComplete() const
{
    return problem().isEmpty();
}
