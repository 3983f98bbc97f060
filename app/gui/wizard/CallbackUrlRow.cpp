#include "wizard/CallbackUrlRow.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

using namespace Qt::StringLiterals;

CallbackUrlRow::CallbackUrlRow(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_copy(new QPushButton(tr("&Copy"), this))
{
    m_edit->setObjectName(u"callbackUrl"_s);
    m_edit->setReadOnly(true);
    m_edit->setAccessibleName(tr("Callback URL"));
    m_copy->setObjectName(u"copyCallbackUrl"_s);
    m_copy->setToolTip(tr("Copy the callback URL, to paste it into the DingTalk developer "
                          "console"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_copy);
    setFocusProxy(m_edit);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_edit->text());
        m_copy->setText(tr("Copied"));
        QTimer::singleShot(1500, m_copy, [this] { m_copy->setText(tr("&Copy")); });
    });
    setUrl({});
}

void CallbackUrlRow::setUrl(const QString &url, const QString &whyUnknown)
{
    m_edit->setText(url);
    m_edit->setPlaceholderText(whyUnknown);
    m_edit->setCursorPosition(0);
    m_copy->setEnabled(!url.isEmpty());
}

QString CallbackUrlRow::url() const
{
    return m_edit->text();
}
