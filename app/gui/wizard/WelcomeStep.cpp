#include "wizard/WelcomeStep.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

WelcomeStep::WelcomeStep(FirstRunWizard &wizard)
    : WizardStep(wizard)
{
    setObjectName(u"welcomeStep"_s);
    setTitle(tr("Welcome to DingRelay"));
    setSubTitle(tr("DingRelay answers DingTalk messages with ChatGPT or another model."));
    auto *text = new QLabel(
        tr("<p>This takes about three minutes. Have at hand:</p>"
           "<ul>"
           "<li>an API key from your model provider (OpenAI, DeepSeek, Moonshot, DashScope, "
           "…), or Ollama running on this computer;</li>"
           "<li>a DingTalk account that may create apps for your organisation (an admin or a "
           "developer), to make the robot in DingTalk's developer console.</li>"
           "</ul>"
           "<p>The wizard checks the model with a real question, helps you create the robot, "
           "and finally sends a test message through the relay, as DingTalk would.</p>"
           "<p>Secrets go to the system keychain, never to the settings file. Everything can be "
           "changed later under Settings.</p>"),
        this);
    text->setObjectName(u"welcomeText"_s);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    body()->addWidget(text);
    body()->addStretch(1);
}
