#include "settings/ModelPage.h"

#include "config/Presets.h"
#include "openai/KeyRing.h"
#include "openai/ModelCheck.h"
#include "openai/ModelLister.h"
#include "settings/Form.h"
#include "settings/SecretDrafts.h"
#include "settings/SecretField.h"
#include "settings/SettingsContext.h"
#include "tokens/ModelCatalog.h"
#include "util/NetworkPool.h"
#include "util/Redactor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) &&
           !url.host().isEmpty();
}
} // namespace

QString ModelPage::presetLabel(const QString &preset)
{
    static const QHash<QString, const char *> labels{
        {u"openai"_s, QT_TR_NOOP("OpenAI")},
        {u"azure"_s, QT_TR_NOOP("Azure OpenAI")},
        {u"deepseek"_s, QT_TR_NOOP("DeepSeek")},
        {u"moonshot"_s, QT_TR_NOOP("Moonshot (Kimi)")},
        {u"dashscope"_s, QT_TR_NOOP("Alibaba DashScope (Qwen)")},
        {u"ollama"_s, QT_TR_NOOP("Ollama on this computer")},
        {u"custom"_s, QT_TR_NOOP("Another OpenAI-compatible server")},
    };
    const char *label = labels.value(preset);
    return label ? tr(label) : preset;
}

