#include "GuiApp.h"

#include "TrayController.h"
#include "config/Config.h"
#include "relay/Relay.h"
#include "secrets/SecretLoader.h"
#include "util/Log.h"

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWidget>

using namespace Qt::StringLiterals;

GuiApp::GuiApp(QString configPath, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_configPath(std::move(configPath))
    , m_secrets(secrets)
{}

GuiApp::~GuiApp()
{
    delete m_window;
}

void GuiApp::start()
{
    m_tray = new TrayController(this);
    connect(m_tray, &TrayController::quitRequested, this, &GuiApp::quit);
    QApplication::setQuitOnLastWindowClosed(false);

    if (!TrayController::available()) {
        // Without a tray the app would be invisible: show its state in a small window.
        m_window = new QWidget;
        m_window->setWindowTitle(tr("DingRelay"));
        m_window->setWindowIcon(TrayController::iconFor(TrayController::State::Running));
        auto *layout = new QVBoxLayout(m_window);
        m_statusLabel = new QLabel(m_window);
        m_statusLabel->setWordWrap(true);
        m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_statusLabel->setMinimumWidth(420);
        auto *quitButton = new QPushButton(tr("&Quit DingRelay"), m_window);
        connect(quitButton, &QPushButton::clicked, this, &GuiApp::quit);
        layout->addWidget(m_statusLabel);
        layout->addWidget(quitButton, 0, Qt::AlignRight);
        m_window->show();
    }
    startRelay();
}

void GuiApp::setStatus(int state, const QString &detail)
{
    const auto s = TrayController::State(state);
    m_tray->setState(s, detail);
    if (m_statusLabel) {
        static const char *const titles[] = {QT_TR_NOOP("Starting"), QT_TR_NOOP("Running"),
                                             QT_TR_NOOP("Needs attention"), QT_TR_NOOP("Stopped")};
        m_statusLabel->setText(u"<h3>%1</h3><p>%2</p>"_s.arg(
            tr(titles[state]), detail.toHtmlEscaped().replace(u"\n"_s, u"<br>"_s)));
        m_window->adjustSize();
    }
}

void GuiApp::startRelay()
{
    const QString path = m_configPath.isEmpty() ? Config::defaultConfigFile() : m_configPath;
    const ConfigResult loaded =
        m_configPath.isEmpty() ? Config::loadOrDefaults(path) : Config::load(path);
    for (const QString &warning : loaded.warnings)
        qCWarning(lcConfig).noquote() << warning;
    if (!loaded.ok()) {
        setStatus(int(TrayController::State::Error),
                  tr("The configuration has problems:\n%1").arg(loaded.errors.join(u'\n')));
        return;
    }
    const AppConfig config = loaded.config;
    SecretLoader::load(
        m_secrets, config.requiredSecrets(), config.optionalSecrets(), this,
        [this, config](const SecretLoadResult &secrets) {
            if (!secrets.ok()) {
                setStatus(int(TrayController::State::Error), secrets.describe());
                return;
            }
            m_relay = new Relay(config, secrets.values, this);
            connect(m_relay, &Relay::deliveryProblem, this,
                    [this](const QString &robot, const QString &message) {
                        m_tray->notify(tr("An answer was not delivered"),
                                       tr("Robot %1: %2").arg(robot, message));
                    });
            QString error;
            if (!m_relay->start(&error)) {
                setStatus(int(TrayController::State::Error), error);
                return;
            }
            const QString url =
                u"http://%1:%2"_s.arg(config.relay.address.toString()).arg(m_relay->port());
            const auto robots = config.robots.size();
            setStatus(int(TrayController::State::Running),
                      robots == 1 ? tr("Relay serving %1 for one robot.").arg(url)
                                  : tr("Relay serving %1 for %2 robots.").arg(url).arg(robots));
        });
}

void GuiApp::quit()
{
    if (!m_relay) {
        emit finished(0);
        return;
    }
    setStatus(int(TrayController::State::Stopped), tr("Stopping…"));
    connect(m_relay, &Relay::stopped, this, [this] { emit finished(0); });
    m_relay->shutdown();
}
