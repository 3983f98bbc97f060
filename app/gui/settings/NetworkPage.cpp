#include "settings/NetworkPage.h"

#include "settings/Form.h"
#include "settings/ProxyEditor.h"
#include "util/NetworkPool.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NetworkPage::NetworkPage(SettingsContext &context, QWidget *parent)
    : SettingsPage(context, parent)
    , m_modelProxy(new ProxyEditor(context, u"model"_s, tr("To the model provider"), this))
    , m_dingtalkProxy(new ProxyEditor(context, u"dingtalk"_s, tr("To DingTalk"), this))
    , m_caBundle(new QLineEdit(this))
    , m_browse(new QPushButton(tr("&Browse…"), this))
    , m_caMessage(new FieldMessage(m_caBundle, this))
{
    m_caBundle->setObjectName(u"caBundle"_s);
    m_caBundle->setPlaceholderText(tr("Empty: only the system's certificate authorities"));
    m_browse->setObjectName(u"browseCaBundle"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(Form::hint(tr("Answers to DingTalk and calls to the model can each take "
                                    "their own way out. Certificates are always verified."),
                                 this));
    layout->addWidget(m_modelProxy);
    layout->addWidget(m_dingtalkProxy);
    auto *tlsBox = new QGroupBox(tr("Trusted certificates"), this);
    QFormLayout *form = Form::makeLayout(tlsBox);
    auto *row = new QWidget(tlsBox);
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_caBundle, 1);
    rowLayout->addWidget(m_browse);
    QLabel *label = Form::addRow(form, tr("Extra &CA bundle:"), row, m_caMessage);
    label->setBuddy(m_caBundle);
    form->addRow(Form::hint(tr("A PEM file with the CA of a corporate TLS proxy, trusted in "
                               "addition to the system's."),
                            tlsBox));
    layout->addWidget(tlsBox);
    layout->addStretch(1);

    connect(m_modelProxy, &ProxyEditor::changed, this, &SettingsPage::changed);
    connect(m_dingtalkProxy, &ProxyEditor::changed, this, &SettingsPage::changed);
    connect(m_caBundle, &QLineEdit::textChanged, this, &SettingsPage::changed);
    connect(m_browse, &QPushButton::clicked, this, &NetworkPage::browse);
}

void NetworkPage::load(const AppConfig &config)
{
    m_modelProxy->load(config.network.modelProxy);
    m_dingtalkProxy->load(config.network.dingtalkProxy);
    m_caBundle->setText(config.network.caBundle);
}

void NetworkPage::store(AppConfig &config) const
{
    config.network.modelProxy = m_modelProxy->proxy();
    config.network.dingtalkProxy = m_dingtalkProxy->proxy();
    config.network.caBundle = m_caBundle->text().trimmed();
}

QStringList NetworkPage::secretKeys(const AppConfig &) const
{
    return {ProxySettings::direct(u"model"_s).passwordKey(),
            ProxySettings::direct(u"dingtalk"_s).passwordKey()};
}

void NetworkPage::browse()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Choose a CA bundle"), m_caBundle->text(),
                                     tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!file.isEmpty())
        m_caBundle->setText(file);
}

bool NetworkPage::validate()
{
    bool ok = m_modelProxy->validate();
    ok = m_dingtalkProxy->validate() && ok;
    const QString path = m_caBundle->text().trimmed();
    QString error;
    if (!path.isEmpty() && !NetworkPool::loadCaBundle(path, &error)) {
        m_caMessage->setError(error);
        ok = false;
    } else {
        m_caMessage->setError(QString());
    }
    return ok;
}
