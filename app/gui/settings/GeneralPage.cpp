#include "settings/GeneralPage.h"

#include "settings/Form.h"
#include "settings/SettingsContext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

GeneralPage::GeneralPage(SettingsContext &context, QWidget *parent)
    : SettingsPage(context, parent)
    , m_startAtLogin(new QCheckBox(tr("&Start DingRelay when I log in"), this))
    , m_language(new QComboBox(this))
    , m_retention(new QSpinBox(this))
    , m_dataDir(new QLineEdit(this))
    , m_browse(new QPushButton(tr("&Browse…"), this))
    , m_dataDirMessage(new FieldMessage(m_dataDir, this))
    , m_configFile(new QLineEdit(this))
{
    m_startAtLogin->setObjectName(u"startAtLogin"_s);
    m_language->setObjectName(u"appLanguage"_s);
    m_language->addItem(tr("The system's language"), QString());
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"中文（简体）"_s, u"zh"_s);
    m_retention->setObjectName(u"retentionDays"_s);
    m_retention->setRange(0, 36500);
    m_retention->setSpecialValueText(tr("Forever"));
    m_retention->setSuffix(tr(" days"));
    m_dataDir->setObjectName(u"dataDir"_s);
    m_browse->setObjectName(u"browseDataDir"_s);
    m_configFile->setObjectName(u"configFile"_s);
    m_configFile->setReadOnly(true);
    m_configFile->setText(QDir::toNativeSeparators(context.configPath()));

    auto *layout = new QVBoxLayout(this);
    auto *appBox = new QGroupBox(tr("The app"), this);
    QFormLayout *appForm = Form::makeLayout(appBox);
    appForm->addRow(m_startAtLogin);
    Form::addRow(appForm, tr("&Language:"), m_language);
    appForm->addRow(Form::hint(tr("The language of DingRelay's windows, used from the next "
                                  "start. Each robot's own language is set under Robots."),
                               appBox));
    layout->addWidget(appBox);

    auto *dataBox = new QGroupBox(tr("History and data"), this);
    QFormLayout *dataForm = Form::makeLayout(dataBox);
    Form::addRow(dataForm, tr("&Keep messages for:"), m_retention);
    auto *row = new QWidget(dataBox);
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_dataDir, 1);
    rowLayout->addWidget(m_browse);
    QLabel *dataLabel = Form::addRow(dataForm, tr("&Data folder:"), row, m_dataDirMessage);
    dataLabel->setBuddy(m_dataDir);
    dataForm->addRow(Form::hint(tr("The database with every conversation. A new folder takes "
                                   "effect when the relay restarts."),
                                dataBox));
    Form::addRow(dataForm, tr("Settings &file:"), m_configFile);
    layout->addWidget(dataBox);
    layout->addStretch(1);

    connect(m_startAtLogin, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_retention, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_dataDir, &QLineEdit::textChanged, this, &SettingsPage::changed);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the data folder"),
                                                              m_dataDir->text());
        if (!dir.isEmpty())
            m_dataDir->setText(QDir::toNativeSeparators(dir));
    });
}

void GeneralPage::load(const AppConfig &config)
{
    m_startAtLogin->setChecked(config.general.startAtLogin);
    m_language->setCurrentIndex(std::max(0, m_language->findData(config.general.language)));
    m_retention->setValue(config.retentionDays);
    m_dataDir->setText(QDir::toNativeSeparators(config.dataDir));
}

void GeneralPage::store(AppConfig &config) const
{
    config.general.startAtLogin = m_startAtLogin->isChecked();
    config.general.language = m_language->currentData().toString();
    config.retentionDays = m_retention->value();
    const QString dir = QDir::fromNativeSeparators(m_dataDir->text().trimmed());
    if (dir != QDir::fromNativeSeparators(QDir::toNativeSeparators(config.dataDir)))
        config.dataDir = dir;
}

bool GeneralPage::validate()
{
    const QString dir = m_dataDir->text().trimmed();
    QString error;
    if (dir.isEmpty())
        error = tr("Choose a folder for the database.");
    else if (QFileInfo(dir).isRelative())
        error = tr("Enter the folder's full path.");
    else if (QFileInfo::exists(dir) && !QFileInfo(dir).isDir())
        error = tr("This is a file, not a folder.");
    m_dataDirMessage->setError(error);
    return error.isEmpty();
}
