// NetworkPage: the settings section for proxies (one per destination) and extra trusted CAs.
#pragma once

#include "settings/SettingsPage.h"

class FieldMessage;
class ProxyEditor;
class QLineEdit;
class QPushButton;

class NetworkPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit NetworkPage(SettingsContext &context, QWidget *parent = nullptr);

    QString title() const override { return tr("Network"); }
    QString key() const override { return QStringLiteral("network"); }
    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    bool validate() override;
    QStringList secretKeys(const AppConfig &config) const override;

private:
    void browse();

    ProxyEditor *m_modelProxy;
    ProxyEditor *m_dingtalkProxy;
    QLineEdit *m_caBundle;
    QPushButton *m_browse;
    FieldMessage *m_caMessage;
};
