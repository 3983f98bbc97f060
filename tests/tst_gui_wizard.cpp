// The first-run wizard, walked through the desktop app against loopback fakes: model check, robot,
// tunnel, and the end-to-end test that saves and starts the relay.
#include "FakeDingTalk.h"
#include "FakeHttpServer.h"
#include "MemorySecretStore.h"
#include "TestConfigFile.h"

#include "GuiApp.h"
#include "StatusWindow.h"
#include "settings/Form.h"
#include "settings/SettingsDialog.h"
#include "shell/RelayHost.h"
#include "wizard/FirstRunWizard.h"
#include "wizard/ModelStep.h"
#include "wizard/TestStep.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QString GoodKey = u"sk-wizard-good-key-0001"_s;
const QString BadKey = u"sk-wizard-bad-key-0002"_s;
const QString AppSecret = u"wizard-app-secret-0003"_s;
const QString ClientSecret = u"wizard-client-secret-0004"_s;

// Types into a line edit the way a person does (textEdited fires; setText would not).
void type(QLineEdit *edit, const QString &text)
{
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

// The Alt+letter shortcuts of the visible labels and buttons: each letter once, and each label
// with one has a buddy to jump to. Returns what is wrong, empty when nothing.
QString mnemonicProblems(QWidget *window, int *letters = nullptr)
{
    QHash<QChar, QString> seen;
    QStringList problems;
    const auto letterOf = [](const QString &text) -> QChar {
        const qsizetype at = QString(text).replace(u"&&"_s, u"  "_s).indexOf(u'&');
        return at >= 0 && at + 1 < text.size() ? text.at(at + 1).toLower() : QChar();
    };
    const auto add = [&](const QString &text, QWidget *w) {
        const QChar letter = letterOf(text);
        if (letter.isNull() || !w->isVisibleTo(window))
            return;
        if (seen.contains(letter))
            problems << u"Alt+%1: \"%2\" and \"%3\""_s.arg(letter, seen.value(letter), text);
        seen.insert(letter, text);
    };
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (label->textFormat() == Qt::RichText || letterOf(label->text()).isNull())
            continue;
        if (label->isVisibleTo(window) && !label->buddy())
            problems << u"no buddy: "_s + label->text();
        add(label->text(), label);
    }
    for (QAbstractButton *button : window->findChildren<QAbstractButton *>())
        add(button->text(), button);
    if (letters)
        *letters = int(seen.size());
    return problems.join(u'\n');
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestGuiWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void firstLaunchShowsTheWizardInsteadOfStarting();
    void settingsDialogOpensTheWizard();
    void badKeyIsReportedOnTheModelStep();
    void skippingTheCheckWarns();
    void copyPutsTheCallbackUrlOnTheClipboard();
    void streamModeRequiresItsCredentials();
    void fixedUrlNeedsAnAddress();
    void walksToAWorkingHttpRobot();
    void streamRobotPassesTheTestWithoutATunnel();
    void testStepSaysWhatIsWrongWithTheModel();
    void missingTunnelProgramSaysHowToInstallIt();
    void everyStepHasDistinctShortcuts();

private:
    void startApp();
    void openWizard();
    QAbstractButton *next() const { return m_wizard->button(QWizard::NextButton); }
    void toModelStep();
    void passModelStep();
    void toTestStep(bool stream);
    QString modelResult() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHttpServer> m_model;
    std::unique_ptr<FakeDingTalk> m_dingtalk;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<GuiApp> m_app;
    QString m_path;
    FirstRunWizard *m_wizard = nullptr;
};

void TestGuiWizard::initTestCase()
{
    // The default data directory (a first launch's) must not be the user's.
    QStandardPaths::setTestModeEnabled(true);
}

void TestGuiWizard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_model = std::make_unique<FakeHttpServer>();
    m_dingtalk = std::make_unique<FakeDingTalk>();
    QVERIFY(m_model->listen());
    QVERIFY(m_dingtalk->listen());
    // The provider accepts only the good key, as a real one would.
    m_model->setHandler([](const RecordedRequest &r) {
        if (r.headers.value("authorization") != "Bearer " + GoodKey.toUtf8())
            return canned(401, openAiErrorBody(u"Incorrect API key provided"_s,
                                               u"invalid_request_error"_s, u"invalid_api_key"_s));
        if (r.path.endsWith(u"/models"_s))
            return canned(200, R"({"data":[{"id":"gpt-4o-mini"}]})");
        return canned(200, chatCompletionBody(u"Hello from the model."_s));
    });
    m_secrets = std::make_unique<MemorySecretStore>();
    // What a first launch finds, except that every DingTalk and model URL is a loopback fake.
    m_path = TestConfigFile::write(
        m_dir->path(), u"dingrelay.ini"_s,
        TestConfigFile::loopback(m_model->url(u"/v1"_s), m_dingtalk->baseUrl()));
    QVERIFY(!m_path.isEmpty());
    m_wizard = nullptr;
}

