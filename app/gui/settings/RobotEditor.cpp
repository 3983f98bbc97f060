#include "settings/RobotEditor.h"
#include "relay/CardStreamer.h"

#include "settings/Form.h"
#include "settings/SecretDrafts.h"
#include "settings/SecretField.h"
#include "settings/SettingsContext.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

const QRegularExpression &validId()
{
    static const QRegularExpression re(u"^[A-Za-z0-9_-]{1,64}$"_s);
    return re;
}

QStringList splitKeywords(const QString &text)
{
    static const QRegularExpression separators(u"[,，、]"_s);
    QStringList words;
    for (const QString &word : text.split(separators)) {
        if (!word.trimmed().isEmpty())
            words << word.trimmed();
    }
    return words;
}

// A secret the user must supply, unless the keychain could not say whether it has it.
bool missing(const SecretDrafts &secrets, const QString &key)
{
    const auto state = secrets.state(key);
    return !secrets.willHaveValue(key) && state != SecretDrafts::State::Unknown &&
           state != SecretDrafts::State::Unreadable;
}

} // namespace

RobotEditor::RobotEditor(SettingsContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_form(Form::makeLayout(this))
    , m_id(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_clientId(new QLineEdit(this))
    , m_appSecret(new SecretField(context.secrets(), this))
    , m_clientSecret(new SecretField(context.secrets(), this))
    , m_callbackPath(new QLineEdit(this))
    , m_callbackUrl(new QLineEdit(this))
    , m_copy(new QPushButton(tr("&Copy"), this))
    , m_route(new QComboBox(this))
    , m_webhook(new QCheckBox(tr("Also post through a group's custom robot &webhook"), this))
    , m_webhookToken(new SecretField(context.secrets(), this))
    , m_webhookSecret(new SecretField(context.secrets(), this))
    , m_keywords(new QLineEdit(this))
    , m_systemPrompt(new QPlainTextEdit(this))
    , m_model(new QLineEdit(this))
    , m_language(new QComboBox(this))
    , m_cardTemplate(new QLineEdit(this))
    , m_cardInterval(new QSpinBox(this))
{
    using P = Part;
    const auto message = [this](Part part, QWidget *field) {
        auto *m = new FieldMessage(field, this);
        m_messages.insert(part, m);
        return m;
    };
    m_form->setContentsMargins(0, 0, 0, 0);

    m_id->setObjectName(u"robotId"_s);
    m_id->setValidator(
        new QRegularExpressionValidator(QRegularExpression(u"^[A-Za-z0-9_-]{0,64}$"_s), m_id));
    m_id->setToolTip(tr("Letters, digits, '-' and '_'. It names the robot's secrets and its "
                        "callback path."));
    m_mode->setObjectName(u"robotMode"_s);
    m_mode->addItem(tr("HTTP callbacks: DingTalk calls this relay"), nameOf(RobotMode::Http));
    m_mode->addItem(tr("Stream mode: the relay connects to DingTalk"), nameOf(RobotMode::Stream));
    m_clientId->setObjectName(u"clientId"_s);
    m_clientId->setPlaceholderText(tr("dingxxxxxxxxxxxxxxxx"));
    m_appSecret->setObjectName(u"appSecret"_s);
    m_appSecret->lineEdit()->setObjectName(u"appSecretEdit"_s);
    m_clientSecret->setObjectName(u"clientSecret"_s);
    m_clientSecret->lineEdit()->setObjectName(u"clientSecretEdit"_s);
    m_callbackPath->setObjectName(u"callbackPath"_s);
    m_callbackUrl->setObjectName(u"callbackUrl"_s);
    m_callbackUrl->setReadOnly(true);
    m_copy->setObjectName(u"copyCallbackUrl"_s);
    m_copy->setToolTip(tr("Copy the callback URL, to paste it into the DingTalk developer "
                          "console"));
    m_route->setObjectName(u"replyRoute"_s);
    m_route->addItem(tr("The conversation's session webhook (recommended)"),
                     nameOf(ReplyRoute::Session));
    m_route->addItem(tr("The robot OpenAPI (needs the Client ID)"), nameOf(ReplyRoute::OpenApi));
    m_route->addItem(tr("A group's custom robot webhook only"), nameOf(ReplyRoute::Webhook));
    m_webhook->setObjectName(u"hasWebhook"_s);
    m_webhookToken->setObjectName(u"webhookToken"_s);
    m_webhookToken->lineEdit()->setObjectName(u"webhookTokenEdit"_s);
    m_webhookSecret->setObjectName(u"webhookSecret"_s);
    m_webhookSecret->lineEdit()->setObjectName(u"webhookSecretEdit"_s);
    m_webhookSecret->setRemovable(true);
    m_keywords->setObjectName(u"keywords"_s);
    m_keywords->setPlaceholderText(tr("Separated by commas; at most 10"));
    m_systemPrompt->setObjectName(u"persona"_s);
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->setPlaceholderText(tr("Empty: the system prompt from the Model section"));
    m_systemPrompt->setMinimumHeight(m_systemPrompt->fontMetrics().lineSpacing() * 4);
    m_systemPrompt->setMaximumHeight(m_systemPrompt->fontMetrics().lineSpacing() * 8);
    m_model->setObjectName(u"robotModel"_s);
    m_model->setPlaceholderText(tr("Empty: the model from the Model section"));
    m_language->setObjectName(u"robotLanguage"_s);
    m_language->addItem(u"中文"_s, u"zh"_s);
    m_language->addItem(u"English"_s, u"en"_s);
    m_cardTemplate->setObjectName(u"cardTemplate"_s);
    m_cardTemplate->setPlaceholderText(tr("Empty: answers arrive as markdown messages"));
    m_cardInterval->setObjectName(u"cardInterval"_s);
    // The bounds Config accepts for card_interval_ms.
    m_cardInterval->setRange(100, 10000);
    m_cardInterval->setSingleStep(100);
    m_cardInterval->setSuffix(tr(" ms"));
    m_cardInterval->setToolTip(tr("The card shows the answer so far at most this often. Each "
                                  "update is one call on the robot's monthly DingTalk API "
                                  "allowance."));
    m_clientSecret->setRemovable(true);

    auto *urlRow = new QWidget(this);
    auto *urlLayout = new QHBoxLayout(urlRow);
    urlLayout->setContentsMargins(0, 0, 0, 0);
    urlLayout->addWidget(m_callbackUrl, 1);
    urlLayout->addWidget(m_copy);

    Form::addRow(m_form, tr("&Name:"), m_id, message(P::Id, m_id));
    Form::addRow(m_form, tr("Conn&ection:"), m_mode, message(P::Mode, m_mode));
    Form::addRow(m_form, tr("Client &ID (AppKey):"), m_clientId, message(P::ClientId, m_clientId));
    Form::addRow(m_form, tr("App&Secret:"), m_appSecret, message(P::AppSecret, m_appSecret));
    Form::addRow(m_form, tr("Client sec&ret:"), m_clientSecret,
                 message(P::ClientSecret, m_clientSecret));
    Form::addRow(m_form, tr("Callback pat&h:"), m_callbackPath,
                 message(P::CallbackPath, m_callbackPath));
    QLabel *urlLabel = Form::addRow(m_form, tr("Callback &URL:"), urlRow);
    urlLabel->setBuddy(m_callbackUrl);
    Form::addRow(m_form, tr("Answers &go through:"), m_route, message(P::Route, m_route));
    m_form->addRow(QString(), m_webhook);
    Form::addRow(m_form, tr("Webhook &token:"), m_webhookToken,
                 message(P::WebhookToken, m_webhookToken));
    Form::addRow(m_form, tr("We&bhook signing secret:"), m_webhookSecret);
    Form::addRow(m_form, tr("&Keywords:"), m_keywords, message(P::Keywords, m_keywords));
    Form::addRow(m_form, tr("System &prompt:"), m_systemPrompt);
    Form::addRow(m_form, tr("&Model:"), m_model);
    Form::addRow(m_form, tr("Robot's &language:"), m_language);
    Form::addRow(m_form, tr("&AI card template:"), m_cardTemplate,
                 message(P::Card, m_cardTemplate));
    m_cardCalls = new FieldMessage(m_cardInterval, this);
    Form::addRow(m_form, tr("Card update inter&val:"), m_cardInterval, m_cardCalls);

    for (QLineEdit *edit : {m_id, m_clientId, m_callbackPath, m_keywords, m_model, m_cardTemplate})
        connect(edit, &QLineEdit::textEdited, this, &RobotEditor::read);
    for (QComboBox *combo : {m_mode, m_route, m_language})
        connect(combo, &QComboBox::currentIndexChanged, this, &RobotEditor::read);
    connect(m_webhook, &QCheckBox::toggled, this, &RobotEditor::read);
    connect(m_systemPrompt, &QPlainTextEdit::textChanged, this, &RobotEditor::read);
    connect(m_cardInterval, &QSpinBox::valueChanged, this, &RobotEditor::read);
    for (SecretField *field : {m_appSecret, m_clientSecret, m_webhookToken, m_webhookSecret})
        connect(field, &SecretField::edited, this, [this] { emit edited(m_robot.id); });
    connect(m_webhookToken, &SecretField::edited, this, &RobotEditor::pasteWebhookUrl);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_callbackUrl->text());
        m_copy->setText(tr("Copied"));
        QTimer::singleShot(1500, m_copy, [this] { m_copy->setText(tr("&Copy")); });
    });
    connect(&context, &SettingsContext::edited, this, &RobotEditor::refreshCallbackUrl);
    setEnabled(false);
}