ModelPage::ModelPage(SettingsContext &context, QWidget *parent)
    : SettingsPage(context, parent)
    , m_preset(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_baseUrlMessage(new FieldMessage(m_baseUrl, this))
    , m_apiKey(new SecretField(context.secrets(), this))
    , m_apiKeyMessage(new FieldMessage(m_apiKey, this))
    , m_model(Form::editableCombo(this))
    , m_fetch(new QPushButton(tr("&Fetch models"), this))
    , m_modelMessage(new FieldMessage(m_model, this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_contextWindow(new QSpinBox(this))
    , m_contextWindowMessage(new FieldMessage(m_contextWindow, this))
    , m_tokenizer(new QComboBox(this))
    , m_tokenizerMessage(new FieldMessage(m_tokenizer, this))
    , m_systemPrompt(new QPlainTextEdit(this))
    , m_deployment(new QLineEdit(this))
    , m_apiVersion(new QLineEdit(this))
    , m_test(new QPushButton(tr("&Test the model"), this))
    , m_testResult(new QLabel(this))
{
    for (const QString &name : Presets::names())
        m_preset->addItem(presetLabel(name), name);
    m_preset->setObjectName(u"preset"_s);
    m_baseUrl->setObjectName(u"baseUrl"_s);
    m_apiKey->setObjectName(u"apiKey"_s);
    m_apiKey->lineEdit()->setObjectName(u"apiKeyEdit"_s);
    m_apiKey->setKey(u"model/api_key"_s);
    m_apiKey->setMessage(m_apiKeyMessage);
    m_apiKey->setMissingText(tr("Enter the API key from your provider's console."));
    m_model->setObjectName(u"modelPicker"_s);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(16);
    m_fetch->setObjectName(u"fetchModels"_s);
    m_fetch->setToolTip(tr("Ask the provider which models this key can use"));
    m_temperature->setObjectName(u"temperature"_s);
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setSpecialValueText(tr("Provider default"));
    m_maxTokens->setObjectName(u"maxAnswerTokens"_s);
    m_maxTokens->setRange(0, 1000000);
    m_maxTokens->setSingleStep(100);
    m_maxTokens->setSpecialValueText(tr("Provider default"));
    m_maxTokens->setSuffix(tr(" tokens"));
    m_maxTokens->setToolTip(tr("The longest answer the model may write. DingRelay also keeps "
                               "this much of the context window free for the answer."));
    m_contextWindow->setObjectName(u"contextWindow"_s);
    // The range model/context_window is read with (config/Config.cpp).
    m_contextWindow->setRange(0, 100000000);
    m_contextWindow->setSingleStep(1024);
    m_contextWindow->setSpecialValueText(tr("Known from the model's name"));
    m_contextWindow->setSuffix(tr(" tokens"));
    m_contextWindow->setToolTip(
        tr("How many tokens the model takes, the prompt and the answer together. DingRelay "
           "sends as much of the conversation as fits, less the answer's reserve. OpenAI's "
           "models are known by their name; any other model is given 8,192 tokens unless you "
           "enter its window here."));
    m_tokenizer->setObjectName(u"tokenizer"_s);
    // The choices model/tokenizer accepts (config/Config.cpp).
    m_tokenizer->addItem(tr("By the model's name"), u"auto"_s);
    m_tokenizer->addItem(tr("o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series)"), u"o200k_base"_s);
    m_tokenizer->addItem(tr("cl100k_base (GPT-4, GPT-3.5)"), u"cl100k_base"_s);
    m_tokenizer->addItem(tr("Estimate: one token per byte"), u"estimate"_s);
    m_tokenizer->setToolTip(
        tr("How DingRelay counts tokens, to fit the conversation into the context window and "
           "for daily token limits. OpenAI's models are counted exactly by their name; choose "
           "an encoding for another model that uses one of them. The estimate counts every "
           "UTF-8 byte as a token: never too few, three to five times too many."));
    m_systemPrompt->setObjectName(u"systemPrompt"_s);
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->setPlaceholderText(tr("What the model is told before every conversation"));
    m_systemPrompt->setMinimumHeight(m_systemPrompt->fontMetrics().lineSpacing() * 5);
    m_deployment->setObjectName(u"deployment"_s);
    m_deployment->setPlaceholderText(tr("Empty: the model name"));
    m_apiVersion->setObjectName(u"apiVersion"_s);
    m_test->setObjectName(u"testModel"_s);
    m_testResult->setObjectName(u"testResult"_s);
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::PlainText);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    auto *formHost = new QWidget(this);
    QFormLayout *form = Form::makeLayout(formHost);
    form->setContentsMargins(0, 0, 0, 0);
    Form::addRow(form, tr("&Provider:"), m_preset);
    Form::addRow(form, tr("&Base URL:"), m_baseUrl, m_baseUrlMessage);
    Form::addRow(form, tr("API &key:"), m_apiKey, m_apiKeyMessage);
    auto *modelRow = new QWidget(formHost);
    auto *modelLayout = new QHBoxLayout(modelRow);
    modelLayout->setContentsMargins(0, 0, 0, 0);
    modelLayout->addWidget(m_model, 1);
    modelLayout->addWidget(m_fetch);
    QLabel *modelLabel = Form::addRow(form, tr("&Model:"), modelRow, m_modelMessage);
    modelLabel->setBuddy(m_model);
    Form::addRow(form, tr("Deplo&yment:"), m_deployment);
    Form::addRow(form, tr("API &version:"), m_apiVersion);
    Form::addRow(form, tr("T&emperature:"), m_temperature);
    Form::addRow(form, tr("Answer &length:"), m_maxTokens);
    Form::addRow(form, tr("Context &window:"), m_contextWindow, m_contextWindowMessage);
    Form::addRow(form, tr("T&okenizer:"), m_tokenizer, m_tokenizerMessage);
    Form::addRow(form, tr("&System prompt:"), m_systemPrompt);
    layout->addWidget(formHost);

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);
    layout->addLayout(testRow);
    layout->addStretch(1);

    Form::chainTabOrder({this, m_preset, m_baseUrl, m_apiKey, m_model, m_fetch, m_deployment,
                         m_apiVersion, m_temperature, m_maxTokens, m_contextWindow, m_tokenizer,
                         m_systemPrompt, m_test});

    connect(m_preset, &QComboBox::currentIndexChanged, this, &ModelPage::presetChosen);
    for (QLineEdit *edit : {m_baseUrl, m_deployment, m_apiVersion})
        connect(edit, &QLineEdit::textChanged, this, &SettingsPage::changed);
    connect(m_model, &QComboBox::currentTextChanged, this, &SettingsPage::changed);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_contextWindow, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_tokenizer, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    // The notes follow the model's name and the answer's reserve.
    connect(m_model, &QComboBox::currentTextChanged, this, &ModelPage::explainTokens);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &ModelPage::explainTokens);
    connect(m_contextWindow, &QSpinBox::valueChanged, this, &ModelPage::explainTokens);
    connect(m_tokenizer, &QComboBox::currentIndexChanged, this, &ModelPage::explainTokens);
    connect(m_systemPrompt, &QPlainTextEdit::textChanged, this, &SettingsPage::changed);
    connect(m_apiKey, &SecretField::edited, this, &SettingsPage::changed);
    connect(m_fetch, &QPushButton::clicked, this, &ModelPage::fetchModels);
    connect(m_test, &QPushButton::clicked, this, &ModelPage::runTest);
    connect(&context.secrets(), &SecretDrafts::stateChanged, this, [this](const QString &key) {
        if (key == u"model/api_key"_s &&
            m_context.secrets().state(key) == SecretDrafts::State::Stored)
            fetchWhenReady();
    });
    m_form = form;
}

