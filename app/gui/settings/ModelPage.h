// ModelPage: the settings section for the model provider, its key, the model and how it answers.
#pragma once

#include "settings/SettingsPage.h"

#include <QPointer>

class FieldMessage;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class SecretField;

class ModelPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit ModelPage(SettingsContext &context, QWidget *parent = nullptr);

    QString title() const override { return tr("Model"); }
    QString key() const override { return QStringLiteral("model"); }
    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    bool validate() override;
    QStringList secretKeys(const AppConfig &config) const override;

    // Sends one real chat completion with the values on screen (the wizard calls it too).
    void runTest();
    // Fills the model picker from the provider's /models.
    void fetchModels();
    // Only what a model needs to answer (provider, URL, key, model): the first-run wizard
    // leaves temperature, answer length and the system prompt to the settings dialog.
    void setEssentialsOnly(bool essentials);

    static QString presetLabel(const QString &preset);

signals:
    void testFinished(bool ok);
    void modelsFetched(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void presetChosen();
    void showPresetRows();
    bool baseUrlValid() const;
    bool keyNeeded() const;
    void fetchWhenReady();
    // The notes under the context window and the tokenizer: what DingRelay will use.
    void explainTokens();
    // Runs work with the API key and the model proxy's password (drafts first).
    void withCredentials(QObject *context,
                         std::function<void(const AppConfig &, const QString &key,
                                            const QString &proxyPassword, const QString &error)>
                             work);

    QComboBox *m_preset;
    QLineEdit *m_baseUrl;
    FieldMessage *m_baseUrlMessage;
    SecretField *m_apiKey;
    FieldMessage *m_apiKeyMessage;
    QComboBox *m_model;
    QPushButton *m_fetch;
    FieldMessage *m_modelMessage;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxTokens;
    QSpinBox *m_contextWindow;
    FieldMessage *m_contextWindowMessage;
    QComboBox *m_tokenizer;
    FieldMessage *m_tokenizerMessage;
    QPlainTextEdit *m_systemPrompt;
    QLineEdit *m_deployment;
    QLineEdit *m_apiVersion;
    QPushButton *m_test;
    QLabel *m_testResult;
    QFormLayout *m_form = nullptr;

    ModelSettings m_loaded;
    QString m_lastPreset;
    QPointer<QObject> m_testRun;
    QPointer<QObject> m_listRun;
    bool m_fetchedOnce = false;
};
