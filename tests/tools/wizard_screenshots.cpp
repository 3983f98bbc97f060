// wizard_screenshots: walks the first-run wizard to one step and saves a screenshot of it.
// Not a test: scripts/screenshots.sh runs it under Xvfb for docs/screenshots/wizard-*.png.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "MemorySecretStore.h"
#include "TestConfigFile.h"

#include "UiLanguage.h"
#include "settings/ModelPage.h"
#include "shell/RelayHost.h"
#include "shell/TestConsoleClient.h"
#include "wizard/FirstRunWizard.h"
#include "wizard/TestStep.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLineEdit>
#include <QProcess>
#include <QRadioButton>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
void type(QWidget &root, const QString &name, const QString &text)
{
    QTest::qWait(200); // the page is shown, as a person sees it before typing
    if (auto *edit = root.findChild<QLineEdit *>(name)) {
        edit->setFocus();
        QTest::keyClicks(edit, text);
    }
}

void click(QWidget &root, const QString &name)
{
    if (auto *button = root.findChild<QAbstractButton *>(name))
        button->click();
}

// The relay's usual port when it is free, so the callback URLs look as they will.
quint16 relayPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 8089) ? 8089 : unusedPort();
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"DingRelay"_s);
    QCoreApplication::setApplicationName(u"dingrelay"_s);
    UiLanguage::install(QString());
    QCommandLineParser parser;
    const QCommandLineOption step(u"step"_s,
                                  u"welcome, model, model-bad-key, robot, robot-stream, tunnel, "
                                  u"test or done."_s,
                                  u"name"_s);
    const QCommandLineOption out(u"out"_s, u"Where to save the PNG."_s, u"file"_s);
    parser.addOptions({step, out});
    parser.process(app);
    const QString name = parser.value(step);

    // Everything the wizard reaches is on this computer: the model and "DingTalk" are fakes.
    FakeHttpServer model;
    model.setHandler([](const RecordedRequest &request) {
        if (request.headers.value("authorization") != "Bearer sk-proj-4f9a0c2e8b7d")
            return canned(401, openAiErrorBody(u"Incorrect API key provided"_s,
                                               u"invalid_request_error"_s, u"invalid_api_key"_s));
        if (request.path.endsWith(u"/models"_s))
            return canned(200, R"({"data":[{"id":"gpt-4o-mini"},{"id":"gpt-4o"}]})");
        return canned(200,
                      chatCompletionBody(u"Hello! The relay works, and I am ready to help."_s, 20,
                                         12, u"gpt-4o-mini"_s),
                      400);
    });
    FakeDingTalk dingtalk;
    if (!model.listen() || !dingtalk.listen())
        return 2;
    QTemporaryDir dir;
    const QString path = TestConfigFile::write(
        dir.path(), u"dingrelay.ini"_s,
        TestConfigFile::loopback(model.url(u"/v1"_s), dingtalk.baseUrl(), relayPort()));
    if (path.isEmpty())
        return 2;

    MemorySecretStore secrets;
    RelayHost host(secrets);
    TestConsoleClient console;
    QObject::connect(&host, &RelayHost::relayStarted, &console, &TestConsoleClient::setRelay);
    FirstRunWizard wizard(path, secrets, host, console);
    QObject::connect(&wizard, &FirstRunWizard::settingsSaved, &host, [&host](const QString &p) {
        host.setConfigPath(p);
        host.restart();
    });
    wizard.move(0, 0);
    wizard.show();
    // Mapped and answered by the keychain before anything is typed, as for a person.
    if (!QTest::qWaitForWindowExposed(&wizard))
        return 2;
    QTest::qWait(300);

    const bool stream = name == u"robot-stream"_s;
    int delay = 1500;
    if (name != u"welcome"_s) {
        wizard.next();
        const QString key =
            name == u"model-bad-key"_s ? u"sk-proj-0000wrong"_s : u"sk-proj-4f9a0c2e8b7d"_s;
        type(wizard, u"apiKeyEdit"_s, key);
        if (name == u"model"_s || name == u"model-bad-key"_s) {
            if (auto *page = wizard.findChild<ModelPage *>())
                QTimer::singleShot(300, page, &ModelPage::runTest);
        } else {
            click(wizard, u"skipModelCheck"_s); // the check is shown on its own screenshot
            wizard.next();
            click(wizard, stream ? u"streamMode"_s : u"httpMode"_s);
            if (stream) {
                type(wizard, u"clientId"_s, u"dingz3xwq8kc1yqvn5rt"_s);
            } else if (name != u"robot"_s) {
                type(wizard, u"appSecretEdit"_s, u"app-secret-value"_s);
                wizard.next();
                if (name == u"tunnel"_s) {
                    click(wizard, u"tunnelFixed"_s);
                    type(wizard, u"publicUrl"_s, u"https://relay.example.com"_s);
                } else {
                    wizard.next(); // the test step: runs on its own
                    delay = 4000;
                    if (name == u"done"_s) {
                        auto *test = wizard.findChild<TestStep *>();
                        QObject::connect(test, &TestStep::testFinished, &wizard,
                                         [&wizard] { wizard.next(); });
                    }
                }
            }
        }
    }

    QTimer::singleShot(delay, &app, [&] {
        QProcess import;
        import.start(u"import"_s,
                     {u"-window"_s, QString::number(wizard.winId()), parser.value(out)});
        if (!import.waitForFinished(30000) || import.exitCode() != 0)
            std::fprintf(stderr, "import failed: %s\n", import.readAllStandardError().constData());
        host.stop();
        QApplication::exit(import.exitCode());
    });
    return app.exec();
}
