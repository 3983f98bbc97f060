// ConversationsPage: the settings section for context, personas, and each robot's access and
// limits.
#pragma once

#include "settings/SettingsPage.h"

#include <QHash>

class FieldMessage;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

class ConversationsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit ConversationsPage(SettingsContext &context, QWidget *parent = nullptr);

    QString title() const override { return tr("Conversations"); }
    QString key() const override { return QStringLiteral("conversations"); }
    void load(const AppConfig &config) override;
    void store(AppConfig &config) const override;
    bool validate() override;

private:
    // A robot's steering settings: who may talk, in which context, how much a day.
    struct Access
    {
        ContextMode context = ContextMode::User;
        QStringList mentionNames;
        QStringList models;
        QStringList allowSenders;
        QStringList allowConversations;
        QStringList admins;
        bool allowOutsiders = false;
        int dailyMessages = 0;
        int dailyTokens = 0;
    };
    static Access accessOf(const RobotSettings &robot);
    void refreshRobots();
    void showRobot();
    void readRobot();
    void addPersona();
    QList<PersonaSettings> personas() const;

    QSpinBox *m_maxTurns;
    QSpinBox *m_maxTokens;
    QCheckBox *m_hideThinking;
    QLineEdit *m_allowedModels;
    QTableWidget *m_personas;
    QPushButton *m_addPersona;
    QPushButton *m_removePersona;
    FieldMessage *m_personaMessage;
    QComboBox *m_robot;
    QComboBox *m_contextMode;
    QLineEdit *m_mentionNames;
    QLineEdit *m_robotModels;
    QLineEdit *m_allowSenders;
    QLineEdit *m_allowConversations;
    QLineEdit *m_admins;
    QCheckBox *m_allowOutsiders;
    QSpinBox *m_dailyMessages;
    QSpinBox *m_dailyTokens;
    QHash<QString, Access> m_access; // by robot id
    QString m_shown;                 // the robot whose access is on screen
    bool m_loading = false;
};
