// The desktop app as a whole: start, stop, apply new settings, problems, notices, quit.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "TestCallbacks.h"
#include "TestConfigFile.h"
#include "TestDatabase.h"

#include "GuiApp.h"
#include "Notifier.h"
#include "StatusWindow.h"
#include "TrayController.h"
#include "secrets/EnvSecretStore.h"
#include "shell/RelayHost.h"
#include "shell/TestConsoleClient.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using State = TrayController::State;

namespace {
const QByteArray AppSecret = "gui-app-secret-0123";
} // namespace

class TestGuiApp : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void showsTheServedUrlInTrayAndWindow();
    void namesMissingSecrets();
    void showsConfigErrors();
    void stopsAndStartsFromTheMenu();
    void appliesNewSettingsWithoutARestart();
    void appliesDesktopSettingsWhileTheRelayRuns();
    void recoversFromABadConfigOnApply();
    void problemsNeedAttentionAndNotify();
    void noticesNewMessagesWhenAskedButNotTests();
    void newMessageNoticesAreOffByDefault();
    void copiesTheCallbackUrl();
    void wiresTheHistoryWindow();
    void checksTheDatabaseFromTheMenu();
    void quitsAfterTheRelayDrained();
    void quitsOnSignal_data();
    void quitsOnSignal();

private:
    QString writeConfig(const QString &robots, quint16 port = 0,
                        const QString &name = u"relay.ini"_s);
    void startApp(const QString &path);
    QAction *menuItem(const QString &text) const;
    QString windowDetail() const;
    quint16 relayPort() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<EnvSecretStore> m_secrets;
    std::unique_ptr<GuiApp> m_app;
};

void TestGuiApp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_model = std::make_unique<FakeHttpServer>();
    m_dingtalk = std::make_unique<FakeDingTalk>();
    QVERIFY(m_model->listen());
    QVERIFY(m_dingtalk->listen());
    m_model->setDefault(canned(200, chatCompletionBody(u"pong"_s)));
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-gui-app-000000"_s);
    env.insert(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, QString::fromUtf8(AppSecret));
    env.insert(u"DINGRELAY_SECRET_ROBOT_SALES_APP_SECRET"_s, u"sales-secret"_s);
    m_secrets = std::make_unique<EnvSecretStore>(env);
}

void TestGuiApp::cleanup()
{
    m_app.reset();
    m_secrets.reset();
    m_dingtalk.reset();
    m_model.reset();
    m_dir.reset();
}

QString TestGuiApp::writeConfig(const QString &robots, quint16 port, const QString &name)
{
    return TestConfigFile::write(
        m_dir->path(), name,
        TestConfigFile::loopback(m_model->url(u"/v1"_s), m_dingtalk->baseUrl(), port) + robots);
}

void TestGuiApp::startApp(const QString &path)
{
    m_app = std::make_unique<GuiApp>(path, *m_secrets);
    QSignalSpy ready(m_app.get(), &GuiApp::ready);
    m_app->start();
    QVERIFY(!TrayController::available()); // offscreen: the status window stands in
    QVERIFY(m_app->statusWindow()->isVisible());
    QTRY_COMPARE(ready.count(), 1);
}

QAction *TestGuiApp::menuItem(const QString &text) const
{
    for (QAction *a : m_app->tray()->menu()->actions()) {
        if (a->text().remove(u'&').startsWith(text))
            return a;
    }
    return nullptr;
}

QString TestGuiApp::windowDetail() const
{
    return m_app->statusWindow()->findChild<QLabel *>(u"stateDetail"_s)->text();
}

quint16 TestGuiApp::relayPort() const
{
    return m_app->host()->relay() ? m_app->host()->relay()->port() : 0;
}

void TestGuiApp::showsTheServedUrlInTrayAndWindow()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    const QString url = u"http://127.0.0.1:%1"_s.arg(relayPort());
    QVERIFY2(m_app->tray()->toolTip().contains(url), qPrintable(m_app->tray()->toolTip()));
    QVERIFY(windowDetail().contains(url));
    QCOMPARE(m_app->statusWindow()->findChild<QLabel *>(u"stateTitle"_s)->text(), u"Running"_s);
    QAction *copy = menuItem(u"Copy callback URL"_s);
    QVERIFY(copy && copy->isEnabled());
    QCOMPARE(copy->toolTip(), url + u"/dingtalk/default"_s);
    QVERIFY(!windowDetail().contains(QString::fromUtf8(AppSecret)));
}

