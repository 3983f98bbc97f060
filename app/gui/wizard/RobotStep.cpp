#include "wizard/RobotStep.h"

#include "settings/Form.h"
#include "settings/RobotEditor.h"
#include "settings/SecretDrafts.h"
#include "settings/SecretField.h"
#include "settings/SettingsContext.h"
#include "wizard/CallbackUrlRow.h"
#include "wizard/FirstRunWizard.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
// A hint under a radio button, lined up with the button's text.
QWidget *indented(QWidget *hint)
{
    auto *box = new QWidget(hint->parentWidget());
    auto *layout = new QHBoxLayout(box);
    const QStyle *style = hint->style();
    layout->setContentsMargins(style->pixelMetric(QStyle::PM_ExclusiveIndicatorWidth) +
                                   style->pixelMetric(QStyle::PM_RadioButtonLabelSpacing),
                               0, 0, 0);
    layout->addWidget(hint);
    return box;
}
} // namespace

RobotStep::RobotStep(FirstRunWizard &wizard)
    : WizardStep(wizard)
    , m_stream(new QRadioButton(tr("S&tream mode (recommended)"), this))
    , m_http(new QRadioButton(tr("&HTTP callbacks"), this))
    , m_steps(new QLabel(this))
    , m_form(nullptr)
    , m_clientId(new QLineEdit(this))
    , m_clientIdMessage(new FieldMessage(m_clientId, this))
    , m_appSecret(new SecretField(wizard.context().secrets(), this))
    , m_appSecretMessage(new FieldMessage(m_appSecret, this))
    , m_clientSecret(new SecretField(wizard.context().secrets(), this))
    , m_clientSecretMessage(new FieldMessage(m_clientSecret, this))
    , m_callbackUrl(new CallbackUrlRow(this))
    , m_callbackHint(Form::hint(QString(), this))
{
    setObjectName(u"robotStep"_s);
    setTitle(tr("The DingTalk robot"));
    setSubTitle(tr("Create the robot in DingTalk's developer console, then copy its credentials "
                   "here."));
    m_stream->setObjectName(u"streamMode"_s);
    m_http->setObjectName(u"httpMode"_s);
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_stream);
    modes->addButton(m_http);
    m_steps->setObjectName(u"consoleSteps"_s);
    m_steps->setWordWrap(true);
    m_steps->setTextFormat(Qt::RichText);
    m_steps->setOpenExternalLinks(true);
    m_steps->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_clientId->setObjectName(u"clientId"_s);
    m_clientId->setPlaceholderText(tr("dingxxxxxxxxxxxxxxxx"));
    m_appSecret->setObjectName(u"appSecret"_s);
    m_appSecret->lineEdit()->setObjectName(u"appSecretEdit"_s);
    m_clientSecret->setObjectName(u"clientSecret"_s);
    m_clientSecret->lineEdit()->setObjectName(u"clientSecretEdit"_s);
    m_callbackHint->setObjectName(u"callbackHint"_s);

    body()->addWidget(Form::heading(tr("How DingTalk delivers messages"), this));
    // Radio buttons do not wrap: the explanation goes under each, where it can.
    body()->addWidget(m_stream);
    body()->addWidget(indented(Form::hint(tr("DingRelay connects to DingTalk itself: no public "
                                             "address, tunnel or server is needed."),
                                          this)));
    body()->addWidget(m_http);
    body()->addWidget(indented(Form::hint(tr("DingTalk calls a public URL of this relay: it "
                                             "needs a tunnel or a server of your own."),
                                          this)));
    body()->addSpacing(fontMetrics().lineSpacing() / 2);
    body()->addWidget(Form::heading(tr("In DingTalk's developer console"), this));
    body()->addWidget(m_steps);
    auto *fields = new QWidget(this);
    m_form = Form::makeLayout(fields);
    m_form->setContentsMargins(0, 0, 0, 0);
    Form::addRow(m_form, tr("Client &ID (AppKey):"), m_clientId, m_clientIdMessage);
    Form::addRow(m_form, tr("Client &Secret (AppSecret):"), m_appSecret, m_appSecretMessage);
    Form::addRow(m_form, tr("Client &Secret:"), m_clientSecret, m_clientSecretMessage);
    QLabel *urlLabel = Form::addRow(m_form, tr("Callback &URL:"), m_callbackUrl);
    urlLabel->setBuddy(m_callbackUrl->lineEdit());
    m_form->addRow(QString(), m_callbackHint);
    body()->addWidget(fields);
    body()->addStretch(1);

    Form::chainTabOrder({m_stream, m_http, m_steps, m_clientId, m_appSecret, m_clientSecret,
                         m_callbackUrl->lineEdit(), m_callbackUrl->copyButton()});

    connect(m_stream, &QRadioButton::toggled, this, [this] {
        showMode();
        refresh();
    });
    const auto edited = [this] {
        m_touched = true;
        refresh();
    };
    connect(m_clientId, &QLineEdit::textEdited, this, edited);
    connect(m_appSecret, &SecretField::edited, this, edited);
    connect(m_clientSecret, &SecretField::edited, this, edited);
    // A probe answer says whether the keychain already holds a secret.
    // (While hidden there is nothing to show; initializePage() checks again.)
    connect(&wizard.context().secrets(), &SecretDrafts::stateChanged, this, [this] {
        if (isVisible())
            refresh();
    });
}

