// TunnelStep: the wizard's tunnel page: how DingTalk reaches an HTTP-callback robot on this
// computer.
#pragma once

#include "wizard/WizardStep.h"

class CallbackUrlRow;
class FieldMessage;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class SecretField;

// Three choices: none (this computer only), a public URL the user's own server forwards, or a
// tunnel program DingRelay starts (cloudflared needs no account; ngrok needs its token). frp
// and ssh need more than a wizard should ask: the hint points to Settings for them.
class TunnelStep final : public WizardStep
{
    Q_OBJECT
public:
    explicit TunnelStep(FirstRunWizard &wizard);

    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    QStringList secretKeys(const AppConfig &config) const override;
    void initializePage() override;
    bool isComplete() const override;

private:
    TunnelMode mode() const;
    void refresh();
    // What stops the choice from working, in a sentence with the fix; empty when nothing.
    QString problem() const;

    TunnelSettings m_loaded;
    QRadioButton *m_none;
    QRadioButton *m_fixed;
    QRadioButton *m_process;
    QFormLayout *m_form;
    QLineEdit *m_publicUrl;
    QComboBox *m_preset;
    SecretField *m_token;
    FieldMessage *m_message;
    CallbackUrlRow *m_callbackUrl;
    QLabel *m_hint;
};