void RobotEditor::setRobot(const RobotSettings &robot, bool isNew)
{
    m_loading = true;
    m_robot = robot;
    m_isNew = isNew;
    setEnabled(true);
    m_id->setText(robot.id);
    m_id->setReadOnly(!isNew);
    m_id->setToolTip(isNew ? tr("Letters, digits, '-' and '_'. It names the robot's secrets and "
                                "its callback path.")
                           : tr("A saved robot keeps its name: its secrets are stored under it. "
                                "Add a new robot to use another name."));
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(nameOf(robot.mode))));
    m_clientId->setText(robot.clientId);
    m_callbackPath->setText(robot.callbackPath);
    m_route->setCurrentIndex(std::max(0, m_route->findData(nameOf(robot.replyRoute))));
    m_webhook->setChecked(robot.hasWebhook);
    m_keywords->setText(robot.keywords.join(u", "_s));
    m_systemPrompt->setPlainText(robot.systemPrompt);
    m_model->setText(robot.model);
    m_language->setCurrentIndex(std::max(0, m_language->findData(robot.language)));
    m_cardTemplate->setText(robot.cardTemplateId);
    m_cardInterval->setValue(robot.cardIntervalMs);
    bindSecrets();
    showModeRows();
    refreshCallbackUrl();
    m_loading = false;
}