void TestGuiApp::namesMissingSecrets()
{
    m_secrets = std::make_unique<EnvSecretStore>(QProcessEnvironment());
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QCOMPARE(m_app->tray()->state(), State::Error);
    QVERIFY(windowDetail().contains(u"DINGRELAY_SECRET_MODEL_API_KEY"_s));
    QVERIFY(windowDetail().contains(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s));
    QCOMPARE(m_app->statusWindow()->findChild<QLabel *>(u"stateTitle"_s)->text(), u"Not running"_s);
    QVERIFY(menuItem(u"Start relay"_s));
    QVERIFY(!menuItem(u"Copy callback URL"_s)->isEnabled());
}

void TestGuiApp::showsConfigErrors()
{
    startApp(writeConfig(u"[robot.default]\nmode=carrier-pigeon\n"_s));
    QCOMPARE(m_app->tray()->state(), State::Error);
    QVERIFY2(windowDetail().contains(u"robot.default/mode"_s), qPrintable(windowDetail()));
}

void TestGuiApp::stopsAndStartsFromTheMenu()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s, unusedPort()));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    const quint16 port = relayPort();
    QVERIFY(port != 0);
    const QUrl health(u"http://127.0.0.1:%1/healthz"_s.arg(port));
    QCOMPARE(TestCallbacks::send("GET", health).status, 200);

    menuItem(u"Stop relay"_s)->trigger();
    QTRY_COMPARE(m_app->tray()->state(), State::Stopped);
    QCOMPARE(TestCallbacks::send("GET", health, {}, {}, 2000).status, 0); // nothing listens
    QVERIFY(menuItem(u"Start relay"_s));
    QVERIFY(!menuItem(u"Copy callback URL"_s)->isEnabled());

    // The status window's button does the same as the menu.
    m_app->statusWindow()->findChild<QPushButton *>(u"startStop"_s)->click();
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QCOMPARE(relayPort(), port);
    QCOMPARE(TestCallbacks::send("GET", health).status, 200);
}

void TestGuiApp::appliesNewSettingsWithoutARestart()
{
    const quint16 oldPort = unusedPort();
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s, oldPort));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QCOMPARE(relayPort(), oldPort);

    QList<State> seen;
    connect(m_app->host(), &RelayHost::stateChanged, this,
            [this, &seen] { seen << m_app->tray()->state(); });
    const quint16 newPort = unusedPort();
    const QString path = writeConfig(u"[robot.default]\nmode=http\n[robot.sales]\nmode=http\n"_s,
                                     newPort, u"new.ini"_s);
    m_app->applySettings(path);
    QTRY_VERIFY(m_app->host()->state() == RelayHost::State::Running && relayPort() == newPort);
    QVERIFY(seen.contains(State::Stopping)); // the old relay drained first
    QVERIFY(seen.contains(State::Starting));
    QCOMPARE(m_app->host()->configPath(), path);
    QCOMPARE(m_app->host()->config().robots.size(), 2);
    QVERIFY(windowDetail().contains(u"for 2 robots"_s));
    QCOMPARE(TestCallbacks::send("GET", QUrl(u"http://127.0.0.1:%1/healthz"_s.arg(oldPort)), {}, {},
                                 2000)
                 .status,
             0);
    QCOMPARE(TestCallbacks::send("GET", QUrl(u"http://127.0.0.1:%1/healthz"_s.arg(newPort))).status,
             200);
    QAction *copy = menuItem(u"Copy callback URL"_s);
    QVERIFY(copy->menu());
    QCOMPARE(copy->menu()->actions().size(), 2);

    // The test console follows the new relay.
    QString error;
    QVERIFY2(!m_app->testConsoleClient()
                  ->send(u"sales"_s, u"hi"_s, TestRun::Via::Local, {}, &error)
                  .isEmpty(),
             qPrintable(error));
}

