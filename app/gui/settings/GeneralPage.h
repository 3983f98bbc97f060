// GeneralPage: the settings section for the app itself: start at login, language, history, data.
#pragma once

#include "settings/SettingsPage.h"

class FieldMessage;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

class GeneralPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit GeneralPage(SettingsContext &context, QWidget *parent = nullptr);

    QString title() const override { return tr("General"); }
    QString key() const override { return QStringLiteral("general"); }
    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    bool validate() override;

private:
    QCheckBox *m_startAtLogin;
    QComboBox *m_language;
    QSpinBox *m_retention;
    QLineEdit *m_dataDir;
    QPushButton *m_browse;
    FieldMessage *m_dataDirMessage;
    QLineEdit *m_configFile;
};