void RobotEditor::bindSecrets()
{
    m_appSecret->setKey(m_robot.appSecretKey());
    m_clientSecret->setKey(m_robot.clientSecretKey());
    m_webhookToken->setKey(m_robot.webhookTokenKey());
    m_webhookSecret->setKey(m_robot.webhookSecretKey());
}

void RobotEditor::read()
{
    if (m_loading)
        return;
    const QString oldId = m_robot.id;
    const QString newId = m_id->text().trimmed();
    if (m_isNew && newId != oldId) {
        // A new robot's path follows its name until the user sets one of their own.
        if (m_callbackPath->text() == u"/dingtalk/"_s + oldId)
            m_callbackPath->setText(u"/dingtalk/"_s + newId);
        m_context.secrets().renamePrefix(u"robot/"_s + oldId + u'/', u"robot/"_s + newId + u'/');
    }
    m_robot.id = newId;
    m_robot.mode = robotModeNamed(m_mode->currentData().toString()).value_or(RobotMode::Http);
    m_robot.clientId = m_clientId->text().trimmed();
    m_robot.callbackPath = m_callbackPath->text().trimmed();
    m_robot.replyRoute =
        replyRouteNamed(m_route->currentData().toString()).value_or(ReplyRoute::Session);
    if (m_robot.replyRoute == ReplyRoute::Webhook && !m_webhook->isChecked()) {
        const QSignalBlocker block(m_webhook);
        m_webhook->setChecked(true); // answers can only go there with a webhook
    }
    m_robot.hasWebhook = m_webhook->isChecked();
    m_robot.keywords = splitKeywords(m_keywords->text());
    m_robot.systemPrompt = m_systemPrompt->toPlainText();
    m_robot.model = m_model->text().trimmed();
    m_robot.language = m_language->currentData().toString();
    m_robot.cardTemplateId = m_cardTemplate->text().trimmed();
    m_robot.cardIntervalMs = m_cardInterval->value();
    if (newId != oldId) {
        bindSecrets();
        // The keychain may hold secrets under the new name (a robot removed earlier): ask.
        m_context.secrets().probe({m_robot.appSecretKey(), m_robot.clientSecretKey(),
                                   m_robot.webhookTokenKey(), m_robot.webhookSecretKey()});
    }
    showModeRows();
    refreshCallbackUrl();
    emit edited(oldId);
}

