// FirstRunWizard: from a first launch to a working robot: model, robot, tunnel and a real test.
#pragma once

#include "config/Config.h"
#include "settings/SettingsSaver.h"

#include <QWizard>

class ModelStep;
class RelayHost;
class RobotStep;
class SecretStore;
class SettingsContext;
class TestConsoleClient;
class TestStep;
class TunnelStep;
class WizardStep;

// The steps show the settings dialog's own pieces (ModelPage, SecretField, RobotEditor's
// checks) on one SettingsContext, and the Test step saves through SettingsSaver as the dialog
// does. The app applies the saved file (settingsSaved) and the Test step then sends one signed
// message through the relay it started, with the TestConsoleClient the test console uses.
class FirstRunWizard final : public QWizard
{
    Q_OBJECT
public:
    enum Step { WelcomeId, ModelId, RobotId, TunnelId, TestId, DoneId };

    // configPath empty: the default config file. host and console belong to the app.
    FirstRunWizard(QString configPath, SecretStore &secrets, RelayHost &host,
                   TestConsoleClient &console, QWidget *parent = nullptr);
    ~FirstRunWizard() override;

    SettingsContext &context() const { return *m_context; }
    RelayHost &host() const { return m_host; }
    TestConsoleClient &console() const { return m_console; }
    QString configPath() const { return m_path; }

    // The settings with every step's values.
    AppConfig collect() const;
    // Writes the secrets, then the file; emits settingsSaved() when both are done.
    void save(SettingsSaver::Done done);
    // Whether the robot set up here uses Stream mode (then no tunnel is needed).
    bool streamMode() const;

signals:
    // The file at path holds the new settings: the app applies them (restarts the relay).
    void settingsSaved(const QString &path);

private:
    QString m_path;
    SettingsContext *m_context;
    RelayHost &m_host;
    TestConsoleClient &m_console;
    QList<WizardStep *> m_steps;
    RobotStep *m_robot = nullptr;
};
