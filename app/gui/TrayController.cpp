#include "TrayController.h"

#include "TrayIcons.h"

#include <QMenu>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace {
constexpr int NoticeMs = 10000;
} // namespace

TrayController::TrayController(QObject *parent)
    : QObject(parent)
    , m_menu(new QMenu)
{
    m_menu->setToolTipsVisible(true); // the disabled items say why
    m_status = m_menu->addAction(QString());
    connect(m_status, &QAction::triggered, this, &TrayController::statusRequested);
    m_menu->addSeparator();
    m_history = m_menu->addAction(tr("&History…"));
    connect(m_history, &QAction::triggered, this, &TrayController::historyRequested);
    m_settings = m_menu->addAction(tr("&Settings…"));
    connect(m_settings, &QAction::triggered, this, &TrayController::settingsRequested);
    m_console = m_menu->addAction(tr("&Test console…"));
    connect(m_console, &QAction::triggered, this, &TrayController::testConsoleRequested);
    m_tunnelOutput = m_menu->addAction(tr("T&unnel output…"));
    connect(m_tunnelOutput, &QAction::triggered, this, &TrayController::tunnelOutputRequested);
    QAction *check = m_menu->addAction(tr("Check the &database"));
    connect(check, &QAction::triggered, this, &TrayController::databaseCheckRequested);
    m_menu->addSeparator();
    m_startStop = m_menu->addAction(QString());
    connect(m_startStop, &QAction::triggered, this, [this] {
        if (relayIsUp())
            emit stopRelayRequested();
        else
            emit startRelayRequested();
    });
    m_copy = m_menu->addAction(tr("&Copy callback URL"));
    connect(m_copy, &QAction::triggered, this, [this] {
        if (m_urls.size() == 1)
            emit copyCallbackUrlRequested(m_urls.first().url);
    });
    m_menu->addSeparator();
    QAction *about = m_menu->addAction(tr("&About DingRelay"));
    connect(about, &QAction::triggered, this, &TrayController::aboutRequested);
    QAction *quit = m_menu->addAction(tr("&Quit DingRelay"));
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);

    if (available()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger ||
                        reason == QSystemTrayIcon::DoubleClick)
                        emit statusRequested();
                });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayController::statusRequested);
    }
    setHistoryAvailable(false);
    setTunnelOutputAvailable(false);
    setCallbackUrls({});
    setState(State::Starting, tr("Starting the relay…"));
    if (m_tray)
        m_tray->show();
}

TrayController::~TrayController()
{
    delete m_menu;
}

bool TrayController::available()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

QString TrayController::title(State state)
{
    switch (state) {
    case State::Starting:
        return tr("Starting");
    case State::Running:
        return tr("Running");
    case State::Attention:
        return tr("Needs attention");
    case State::Error:
        return tr("Not running");
    case State::Stopping:
        return tr("Stopping");
    case State::Stopped:
        return tr("Stopped");
    }
    return {};
}

QString TrayController::toolTip() const
{
    QString tip = u"DingRelay — "_s + title(m_state);
    if (!m_detail.isEmpty())
        tip += u'\n' + m_detail;
    return tip;
}

bool TrayController::relayIsUp() const
{
    return m_state == State::Starting || m_state == State::Running || m_state == State::Attention;
}

void TrayController::setState(State state, const QString &detail)
{
    m_state = state;
    m_detail = detail;
    // The first line of the detail keeps the menu narrow; the tooltip has all of it.
    const QString firstLine = detail.section(u'\n', 0, 0);
    m_status->setText(firstLine.isEmpty() ? title(state)
                                          : tr("%1: %2").arg(title(state), firstLine));
    m_status->setIcon(iconFor(state));
    m_startStop->setText(relayIsUp() ? tr("St&op relay") : tr("St&art relay"));
    m_startStop->setEnabled(state != State::Stopping);
    if (m_tray) {
        m_tray->setIcon(iconFor(state));
        m_tray->setToolTip(toolTip());
    }
}

QIcon TrayController::iconFor(State state)
{
    using B = TrayIcons::Badge;
    switch (state) {
    case State::Starting:
        return TrayIcons::icon(B::None);
    case State::Running:
        return TrayIcons::icon(B::Running);
    case State::Attention:
        return TrayIcons::icon(B::Attention);
    case State::Error:
        return TrayIcons::icon(B::Error);
    case State::Stopping:
    case State::Stopped:
        return TrayIcons::icon(B::Stopped);
    }
    return {};
}

void TrayController::setCallbackUrls(const QList<CallbackUrl> &urls)
{
    m_urls = urls;
    rebuildCopyMenu();
}

void TrayController::rebuildCopyMenu()
{
    delete m_copyMenu;
    m_copyMenu = nullptr;
    m_copy->setMenu(nullptr);
    m_copy->setEnabled(!m_urls.isEmpty());
    if (m_urls.isEmpty()) {
        m_copy->setToolTip(
            tr("No robot receives HTTP callbacks while the relay is stopped or only Stream-mode "
               "robots are configured."));
        return;
    }
    if (m_urls.size() == 1) {
        m_copy->setToolTip(m_urls.first().url.toString());
        return;
    }
    m_copy->setToolTip({});
    m_copyMenu = new QMenu(m_menu);
    m_copyMenu->setToolTipsVisible(true);
    for (const CallbackUrl &entry : std::as_const(m_urls)) {
        QAction *action =
            m_copyMenu->addAction(tr("%1 — %2").arg(entry.robotId, entry.url.toString()));
        action->setToolTip(entry.url.toString());
        connect(action, &QAction::triggered, this,
                [this, url = entry.url] { emit copyCallbackUrlRequested(url); });
    }
    m_copy->setMenu(m_copyMenu);
}

void TrayController::setHistoryAvailable(bool available, const QString &whyNot)
{
    m_history->setEnabled(available);
    m_history->setToolTip(available ? QString()
                          : whyNot.isEmpty()
                              ? tr("The history window is not part of this version yet.")
                              : whyNot);
}

void TrayController::setSettingsAvailable(bool available, const QString &whyNot)
{
    m_settings->setEnabled(available);
    m_settings->setToolTip(available ? QString() : whyNot);
}

void TrayController::setTunnelOutputAvailable(bool available)
{
    m_tunnelOutput->setEnabled(available);
    m_tunnelOutput->setToolTip(available ? QString() : noTunnelProgram());
}

QString TrayController::noTunnelProgram()
{
    return tr("No tunnel program is configured: tunnel/mode is none or fixed.");
}

void TrayController::notify(const QString &title, const QString &message, Severity severity)
{
    m_lastNotice = title + u": "_s + message;
    if (!m_tray)
        return;
    const auto icon = severity == Severity::Critical  ? QSystemTrayIcon::Critical
                      : severity == Severity::Warning ? QSystemTrayIcon::Warning
                                                      : QSystemTrayIcon::Information;
    m_tray->showMessage(title, message, icon, NoticeMs);
}