void TestGuiWizard::cleanup()
{
    m_app.reset();
    m_secrets.reset();
    m_dingtalk.reset();
    m_model.reset();
    m_dir.reset();
}

void TestGuiWizard::startApp()
{
    m_app = std::make_unique<GuiApp>(m_path, *m_secrets);
    QSignalSpy ready(m_app.get(), &GuiApp::ready);
    m_app->start();
    QTRY_COMPARE(ready.count(), 1);
}

void TestGuiWizard::openWizard()
{
    startApp();
    m_app->openWizard();
    m_wizard = m_app->wizard();
    QVERIFY(m_wizard);
    QTRY_VERIFY(m_wizard->isVisible());
}

QString TestGuiWizard::modelResult() const
{
    auto *label = m_wizard->findChild<QLabel *>(u"testResult"_s);
    return label ? label->text() : u"(no result label)"_s;
}

void TestGuiWizard::toModelStep()
{
    openWizard();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::WelcomeId));
    next()->click();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::ModelId));
}

void TestGuiWizard::passModelStep()
{
    toModelStep();
    if (QTest::currentTestFailed())
        return;
    type(m_wizard->findChild<QLineEdit *>(u"apiKeyEdit"_s), GoodKey);
    QTRY_VERIFY(next()->isEnabled());
    next()->click(); // runs the check, and moves on when it passes
    QTRY_COMPARE(m_wizard->currentId(), int(FirstRunWizard::RobotId));
    QVERIFY(modelResult().startsWith(u"✔"_s));
}

void TestGuiWizard::toTestStep(bool stream)
{
    passModelStep();
    if (QTest::currentTestFailed())
        return;
    auto *mode = m_wizard->findChild<QRadioButton *>(stream ? u"streamMode"_s : u"httpMode"_s);
    mode->click();
    if (stream) {
        type(m_wizard->findChild<QLineEdit *>(u"clientId"_s), u"dingwizardbot0001"_s);
        type(m_wizard->findChild<QLineEdit *>(u"clientSecretEdit"_s), ClientSecret);
    } else {
        type(m_wizard->findChild<QLineEdit *>(u"appSecretEdit"_s), AppSecret);
    }
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    if (!stream) {
        QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::TunnelId));
        QVERIFY(m_wizard->findChild<QRadioButton *>(u"tunnelNone"_s)->isChecked());
        QVERIFY(next()->isEnabled());
        next()->click();
    }
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::TestId));
}

void TestGuiWizard::firstLaunchShowsTheWizardInsteadOfStarting()
{
    m_path = m_dir->filePath(u"new/dingrelay.ini"_s); // nothing there yet
    startApp();
    FirstRunWizard *wizard = m_app->wizard();
    QVERIFY(wizard);
    QVERIFY(wizard->isVisible());
    QCOMPARE(wizard->currentId(), int(FirstRunWizard::WelcomeId));
    // Nothing runs, or listens, before the user has chosen anything.
    QCOMPARE(m_app->host()->state(), RelayHost::State::Stopped);
    QVERIFY(!QFile::exists(m_path));
    // Cancel: the app goes on, on defaults (no robot yet), and can show the wizard again.
    wizard->reject();
    QTRY_VERIFY(m_app->host()->state() != RelayHost::State::Stopped);
    QTRY_VERIFY(m_app->host()->state() != RelayHost::State::Starting);
    QVERIFY(!QFile::exists(m_path)); // cancelling saved nothing
    m_app->host()->stop();
    QTRY_VERIFY(!m_app->wizard());
    m_app->openWizard();
    QVERIFY(m_app->wizard() && m_app->wizard()->isVisible());
}

