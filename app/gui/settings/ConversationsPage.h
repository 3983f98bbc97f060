// ConversationsPage: the settings section for context, personas, and each robot's access and
// limits.
#pragma once

#include "settings/SettingsPage.h"

#include <QList>

class FieldMessage;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
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
    void robotRemoved(int index);
    void showRobot();
    void readRobot();
    void addPersona();
    void setPersonaRow(int row, const PersonaSettings &persona);
    void showPersonaPrompt();
    void readPersonaPrompt();
    QList<PersonaSettings> personas() const;

    QSpinBox *m_maxTurns;
    QSpinBox *m_maxTokens;
    QCheckBox *m_hideThinking;
    QLineEdit *m_allowedModels;
    QTableWidget *m_personas;
    QPushButton *m_addPersona;
    QPushButton *m_removePersona;
    QPlainTextEdit *m_personaPrompt; // the selected persona's prompt, which may have lines
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
    // In the order the Robots section lists the robots (it stores before this page), not by
    // id: a new robot's name changes as it is typed, and may pass through another's.
    QList<Access> m_access;
    int m_shown = -1; // the robot whose access is on screen
    bool m_loading = false;
};