void RobotEditor::showModeRows()
{
    const bool stream = m_robot.mode == RobotMode::Stream;
    m_messages.value(Part::Mode)->setNote(modeHint());
    m_clientSecret->setAbsentText(stream ? QString()
                                         : tr("Optional: only if it differs from the AppSecret"));
    Form::setRowVisible(m_form, m_appSecret, !stream);
    Form::setRowVisible(m_form, m_callbackPath, !stream);
    Form::setRowVisible(m_form, m_callbackUrl, !stream);
    m_clientSecret->setRemovable(!stream);
    const bool webhook = m_robot.hasWebhook;
    Form::setRowVisible(m_form, m_webhookToken, webhook);
    Form::setRowVisible(m_form, m_webhookSecret, webhook);
    Form::setRowVisible(m_form, m_keywords, webhook);
    m_webhook->setEnabled(m_robot.replyRoute != ReplyRoute::Webhook);
    Form::setRowVisible(m_form, m_cardInterval, !m_robot.cardTemplateId.isEmpty());
    showCardCalls();
}

void RobotEditor::showCardCalls()
{
    // The figures the relay logs at start, for the answers people usually wait for.
    const int interval = m_robot.cardIntervalMs;
    m_cardCalls->setNote(tr("About %1 DingTalk API calls for an answer the model writes in "
                            "10 s, %2 for one of 30 s. Each call counts against the robot's "
                            "monthly allowance.")
                             .arg(CardStreamer::estimatedCalls(interval, 10))
                             .arg(CardStreamer::estimatedCalls(interval, 30)));
}

QString RobotEditor::modeHint() const
{
    return m_robot.mode == RobotMode::Stream
               ? tr("The relay opens a connection to DingTalk: no public URL or tunnel is "
                    "needed. Choose \"Stream mode\" for the robot in the DingTalk developer "
                    "console.")
               : tr("DingTalk sends each message to the callback URL below, which must be "
                    "reachable from the internet (see Relay and tunnel).");
}

void RobotEditor::refreshCallbackUrl()
{
    const QString url = SettingsContext::callbackUrl(m_context.current(), m_robot.callbackPath);
    m_callbackUrl->setText(url);
    m_callbackUrl->setPlaceholderText(tr("Known once the tunnel program has started"));
    m_copy->setEnabled(!url.isEmpty());
}