void TestGuiWizard::settingsDialogOpensTheWizard()
{
    startApp();
    QVERIFY(!m_app->wizard()); // a config file exists: no wizard at start
    emit m_app->statusWindow()->settingsRequested();
    SettingsDialog *dialog = nullptr;
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *d = qobject_cast<SettingsDialog *>(w))
            dialog = d;
    }
    QVERIFY(dialog);
    auto *open = dialog->findChild<QPushButton *>(u"openWizard"_s);
    QVERIFY(open);
    open->click();
    QVERIFY(m_app->wizard());
    QVERIFY(m_app->wizard()->isVisible());
    QTRY_VERIFY(!dialog->isVisible()); // one editor of the file at a time
}

void TestGuiWizard::badKeyIsReportedOnTheModelStep()
{
    toModelStep();
    type(m_wizard->findChild<QLineEdit *>(u"apiKeyEdit"_s), BadKey);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    QTRY_VERIFY(modelResult().startsWith(u"✘"_s));
    // What is wrong, and what to do about it.
    QVERIFY2(modelResult().contains(u"rejected the API key"_s), qPrintable(modelResult()));
    QVERIFY2(modelResult().contains(u"Enter the key again"_s), qPrintable(modelResult()));
    QVERIFY(!modelResult().contains(BadKey)); // masked, as everywhere
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::ModelId));
    QVERIFY(!m_wizard->findChild<ModelStep *>()->checkPassed());

    // The right key passes and moves on.
    type(m_wizard->findChild<QLineEdit *>(u"apiKeyEdit"_s), GoodKey);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    QTRY_COMPARE(m_wizard->currentId(), int(FirstRunWizard::RobotId));
    QVERIFY(modelResult().contains(u"Hello from the model."_s));
}

void TestGuiWizard::skippingTheCheckWarns()
{
    toModelStep();
    type(m_wizard->findChild<QLineEdit *>(u"apiKeyEdit"_s), BadKey);
    auto *skip = m_wizard->findChild<QCheckBox *>(u"skipModelCheck"_s);
    auto *warning = m_wizard->findChild<QLabel *>(u"skipWarning"_s);
    QVERIFY(skip && warning);
    QVERIFY(!warning->isVisible());
    skip->click();
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains(u"Settings › Model"_s));
    const qsizetype before = m_model->count();
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::RobotId));
    QCOMPARE(m_model->count(), before); // skipped: no check was sent
}

void TestGuiWizard::copyPutsTheCallbackUrlOnTheClipboard()
{
    passModelStep();
    m_wizard->findChild<QRadioButton *>(u"httpMode"_s)->click();
    QWidget *robotStep = m_wizard->currentPage();
    auto *url = robotStep->findChild<QLineEdit *>(u"callbackUrl"_s);
    auto *copy = robotStep->findChild<QPushButton *>(u"copyCallbackUrl"_s);
    QVERIFY(url && copy);
    QVERIFY(url->isVisible());
    QVERIFY(url->text().startsWith(u"http://127.0.0.1:"_s));
    QVERIFY(url->text().endsWith(u"/dingtalk/default"_s));
    QGuiApplication::clipboard()->clear();
    copy->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), url->text());

    // On the tunnel step, the address to paste is the public one.
    type(m_wizard->findChild<QLineEdit *>(u"appSecretEdit"_s), AppSecret);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::TunnelId));
    m_wizard->findChild<QRadioButton *>(u"tunnelFixed"_s)->click();
    type(m_wizard->currentPage()->findChild<QLineEdit *>(u"publicUrl"_s),
         u"https://relay.example.com"_s);
    auto *tunnelCopy = m_wizard->currentPage()->findChild<QPushButton *>(u"copyCallbackUrl"_s);
    QTRY_VERIFY(tunnelCopy->isEnabled());
    tunnelCopy->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"https://relay.example.com/dingtalk/default"_s);
}

