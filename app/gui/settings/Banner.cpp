#include "settings/Banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

using namespace Qt::StringLiterals;

Banner::Banner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAccessibleName(tr("Notice"));
    setVisible(false);
}

void Banner::show(Kind kind, const QString &title, const QString &text)
{
    if (title.isEmpty()) {
        clear();
        return;
    }
    const bool error = kind == Kind::Error;
    QPalette p = palette();
    // Light tints that keep the palette's text colour readable on them.
    p.setColor(QPalette::Window, error ? QColor(0xfd, 0xe7, 0xe9) : QColor(0xff, 0xf4, 0xd6));
    p.setColor(QPalette::WindowText, QColor(0x24, 0x1f, 0x31));
    setPalette(p);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(
        style()
            ->standardIcon(error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning)
            .pixmap(size / 2 + 8));
    m_label->setText(u"<b>%1</b><br>%2"_s.arg(title.toHtmlEscaped(),
                                              text.toHtmlEscaped().replace(u"\n"_s, u"<br>"_s)));
    m_label->setAccessibleName(title + u". "_s + text);
    setVisible(true);
}

void Banner::clear()
{
    m_label->clear();
    setVisible(false);
}

QString Banner::text() const
{
    return isHidden() ? QString() : m_label->accessibleName();
}
