// The tunnel's output window, the tray item and the Relay page's state line, with a real program.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "TestConfigFile.h"
#include "TunnelTestKit.h"

#include "GuiApp.h"
#include "TrayController.h"
#include "TunnelOutputWindow.h"
#include "secrets/EnvSecretStore.h"
#include "settings/RelayPage.h"
#include "settings/SettingsContext.h"
#include "settings/SettingsDialog.h"
#include "shell/RelayHost.h"
#include "tunnel/TunnelManager.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Tunnel::State;

namespace {
// Planted in the program's output; the window must never show it.
const QString Token = u"tok-plant-9a8b7c6d5e4f"_s;
} // namespace

class TestGuiTunnel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void showsWhatTheProgramPrintedMasked();
    void followsNewLinesUnlessScrolledUp();
    void stateLineFollowsTheTunnel();
    void saysWhenNoProgramRuns();
    void trayItemOpensTheWindowForAProcessTunnel();
    void trayItemIsDisabledWithoutAProgram();
    void relayPageShowsTheRunningTunnel();

private:
    // A tunnel program: prints its URL (the relay at $1), a line with the token, 60 lines of
    // filler, then one more line each time the test creates "more1" and "more2".
    QString writeProgram();
    TunnelSettings programSettings();
    std::unique_ptr<TunnelManager> startManager(const TunnelSettings &settings);
    void release(const QString &name);
    QString writeAppConfig(const QString &tunnel);
    void startApp(const QString &path);
    QAction *menuItem(const QString &text) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_relay; // the fake relay a bare TunnelManager leads to
    ProbeIdentity m_identity = ProbeIdentity::generate();
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<EnvSecretStore> m_secrets;
    std::unique_ptr<GuiApp> m_app;
};

void TestGuiTunnel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_relay = std::make_unique<FakeHttpServer>();
    QVERIFY(m_relay->listen() != 0);
    TunnelTestKit::answerProbes(*m_relay, m_identity);
}

void TestGuiTunnel::cleanup()
{
    m_app.reset();
    m_secrets.reset();
    m_dingtalk.reset();
    m_model.reset();
    m_relay.reset();
    m_dir.reset();
}

QString TestGuiTunnel::writeProgram()
{
    const QString path = m_dir->filePath(u"tunnel.sh"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(uR"(#!/bin/sh
echo "tunnel open at http://127.0.0.1:$1"
echo "connecting with token %2"
i=0
while [ $i -lt 60 ]; do echo "filler line $i"; i=$((i+1)); done
for step in more1 more2; do
    while [ ! -e "%1/$step" ]; do sleep 0.05; done
    echo "later line $step"
done
exec sleep 600
)"_s.arg(m_dir->path(), Token)
                   .toUtf8());
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

TunnelSettings TestGuiTunnel::programSettings()
{
    TunnelSettings t;
    t.mode = TunnelMode::Process;
    t.preset = u"custom"_s;
    t.command = writeProgram() + u" {port}"_s;
    t.urlPattern = u"at (http://\\S+)"_s;
    return t;
}

std::unique_ptr<TunnelManager> TestGuiTunnel::startManager(const TunnelSettings &settings)
{
    TunnelOptions options;
    options.firstCheckDelayMs = 0;
    auto tunnel = std::make_unique<TunnelManager>(settings, u"127.0.0.1"_s, m_relay->url().port(),
                                                  m_identity, nullptr, Token, options);
    tunnel->start();
    return tunnel;
}

void TestGuiTunnel::release(const QString &name)
{
    QFile file(m_dir->filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
}

void TestGuiTunnel::showsWhatTheProgramPrintedMasked()
{
    auto tunnel = startManager(programSettings());
    QTRY_VERIFY(tunnel->output().size() >= 62);

    TunnelOutputWindow window;
    window.setTunnel(tunnel.get());
    const QString text = window.outputText();
    QVERIFY2(text.contains(u"tunnel open at http://127.0.0.1:%1"_s.arg(m_relay->url().port())),
             qPrintable(text));
    QVERIFY(text.contains(u"filler line 59"_s));
    QVERIFY(text.contains(u"connecting with token ***"_s));
    QVERIFY(!text.contains(Token));
    QVERIFY(window.findChild<QPlainTextEdit *>(u"tunnelOutput"_s)->isReadOnly());
    QCOMPARE(window.findChild<QLabel *>(u"tunnelUrl"_s)->text(),
             u"http://127.0.0.1:%1"_s.arg(m_relay->url().port()));

    QGuiApplication::clipboard()->clear();
    window.findChild<QPushButton *>(u"copyAll"_s)->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), text);
    QVERIFY(!QGuiApplication::clipboard()->text().contains(Token));
}

