#include "wizard/TestStep.h"

#include "TestConsoleWindow.h"
#include "settings/Form.h"
#include "settings/SettingsContext.h"
#include "shell/RelayHost.h"
#include "wizard/CallbackUrlRow.h"
#include "wizard/FirstRunWizard.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int RelayStartMs = 30 * 1000;
constexpr int TunnelUrlMs = 60 * 1000;
} // namespace

TestStep::TestStep(FirstRunWizard &wizard)
    : WizardStep(wizard)
    , m_report(new QLabel(this))
    , m_reply(new QLabel(this))
    , m_timings(Form::hint(QString(), this))
    , m_fix(new QLabel(this))
    , m_callbackUrl(new CallbackUrlRow(this))
    , m_callbackLabel(new QLabel(tr("Callback &URL:"), this))
    , m_again(new QPushButton(tr("&Run the test again"), this))
{
    setObjectName(u"testStep"_s);
    setTitle(tr("Test the whole chain"));
    setSubTitle(tr("DingRelay saves the settings, starts the relay and sends it a message as "
                   "DingTalk would. The model's answer comes back here."));
    m_report->setObjectName(u"testReport"_s);
    m_report->setWordWrap(true);
    m_report->setTextFormat(Qt::PlainText);
    m_report->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reply->setObjectName(u"testReply"_s);
    m_reply->setWordWrap(true);
    m_reply->setTextFormat(Qt::PlainText);
    m_reply->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reply->setFrameShape(QFrame::StyledPanel);
    m_reply->setMargin(fontMetrics().averageCharWidth());
    m_reply->setAutoFillBackground(true);
    m_reply->setBackgroundRole(QPalette::Base);
    m_timings->setObjectName(u"testTimings"_s);
    m_fix->setObjectName(u"testFix"_s);
    m_fix->setWordWrap(true);
    m_fix->setTextFormat(Qt::PlainText);
    m_fix->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fix->setStyleSheet(u"color: #c01c28"_s);
    m_callbackLabel->setBuddy(m_callbackUrl->lineEdit());
    m_again->setObjectName(u"runTestAgain"_s);

    body()->addWidget(m_report);
    body()->addWidget(m_reply);
    body()->addWidget(m_timings);
    body()->addWidget(m_fix);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_callbackLabel);
    urlRow->addWidget(m_callbackUrl, 1);
    body()->addLayout(urlRow);
    auto *againRow = new QHBoxLayout;
    againRow->addWidget(m_again);
    againRow->addStretch(1);
    body()->addLayout(againRow);
    body()->addStretch(1);
    connect(m_again, &QPushButton::clicked, this, &TestStep::run);
}

void TestStep::initializePage()
{
    run();
}

void TestStep::cleanupPage()
{
    delete m_attempt; // Back: whatever the run still waits for no longer matters
    m_running = false;
}

bool TestStep::isComplete() const
{
    return !m_running;
}

QString TestStep::reportText() const
{
    QStringList parts{m_report->text(), m_reply->text(), m_timings->text(), m_fix->text()};
    parts.removeAll(QString());
    return parts.join(u'\n');
}

void TestStep::addLine(const QString &line)
{
    m_lines << line;
    m_report->setText(m_lines.join(u'\n'));
}

void TestStep::pass(const QString &line)
{
    addLine(u"✔ "_s + line);
}

void TestStep::run()
{
    delete m_attempt;
    m_attempt = new QObject(this);
    m_lines.clear();
    m_report->clear();
    m_reply->clear();
    m_reply->hide();
    m_timings->clear();
    m_fix->clear();
    m_fix->hide();
    m_callbackLabel->hide();
    m_callbackUrl->hide();
    m_again->setEnabled(false);
    m_running = true;
    m_passed = false;
    emit completeChanged();
    const AppConfig config = m_wizard.collect();
    m_robot = config.robots.value(0);
    addLine(tr("Saving the settings…"));
    QPointer<QObject> attempt = m_attempt;
    m_wizard.save([this, attempt](const SettingsSaver::Result &result) {
        if (attempt)
            onSaved(result);
    });
}

