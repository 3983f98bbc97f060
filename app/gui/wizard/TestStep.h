// TestStep: the wizard's end-to-end test: saves, starts the relay and sends one message through it.
#pragma once

#include "settings/SettingsSaver.h"
#include "shell/TestConsoleClient.h"
#include "wizard/WizardStep.h"

#include <QPointer>

class CallbackUrlRow;
class QLabel;
class QPushButton;

// The message goes out as the test console sends it (a signed callback, through the public
// URL when there is a tunnel, or a Stream push) and its answer comes back through the relay's
// own sink. The page shows each stage as it is reached; a failure says what went wrong and
// what to change. Finish is offered once the test has ended either way: the settings are
// saved by then.
class TestStep final : public WizardStep
{
    Q_OBJECT
public:
    explicit TestStep(FirstRunWizard &wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    // Saves the settings and runs the test again (the "Run the test again" button).
    void run();
    bool passed() const { return m_passed; }
    // Everything the page says, for tests.
    QString reportText() const;

signals:
    void testFinished(bool passed);

private:
    void onSaved(const SettingsSaver::Result &result);
    void waitForRelay();
    void sendWhenReachable();
    void send(TestRun::Via via);
    void onRunFinished(const TestRun &run);
    void addLine(const QString &line);
    void pass(const QString &line);
    void fail(const QString &what, const QString &fix);
    void end(bool passed);
    QString problemNotes() const;

    QLabel *m_report;
    QLabel *m_reply;
    QLabel *m_timings;
    QLabel *m_fix;
    CallbackUrlRow *m_callbackUrl;
    QLabel *m_callbackLabel;
    QPushButton *m_again;
    QStringList m_lines;
    QPointer<QObject> m_attempt; // what one run connects to; deleted to abandon it
    QString m_runId;
    RobotSettings m_robot;
    bool m_running = false;
    bool m_passed = false;
};