void TestGuiTunnel::followsNewLinesUnlessScrolledUp()
{
    auto tunnel = startManager(programSettings());
    QTRY_VERIFY(tunnel->output().size() >= 62);
    TunnelOutputWindow window;
    window.setTunnel(tunnel.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QScrollBar *bar = window.findChild<QPlainTextEdit *>(u"tunnelOutput"_s)->verticalScrollBar();
    QVERIFY(bar->maximum() > 0); // 62 lines do not fit: there is something to follow
    QCOMPARE(bar->value(), bar->maximum());

    // At the end, a new line keeps it at the end.
    release(u"more1"_s);
    QTRY_VERIFY(window.outputText().endsWith(u"later line more1"_s));
    QCOMPARE(bar->value(), bar->maximum());

    // Scrolled up to read, a new line does not pull the view away.
    bar->setValue(0);
    release(u"more2"_s);
    QTRY_VERIFY(window.outputText().endsWith(u"later line more2"_s));
    QCOMPARE(bar->value(), 0);
}

void TestGuiTunnel::stateLineFollowsTheTunnel()
{
    TunnelOutputWindow window;
    QCOMPARE(window.stateText(), u"Not running: the relay is stopped."_s);
    auto tunnel =
        std::make_unique<TunnelManager>(programSettings(), u"127.0.0.1"_s, m_relay->url().port(),
                                        m_identity, nullptr, Token, TunnelOptions{});
    window.setTunnel(tunnel.get());
    tunnel->start();
    const QString url = u"http://127.0.0.1:%1"_s.arg(m_relay->url().port());
    QTRY_VERIFY2(window.stateText().startsWith(u"Running: "_s + url),
                 qPrintable(window.stateText()));
    tunnel->checkNow();
    QTRY_VERIFY2(window.stateText().contains(u" — reachable, checked "_s),
                 qPrintable(window.stateText()));

    QSignalSpy stopped(tunnel.get(), &TunnelManager::stopped);
    tunnel->stop();
    QTRY_COMPARE(stopped.count(), 1);
    QVERIFY2(window.stateText().startsWith(u"Stopped: "_s), qPrintable(window.stateText()));
    QCOMPARE(window.findChild<QLabel *>(u"tunnelUrl"_s)->text(), u"none yet"_s);
    // The tunnel goes with its relay; what it last said stays readable.
    const QString output = window.outputText();
    tunnel.reset();
    QVERIFY(!window.tunnel());
    QVERIFY(window.stateText().startsWith(u"Stopped: "_s));
    QCOMPARE(window.outputText(), output);
}

void TestGuiTunnel::saysWhenNoProgramRuns()
{
    for (const TunnelMode mode : {TunnelMode::None, TunnelMode::Fixed}) {
        TunnelSettings settings;
        settings.mode = mode;
        settings.publicUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(m_relay->url().port()));
        auto tunnel = startManager(settings);
        TunnelOutputWindow window;
        window.setTunnel(tunnel.get());
        auto *output = window.findChild<QPlainTextEdit *>(u"tunnelOutput"_s);
        QVERIFY(window.outputText().isEmpty());
        QCOMPARE(output->placeholderText(),
                 u"No tunnel program runs: tunnel/mode is none or fixed."_s);
        QVERIFY(!window.findChild<QPushButton *>(u"copyAll"_s)->isEnabled());
        QVERIFY2(
            window.stateText().startsWith(mode == TunnelMode::None ? u"Off: "_s : u"Running: "_s),
            qPrintable(window.stateText()));
    }
}

QString TestGuiTunnel::writeAppConfig(const QString &tunnel)
{
    m_model = std::make_unique<FakeHttpServer>();
    m_dingtalk = std::make_unique<FakeDingTalk>();
    if (!m_model->listen() || !m_dingtalk->listen())
        return {};
    m_model->setDefault(canned(200, chatCompletionBody(u"pong"_s)));
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-gui-tunnel-000000"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, u"gui-tunnel-secret"_s);
    env.insert(u"DINGRELAY_SECRET_TUNNEL_TOKEN"_s, Token);
    m_secrets = std::make_unique<EnvSecretStore>(env);
    return TestConfigFile::write(
        m_dir->path(), u"relay.ini"_s,
        TestConfigFile::loopback(m_model->url(u"/v1"_s), m_dingtalk->baseUrl()) +
            u"[robot.default]\nmode=http\n"_s + tunnel);
}

