// ModelStep: the wizard's model page: the settings' Model page, and a live check that must pass.
#pragma once

#include "wizard/WizardStep.h"

class ModelPage;
class QCheckBox;
class QLabel;

// Next runs ModelPage's real chat completion when the values on screen have not passed it
// yet, and moves on only when it succeeds, or when the user ticks "continue without a working
// model" (which warns what that means).
class ModelStep final : public WizardStep
{
    Q_OBJECT
public:
    explicit ModelStep(FirstRunWizard &wizard);

    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    QStringList secretKeys(const AppConfig &config) const override;
    bool isComplete() const override;
    bool validatePage() override;

    ModelPage *page() const { return m_page; }
    bool checkPassed() const { return m_passed; }

private:
    void onChanged();
    void onTested(bool ok);

    ModelPage *m_page;
    QCheckBox *m_skip;
    QLabel *m_skipWarning;
    bool m_passed = false;
    bool m_checking = false;
    bool m_nextWhenPassed = false;
    bool m_loading = false;
};