void TestStep::onSaved(const SettingsSaver::Result &result)
{
    m_lines.removeLast();
    if (!result.ok) {
        fail(result.error, tr("Go back to the step concerned and correct it, then come back "
                              "here to try again."));
        return;
    }
    pass(tr("Settings saved to %1").arg(m_wizard.configPath()));
    for (const QString &warning : result.warnings)
        addLine(u"⚠ "_s + warning);
    addLine(tr("Starting the relay…"));
    waitForRelay();
}

void TestStep::waitForRelay()
{
    RelayHost &host = m_wizard.host();
    // Everything the wait connects goes with this object: deleting it ends the wait.
    QObject *waiting = new QObject(m_attempt);
    auto *timeout = new QTimer(waiting);
    timeout->setSingleShot(true);
    const auto check = [this, &host, waiting] {
        if (host.state() == RelayHost::State::Failed) {
            delete waiting;
            m_lines.removeLast();
            fail(tr("The relay did not start: %1").arg(host.error()),
                 tr("Go back and correct the settings it names. When another program uses "
                    "the port, choose another one later under Settings › Relay and tunnel."));
            return;
        }
        // The app hands the new relay to the console right after it starts.
        if (host.state() != RelayHost::State::Running || !host.relay() ||
            m_wizard.console().relay() != host.relay())
            return;
        delete waiting;
        m_lines.removeLast();
        pass(tr("The relay runs at %1").arg(host.localUrl().toString()));
        sendWhenReachable();
    };
    const auto later = [waiting, check] { QTimer::singleShot(0, waiting, check); };
    connect(&host, &RelayHost::stateChanged, waiting, later);
    connect(&host, &RelayHost::relayStarted, waiting, later);
    connect(timeout, &QTimer::timeout, waiting, [this, waiting] {
        delete waiting;
        m_lines.removeLast();
        fail(tr("The relay did not start within %1 s.").arg(RelayStartMs / 1000),
             tr("Check the tray's tooltip for the reason, then run the test again."));
    });
    timeout->start(RelayStartMs);
    later();
}

void TestStep::sendWhenReachable()
{
    RelayHost &host = m_wizard.host();
    if (m_robot.mode == RobotMode::Stream) {
        send(TestRun::Via::Stream);
        return;
    }
    if (host.config().tunnel.mode == TunnelMode::None) {
        send(TestRun::Via::Local);
        return;
    }
    if (!host.publicUrl().isEmpty()) {
        send(TestRun::Via::PublicUrl);
        return;
    }
    addLine(tr("Waiting for the tunnel to tell its public address…"));
    QObject *waiting = new QObject(m_attempt);
    auto *timeout = new QTimer(waiting);
    timeout->setSingleShot(true);
    connect(&host, &RelayHost::publicUrlChanged, waiting, [this, waiting](const QUrl &url) {
        if (url.isEmpty())
            return;
        delete waiting;
        m_lines.removeLast();
        pass(tr("The tunnel's public address is %1").arg(url.toString()));
        send(TestRun::Via::PublicUrl);
    });
    connect(timeout, &QTimer::timeout, waiting, [this, &host, waiting] {
        delete waiting;
        m_lines.removeLast();
        QString why;
        for (const Problem &p : host.problems()) {
            if (p.kind == Problem::Kind::TunnelDown)
                why = p.message;
        }
        fail(tr("The tunnel did not tell a public address within %1 s.%2")
                 .arg(TunnelUrlMs / 1000)
                 .arg(why.isEmpty() ? QString() : u' ' + why),
             tr("Go back and choose another tunnel, or check that the program works when you "
                "start it yourself."));
    });
    timeout->start(TunnelUrlMs);
}

