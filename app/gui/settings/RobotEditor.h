// RobotEditor: the fields of one DingTalk robot: connection, credentials, route and system prompt.
#pragma once

#include "config/Config.h"

#include <QMap>
#include <QWidget>

class FieldMessage;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class SecretDrafts;
class SecretField;
class SettingsContext;

class RobotEditor final : public QWidget
{
    Q_OBJECT
public:
    // The parts of a robot a message can be about.
    enum class Part {
        Id,
        Mode,
        ClientId,
        AppSecret,
        ClientSecret,
        CallbackPath,
        Route,
        WebhookToken,
        Keywords,
        Card
    };
    using Problems = QMap<Part, QString>;

    explicit RobotEditor(SettingsContext &context, QWidget *parent = nullptr);

    // isNew: not saved yet, so its id may still change (its secrets move with it).
    void setRobot(const RobotSettings &robot, bool isNew);
    RobotSettings robot() const { return m_robot; }

    // What is wrong with robot among others (the other robots), without any widget: the
    // Robots page checks the robots it does not show with this too.
    static Problems problems(const RobotSettings &robot, const QList<RobotSettings> &others,
                             const SecretDrafts &secrets);
    // Shows the problems of the robot on screen next to their fields; true when none.
    bool validate(const QList<RobotSettings> &others);
    // Shows the callback URL again (the port, address or public URL changed).
    void refreshCallbackUrl();

signals:
    // The robot changed; oldId is its id before the change (a new robot may be renamed).
    void edited(const QString &oldId);

private:
    void read();
    void showModeRows();
    void bindSecrets();
    void pasteWebhookUrl();
    QString modeHint() const;
    void showCardCalls();

    SettingsContext &m_context;
    RobotSettings m_robot;
    bool m_isNew = false;
    bool m_loading = false;

    QFormLayout *m_form;
    QLineEdit *m_id;
    QComboBox *m_mode;
    QLineEdit *m_clientId;
    SecretField *m_appSecret;
    SecretField *m_clientSecret;
    QLineEdit *m_callbackPath;
    QLineEdit *m_callbackUrl;
    QPushButton *m_copy;
    QComboBox *m_route;
    QCheckBox *m_webhook;
    SecretField *m_webhookToken;
    SecretField *m_webhookSecret;
    QLineEdit *m_keywords;
    QPlainTextEdit *m_systemPrompt;
    QLineEdit *m_model;
    QComboBox *m_language;
    QLineEdit *m_cardTemplate;
    QSpinBox *m_cardInterval;
    FieldMessage *m_cardCalls = nullptr; // the DingTalk API calls an answer costs
    QMap<Part, FieldMessage *> m_messages;
};
