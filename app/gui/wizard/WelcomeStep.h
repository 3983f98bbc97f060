// WelcomeStep: the wizard's first page: what DingRelay does and what the user needs at hand.
#pragma once

#include "wizard/WizardStep.h"

class WelcomeStep final : public WizardStep
{
    Q_OBJECT
public:
    explicit WelcomeStep(FirstRunWizard &wizard);
};
