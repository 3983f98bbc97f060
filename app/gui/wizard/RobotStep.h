// RobotStep: the wizard's robot page: how to create it in DingTalk's console, and its credentials.
#pragma once

#include "wizard/WizardStep.h"

class CallbackUrlRow;
class FieldMessage;
class QFormLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class SecretField;

// One robot: the first in the file, or a new one named "default". Stream mode needs the
// Client ID and Client Secret; HTTP callbacks need the AppSecret (to check DingTalk's
// signatures) and a callback URL to paste into the console. The messages under the fields are
// RobotEditor's, so the wizard and the settings say the same thing.
class RobotStep final : public WizardStep
{
    Q_OBJECT
public:
    explicit RobotStep(FirstRunWizard &wizard);

    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    QStringList secretKeys(const AppConfig &config) const override;
    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

    bool streamMode() const;
    RobotSettings robot() const;

private:
    void showMode();
    void refresh();
    bool check(bool show) const;

    RobotSettings m_robot;
    int m_index = -1; // its place in the file's robots; -1: a new one
    bool m_touched = false;
    QRadioButton *m_stream;
    QRadioButton *m_http;
    QLabel *m_steps;
    QFormLayout *m_form;
    QLineEdit *m_clientId;
    FieldMessage *m_clientIdMessage;
    SecretField *m_appSecret;
    FieldMessage *m_appSecretMessage;
    SecretField *m_clientSecret;
    FieldMessage *m_clientSecretMessage;
    CallbackUrlRow *m_callbackUrl;
    QLabel *m_callbackHint;
};
