#include "settings/ProxyEditor.h"

#include "settings/Form.h"
#include "settings/SecretField.h"
#include "settings/SettingsContext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

ProxyEditor::ProxyEditor(SettingsContext &context, const QString &which, const QString &title,
                         QWidget *parent)
    : QGroupBox(title, parent)
    , m_which(which)
    , m_form(Form::makeLayout(this))
    , m_kind(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_hostMessage(new FieldMessage(m_host, this))
    , m_port(new QSpinBox(this))
    , m_portMessage(new FieldMessage(m_port, this))
    , m_user(new QLineEdit(this))
    , m_password(new SecretField(context.secrets(), this))
    , m_passwordMessage(new FieldMessage(m_password, this))
{
    using K = ProxySettings::Kind;
    m_kind->addItem(tr("Direct connection"), int(K::None));
    m_kind->addItem(tr("The system's proxy settings"), int(K::System));
    m_kind->addItem(tr("HTTP proxy"), int(K::Http));
    m_kind->addItem(tr("SOCKS5 proxy"), int(K::Socks5));
    m_kind->setObjectName(which + u"ProxyKind"_s);
    m_host->setObjectName(which + u"ProxyHost"_s);
    m_host->setPlaceholderText(u"proxy.example.com"_s);
    m_port->setObjectName(which + u"ProxyPort"_s);
    m_port->setRange(0, 65535);
    m_port->setGroupSeparatorShown(false);
    m_user->setObjectName(which + u"ProxyUser"_s);
    m_user->setPlaceholderText(tr("Empty: no login"));
    m_password->setObjectName(which + u"ProxyPassword"_s);
    m_password->lineEdit()->setObjectName(which + u"ProxyPasswordEdit"_s);
    m_password->setKey(ProxySettings::direct(which).passwordKey());
    m_password->setMessage(m_passwordMessage);
    m_password->setMissingText(tr("Enter the proxy user's password."));

    // Two editors share a page: each has mnemonics of its own.
    const bool model = which == u"model"_s;
    Form::addRow(m_form, model ? tr("C&onnect:") : tr("Co&nnect:"), m_kind);
    Form::addRow(m_form, model ? tr("&Host:") : tr("Hos&t:"), m_host, m_hostMessage);
    Form::addRow(m_form, model ? tr("&Port:") : tr("Po&rt:"), m_port, m_portMessage);
    Form::addRow(m_form, model ? tr("&User:") : tr("Us&er:"), m_user);
    Form::addRow(m_form, model ? tr("Pass&word:") : tr("Passwor&d:"), m_password,
                 m_passwordMessage);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showRows();
        emit changed();
    });
    for (QLineEdit *edit : {m_host, m_user})
        connect(edit, &QLineEdit::textChanged, this, &ProxyEditor::changed);
    connect(m_port, &QSpinBox::valueChanged, this, &ProxyEditor::changed);
    connect(m_password, &SecretField::edited, this, &ProxyEditor::changed);
    showRows();
}

void ProxyEditor::load(const ProxySettings &proxy)
{
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(proxy.kind))));
    m_host->setText(proxy.host);
    m_port->setValue(proxy.port);
    m_user->setText(proxy.user);
    showRows();
}

ProxySettings ProxyEditor::proxy() const
{
    ProxySettings p = ProxySettings::direct(m_which);
    p.kind = ProxySettings::Kind(m_kind->currentData().toInt());
    if (p.kind == ProxySettings::Kind::Http || p.kind == ProxySettings::Kind::Socks5) {
        p.host = m_host->text().trimmed();
        p.port = quint16(m_port->value());
        p.user = m_user->text().trimmed();
    }
    return p;
}

void ProxyEditor::showRows()
{
    const auto kind = ProxySettings::Kind(m_kind->currentData().toInt());
    const bool given = kind == ProxySettings::Kind::Http || kind == ProxySettings::Kind::Socks5;
    for (QWidget *field : std::initializer_list<QWidget *>{m_host, m_port, m_user, m_password})
        Form::setRowVisible(m_form, field, given);
}

bool ProxyEditor::validate()
{
    const ProxySettings p = proxy();
    const bool given = p.kind == ProxySettings::Kind::Http || p.kind == ProxySettings::Kind::Socks5;
    bool ok = true;
    const bool badHost = given && (p.host.isEmpty() || p.host.contains(u' ') ||
                                   p.host.contains(u'/') || p.host.contains(u'@'));
    m_hostMessage->setError(badHost ? tr("Enter the proxy's host name or IP address.") : QString());
    ok = !badHost;
    const bool badPort = given && p.port == 0;
    m_portMessage->setError(badPort ? tr("Enter the proxy's port, from 1 to 65535.") : QString());
    ok = ok && !badPort;
    m_password->setRequired(given && !p.user.isEmpty());
    ok = m_password->validate() && ok;
    return ok;
}
