// Form: the pieces every settings page builds with: a field with its message, labels with buddies.
#pragma once

#include <QLabel>

class QComboBox;
class QFormLayout;

// A message under a field saying what is wrong with it ("Enter a URL starting with https://").
// Hidden while there is nothing to say; read by screen readers as the field's description.
class FieldMessage final : public QLabel
{
    Q_OBJECT
public:
    explicit FieldMessage(QWidget *field, QWidget *parent = nullptr);

    // An error (red) blocks saving; a note (grey) only informs. Empty hides the message.
    void setError(const QString &text);
    void setNote(const QString &text);
    bool hasError() const { return m_error; }

private:
    void show(const QString &text, bool error);

    QWidget *m_field;
    bool m_error = false;
};

namespace Form {
// A form layout that wraps long rows under their labels when the page is narrow (large fonts,
// 200 % scaling), so no text is cut.
QFormLayout *makeLayout(QWidget *parent);
// Adds "label: field" with the label as the field's buddy (its mnemonic focuses the field)
// and an optional message under the field. Returns the label.
QLabel *addRow(QFormLayout *form, const QString &label, QWidget *field,
               FieldMessage *message = nullptr);
// Tab goes through widgets in this order (the order they appear in, not the one they were
// created in).
void chainTabOrder(std::initializer_list<QWidget *> widgets);
// An editable combo box whose line edit exists from the start, so it takes its place in the
// focus chain next to the box (made editable later, it would come last).
QComboBox *editableCombo(QWidget *parent);
// Shows or hides the row holding field (directly, or inside the box addRow made for it).
void setRowVisible(QFormLayout *form, QWidget *field, bool visible);
// A grey, wrapping explanation (a row of its own, or under a field).
QLabel *hint(const QString &text, QWidget *parent = nullptr);
// A bold heading inside a page.
QLabel *heading(const QString &text, QWidget *parent = nullptr);
} // namespace Form