void RobotEditor::pasteWebhookUrl()
{
    // People paste the whole webhook URL DingTalk shows; only its access_token is the secret.
    const QString text = m_webhookToken->lineEdit()->text().trimmed();
    if (!text.contains(u"access_token="_s))
        return;
    const QString token = QUrlQuery(QUrl(text).query()).queryItemValue(u"access_token"_s);
    if (token.isEmpty())
        return;
    m_context.secrets().setDraft(m_robot.webhookTokenKey(), token);
}

RobotEditor::Problems RobotEditor::problems(const RobotSettings &robot,
                                            const QList<RobotSettings> &others,
                                            const SecretDrafts &secrets)
{
    Problems p;
    using P = Part;
    if (robot.id.isEmpty())
        p[P::Id] = tr("Give the robot a name: letters, digits, '-' or '_'.");
    else if (!validId().match(robot.id).hasMatch())
        p[P::Id] = tr("A name may hold only letters, digits, '-' and '_'.");
    const bool stream = robot.mode == RobotMode::Stream;
    for (const RobotSettings &other : others) {
        if (other.id == robot.id && !robot.id.isEmpty())
            p[P::Id] = tr("Another robot already has this name.");
        if (!stream && other.mode != RobotMode::Stream && other.callbackPath == robot.callbackPath)
            p[P::CallbackPath] = tr("Robot \"%1\" already uses this path.").arg(other.id);
    }
    if (!stream && (!robot.callbackPath.startsWith(u'/') || robot.callbackPath.contains(u'?')))
        p[P::CallbackPath] = tr("The path must start with '/', for example /dingtalk/%1.")
                                 .arg(robot.id.isEmpty() ? u"sales"_s : robot.id);
    if (robot.clientId.isEmpty()) {
        if (stream)
            p[P::ClientId] = tr("Stream mode needs the Client ID (AppKey) from the app's page "
                                "in the DingTalk developer console.");
        else if (robot.replyRoute == ReplyRoute::OpenApi)
            p[P::ClientId] = tr("Answers through the OpenAPI need the Client ID (AppKey).");
        else if (!robot.cardTemplateId.isEmpty())
            p[P::ClientId] = tr("AI cards need the Client ID (AppKey).");
    }
    if (!robot.id.isEmpty()) {
        if (!stream && missing(secrets, robot.appSecretKey()))
            p[P::AppSecret] = tr("Enter the AppSecret (Client Secret) from the app's page in the "
                                 "DingTalk developer console: it checks that callbacks come "
                                 "from DingTalk.");
        if (stream && missing(secrets, robot.clientSecretKey()))
            p[P::ClientSecret] = tr("Enter the Client Secret from the app's page in the DingTalk "
                                    "developer console.");
        if (robot.hasWebhook && missing(secrets, robot.webhookTokenKey()))
            p[P::WebhookToken] = tr("Paste the custom robot's webhook URL or its access_token.");
    }
    if (robot.keywords.size() > 10)
        p[P::Keywords] = tr("DingTalk allows at most 10 keywords.");
    if (!robot.cardTemplateId.isEmpty()) {
        static const QRegularExpression templateId(u"^[A-Za-z0-9._-]{1,128}$"_s);
        if (!templateId.match(robot.cardTemplateId).hasMatch())
            p[P::Card] = tr("A template id looks like 1a2b3c4d-….schema (from DingTalk's card "
                            "platform).");
        else if (robot.replyRoute == ReplyRoute::Webhook)
            p[P::Card] = tr("A custom robot webhook cannot send cards.");
    }
    return p;
}

bool RobotEditor::validate(const QList<RobotSettings> &others)
{
    const Problems found = problems(m_robot, others, m_context.secrets());
    for (auto it = m_messages.cbegin(); it != m_messages.cend(); ++it)
        it.value()->setError(found.value(it.key()));
    if (!found.contains(Part::Mode))
        m_messages.value(Part::Mode)->setNote(modeHint()); // what the choice means
    return found.isEmpty();
}
