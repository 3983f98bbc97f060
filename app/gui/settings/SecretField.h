// SecretField: a masked input for one secret that shows whether the keychain has it, never its
// value.
#pragma once

#include <QWidget>

class FieldMessage;
class QLineEdit;
class QToolButton;
class SecretDrafts;

// Typing replaces the stored value when the settings are saved; leaving it empty keeps it.
// "Show" reveals only what was typed here: the stored value is never read into the widget.
class SecretField final : public QWidget
{
    Q_OBJECT
public:
    SecretField(SecretDrafts &drafts, QWidget *parent = nullptr);

    // Binds the field to a key ("robot/sales/app_secret"); the text shows that key's draft.
    void setKey(const QString &key);
    QString key() const { return m_key; }
    // Optional secrets offer "Remove" for a stored value.
    void setRemovable(bool removable);
    // A required secret with no value shows an error in message (and validate() fails).
    void setRequired(bool required) { m_required = required; }
    void setMessage(FieldMessage *message) { m_message = message; }
    // What the user must do when it is missing ("Enter the AppSecret from …").
    void setMissingText(const QString &text) { m_missingText = text; }
    // The placeholder while nothing is stored ("Not needed for this provider").
    void setAbsentText(const QString &text);
    bool validate();

    QLineEdit *lineEdit() const { return m_edit; }

signals:
    void edited();

private:
    void refresh();

    SecretDrafts &m_drafts;
    QString m_key;
    QLineEdit *m_edit;
    QToolButton *m_show;
    QToolButton *m_remove;
    FieldMessage *m_message = nullptr;
    QString m_missingText;
    QString m_absentText;
    bool m_required = false;
    bool m_removable = false;
};
