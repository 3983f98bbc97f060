#include "TrayController.h"

#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

TrayController::TrayController(QObject *parent)
    : QObject(parent)
    , m_menu(new QMenu)
{
    QAction *quit = m_menu->addAction(tr("&Quit DingRelay"));
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);
    if (available()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        m_tray->show();
    }
    setState(State::Starting, tr("Starting the relay…"));
}

TrayController::~TrayController()
{
    delete m_menu;
}

bool TrayController::available()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

QString TrayController::toolTip() const
{
    return u"DingRelay — "_s + m_detail;
}

void TrayController::setState(State state, const QString &detail)
{
    m_state = state;
    m_detail = detail;
    if (m_tray) {
        m_tray->setIcon(iconFor(state));
        m_tray->setToolTip(toolTip());
    }
}

void TrayController::notify(const QString &title, const QString &message)
{
    m_lastNotice = title + u": "_s + message;
    if (m_tray)
        m_tray->showMessage(title, message, QSystemTrayIcon::Warning);
}

QIcon TrayController::iconFor(State state)
{
    // Drawn rather than shipped: one shape, a badge colour per state, crisp at any size.
    QColor badge;
    switch (state) {
    case State::Starting:
        badge = QColor(0xf5, 0xa6, 0x23);
        break;
    case State::Running:
        badge = QColor(0x2e, 0xb8, 0x5c);
        break;
    case State::Error:
        badge = QColor(0xe0, 0x3e, 0x3e);
        break;
    case State::Stopped:
        badge = QColor(0x9a, 0x9a, 0x9a);
        break;
    }
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x6f, 0xeb));
        p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22);
        p.setPen(Qt::white);
        QFont font = p.font();
        font.setBold(true);
        font.setPixelSize(int(size * 0.68));
        p.setFont(font);
        p.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, u"D"_s);
        p.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
        p.setBrush(badge);
        const qreal d = size * 0.42;
        p.drawEllipse(QRectF(size - d - 0.5, size - d - 0.5, d, d));
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}
