#include "StatusWindow.h"

#include <QCloseEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

StatusWindow::StatusWindow(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_urlBox(new QGroupBox(tr("Callback URLs"), this))
    , m_urlGrid(new QGridLayout(m_urlBox))
    , m_notices(new QListWidget(this))
    , m_startStop(new QPushButton(this))
    , m_history(new QPushButton(tr("&History…"), this))
    , m_settings(new QPushButton(tr("&Settings…"), this))
    , m_tunnelOutput(new QPushButton(tr("T&unnel output…"), this))
{
    setWindowTitle(tr("DingRelay"));
    setObjectName(u"statusWindow"_s);

    m_title->setObjectName(u"stateTitle"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_detail->setObjectName(u"stateDetail"_s);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setMinimumWidth(420);
    auto *text = new QVBoxLayout;
    text->addWidget(m_title);
    text->addWidget(m_detail);
    text->addStretch();
    auto *header = new QHBoxLayout;
    header->addWidget(m_icon, 0, Qt::AlignTop);
    header->addLayout(text, 1);

    auto *noticeBox = new QGroupBox(tr("Notices"), this);
    auto *noticeLayout = new QVBoxLayout(noticeBox);
    m_notices->setObjectName(u"notices"_s);
    m_notices->setWordWrap(true);
    m_notices->setAlternatingRowColors(true);
    m_notices->setSelectionMode(QAbstractItemView::NoSelection);
    m_notices->setMinimumHeight(90);
    noticeLayout->addWidget(m_notices);

    auto *console = new QPushButton(tr("&Test console…"), this);
    auto *about = new QPushButton(tr("&About"), this);
    about->setObjectName(u"about"_s);
    auto *quit = new QPushButton(tr("&Quit"), this);
    m_startStop->setObjectName(u"startStop"_s);
    console->setObjectName(u"testConsole"_s);
    quit->setObjectName(u"quit"_s);
    m_tunnelOutput->setObjectName(u"tunnelOutput"_s);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_startStop);
    buttons->addWidget(console);
    buttons->addWidget(m_settings);
    buttons->addWidget(m_history);
    buttons->addWidget(m_tunnelOutput);
    buttons->addStretch();
    buttons->addWidget(about);
    buttons->addWidget(quit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_urlBox);
    layout->addWidget(noticeBox, 1);
    layout->addLayout(buttons);

    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_relayUp)
            emit stopRelayRequested();
        else
            emit startRelayRequested();
    });
    connect(console, &QPushButton::clicked, this, &StatusWindow::testConsoleRequested);
    connect(m_settings, &QPushButton::clicked, this, &StatusWindow::settingsRequested);
    connect(m_history, &QPushButton::clicked, this, &StatusWindow::historyRequested);
    connect(m_tunnelOutput, &QPushButton::clicked, this, &StatusWindow::tunnelOutputRequested);
    connect(about, &QPushButton::clicked, this, &StatusWindow::aboutRequested);
    connect(quit, &QPushButton::clicked, this, &StatusWindow::quitRequested);

    setState(TrayController::State::Starting, QString());
    setCallbackUrls({});
    setNotices({});
    setHistoryAvailable(false);
    setTunnelOutputAvailable(false);
    resize(620, 460);
}

void StatusWindow::setState(TrayController::State state, const QString &detail)
{
    using S = TrayController::State;
    m_relayUp = state == S::Starting || state == S::Running || state == S::Attention;
    const QIcon icon = TrayController::iconFor(state);
    m_icon->setPixmap(icon.pixmap(48, 48));
    setWindowIcon(icon);
    m_title->setText(TrayController::title(state));
    m_detail->setText(detail);
    m_startStop->setText(m_relayUp ? tr("St&op relay") : tr("St&art relay"));
    m_startStop->setEnabled(state != S::Stopping);
}

void StatusWindow::setCallbackUrls(const QList<TrayController::CallbackUrl> &urls)
{
    while (QLayoutItem *item = m_urlGrid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_urlBox->setVisible(!urls.isEmpty());
    int row = 0;
    for (const auto &entry : urls) {
        auto *robot = new QLabel(entry.robotId, m_urlBox);
        auto *url = new QLabel(entry.url.toString(), m_urlBox);
        url->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *copy = new QPushButton(tr("Copy"), m_urlBox);
        copy->setToolTip(tr("Copy the callback URL of robot %1").arg(entry.robotId));
        connect(copy, &QPushButton::clicked, this,
                [this, target = entry.url] { emit copyCallbackUrlRequested(target); });
        m_urlGrid->addWidget(robot, row, 0);
        m_urlGrid->addWidget(url, row, 1);
        m_urlGrid->addWidget(copy, row, 2);
        ++row;
    }
    m_urlGrid->setColumnStretch(1, 1);
}

void StatusWindow::setNotices(const QList<Notice> &notices)
{
    m_notices->clear();
    if (notices.isEmpty()) {
        auto *none = new QListWidgetItem(tr("Nothing needs your attention."), m_notices);
        none->setForeground(palette().placeholderText());
        return;
    }
    for (const Notice &notice : notices) {
        auto *item =
            new QListWidgetItem(tr("%1  %2 — %3")
                                    .arg(QLocale().toString(notice.at.time(), QLocale::ShortFormat),
                                         notice.title, notice.message),
                                m_notices);
        item->setIcon(style()->standardIcon(notice.severity == TrayController::Severity::Information
                                                ? QStyle::SP_MessageBoxInformation
                                            : notice.severity == TrayController::Severity::Warning
                                                ? QStyle::SP_MessageBoxWarning
                                                : QStyle::SP_MessageBoxCritical));
    }
}

void StatusWindow::setHistoryAvailable(bool available, const QString &whyNot)
{
    m_history->setEnabled(available);
    m_history->setToolTip(available ? QString()
                          : whyNot.isEmpty()
                              ? tr("The history window is not part of this version yet.")
                              : whyNot);
}

void StatusWindow::setSettingsAvailable(bool available, const QString &whyNot)
{
    m_settings->setEnabled(available);
    m_settings->setToolTip(available ? QString() : whyNot);
}

void StatusWindow::setTunnelOutputAvailable(bool available)
{
    m_tunnelOutput->setEnabled(available);
    m_tunnelOutput->setToolTip(available ? QString() : TrayController::noTunnelProgram());
}

void StatusWindow::bringForward()
{
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void StatusWindow::closeEvent(QCloseEvent *event)
{
    event->accept();
    if (m_quitOnClose)
        emit quitRequested();
}