void ModelPage::load(const AppConfig &config)
{
    const QSignalBlocker block(m_preset);
    m_loaded = config.model;
    m_lastPreset = config.model.preset;
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(config.model.preset)));
    m_baseUrl->setText(config.model.baseUrl.toString());
    m_model->setEditText(config.model.model);
    m_temperature->setValue(config.model.temperature < 0 ? m_temperature->minimum()
                                                         : config.model.temperature);
    m_maxTokens->setValue(config.model.maxAnswerTokens);
    m_contextWindow->setValue(config.model.contextWindow);
    m_tokenizer->setCurrentIndex(std::max(0, m_tokenizer->findData(config.model.tokenizer)));
    m_systemPrompt->setPlainText(config.model.systemPrompt);
    const auto preset = Presets::find(config.model.preset);
    m_deployment->setText(preset && preset->deploymentPath &&
                                  config.model.deployment == config.model.model
                              ? QString()
                              : config.model.deployment);
    m_apiVersion->setText(config.model.apiVersion);
    m_testResult->clear();
    showPresetRows();
    explainTokens();
}

void ModelPage::store(AppConfig &config) const
{
    ModelSettings &m = config.model;
    m = m_loaded;
    m.preset = m_preset->currentData().toString();
    const auto preset = Presets::find(m.preset);
    if (preset && m.preset != m_loaded.preset) {
        // Another provider: its request shape, not the old one's.
        m.needsApiKey = preset->needsApiKey;
        m.tokenParam = preset->tokenParam;
        m.streamUsage = preset->streamUsage;
    }
    m.apiKeyHeader = preset && preset->auth == ProviderPreset::Auth::ApiKeyHeader;
    m.baseUrl = QUrl(m_baseUrl->text().trimmed());
    m.model = m_model->currentText().trimmed();
    m.temperature = m_temperature->value() < 0 ? -1 : m_temperature->value();
    m.maxAnswerTokens = m_maxTokens->value();
    m.contextWindow = m_contextWindow->value();
    m.tokenizer = m_tokenizer->currentData().toString();
    m.systemPrompt = m_systemPrompt->toPlainText();
    if (preset && preset->deploymentPath) {
        const QString deployment = m_deployment->text().trimmed();
        m.deployment = deployment.isEmpty() ? m.model : deployment;
        m.apiVersion = m_apiVersion->text().trimmed();
    } else if (m.preset != m_loaded.preset) {
        m.deployment.clear();
    }
}

QStringList ModelPage::secretKeys(const AppConfig &) const
{
    return {u"model/api_key"_s};
}

bool ModelPage::baseUrlValid() const
{
    return isHttpUrl(QUrl(m_baseUrl->text().trimmed()));
}

bool ModelPage::validate()
{
    bool ok = true;
    const QString base = m_baseUrl->text().trimmed();
    if (base.isEmpty()) {
        m_baseUrlMessage->setError(tr("Enter the server's address, for example "
                                      "https://api.example.com/v1."));
        ok = false;
    } else if (!baseUrlValid()) {
        m_baseUrlMessage->setError(tr("This is not a web address: it must start with "
                                      "https:// or http:// and name a server."));
        ok = false;
    } else {
        m_baseUrlMessage->setError(QString());
    }
    m_apiKey->setRequired(keyNeeded());
    m_apiKey->setAbsentText(keyNeeded() ? QString() : tr("Not needed for this provider"));
    ok = m_apiKey->validate() && ok;
    if (m_model->currentText().trimmed().isEmpty()) {
        m_modelMessage->setError(tr("Choose a model, or type its name."));
        ok = false;
    } else if (m_modelMessage->hasError()) {
        m_modelMessage->setError(QString());
    }
    return ok;
}

