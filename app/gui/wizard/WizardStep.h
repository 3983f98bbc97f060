// WizardStep: one step of the first-run wizard: a scrolling page that shows and stores its
// settings.
#pragma once

#include "config/Config.h"

#include <QWizardPage>

class FirstRunWizard;
class QVBoxLayout;

// The steps' content scrolls, so nothing is cut at 200 % or with large fonts.
class WizardStep : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardStep(FirstRunWizard &wizard);

    // Shows config's values (the file's, or defaults on a first run).
    virtual void load(const AppConfig &) {}
    // Writes the step's values into config, leaving the rest alone.
    virtual void store(AppConfig &) const {}
    // The secrets the step shows, for the keychain probe.
    virtual QStringList secretKeys(const AppConfig &) const { return {}; }

protected:
    QVBoxLayout *body() const { return m_body; }

    FirstRunWizard &m_wizard;

private:
    QVBoxLayout *m_body;
};