void RobotStep::load(const AppConfig &config)
{
    m_index = config.robots.isEmpty() ? -1 : 0;
    if (m_index >= 0) {
        m_robot = config.robots.first();
    } else {
        m_robot = RobotSettings();
        m_robot.id = u"default"_s;
        m_robot.callbackPath = u"/dingtalk/default"_s;
        m_robot.mode = RobotMode::Stream; // no tunnel to set up
    }
    m_clientId->setText(m_robot.clientId);
    m_appSecret->setKey(m_robot.appSecretKey());
    m_clientSecret->setKey(m_robot.clientSecretKey());
    const QSignalBlocker block(m_stream);
    (m_robot.mode == RobotMode::Stream ? m_stream : m_http)->setChecked(true);
    showMode();
}

RobotSettings RobotStep::robot() const
{
    RobotSettings robot = m_robot;
    robot.mode = m_stream->isChecked() ? RobotMode::Stream : RobotMode::Http;
    robot.clientId = m_clientId->text().trimmed();
    return robot;
}

bool RobotStep::streamMode() const
{
    return m_stream->isChecked();
}

void RobotStep::store(AppConfig &config) const
{
    if (m_index >= 0 && m_index < config.robots.size())
        config.robots[m_index] = robot();
    else
        config.robots.prepend(robot());
}

QStringList RobotStep::secretKeys(const AppConfig &) const
{
    return {m_robot.appSecretKey(), m_robot.clientSecretKey()};
}

void RobotStep::initializePage()
{
    refresh();
}

void RobotStep::showMode()
{
    const bool stream = streamMode();
    // The console's menus are named as DingTalk names them, in English and Chinese, since
    // the console follows the browser's language.
    const QString receive =
        stream ? tr("Under <b>Message receiving mode</b> (消息接收模式) choose <b>Stream "
                    "mode</b>, then <b>Publish</b>.")
               : tr("Under <b>Message receiving mode</b> (消息接收模式) choose <b>HTTP "
                    "mode</b>, paste the <b>Callback URL</b> below as the message receiving "
                    "address, then <b>Publish</b>.");
    m_steps->setText(
        tr("<ol>"
           "<li>Open <a href=\"https://open-dev.dingtalk.com\">open-dev.dingtalk.com</a> and "
           "sign in with an account that may create apps for your organisation.</li>"
           "<li>Choose <b>App development</b> (应用开发) › <b>Create app</b> (创建应用), and give "
           "it the name people will see.</li>"
           "<li>In the app, choose <b>Add app capability</b> (添加应用能力) › <b>Robot</b> "
           "(机器人) and fill in its name and description.</li>"
           "<li>%1</li>"
           "<li>Open <b>Credentials and basic info</b> (凭证与基础信息) and copy the "
           "<b>Client ID</b> and the <b>Client Secret</b> into the fields below.</li>"
           "<li>Under <b>Version management</b> (版本管理与发布), publish a version so people in "
           "your organisation can find the robot.</li>"
           "</ol>")
            .arg(receive));
    Form::setRowVisible(m_form, m_appSecret, !stream);
    Form::setRowVisible(m_form, m_clientSecret, stream);
    Form::setRowVisible(m_form, m_callbackUrl, !stream);
    Form::setRowVisible(m_form, m_callbackHint, !stream);
    m_clientSecret->setRequired(stream);
    m_appSecret->setRequired(!stream);
}

void RobotStep::refresh()
{
    if (!streamMode()) {
        const AppConfig config = m_wizard.collect();
        const QString url = SettingsContext::callbackUrl(config, m_robot.callbackPath);
        m_callbackUrl->setUrl(url, tr("Known once the tunnel program has started"));
        m_callbackHint->setText(
            config.tunnel.mode == TunnelMode::None
                ? tr("This address works only on this computer. The next page makes it "
                     "reachable for DingTalk and shows the address to paste instead.")
                : tr("Paste this address into the console. It comes from the tunnel set up "
                     "on the next page."));
    }
    check(true);
    emit completeChanged();
}

bool RobotStep::check(bool show) const
{
    const RobotEditor::Problems problems =
        RobotEditor::problems(robot(), {}, m_wizard.context().secrets());
    using P = RobotEditor::Part;
    if (show) {
        // What is still missing reads as a to-do until the user starts typing, then as an error.
        const auto say = [this](FieldMessage *message, const QString &text) {
            if (m_touched)
                message->setError(text);
            else
                message->setNote(text);
        };
        say(m_clientIdMessage, problems.value(P::ClientId));
        say(m_appSecretMessage, problems.value(P::AppSecret));
        say(m_clientSecretMessage, problems.value(P::ClientSecret));
    }
    return problems.isEmpty();
}

bool RobotStep::isComplete() const
{
    return check(false);
}

int RobotStep::nextId() const
{
    // A Stream connection goes out from this computer: there is no tunnel to choose.
    return streamMode() ? FirstRunWizard::TestId : FirstRunWizard::TunnelId;
}
