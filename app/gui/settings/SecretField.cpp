#include "settings/SecretField.h"

#include "settings/Form.h"
#include "settings/SecretDrafts.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

using namespace Qt::StringLiterals;

SecretField::SecretField(SecretDrafts &drafts, QWidget *parent)
    : QWidget(parent)
    , m_drafts(drafts)
    , m_edit(new QLineEdit(this))
    , m_show(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_edit, 1);
    row->addWidget(m_show);
    row->addWidget(m_remove);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setClearButtonEnabled(true);
    m_edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText |
                                Qt::ImhNoAutoUppercase);
    setFocusProxy(m_edit);

    m_show->setText(tr("Show"));
    m_show->setCheckable(true);
    m_show->setToolTip(tr("Show what you typed (a stored secret is never shown)"));
    m_show->setFocusPolicy(Qt::TabFocus);
    connect(m_show, &QToolButton::toggled, this, [this](bool on) {
        m_edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_show->setText(on ? tr("Hide") : tr("Show"));
    });

    m_remove->setText(tr("Remove"));
    m_remove->setCheckable(true);
    m_remove->setToolTip(tr("Remove the stored value from the keychain when you save"));
    m_remove->setFocusPolicy(Qt::TabFocus);
    m_remove->setVisible(false);
    connect(m_remove, &QToolButton::toggled, this, [this](bool on) {
        if (m_key.isEmpty() || on == m_drafts.isRemoved(m_key))
            return;
        if (on)
            m_edit->clear();
        m_drafts.setRemoved(m_key, on);
        emit edited();
    });

    connect(m_edit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (m_key.isEmpty())
            return;
        m_drafts.setDraft(m_key, text);
        emit edited();
    });
    connect(&m_drafts, &SecretDrafts::stateChanged, this, [this](const QString &key) {
        if (key == m_key)
            refresh();
    });
}

void SecretField::setKey(const QString &key)
{
    m_key = key;
    m_show->setChecked(false);
    m_edit->setText(m_drafts.draft(key));
    refresh();
}

void SecretField::setAbsentText(const QString &text)
{
    m_absentText = text;
    refresh();
}

void SecretField::setRemovable(bool removable)
{
    m_removable = removable;
    refresh();
}

void SecretField::refresh()
{
    using S = SecretDrafts::State;
    const S state = m_drafts.state(m_key);
    const bool removed = m_drafts.isRemoved(m_key);
    QString placeholder;
    if (removed)
        placeholder = tr("Will be removed from the keychain when you save");
    else if (state == S::Stored)
        placeholder = tr("Stored in the keychain; type to replace it");
    else if (state == S::Absent)
        placeholder = m_absentText.isEmpty() ? tr("Not set") : m_absentText;
    else if (state == S::Unreadable)
        placeholder = tr("The keychain cannot be read");
    else
        placeholder = tr("Checking the keychain…");
    m_edit->setPlaceholderText(placeholder);
    // The text stays when it already is the draft: re-setting it would move the cursor.
    if (m_edit->text() != m_drafts.draft(m_key))
        m_edit->setText(m_drafts.draft(m_key));
    m_remove->setVisible(m_removable && (state == S::Stored || removed));
    m_remove->setChecked(removed);
}

bool SecretField::validate()
{
    const bool missing = m_required && !m_key.isEmpty() && !m_drafts.willHaveValue(m_key) &&
                         m_drafts.state(m_key) != SecretDrafts::State::Unknown &&
                         m_drafts.state(m_key) != SecretDrafts::State::Unreadable;
    if (m_message) {
        const QString variable = SecretStore::environmentName(m_key);
        if (missing)
            m_message->setError(m_missingText);
        else if (!m_key.isEmpty() && qEnvironmentVariableIsSet(variable.toLatin1().constData()))
            m_message->setNote(tr("%1 is set and overrides the keychain.").arg(variable));
        else
            m_message->setError(QString());
    }
    return !missing;
}