void TestGuiTunnel::startApp(const QString &path)
{
    QVERIFY(!path.isEmpty());
    m_app = std::make_unique<GuiApp>(path, *m_secrets);
    QSignalSpy ready(m_app.get(), &GuiApp::ready);
    m_app->start();
    QTRY_COMPARE(ready.count(), 1);
    QTRY_COMPARE(m_app->host()->state(), RelayHost::State::Running);
}

QAction *TestGuiTunnel::menuItem(const QString &text) const
{
    for (QAction *a : m_app->tray()->menu()->actions()) {
        if (a->text().remove(u'&').startsWith(text))
            return a;
    }
    return nullptr;
}

void TestGuiTunnel::trayItemOpensTheWindowForAProcessTunnel()
{
    const QString program = writeProgram();
    startApp(writeAppConfig(
        u"[tunnel]\nmode=process\npreset=custom\ncommand=%1 {port}\nurl_pattern=at (http://\\S+)\n"_s
            .arg(program)));
    QAction *item = menuItem(u"Tunnel output"_s);
    QVERIFY(item);
    QVERIFY(item->isEnabled());
    item->trigger();
    TunnelOutputWindow *window = m_app->tunnelOutputWindow();
    QVERIFY(window);
    QVERIFY(window->isVisible());
    QTRY_VERIFY2(window->outputText().contains(u"connecting with token ***"_s),
                 qPrintable(window->outputText()));
    QVERIFY(!window->outputText().contains(Token));
    QTRY_VERIFY2(window->stateText().startsWith(u"Running: http://127.0.0.1:"_s),
                 qPrintable(window->stateText()));
    release(u"more1"_s);
    QTRY_VERIFY(window->outputText().endsWith(u"later line more1"_s));

    // The relay stops: so does its tunnel, and the window says so.
    m_app->tray()->stopRelayRequested();
    QTRY_COMPARE(m_app->host()->state(), RelayHost::State::Stopped);
    QVERIFY2(window->stateText().startsWith(u"Stopped: "_s), qPrintable(window->stateText()));

    // Started again, the window follows the new relay's tunnel.
    m_app->tray()->startRelayRequested();
    QTRY_COMPARE(m_app->host()->state(), RelayHost::State::Running);
    QTRY_VERIFY(window->tunnel());
    QTRY_VERIFY2(window->stateText().startsWith(u"Running: "_s), qPrintable(window->stateText()));
}

void TestGuiTunnel::trayItemIsDisabledWithoutAProgram()
{
    startApp(writeAppConfig(u"[tunnel]\nmode=none\n"_s));
    QAction *item = menuItem(u"Tunnel output"_s);
    QVERIFY(item);
    QVERIFY(!item->isEnabled());
    QVERIFY(item->toolTip().contains(u"tunnel/mode is none or fixed"_s));
}

void TestGuiTunnel::relayPageShowsTheRunningTunnel()
{
    const QString program = writeProgram();
    startApp(writeAppConfig(
        u"[tunnel]\nmode=process\npreset=custom\ncommand=%1 {port}\nurl_pattern=at (http://\\S+)\n"_s
            .arg(program)));
    QMetaObject::invokeMethod(m_app->tray(), &TrayController::settingsRequested);
    auto *dialog = qobject_cast<SettingsDialog *>(m_app->settingsDialog());
    QVERIFY(dialog);
    dialog->showSection(u"relay"_s);
    auto *page = qobject_cast<RelayPage *>(dialog->page(u"relay"_s));
    QVERIFY(page);
    auto *state = page->findChild<QLabel *>(u"tunnelRunState"_s);
    QVERIFY(state);
    QTRY_VERIFY2(state->text().startsWith(u"Now: Running: http://127.0.0.1:"_s),
                 qPrintable(state->text()));
    QTRY_VERIFY2(state->text().contains(u"— reachable, checked"_s), qPrintable(state->text()));

    page->findChild<QPushButton *>(u"showTunnelOutput"_s)->click();
    TunnelOutputWindow *window = page->outputWindow();
    QVERIFY(window);
    QVERIFY(window->isVisible());
    QVERIFY(window->outputText().contains(u"filler line 0"_s));

    m_app->tray()->stopRelayRequested();
    QTRY_COMPARE(m_app->host()->state(), RelayHost::State::Stopped);
    QVERIFY2(state->text().startsWith(u"Now: Stopped: "_s), qPrintable(state->text()));
    m_app->tray()->startRelayRequested();
    QTRY_COMPARE(m_app->host()->state(), RelayHost::State::Running);
    QTRY_VERIFY2(state->text().startsWith(u"Now: Running: "_s), qPrintable(state->text()));
    QCOMPARE(window->tunnel(), dialog->context().tunnel());
}

QTEST_MAIN(TestGuiTunnel)
#include "tst_gui_tunnel.moc"
