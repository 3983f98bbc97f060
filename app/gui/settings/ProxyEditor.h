// ProxyEditor: how one destination (the model, or DingTalk) is reached: directly or via a proxy.
#pragma once

#include "config/Config.h"

#include <QGroupBox>

class FieldMessage;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class SecretField;
class SettingsContext;

class ProxyEditor final : public QGroupBox
{
    Q_OBJECT
public:
    // which is "model" or "dingtalk" (the secret's key and the object names use it).
    ProxyEditor(SettingsContext &context, const QString &which, const QString &title,
                QWidget *parent = nullptr);

    void load(const ProxySettings &proxy);
    ProxySettings proxy() const;
    bool validate();

signals:
    void changed();

private:
    void showRows();

    QString m_which;
    QFormLayout *m_form;
    QComboBox *m_kind;
    QLineEdit *m_host;
    FieldMessage *m_hostMessage;
    QSpinBox *m_port;
    FieldMessage *m_portMessage;
    QLineEdit *m_user;
    SecretField *m_password;
    FieldMessage *m_passwordMessage;
};
