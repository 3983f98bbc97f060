#include "TrayIcons.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace TrayIcons {

namespace {

const QColor Blue(0x1f, 0x6f, 0xeb);
const QColor Grey(0x86, 0x8e, 0x96);
const QColor Green(0x1f, 0xa8, 0x4f);
const QColor Amber(0xf2, 0xa9, 0x00);
const QColor Red(0xd9, 0x2d, 0x20);
const QColor Outline(0x10, 0x18, 0x28, 0xc0); // dark hairline: visible on light panels

void drawTile(QPainter &p, qreal s, bool greyed)
{
    // A white ring around the tile keeps it apart from a dark panel, the hairline outside it
    // from a light one.
    const QRectF tile(s * 0.03, s * 0.03, s * 0.94, s * 0.94);
    p.setPen(QPen(Outline, std::max(1.0, s / 32.0)));
    p.setBrush(greyed ? Grey : Blue);
    p.drawRoundedRect(tile, s * 0.22, s * 0.22);

    // A speech bubble: DingTalk's chat, relayed.
    QPainterPath bubble;
    const QRectF body(s * 0.18, s * 0.20, s * 0.64, s * 0.46);
    bubble.addRoundedRect(body, s * 0.14, s * 0.14);
    QPainterPath tail;
    tail.moveTo(s * 0.30, s * 0.60);
    tail.lineTo(s * 0.24, s * 0.82);
    tail.lineTo(s * 0.48, s * 0.64);
    tail.closeSubpath();
    bubble = bubble.united(tail);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawPath(bubble);
    // Three dots of text in the bubble, in the tile's colour.
    p.setBrush(greyed ? Grey : Blue);
    const qreal d = s * 0.09;
    for (int i = 0; i < 3; ++i)
        p.drawEllipse(QRectF(s * (0.30 + 0.15 * i) - d / 2, s * 0.43 - d / 2, d, d));
}

void drawBadge(QPainter &p, qreal s, Badge badge)
{
    // At tray size the badge takes more of the icon, so the state reads at a glance.
    const qreal d = s * (s <= 24 ? 0.60 : 0.50);
    const QRectF r(s - d, s - d, d, d);
    const qreal stroke = std::max(1.2, s / 14.0);
    const QPen ring(Qt::white, std::max(1.0, s / 20.0));
    QPen mark(Qt::white, stroke, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (badge) {
    case Badge::None:
        return;
    case Badge::Running: {
        p.setPen(ring);
        p.setBrush(Green);
        p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
        p.setPen(mark);
        QPainterPath tick;
        tick.moveTo(r.left() + d * 0.27, r.top() + d * 0.52);
        tick.lineTo(r.left() + d * 0.44, r.top() + d * 0.70);
        tick.lineTo(r.left() + d * 0.74, r.top() + d * 0.32);
        p.setBrush(Qt::NoBrush);
        p.drawPath(tick);
        return;
    }
    case Badge::Attention: {
        QPainterPath triangle;
        triangle.moveTo(r.center().x(), r.top());
        triangle.lineTo(r.right(), r.bottom() - 0.5);
        triangle.lineTo(r.left(), r.bottom() - 0.5);
        triangle.closeSubpath();
        p.setPen(QPen(Outline, std::max(1.0, s / 32.0)));
        p.setBrush(Amber);
        p.drawPath(triangle);
        mark.setColor(QColor(0x20, 0x18, 0x00));
        p.setPen(mark);
        const qreal x = r.center().x();
        p.drawLine(QPointF(x, r.top() + d * 0.36), QPointF(x, r.top() + d * 0.64));
        p.drawPoint(QPointF(x, r.top() + d * 0.82));
        return;
    }
    case Badge::Error: {
        p.setPen(ring);
        p.setBrush(Red);
        p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
        p.setPen(mark);
        const qreal a = d * 0.32, b = d * 0.68;
        p.drawLine(QPointF(r.left() + a, r.top() + a), QPointF(r.left() + b, r.top() + b));
        p.drawLine(QPointF(r.left() + b, r.top() + a), QPointF(r.left() + a, r.top() + b));
        return;
    }
    case Badge::Stopped: {
        p.setPen(ring);
        p.setBrush(QColor(0x4a, 0x50, 0x58));
        p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), d * 0.2, d * 0.2);
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        const qreal w = d * 0.14, h = d * 0.44;
        p.drawRect(QRectF(r.center().x() - w * 1.6, r.center().y() - h / 2, w, h));
        p.drawRect(QRectF(r.center().x() + w * 0.6, r.center().y() - h / 2, w, h));
        return;
    }
    }
}

} // namespace

QPixmap pixmap(Badge badge, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    drawTile(p, size, badge == Badge::Stopped);
    drawBadge(p, size, badge);
    return pixmap;
}

QIcon icon(Badge badge)
{
    // Drawn once per badge: the tray, its menu and the status window all ask at every change.
    // Emptied while the application still exists: pixmaps must not outlive it.
    static QHash<Badge, QIcon> cache;
    static const bool cleared = [] {
        qAddPostRoutine([] { cache.clear(); });
        return true;
    }();
    Q_UNUSED(cleared);
    QIcon &icon = cache[badge];
    if (icon.isNull()) {
        for (const int size : {16, 22, 24, 32, 48, 64, 128})
            icon.addPixmap(pixmap(badge, size));
    }
    return icon;
}

} // namespace TrayIcons
