// AboutBox: DingRelay's version, licence and third-party parts, from the tray and status window.
#pragma once

#include <QMessageBox>

class AboutBox final : public QMessageBox
{
    Q_OBJECT
public:
    explicit AboutBox(QWidget *parent = nullptr);

    // The box's rich text: the version, the GPL notice and a table of the parts.
    static QString text();
};
