#include "wizard/FirstRunWizard.h"

#include "settings/SecretDrafts.h"
#include "settings/SettingsContext.h"
#include "wizard/DoneStep.h"
#include "wizard/ModelStep.h"
#include "wizard/RobotStep.h"
#include "wizard/TestStep.h"
#include "wizard/TunnelStep.h"
#include "wizard/WelcomeStep.h"

#include <QApplication>
#include <QScreen>

using namespace Qt::StringLiterals;

FirstRunWizard::FirstRunWizard(QString configPath, SecretStore &secrets, RelayHost &host,
                               TestConsoleClient &console, QWidget *parent)
    : QWizard(parent)
    , m_path(configPath.isEmpty() ? Config::defaultConfigFile() : std::move(configPath))
    , m_context(new SettingsContext(secrets, m_path, this))
    , m_host(host)
    , m_console(console)
{
    setObjectName(u"firstRunWizard"_s);
    setWindowTitle(tr("Set up DingRelay"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage); // everything is saved by then
    // Alt+B would also reach "Base URL" on the Model step.
    setButtonText(QWizard::BackButton, tr("< B&ack"));
    setButtonText(QWizard::NextButton, tr("&Next >"));
    setButtonText(QWizard::FinishButton, tr("&Finish"));

    m_robot = new RobotStep(*this);
    m_steps = {new WelcomeStep(*this), new ModelStep(*this), m_robot,
               new TunnelStep(*this),  new TestStep(*this),  new DoneStep(*this)};
    for (int i = 0; i < m_steps.size(); ++i)
        setPage(i, m_steps.at(i));
    setStartId(WelcomeId);

    const ConfigResult loaded = Config::loadOrDefaults(m_path);
    AppConfig config = loaded.config;
    if (config.sourceFile.isEmpty())
        config.sourceFile = m_path;
    m_context->setSaved(config);
    QStringList keys;
    for (WizardStep *step : std::as_const(m_steps)) {
        step->load(config);
        keys << step->secretKeys(config);
    }
    m_context->setCollector([this] { return collect(); });
    keys.removeDuplicates();
    m_context->secrets().probe(keys);

    // Room for the instructions at 100 %, never bigger than the screen.
    const QRect screen =
        (parent ? parent->screen() : QApplication::primaryScreen())->availableGeometry();
    // Latin letters measure the width: a CJK font's average character is twice as wide, and
    // the Chinese text is no longer for it.
    const int letter = fontMetrics().horizontalAdvance(u"abcdefghijklmnopqrstuvwxyz"_s) / 26;
    resize(std::min(letter * 125, screen.width() * 9 / 10),
           std::min(fontMetrics().lineSpacing() * 46, screen.height() * 9 / 10));
}

FirstRunWizard::~FirstRunWizard() = default;

AppConfig FirstRunWizard::collect() const
{
    AppConfig config = m_context->saved();
    for (const WizardStep *step : m_steps)
        step->store(config);
    return config;
}

bool FirstRunWizard::streamMode() const
{
    return m_robot->streamMode();
}

void FirstRunWizard::save(SettingsSaver::Done done)
{
    SettingsSaver::save(*m_context, collect(), {}, this,
                        [this, done = std::move(done)](const SettingsSaver::Result &result) {
                            if (result.ok)
                                emit settingsSaved(m_path);
                            done(result);
                        });
}
