// RobotsPage: the settings section listing the DingTalk robots, with an editor for the chosen one.
#pragma once

#include "settings/SettingsPage.h"

#include <QSet>

class QComboBox;
class QPushButton;
class QTableWidget;
class RobotEditor;

class RobotsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit RobotsPage(SettingsContext &context, QWidget *parent = nullptr);

    QString title() const override { return tr("Robots"); }
    QString key() const override { return QStringLiteral("robots"); }
    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    bool validate() override;
    QStringList secretKeys(const AppConfig &config) const override;
    void saved() override;

    // Secrets of saved robots the user removed: the dialog deletes them after saving.
    QStringList removedSecretKeys() const;
    // Adds a robot on defaults with a free name and selects it; returns its id.
    QString addRobot();
    void select(const QString &id);
    RobotEditor *editor() const { return m_editor; }

private:
    void removeSelected();
    void showRow(int row);
    void selectionChanged();
    void editorChanged(const QString &oldId);
    void refreshNotifyChoices();
    int selectedRow() const;

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    RobotEditor *m_editor;
    QComboBox *m_notify;
    QList<RobotSettings> m_robots;
    QSet<QString> m_new;      // ids not saved yet
    QStringList m_removedIds; // saved robots removed since
    QString m_notifyRobot;
};
