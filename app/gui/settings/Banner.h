// Banner: a coloured notice across the top of a window: what is wrong and what to do about it.
#pragma once

#include <QFrame>

class QLabel;

class Banner final : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Warning, Error };

    explicit Banner(QWidget *parent = nullptr);

    // Shows title (bold) and text under it; an empty title hides the banner.
    void show(Kind kind, const QString &title, const QString &text);
    void clear();
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_label;
};