void TestStep::send(TestRun::Via via)
{
    RelayHost &host = m_wizard.host();
    TestConsoleClient &console = m_wizard.console();
    const QString question = tr("Hello! This is a test from DingRelay's setup. Please answer "
                                "in one short sentence.");
    addLine(via == TestRun::Via::PublicUrl ? tr("Sending a message through %1, as DingTalk would…")
                                                 .arg(host.publicUrl().toString())
            : via == TestRun::Via::Stream
                ? tr("Handing the relay a message as DingTalk's Stream connection would…")
                : tr("Sending a signed message to the relay, as DingTalk would…"));
    QObject *waiting = new QObject(m_attempt);
    connect(&console, &TestConsoleClient::finished, waiting, [this, waiting](const TestRun &run) {
        if (!m_runId.isEmpty() && run.id != m_runId)
            return;
        delete waiting;
        onRunFinished(run);
    });
    QPointer<QObject> pending = waiting;
    QString error;
    m_runId.clear(); // a run that fails at once finishes inside send(), before it has an id
    const QString id = console.send(m_robot.id, question, via, host.publicUrl(), &error);
    if (!pending)
        return;
    m_runId = id;
    if (id.isEmpty()) {
        delete waiting;
        m_lines.removeLast();
        fail(tr("The test message could not be sent: %1").arg(error),
             tr("Go back and check the robot, then run the test again."));
    }
}

void TestStep::onRunFinished(const TestRun &run)
{
    m_lines.removeLast();
    m_timings->setText(TestConsoleWindow::timings(run));
    if (!run.error.isEmpty()) {
        QString fix = tr("Open the Test console from the tray to try other messages, or go "
                         "back and check the settings.");
        if (run.via == TestRun::Via::PublicUrl && run.ackStatus == 0)
            fix = tr("DingTalk cannot reach it either. Check that the tunnel or your server "
                     "forwards %1 to this computer (port %2), or go back and choose another "
                     "way.")
                      .arg(m_wizard.host().publicUrl().toString())
                      .arg(m_wizard.host().localUrl().port());
        fail(tr("The test message failed: %1").arg(run.error), fix);
        return;
    }
    QStringList texts;
    for (const SinkMessage &reply : run.replies)
        texts << reply.text;
    m_reply->setText(texts.join(u"\n\n"_s));
    m_reply->setVisible(!texts.isEmpty());
    // The relay answers a model failure with an apology; the problem says what it was.
    for (const Problem &p : m_wizard.host().problems()) {
        using K = Problem::Kind;
        if (p.kind == K::BadKey || p.kind == K::Quota || p.kind == K::ModelSetup) {
            fail(tr("The relay works, but the model did not answer: %1").arg(p.message),
                 tr("Go back to the model step, correct the key or the model, and check it "
                    "there."));
            return;
        }
    }
    pass(tr("The robot answered in %1 s:").arg(double(run.deliveredMs) / 1000.0, 0, 'f', 1));
    if (m_robot.mode != RobotMode::Stream) {
        const QUrl base = m_wizard.host().publicUrl().isEmpty() ? m_wizard.host().localUrl()
                                                                : m_wizard.host().publicUrl();
        QUrl url = base;
        QString path = base.path();
        if (path.endsWith(u'/'))
            path.chop(1);
        url.setPath(path + m_robot.callbackPath);
        m_callbackUrl->setUrl(url.toString());
        m_callbackLabel->show();
        m_callbackUrl->show();
        if (m_wizard.host().publicUrl().isEmpty())
            addLine(u"⚠ "_s +
                    tr("DingTalk cannot reach this address from the internet yet: set up a "
                       "tunnel under Settings › Relay and tunnel."));
        else
            addLine(u"➜ "_s +
                    tr("Paste this callback URL into the robot's page in DingTalk's developer "
                       "console, if it is not there yet."));
    }
    const QString notes = problemNotes();
    if (!notes.isEmpty())
        addLine(notes);
    end(true);
}

QString TestStep::problemNotes() const
{
    QStringList notes;
    for (const Problem &p : m_wizard.host().problems()) {
        if (p.kind == Problem::Kind::NoRobots)
            continue;
        notes << u"⚠ "_s + (p.robotId.isEmpty() ? p.message : p.robotId + u": "_s + p.message);
    }
    return notes.join(u'\n');
}

void TestStep::fail(const QString &what, const QString &fix)
{
    addLine(u"✘ "_s + what);
    m_fix->setText(tr("How to fix it: %1").arg(fix));
    m_fix->show();
    end(false);
}

void TestStep::end(bool passed)
{
    delete m_attempt;
    m_running = false;
    m_passed = passed;
    m_again->setEnabled(true);
    emit completeChanged();
    emit testFinished(passed);
}