void ModelPage::presetChosen()
{
    const QString name = m_preset->currentData().toString();
    const auto old = Presets::find(m_lastPreset);
    const auto chosen = Presets::find(name);
    const QString base = m_baseUrl->text().trimmed();
    // Follow the provider unless the user typed an address of their own.
    if (chosen && (base.isEmpty() || (old && base == old->baseUrl)))
        m_baseUrl->setText(chosen->baseUrl);
    m_baseUrl->setPlaceholderText(
        chosen && !chosen->baseUrl.isEmpty() ? chosen->baseUrl : u"https://example.com/v1"_s);
    m_lastPreset = name;
    m_model->clear();
    m_model->setEditText(name == m_loaded.preset ? m_loaded.model : QString());
    m_fetchedOnce = false;
    m_modelMessage->setError(QString());
    m_testResult->clear();
    showPresetRows();
    emit changed();
}

void ModelPage::setEssentialsOnly(bool essentials)
{
    for (QWidget *field :
         {static_cast<QWidget *>(m_temperature), static_cast<QWidget *>(m_maxTokens),
          static_cast<QWidget *>(m_contextWindow), static_cast<QWidget *>(m_tokenizer),
          static_cast<QWidget *>(m_systemPrompt)})
        Form::setRowVisible(m_form, field, !essentials);
}

void ModelPage::explainTokens()
{
    const QString model = m_model->currentText().trimmed();
    const QLocale locale;
    // The window and the answer's reserve as the relay works them out (conversation/Planner).
    const int known = ModelCatalog::contextWindow(model);
    const int window = m_contextWindow->value() > 0 ? m_contextWindow->value()
                       : known > 0                  ? known
                                                    : ModelCatalog::FallbackContextWindow;
    const int reserve =
        m_maxTokens->value() > 0 ? m_maxTokens->value() : std::min(4096, window / 4);
    QString windowNote;
    if (window <= reserve)
        windowNote = tr("The answer's reserve (%1 tokens) takes the whole window: no earlier "
                        "turns are sent.")
                         .arg(locale.toString(reserve));
    else if (m_contextWindow->value() == 0 && known > 0)
        windowNote = tr("%1 takes %2 tokens.").arg(model, locale.toString(known));
    else if (m_contextWindow->value() == 0 && !model.isEmpty())
        windowNote = tr("Not known for %1: %2 tokens are assumed. Enter the model's window if it "
                        "is larger.")
                         .arg(model, locale.toString(ModelCatalog::FallbackContextWindow));
    m_contextWindowMessage->setNote(windowNote);

    const QString tokenizer = m_tokenizer->currentData().toString();
    QString tokenizerNote;
    if (tokenizer == u"estimate"_s) {
        tokenizerNote = tr("Every UTF-8 byte counts as a token: less of the conversation fits, "
                           "and daily token limits are reached sooner.");
    } else if (tokenizer == u"auto"_s && !model.isEmpty()) {
        const auto encoding = ModelCatalog::encodingFor(model);
        tokenizerNote =
            encoding ? tr("%1 is counted exactly, with %2.").arg(model, Encoding::name(*encoding))
                     : tr("No tokenizer is known for %1: every UTF-8 byte counts as "
                          "a token, an over-estimate.")
                           .arg(model);
    }
    m_tokenizerMessage->setNote(tokenizerNote);
}

void ModelPage::showPresetRows()
{
    const auto preset = Presets::find(m_preset->currentData().toString());
    const bool azure = preset && preset->deploymentPath;
    Form::setRowVisible(m_form, m_deployment, azure);
    Form::setRowVisible(m_form, m_apiVersion, azure);
}

void ModelPage::showEvent(QShowEvent *event)
{
    SettingsPage::showEvent(event);
    fetchWhenReady();
}

bool ModelPage::keyNeeded() const
{
    const QString name = m_preset->currentData().toString();
    if (name == m_loaded.preset)
        return m_loaded.needsApiKey;
    const auto preset = Presets::find(name);
    return preset && preset->needsApiKey;
}

void ModelPage::fetchWhenReady()
{
    // The picker fills itself the first time the page is seen with enough to ask.
    if (m_fetchedOnce || !isVisible() || !baseUrlValid())
        return;
    // A stored key, not one being typed: a page shown again mid-typing (QWizard does that)
    // would send half a key and show the provider's refusal.
    const SecretDrafts &secrets = m_context.secrets();
    const QString key = u"model/api_key"_s;
    if (!keyNeeded() || (secrets.state(key) == SecretDrafts::State::Stored &&
                         secrets.draft(key).isEmpty() && !secrets.isRemoved(key)))
        fetchModels();
}