void TestGuiApp::appliesDesktopSettingsWhileTheRelayRuns()
{
    const quint16 port = unusedPort();
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s, port));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    Relay *relay = m_app->host()->relay();
    QVERIFY(!m_app->notifier()->newMessageNotices());

    // Only [app] changed, and no secret: the relay keeps running and the notices follow.
    QList<RelayHost::State> seen;
    connect(m_app->host(), &RelayHost::stateChanged, this,
            [&seen](RelayHost::State state) { seen << state; });
    QSignalSpy changed(m_app->host(), &RelayHost::configChanged);
    const QString desktop = writeConfig(
        u"[app]\nnotify_new_messages=true\n[robot.default]\nmode=http\n"_s, port, u"app.ini"_s);
    m_app->applySettings(desktop, false);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toStringList(), QStringList{u"app/notify_new_messages"_s});
    QVERIFY(m_app->notifier()->newMessageNotices());
    QVERIFY2(seen.isEmpty(), qPrintable(QString::number(seen.size())));
    QCOMPARE(m_app->host()->relay(), relay);

    // A setting the relay uses restarts it, as does a changed secret.
    const quint16 newPort = unusedPort();
    m_app->applySettings(writeConfig(u"[app]\nnotify_new_messages=true\n[robot.default]\n"
                                     u"mode=http\n"_s,
                                     newPort, u"port.ini"_s),
                         false);
    QTRY_VERIFY(m_app->host()->state() == RelayHost::State::Running && relayPort() == newPort);
    QVERIFY(seen.contains(RelayHost::State::Stopping));
    seen.clear();
    m_app->applySettings(desktop, true);
    QTRY_VERIFY(m_app->host()->state() == RelayHost::State::Running && relayPort() == port);
    QVERIFY(seen.contains(RelayHost::State::Stopping));
}

void TestGuiApp::recoversFromABadConfigOnApply()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    const QString bad =
        writeConfig(u"[robot.default]\nmode=http\n[relay]\nport=99999\n"_s, 0, u"bad.ini"_s);
    m_app->applySettings(bad);
    QTRY_COMPARE(m_app->tray()->state(), State::Error);
    QVERIFY2(windowDetail().contains(u"relay/port"_s), qPrintable(windowDetail()));
    m_app->applySettings(writeConfig(u"[robot.default]\nmode=http\n"_s, 0, u"good.ini"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
}

void TestGuiApp::problemsNeedAttentionAndNotify()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\nlanguage=en\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    m_model->setDefault(
        canned(401, openAiErrorBody(u"Incorrect API key provided"_s, u"invalid_request_error"_s,
                                    u"invalid_api_key"_s)));
    QSignalSpy notices(m_app->notifier(), &Notifier::notice);
    QString error;
    QVERIFY(!m_app->testConsoleClient()
                 ->send(u"default"_s, u"hello"_s, TestRun::Via::Local, {}, &error)
                 .isEmpty());
    QTRY_COMPARE(m_app->tray()->state(), State::Attention);
    QVERIFY2(m_app->tray()->toolTip().contains(u"API key"_s), qPrintable(m_app->tray()->toolTip()));
    QCOMPARE(notices.count(), 1);
    QVERIFY(m_app->tray()->lastNotice().contains(u"API key"_s));
    auto *list = m_app->statusWindow()->findChild<QListWidget *>(u"notices"_s);
    QVERIFY(list->item(0)->text().contains(u"API key"_s));

    // The same problem again soon after: shown in the state, not notified again.
    QSignalSpy finished(m_app->testConsoleClient(), &TestConsoleClient::finished);
    QVERIFY(!m_app->testConsoleClient()
                 ->send(u"default"_s, u"again"_s, TestRun::Via::Local, {}, &error)
                 .isEmpty());
    QTRY_VERIFY(!finished.isEmpty() && finished.last().first().value<TestRun>().question ==
                                           u"again"_s); // answered: the problem came and went
    QCOMPARE(m_model->count(), 2);
    QCOMPARE(notices.count(), 1);

    // A working key clears it.
    m_model->setDefault(canned(200, chatCompletionBody(u"fine now"_s)));
    QVERIFY(!m_app->testConsoleClient()
                 ->send(u"default"_s, u"third"_s, TestRun::Via::Local, {}, &error)
                 .isEmpty());
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
}

