#include "wizard/ModelStep.h"

#include "settings/Form.h"
#include "settings/ModelPage.h"
#include "settings/SettingsContext.h"
#include "wizard/FirstRunWizard.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ModelStep::ModelStep(FirstRunWizard &wizard)
    : WizardStep(wizard)
    , m_page(new ModelPage(wizard.context(), this))
    , m_skip(new QCheckBox(tr("Continue without a &working model"), this))
    , m_skipWarning(Form::hint(QString(), this))
{
    setObjectName(u"modelStep"_s);
    setTitle(tr("The model"));
    setSubTitle(tr("Choose your provider and enter its API key. Next asks the model a short "
                   "question to check that it answers."));
    m_page->setObjectName(u"modelPage"_s);
    m_page->setEssentialsOnly(true);
    m_skip->setObjectName(u"skipModelCheck"_s);
    m_skipWarning->setObjectName(u"skipWarning"_s);
    m_skipWarning->setText(tr("The robot will answer every message with an error until the "
                              "model works. Fix it later under Settings › Model."));
    m_skipWarning->setStyleSheet(u"color: #c01c28"_s);
    m_skipWarning->setVisible(false);
    body()->addWidget(m_page);
    body()->addWidget(m_skip);
    body()->addWidget(m_skipWarning);
    body()->addStretch(1);

    connect(m_page, &SettingsPage::changed, this, &ModelStep::onChanged);
    connect(m_page, &ModelPage::testFinished, this, &ModelStep::onTested);
    connect(m_skip, &QCheckBox::toggled, this, [this](bool on) {
        m_skipWarning->setVisible(on);
        emit completeChanged();
    });
}

void ModelStep::load(const AppConfig &config)
{
    m_loading = true;
    m_page->load(config);
    m_loading = false;
}

void ModelStep::store(AppConfig &config) const
{
    m_page->store(config);
}

QStringList ModelStep::secretKeys(const AppConfig &config) const
{
    return m_page->secretKeys(config);
}

void ModelStep::onChanged()
{
    if (m_loading)
        return;
    // The check was for other values.
    m_passed = false;
    m_nextWhenPassed = false;
    emit m_wizard.context().edited();
    m_page->validate();
    emit completeChanged();
}

bool ModelStep::isComplete() const
{
    return !m_checking && const_cast<ModelPage *>(m_page)->validate();
}

bool ModelStep::validatePage()
{
    if (m_passed || m_skip->isChecked())
        return true;
    if (!m_page->validate())
        return false;
    m_checking = true;
    m_nextWhenPassed = true;
    emit completeChanged();
    m_page->runTest();
    return false;
}

void ModelStep::onTested(bool ok)
{
    m_checking = false;
    m_passed = ok;
    if (!ok)
        m_skip->setFocus(); // the way on, besides fixing what the message says
    emit completeChanged();
    if (ok && std::exchange(m_nextWhenPassed, false) && m_wizard.currentPage() == this)
        m_wizard.next();
}
