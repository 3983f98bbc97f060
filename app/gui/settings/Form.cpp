#include "settings/Form.h"

#include <QComboBox>
#include <QFormLayout>
#include <QPalette>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

FieldMessage::FieldMessage(QWidget *field, QWidget *parent)
    : QLabel(parent)
    , m_field(field)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setVisible(false);
}

void FieldMessage::setError(const QString &text)
{
    show(text, !text.isEmpty());
}

void FieldMessage::setNote(const QString &text)
{
    show(text, false);
}

void FieldMessage::show(const QString &text, bool error)
{
    m_error = error;
    QPalette p = palette();
    const QColor red(0xc0, 0x1c, 0x28);
    p.setColor(QPalette::WindowText, error ? red : palette().color(QPalette::PlaceholderText));
    setPalette(p);
    setText(error ? u"⚠ "_s + text : text);
    setVisible(!text.isEmpty());
    if (m_field)
        m_field->setAccessibleDescription(text);
}

QFormLayout *Form::makeLayout(QWidget *parent)
{
    auto *form = new QFormLayout(parent);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft);
    return form;
}

QLabel *Form::addRow(QFormLayout *form, const QString &label, QWidget *field, FieldMessage *message)
{
    auto *l = new QLabel(label, form->parentWidget());
    l->setBuddy(field);
    if (!message) {
        form->addRow(l, field);
        return l;
    }
    auto *box = new QWidget(form->parentWidget());
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(field);
    column->addWidget(message);
    form->addRow(l, box);
    return l;
}

void Form::chainTabOrder(std::initializer_list<QWidget *> widgets)
{
    QWidget *previous = nullptr;
    for (QWidget *widget : widgets) {
        if (previous)
            QWidget::setTabOrder(previous, widget);
        previous = widget;
    }
}

QComboBox *Form::editableCombo(QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    return combo;
}

void Form::setRowVisible(QFormLayout *form, QWidget *field, bool visible)
{
    for (QWidget *w = field; w; w = w->parentWidget()) {
        if (form->indexOf(w) >= 0) {
            form->setRowVisible(w, visible);
            return;
        }
    }
}

QLabel *Form::hint(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    label->setPalette(p);
    return label;
}

QLabel *Form::heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}
