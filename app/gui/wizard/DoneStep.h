// DoneStep: the wizard's last page: where the app lives now and what to do in DingTalk.
#pragma once

#include "wizard/WizardStep.h"

class QLabel;

class DoneStep final : public WizardStep
{
    Q_OBJECT
public:
    explicit DoneStep(FirstRunWizard &wizard);

    void initializePage() override;

private:
    QLabel *m_text;
};