void TestGuiWizard::streamModeRequiresItsCredentials()
{
    passModelStep();
    m_wizard->findChild<QRadioButton *>(u"streamMode"_s)->click();
    QWidget *step = m_wizard->currentPage();
    QVERIFY(!step->findChild<QLineEdit *>(u"callbackUrl"_s)->isVisible()); // none in Stream mode
    QTRY_VERIFY(!next()->isEnabled());
    auto *clientId = step->findChild<QLineEdit *>(u"clientId"_s);
    type(clientId, u"dingwizardbot0001"_s);
    QVERIFY(!next()->isEnabled()); // the Client Secret is still missing
    const QString said = step->findChild<QWidget *>(u"clientSecret"_s)->accessibleDescription();
    QVERIFY2(said.contains(u"Client Secret"_s) && said.contains(u"developer console"_s),
             qPrintable(said));
    type(step->findChild<QLineEdit *>(u"clientSecretEdit"_s), ClientSecret);
    QTRY_VERIFY(next()->isEnabled());
    // And without the Client ID, it says where to find it.
    type(clientId, QString());
    QVERIFY(!next()->isEnabled());
    QVERIFY(clientId->accessibleDescription().contains(u"Client ID"_s));
    type(clientId, u"dingwizardbot0001"_s);
    QVERIFY(next()->isEnabled());
    next()->click();
    // A Stream connection needs no tunnel: straight to the test.
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::TestId));
}

void TestGuiWizard::fixedUrlNeedsAnAddress()
{
    passModelStep();
    m_wizard->findChild<QRadioButton *>(u"httpMode"_s)->click();
    type(m_wizard->findChild<QLineEdit *>(u"appSecretEdit"_s), AppSecret);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    m_wizard->findChild<QRadioButton *>(u"tunnelFixed"_s)->click();
    QVERIFY(!next()->isEnabled());
    auto *message = m_wizard->currentPage()->findChild<QLabel *>(u"tunnelMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"public address"_s), qPrintable(message->text()));
    type(m_wizard->currentPage()->findChild<QLineEdit *>(u"publicUrl"_s),
         u"https://relay.example.com"_s);
    QTRY_VERIFY(next()->isEnabled());
    QVERIFY(!message->isVisible());
}

void TestGuiWizard::walksToAWorkingHttpRobot()
{
    toTestStep(false);
    auto *test = m_wizard->findChild<TestStep *>();
    QVERIFY(test);
    QTRY_VERIFY_WITH_TIMEOUT(test->isComplete(), 20000);
    QVERIFY2(test->passed(), qPrintable(test->reportText()));
    // The answer as the robot gave it, and how long each hop took.
    QCOMPARE(m_wizard->findChild<QLabel *>(u"testReply"_s)->text(), u"Hello from the model."_s);
    QVERIFY(m_wizard->findChild<QLabel *>(u"testTimings"_s)->text().contains(u"ms"_s));
    const QString callback = test->findChild<QLineEdit *>(u"callbackUrl"_s)->text();
    QCOMPARE(callback,
             u"http://127.0.0.1:%1/dingtalk/default"_s.arg(m_app->host()->relay()->port()));
    // The relay runs with what the wizard saved.
    QCOMPARE(m_app->host()->state(), RelayHost::State::Running);
    QCOMPARE(m_app->host()->config().robots.size(), 1);
    QCOMPARE(m_app->host()->config().robots.first().mode, RobotMode::Http);
    QCOMPARE(m_dingtalk->server().count(), 0); // nothing went to "DingTalk"

    QVERIFY(next()->isEnabled());
    next()->click();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::DoneId));
    m_wizard->button(QWizard::FinishButton)->click();
    QTRY_VERIFY(!m_app->wizard());

    // Secrets in the keychain, never in the file.
    QCOMPARE(m_secrets->values.value(u"model/api_key"_s), GoodKey);
    QCOMPARE(m_secrets->values.value(u"robot/default/app_secret"_s), AppSecret);
    const QByteArray ini = readAll(m_path);
    QVERIFY(ini.contains("[robot.default]"));
    QVERIFY(!ini.contains(GoodKey.toUtf8()));
    QVERIFY(!ini.contains(AppSecret.toUtf8()));
    const ConfigResult saved = Config::load(m_path);
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.robots.first().callbackPath, u"/dingtalk/default"_s);
}

void TestGuiWizard::streamRobotPassesTheTestWithoutATunnel()
{
    toTestStep(true);
    auto *test = m_wizard->findChild<TestStep *>();
    QTRY_VERIFY_WITH_TIMEOUT(test->isComplete(), 20000);
    QVERIFY2(test->passed(), qPrintable(test->reportText()));
    QCOMPARE(m_wizard->findChild<QLabel *>(u"testReply"_s)->text(), u"Hello from the model."_s);
    QCOMPARE(m_secrets->values.value(u"robot/default/client_secret"_s), ClientSecret);
    const QByteArray ini = readAll(m_path);
    QVERIFY(ini.contains("dingwizardbot0001"));
    QVERIFY(!ini.contains(ClientSecret.toUtf8()));
}