void TestGuiApp::noticesNewMessagesWhenAskedButNotTests()
{
    startApp(writeConfig(u"[app]\nnotify_new_messages=true\n[robot.default]\nmode=http\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QVERIFY(m_app->notifier()->newMessageNotices());
    QSignalSpy notices(m_app->notifier(), &Notifier::notice);
    QSignalSpy finished(m_app->testConsoleClient(), &TestConsoleClient::finished);
    QString error;
    m_app->testConsoleClient()->send(u"default"_s, u"a test"_s, TestRun::Via::Local, {}, &error);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(notices.count(), 0); // typed in the console: not news

    const QUrl callback(u"http://127.0.0.1:%1/dingtalk/default"_s.arg(relayPort()));
    const auto message = TestCallbacks::textMessage(u"real question"_s, u"msg-real-1"_s,
                                                    m_dingtalk->sessionWebhook(u"s1"_s));
    QCOMPARE(TestCallbacks::postCallback(callback, AppSecret, message).status, 200);
    QTRY_COMPARE(notices.count(), 1);
    const auto notice = notices.first().first().value<Notice>();
    QVERIFY(notice.title.contains(u"default"_s));
    QCOMPARE(notice.message, u"Alice: real question"_s);
}

void TestGuiApp::newMessageNoticesAreOffByDefault()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QVERIFY(!m_app->notifier()->newMessageNotices());
}

void TestGuiApp::copiesTheCallbackUrl()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n[robot.sales]\nmode=http\n"
                         "callback_path=/hooks/sales\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QAction *copy = menuItem(u"Copy callback URL"_s);
    QVERIFY(copy && copy->menu());
    QAction *sales = copy->menu()->actions().at(1);
    QVERIFY(sales->text().startsWith(u"sales"_s));
    sales->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             u"http://127.0.0.1:%1/hooks/sales"_s.arg(relayPort()));
}

void TestGuiApp::wiresTheHistoryWindow()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QAction *history = menuItem(u"History"_s);
    QVERIFY(history);
    if (!history->isEnabled()) {
        // No history window in this build: the item says why instead of opening a stub.
        QVERIFY(!history->toolTip().isEmpty());
        return;
    }
    const auto before = QApplication::topLevelWidgets().size();
    history->trigger();
    QTRY_VERIFY(QApplication::topLevelWidgets().size() > before);
}

void TestGuiApp::checksTheDatabaseFromTheMenu()
{
    const QString config = writeConfig(u"[robot.default]\nmode=http\n"_s);
    startApp(config);
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QAction *check = menuItem(u"Check the database"_s);
    QVERIFY(check);
    check->trigger();
    QTRY_VERIFY2(m_app->tray()->lastNotice().contains(u"found no damage"_s),
                 qPrintable(m_app->tray()->lastNotice()));

    // Damaged: the start says so in the tray, and so does the check.
    m_app.reset();
    const QString file = m_dir->filePath(u"data/dingrelay.sqlite3"_s);
    QVERIFY(TestDatabase::damageIndex(file, u"messages_by_time"_s));
    startApp(config);
    QTRY_COMPARE(m_app->tray()->state(), State::Attention);
    QVERIFY2(m_app->tray()->toolTip().contains(u"damaged"_s), qPrintable(m_app->tray()->toolTip()));
    menuItem(u"Check the database"_s)->trigger();
    QTRY_VERIFY2(m_app->tray()->lastNotice().startsWith(u"The database is damaged"_s),
                 qPrintable(m_app->tray()->lastNotice()));
}

void TestGuiApp::quitsAfterTheRelayDrained()
{
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QSignalSpy finished(m_app.get(), &GuiApp::finished);
    m_app->statusWindow()->findChild<QPushButton *>(u"quit"_s)->click();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toInt(), 0);
    QCOMPARE(m_app->host()->state(), RelayHost::State::Stopped);
}

void TestGuiApp::quitsOnSignal_data()
{
    QTest::addColumn<int>("number");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGHUP") << SIGHUP;
}

void TestGuiApp::quitsOnSignal()
{
    QFETCH(int, number);
    startApp(writeConfig(u"[robot.default]\nmode=http\n"_s));
    QTRY_COMPARE(m_app->tray()->state(), State::Running);
    QSignalSpy finished(m_app.get(), &GuiApp::finished);
    // Without a handler of the app's, the signal would end this test process here.
    QCOMPARE(::raise(number), 0);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toInt(), 0);
    QCOMPARE(m_app->host()->state(), RelayHost::State::Stopped);
}

QTEST_MAIN(TestGuiApp)
#include "tst_gui_app.moc"