void ModelPage::withCredentials(
    QObject *context,
    std::function<void(const AppConfig &, const QString &, const QString &, const QString &)> work)
{
    const AppConfig config = m_context.current();
    QStringList keys{u"model/api_key"_s};
    if (!config.network.modelProxy.user.isEmpty())
        keys << config.network.modelProxy.passwordKey();
    m_context.secrets().valuesFor(
        keys, context,
        [config, work = std::move(work)](const QHash<QString, QString> &values,
                                         const QString &error) {
            for (const QString &value : values)
                Redactor::instance().addSecret(value);
            // The field may hold several keys: an error names one.
            for (const QString &key : KeyRing::parseKeys(values.value(u"model/api_key"_s)))
                Redactor::instance().addSecret(key);
            work(config, values.value(u"model/api_key"_s),
                 values.value(config.network.modelProxy.passwordKey()), error);
        });
}

void ModelPage::fetchModels()
{
    if (!baseUrlValid()) {
        validate();
        return;
    }
    m_fetchedOnce = true;
    delete m_listRun;
    m_listRun = new QObject(this);
    m_fetch->setEnabled(false);
    m_modelMessage->setNote(tr("Asking the provider for its models…"));
    QPointer<QObject> run = m_listRun;
    withCredentials(run, [this, run](const AppConfig &config, const QString &key,
                                     const QString &proxyPassword, const QString &) {
        QList<QSslCertificate> cas;
        if (!config.network.caBundle.isEmpty()) {
            QString error;
            if (const auto loaded = NetworkPool::loadCaBundle(config.network.caBundle, &error))
                cas = *loaded;
        }
        auto *pool = new NetworkPool(1, run);
        pool->configure(config.network.modelProxy, proxyPassword, cas);
        ModelLister::list(
            pool, config.model, KeyRing::parseKeys(key).value(0), run,
            [this, run](const QStringList &ids, const ChatError &error, bool ok) {
                m_fetch->setEnabled(true);
                run->deleteLater();
                if (!ok) {
                    m_modelMessage->setNote(tr("The model list could not be fetched: %1")
                                                .arg(ModelCheck::explain(error)));
                    emit modelsFetched(false);
                    return;
                }
                const QString current = m_model->currentText();
                const QSignalBlocker block(m_model);
                m_model->clear();
                m_model->addItems(ids);
                m_model->setEditText(current);
                m_modelMessage->setNote(
                    ids.contains(current) || current.isEmpty()
                        ? (ids.size() == 1 ? tr("One model available.")
                                           : tr("%1 models available.").arg(ids.size()))
                        : tr("The provider does not list \"%1\"; check the name.").arg(current));
                emit modelsFetched(true);
            });
    });
}

void ModelPage::runTest()
{
    if (!baseUrlValid()) {
        validate();
        return;
    }
    delete m_testRun;
    m_testRun = new QObject(this);
    m_test->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Sending a short question to %1…").arg(m_model->currentText()));
    QPointer<QObject> run = m_testRun;
    withCredentials(run, [this, run](const AppConfig &config, const QString &key,
                                     const QString &proxyPassword, const QString &storeError) {
        if (config.model.needsApiKey && key.isEmpty()) {
            m_test->setEnabled(true);
            m_testResult->setStyleSheet(u"color: #c01c28"_s);
            m_testResult->setText(storeError.isEmpty()
                                      ? tr("✘ Enter the API key first.")
                                      : tr("✘ The API key could not be read: %1").arg(storeError));
            emit testFinished(false);
            return;
        }
        ModelCheck::run(config.model, config.network, key, proxyPassword, run,
                        [this, run](const ModelCheck::Outcome &outcome) {
                            m_test->setEnabled(true);
                            run->deleteLater();
                            const double seconds = double(outcome.elapsedMs) / 1000.0;
                            if (outcome.ok) {
                                m_testResult->setStyleSheet(u"color: #26a269"_s);
                                m_testResult->setText(tr("✔ %1 answered in %2 s: “%3”")
                                                          .arg(outcome.model.isEmpty()
                                                                   ? m_model->currentText()
                                                                   : outcome.model)
                                                          .arg(seconds, 0, 'f', 1)
                                                          .arg(outcome.answer.left(80)));
                            } else {
                                m_testResult->setStyleSheet(u"color: #c01c28"_s);
                                m_testResult->setText(u"✘ "_s + ModelCheck::explain(outcome.error));
                            }
                            emit testFinished(outcome.ok);
                        });
    });
}