void TestGuiWizard::testStepSaysWhatIsWrongWithTheModel()
{
    toModelStep();
    type(m_wizard->findChild<QLineEdit *>(u"apiKeyEdit"_s), BadKey);
    m_wizard->findChild<QCheckBox *>(u"skipModelCheck"_s)->click();
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    m_wizard->findChild<QRadioButton *>(u"httpMode"_s)->click();
    type(m_wizard->findChild<QLineEdit *>(u"appSecretEdit"_s), AppSecret);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    next()->click();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::TestId));
    auto *test = m_wizard->findChild<TestStep *>();
    QTRY_VERIFY_WITH_TIMEOUT(test->isComplete(), 20000);
    QVERIFY(!test->passed());
    const QString report = test->reportText();
    QVERIFY2(report.contains(u"the model did not answer"_s), qPrintable(report));
    QVERIFY2(report.contains(u"How to fix it: Go back to the model step"_s), qPrintable(report));
    QVERIFY(!report.contains(BadKey));
    // Finish stays possible: the settings are saved, and the tray will keep saying what is wrong.
    QVERIFY(next()->isEnabled());
}

void TestGuiWizard::missingTunnelProgramSaysHowToInstallIt()
{
    // A cloudflared that is not there (the wizard keeps the file's tunnel/binary).
    QVERIFY(TestConfigFile::write(
                m_dir->path(), u"dingrelay.ini"_s,
                TestConfigFile::loopback(m_model->url(u"/v1"_s), m_dingtalk->baseUrl()) +
                    u"[tunnel]\nmode=none\nbinary=%1\n"_s.arg(m_dir->filePath(u"cloudflared"_s)))
                .size() > 0);
    passModelStep();
    m_wizard->findChild<QRadioButton *>(u"httpMode"_s)->click();
    type(m_wizard->findChild<QLineEdit *>(u"appSecretEdit"_s), AppSecret);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    m_wizard->findChild<QRadioButton *>(u"tunnelProcess"_s)->click();
    QVERIFY(!next()->isEnabled());
    const QString said = m_wizard->currentPage()->findChild<QLabel *>(u"tunnelMessage"_s)->text();
    QVERIFY2(said.contains(u"not installed"_s) && said.contains(u"install it"_s), qPrintable(said));
    // Back to a choice that works.
    m_wizard->findChild<QRadioButton *>(u"tunnelNone"_s)->click();
    QVERIFY(next()->isEnabled());
}

void TestGuiWizard::everyStepHasDistinctShortcuts()
{
    passModelStep();
    // The model step, as it was passed.
    m_wizard->back();
    QCOMPARE(m_wizard->currentId(), int(FirstRunWizard::ModelId));
    int letters = 0;
    QString problems = mnemonicProblems(m_wizard, &letters);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    // Provider, Base URL, key, Model, Fetch, Test, working, Back, Next: Alt+B is the URL's.
    QCOMPARE(letters, 9);
    next()->click();
    QTRY_COMPARE(m_wizard->currentId(), int(FirstRunWizard::RobotId));
    for (const QString &mode : {u"streamMode"_s, u"httpMode"_s}) {
        m_wizard->findChild<QRadioButton *>(mode)->click();
        problems = mnemonicProblems(m_wizard);
        QVERIFY2(problems.isEmpty(), qPrintable(mode + u": "_s + problems));
    }
    type(m_wizard->findChild<QLineEdit *>(u"appSecretEdit"_s), AppSecret);
    QTRY_VERIFY(next()->isEnabled());
    next()->click();
    for (const QString &tunnel : {u"tunnelFixed"_s, u"tunnelProcess"_s, u"tunnelNone"_s}) {
        m_wizard->findChild<QRadioButton *>(tunnel)->click();
        problems = mnemonicProblems(m_wizard);
        QVERIFY2(problems.isEmpty(), qPrintable(tunnel + u": "_s + problems));
    }
    next()->click();
    auto *test = m_wizard->findChild<TestStep *>();
    QTRY_VERIFY_WITH_TIMEOUT(test->isComplete(), 20000);
    problems = mnemonicProblems(m_wizard);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

QTEST_MAIN(TestGuiWizard)
#include "tst_gui_wizard.moc"
