#include "wizard/DoneStep.h"

#include "wizard/FirstRunWizard.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

DoneStep::DoneStep(FirstRunWizard &wizard)
    : WizardStep(wizard)
    , m_text(new QLabel(this))
{
    setObjectName(u"doneStep"_s);
    setTitle(tr("DingRelay is set up"));
    setSubTitle(tr("What happens now, and where to find things."));
    m_text->setObjectName(u"doneText"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    body()->addWidget(m_text);
    body()->addStretch(1);
}

void DoneStep::initializePage()
{
    const QString dingtalk =
        m_wizard.streamMode()
            ? tr("<li>In DingTalk's developer console, publish a version of the app so people "
                 "can find the robot, then message it or add it to a group.</li>")
            : tr("<li>In DingTalk's developer console, check that the robot's message address "
                 "is the callback URL, publish a version of the app, then message the robot "
                 "or add it to a group.</li>");
    m_text->setText(tr("<p>The relay runs in the background while DingRelay is open.</p><ul>"
                       "%1"
                       "<li>The tray icon (or the status window) shows whether all is well and "
                       "offers the History, the Test console and Settings.</li>"
                       "<li>To run this wizard again, open Settings and choose Setup "
                       "wizard.</li></ul>")
                        .arg(dingtalk));
}
