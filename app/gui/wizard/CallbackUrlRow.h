// CallbackUrlRow: the address DingTalk calls for a robot, read-only, with a button that copies it.
#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

class CallbackUrlRow final : public QWidget
{
    Q_OBJECT
public:
    explicit CallbackUrlRow(QWidget *parent = nullptr);

    // Empty: not known yet (placeholder says why) and nothing to copy.
    void setUrl(const QString &url, const QString &whyUnknown = {});
    QString url() const;
    QLineEdit *lineEdit() const { return m_edit; }
    QPushButton *copyButton() const { return m_copy; }

private:
    QLineEdit *m_edit;
    QPushButton *m_copy;
};
