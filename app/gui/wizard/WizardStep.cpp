#include "wizard/WizardStep.h"

#include "wizard/FirstRunWizard.h"

#include <QScrollArea>
#include <QVBoxLayout>

WizardStep::WizardStep(FirstRunWizard &wizard)
    : m_wizard(wizard)
{
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Text wraps to the width; a field that cannot shrink further scrolls rather than being cut.
    auto *content = new QWidget(scroll);
    m_body = new QVBoxLayout(content);
    m_body->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
}
