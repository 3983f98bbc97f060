// The settings dialog under the offscreen platform: saving, secrets, validation, Test and /models.
#include "FakeHttpServer.h"
#include "MemorySecretStore.h"

#include "config/Config.h"
#include "settings/RobotsPage.h"
#include "settings/SecretDrafts.h"
#include "settings/SettingsDialog.h"
#include "settings/SettingsPage.h"
#include "util/Autostart.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

template<typename T> T *child(const QWidget &parent, const QString &name)
{
    return parent.findChild<T *>(name);
}

// Types into a line edit the way a person does (textEdited fires; setText would not).
void type(QLineEdit *edit, const QString &text)
{
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

// The message shown under a field: the first visible FieldMessage next to it.
QString messageFor(QWidget *field)
{
    return field ? field->accessibleDescription() : u"(no field)"_s;
}

QPushButton *button(const SettingsDialog &dialog, QDialogButtonBox::StandardButton which)
{
    return dialog.findChild<QDialogButtonBox *>()->button(which);
}

// The text of the label naming field ("System &prompt:").
QString labelOf(const QWidget &parent, const QWidget *field)
{
    for (const QLabel *label : parent.findChildren<QLabel *>()) {
        if (label->buddy() == field)
            return label->text();
    }
    return {};
}

} // namespace

class TestGuiSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void fillSaveAndReopen();
    void secretsGoToTheStoreNotTheFile();
    void applyKeepsOpenOkClosesCancelDiscards();
    void validationBlocksSaving_data();
    void validationBlocksSaving();
    void portInUseIsReported();
    void modelTestMakesARealCall();
    void modelTestReportsABadKey();
    void modelPickerFromModelsList();
    void keychainUnreachableBanner();
    void removedRobotLosesItsSecrets();
    void newRobotNeedsItsSecret();
    void callbackUrlFollowsRelayAndCopies();
    void cardIntervalShowsTheCallEstimate();
    void contextWindowAndTokenizer();
    void personaNamesAndMultiLinePrompts();
    void accessSettingsFollowARenamedRobot();
    void handEditedFileKeepsItsComments();
    void startAtLoginWritesAutostartEntry();
    void labelsHaveBuddiesAndMnemonics();
    void tabOrderFollowsTheLayout();

private:
    QString path() const { return m_dir->filePath(u"dingrelay.ini"_s); }
    // A config pointing every remote service at loopback, with one HTTP robot.
    QByteArray loopbackConfig(const QString &baseUrl = u"http://127.0.0.1:9/v1"_s) const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_xdg;
};

void TestGuiSettings::initTestCase()
{
    QVERIFY(m_xdg.isValid());
    // Start-at-login writes to $XDG_CONFIG_HOME/autostart: keep it inside the test.
    qputenv("XDG_CONFIG_HOME", m_xdg.filePath(u"config"_s).toUtf8());
}

void TestGuiSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QByteArray TestGuiSettings::loopbackConfig(const QString &baseUrl) const
{
    return u"[relay]\nport=%1\n[storage]\ndata_dir=data\n[model]\npreset=custom\nbase_url=%2\n"
           u"model=fake-model\nstream=false\napi_key_required=true\n[dingtalk]\n"
           u"session_webhook_prefix=http://127.0.0.1:9/\nopenapi_base_url=http://127.0.0.1:9\n"
           u"stream_gateway_url=http://127.0.0.1:9\ncustom_webhook_url=http://127.0.0.1:9/send\n"
           u"[robot.sales]\nmode=http\n"_s.arg(unusedPort())
               .arg(baseUrl)
               .toUtf8();
}

void TestGuiSettings::fillSaveAndReopen()
{
    MemorySecretStore store;
    {
        SettingsDialog dialog(path(), store);
        dialog.show();
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());

        auto *preset = child<QComboBox>(dialog, u"preset"_s);
        preset->setCurrentIndex(preset->findData(u"deepseek"_s));
        QCOMPARE(child<QLineEdit>(dialog, u"baseUrl"_s)->text(), u"https://api.deepseek.com/v1"_s);
        type(child<QLineEdit>(dialog, u"apiKeyEdit"_s), u"sk-typed-model-key-1111"_s);
        child<QComboBox>(dialog, u"modelPicker"_s)->setEditText(u"deepseek-chat"_s);
        child<QDoubleSpinBox>(dialog, u"temperature"_s)->setValue(0.4);
        child<QPlainTextEdit>(dialog, u"systemPrompt"_s)->setPlainText(u"Be brief, be kind."_s);

        dialog.showSection(u"robots"_s);
        child<QPushButton>(dialog, u"addRobot"_s)->click();
        type(child<QLineEdit>(dialog, u"robotId"_s), u"sales"_s);
        type(child<QLineEdit>(dialog, u"appSecretEdit"_s), u"typed-app-secret-2222"_s);
        type(child<QLineEdit>(dialog, u"clientId"_s), u"dingsales"_s);
        auto *route = child<QComboBox>(dialog, u"replyRoute"_s);
        route->setCurrentIndex(route->findData(u"openapi"_s));
        child<QPlainTextEdit>(dialog, u"persona"_s)->setPlainText(u"You sell, politely."_s);
        auto *language = child<QComboBox>(dialog, u"robotLanguage"_s);
        language->setCurrentIndex(language->findData(u"en"_s));

        dialog.showSection(u"relay"_s);
        child<QSpinBox>(dialog, u"relayPort"_s)->setValue(int(unusedPort()));

        dialog.showSection(u"network"_s);
        auto *kind = child<QComboBox>(dialog, u"modelProxyKind"_s);
        kind->setCurrentIndex(kind->findData(int(ProxySettings::Kind::Http)));
        type(child<QLineEdit>(dialog, u"modelProxyHost"_s), u"proxy.corp"_s);
        child<QSpinBox>(dialog, u"modelProxyPort"_s)->setValue(3128);
        type(child<QLineEdit>(dialog, u"modelProxyUser"_s), u"ann"_s);
        type(child<QLineEdit>(dialog, u"modelProxyPasswordEdit"_s), u"typed-proxy-pw-3333"_s);

        dialog.showSection(u"conversations"_s);
        child<QSpinBox>(dialog, u"maxTurns"_s)->setValue(4);
        auto *accessRobot = child<QComboBox>(dialog, u"accessRobot"_s);
        QCOMPARE(accessRobot->currentText(), u"sales"_s);
        child<QSpinBox>(dialog, u"dailyMessages"_s)->setValue(50);

        dialog.showSection(u"general"_s);
        child<QSpinBox>(dialog, u"retentionDays"_s)->setValue(30);

        QTRY_VERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(),
                     qPrintable(dialog.statusText()));
        button(dialog, QDialogButtonBox::Apply)->click();
        QTRY_COMPARE(applied.count(), 1);
        QCOMPARE(applied.first().first().toString(), path());
        QCOMPARE(dialog.statusText(), u"Saved."_s);
    }

    const ConfigResult saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.model.preset, u"deepseek"_s);
    QCOMPARE(saved.config.model.model, u"deepseek-chat"_s);
    QCOMPARE(saved.config.model.temperature, 0.4);
    QCOMPARE(saved.config.model.systemPrompt, u"Be brief, be kind."_s);
    QCOMPARE(saved.config.robots.size(), 1);
    const RobotSettings &robot = saved.config.robots.first();
    QCOMPARE(robot.id, u"sales"_s);
    QCOMPARE(robot.clientId, u"dingsales"_s);
    QCOMPARE(robot.replyRoute, ReplyRoute::OpenApi);
    QCOMPARE(robot.language, u"en"_s);
    QCOMPARE(robot.systemPrompt, u"You sell, politely."_s);
    QCOMPARE(robot.dailyMessages, 50);
    QCOMPARE(saved.config.network.modelProxy.host, u"proxy.corp"_s);
    QCOMPARE(saved.config.network.modelProxy.user, u"ann"_s);
    QCOMPARE(saved.config.conversation.maxTurns, 4);
    QCOMPARE(saved.config.retentionDays, 30);

    // Reopened, the dialog shows what was saved, and the secrets only as "stored".
    SettingsDialog again(path(), store);
    again.show();
    QCOMPARE(child<QComboBox>(again, u"preset"_s)->currentData().toString(), u"deepseek"_s);
    QCOMPARE(child<QComboBox>(again, u"modelPicker"_s)->currentText(), u"deepseek-chat"_s);
    QCOMPARE(child<QSpinBox>(again, u"maxTurns"_s)->value(), 4);
    auto *key = child<QLineEdit>(again, u"apiKeyEdit"_s);
    QTRY_VERIFY(key->placeholderText().contains(u"Stored in the keychain"_s));
    QVERIFY(key->text().isEmpty());
    QCOMPARE(child<QLineEdit>(again, u"robotId"_s)->text(), u"sales"_s);
    QVERIFY(child<QLineEdit>(again, u"robotId"_s)->isReadOnly());
    QTRY_VERIFY(child<QLineEdit>(again, u"appSecretEdit"_s)
                    ->placeholderText()
                    .contains(u"Stored in the keychain"_s));
    QVERIFY(!button(again, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(button(again, QDialogButtonBox::Ok)->isEnabled());
}

void TestGuiSettings::secretsGoToTheStoreNotTheFile()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    SettingsDialog dialog(path(), store);
    dialog.show();
    const QStringList planted{u"sk-planted-model-0001"_s, u"planted-app-secret-0002"_s,
                              u"planted-webhook-token-0003"_s, u"planted-signing-0004"_s};
    type(child<QLineEdit>(dialog, u"apiKeyEdit"_s), planted[0]);
    dialog.showSection(u"robots"_s);
    type(child<QLineEdit>(dialog, u"appSecretEdit"_s), planted[1]);
    child<QCheckBox>(dialog, u"hasWebhook"_s)->setChecked(true);
    // A pasted webhook URL keeps only its access_token.
    type(child<QLineEdit>(dialog, u"webhookTokenEdit"_s),
         u"https://oapi.dingtalk.com/robot/send?access_token="_s + planted[2]);
    QCOMPARE(child<QLineEdit>(dialog, u"webhookTokenEdit"_s)->text(), planted[2]);
    type(child<QLineEdit>(dialog, u"webhookSecretEdit"_s), planted[3]);
    // Typed secrets are masked; "Show" reveals only the typed text.
    QCOMPARE(child<QLineEdit>(dialog, u"appSecretEdit"_s)->echoMode(), QLineEdit::Password);

    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);

    QCOMPARE(store.values.value(u"model/api_key"_s), planted[0]);
    QCOMPARE(store.values.value(u"robot/sales/app_secret"_s), planted[1]);
    QCOMPARE(store.values.value(u"robot/sales/webhook_token"_s), planted[2]);
    QCOMPARE(store.values.value(u"robot/sales/webhook_secret"_s), planted[3]);
    const QByteArray file = readAll(path());
    for (const QString &value : planted)
        QVERIFY2(!file.contains(value.toUtf8()), file.constData());
    QVERIFY(file.contains("webhook=true"));
    // The typed text is gone from the fields once it is in the keychain.
    QTRY_VERIFY(child<QLineEdit>(dialog, u"appSecretEdit"_s)->text().isEmpty());
}

void TestGuiSettings::applyKeepsOpenOkClosesCancelDiscards()
{
    const QByteArray original = loopbackConfig();
    QVERIFY(writeAll(path(), original));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    {
        SettingsDialog dialog(path(), store);
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        dialog.show();
        auto *apply = button(dialog, QDialogButtonBox::Apply);
        QTRY_VERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(!apply->isEnabled());
        auto *maxTokens = child<QSpinBox>(dialog, u"maxAnswerTokens"_s);
        maxTokens->setValue(500);
        QVERIFY(apply->isEnabled());
        maxTokens->setValue(0); // back to what was saved: nothing to apply
        QVERIFY(!apply->isEnabled());
        maxTokens->setValue(700);
        apply->click();
        QTRY_COMPARE(applied.count(), 1);
        QVERIFY(dialog.isVisible());
        QVERIFY(!apply->isEnabled());
        QCOMPARE(Config::load(path()).config.model.maxAnswerTokens, 700);

        // Cancel discards.
        maxTokens->setValue(900);
        button(dialog, QDialogButtonBox::Cancel)->click();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(applied.count(), 1);
        QCOMPARE(Config::load(path()).config.model.maxAnswerTokens, 700);
    }
    {
        // OK applies and closes.
        SettingsDialog dialog(path(), store);
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        dialog.show();
        child<QSpinBox>(dialog, u"maxAnswerTokens"_s)->setValue(1200);
        QTRY_VERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
        button(dialog, QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(applied.count(), 1);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(Config::load(path()).config.model.maxAnswerTokens, 1200);
    }
    {
        // OK with nothing changed closes without writing.
        const QByteArray before = readAll(path());
        SettingsDialog dialog(path(), store);
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        dialog.show();
        QTRY_VERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
        button(dialog, QDialogButtonBox::Ok)->click();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(applied.count(), 0);
        QCOMPARE(readAll(path()), before);
    }
}

void TestGuiSettings::validationBlocksSaving_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("good");
    QTest::addColumn<QString>("message"); // part of what the field's message says
    QTest::newRow("base URL without a scheme")
        << u"model"_s << u"baseUrl"_s << u"api.example.com/v1"_s << u"https://api.example.com/v1"_s
        << u"https://"_s;
    QTest::newRow("empty base URL")
        << u"model"_s << u"baseUrl"_s << QString() << u"http://127.0.0.1:9/v1"_s << u"address"_s;
    QTest::newRow("robot without a name")
        << u"robots"_s << u"robotId"_s << QString() << u"new-robot"_s << u"letters"_s;
    QTest::newRow("callback path without /")
        << u"robots"_s << u"callbackPath"_s << u"hook"_s << u"/hook"_s << u"start with '/'"_s;
    QTest::newRow("relay address a name") << u"relay"_s << u"relayAddressEdit"_s << u"localhost"_s
                                          << u"127.0.0.1"_s << u"IP address"_s;
    QTest::newRow("empty API key")
        << u"model"_s << u"apiKeyEdit"_s << QString() << u"sk-now-there-0000"_s << u"API key"_s;
}

void TestGuiSettings::validationBlocksSaving()
{
    QFETCH(QString, section);
    QFETCH(QString, field);
    QFETCH(QString, bad);
    QFETCH(QString, good);
    QFETCH(QString, message);
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    if (field != u"apiKeyEdit"_s)
        store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    dialog.showSection(section);
    if (field == u"relayAddressEdit"_s)
        dialog.findChild<QComboBox *>(u"relayAddress"_s)->lineEdit()->setObjectName(field);
    if (section == u"robots"_s) {
        // A saved robot keeps its name: try a new one.
        child<QPushButton>(dialog, u"addRobot"_s)->click();
        type(child<QLineEdit>(dialog, u"appSecretEdit"_s), u"new-secret"_s);
    }
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    auto *ok = button(dialog, QDialogButtonBox::Ok);
    auto *apply = button(dialog, QDialogButtonBox::Apply);
    auto *edit = child<QLineEdit>(dialog, field);
    QVERIFY(edit);

    type(edit, bad);
    QWidget *described = edit;
    // The message describes the field (for screen readers) and shows under it.
    if (field == u"apiKeyEdit"_s || field == u"relayAddressEdit"_s)
        described = field == u"apiKeyEdit"_s ? child<QWidget>(dialog, u"apiKey"_s)
                                             : child<QWidget>(dialog, u"relayAddress"_s);
    QTRY_VERIFY2(messageFor(described).contains(message, Qt::CaseInsensitive),
                 qPrintable(messageFor(described)));
    QVERIFY(!ok->isEnabled());
    QVERIFY(!apply->isEnabled());
    // The section is marked in the list.
    auto *sections = child<QListWidget>(dialog, u"sections"_s);
    const int index = int(dialog.sectionKeys().indexOf(section));
    QVERIFY(!sections->item(index)->icon().isNull());
    // Even a forced accept saves nothing while a field is wrong.
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(applied.count(), 0);

    type(edit, good);
    QTRY_VERIFY2(messageFor(described).isEmpty(), qPrintable(messageFor(described)));
    QVERIFY(ok->isEnabled());
    QVERIFY(sections->item(index)->icon().isNull());
}

void TestGuiSettings::portInUseIsReported()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    dialog.showSection(u"relay"_s);
    auto *port = child<QSpinBox>(dialog, u"relayPort"_s);
    port->setValue(taken.serverPort());
    QTRY_VERIFY2(port->accessibleDescription().contains(u"already uses port"_s),
                 qPrintable(port->accessibleDescription()));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    port->setValue(unusedPort());
    QTRY_VERIFY(port->accessibleDescription().isEmpty());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestGuiSettings::modelTestMakesARealCall()
{
    FakeHttpServer model;
    QVERIFY(model.listen());
    model.setDefault(canned(200, chatCompletionBody(u"OK"_s, 11, 1, u"fake-model"_s)));
    QVERIFY(writeAll(path(), loopbackConfig(model.url(u"/v1"_s).toString())));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-stored-key-0000"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    // A key typed but not saved is the one the test uses.
    type(child<QLineEdit>(dialog, u"apiKeyEdit"_s), u"sk-typed-not-saved-1111"_s);
    model.clear();
    child<QPushButton>(dialog, u"testModel"_s)->click();
    auto *result = child<QLabel>(dialog, u"testResult"_s);
    QTRY_VERIFY2(result->text().contains(u"answered"_s), qPrintable(result->text()));
    QVERIFY(result->text().contains(u"“OK”"_s));
    QVERIFY(result->text().contains(u"fake-model"_s));
    QList<RecordedRequest> calls;
    for (const RecordedRequest &r : model.requests()) {
        if (r.path.endsWith(u"/chat/completions"_s))
            calls << r;
    }
    QCOMPARE(calls.size(), 1);
    const RecordedRequest &request = calls.first();
    QCOMPARE(request.path, u"/v1/chat/completions"_s);
    QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer sk-typed-not-saved-1111"));
    QCOMPARE(request.json().value(u"model"_s).toString(), u"fake-model"_s);
    // Testing saves nothing.
    QVERIFY(!store.values.value(u"model/api_key"_s).contains(u"typed"_s));
}

void TestGuiSettings::modelTestReportsABadKey()
{
    FakeHttpServer model;
    QVERIFY(model.listen());
    model.setDefault(
        canned(401, openAiErrorBody(u"Incorrect API key provided: sk-bad-****0000"_s,
                                    u"invalid_request_error"_s, u"invalid_api_key"_s)));
    QVERIFY(writeAll(path(), loopbackConfig(model.url(u"/v1"_s).toString())));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-bad-key-secret-0000"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    child<QPushButton>(dialog, u"testModel"_s)->click();
    auto *result = child<QLabel>(dialog, u"testResult"_s);
    QTRY_VERIFY2(result->text().contains(u"rejected the API key"_s), qPrintable(result->text()));
    QVERIFY(result->text().contains(u"401"_s));
    QVERIFY(!result->text().contains(u"sk-bad-key-secret-0000"_s));
    QVERIFY(child<QPushButton>(dialog, u"testModel"_s)->isEnabled());
}

void TestGuiSettings::modelPickerFromModelsList()
{
    FakeHttpServer model;
    QVERIFY(model.listen());
    model.setHandler([](const RecordedRequest &request) {
        if (request.path == u"/v1/models"_s)
            return canned(200, R"({"object":"list","data":[{"id":"zeta-2"},{"id":"alpha-10"},)"
                               R"({"id":"alpha-9"},{"id":"fake-model"}]})");
        return canned(404, "{}");
    });
    QVERIFY(writeAll(path(), loopbackConfig(model.url(u"/v1"_s).toString())));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-list-key-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    auto *picker = child<QComboBox>(dialog, u"modelPicker"_s);
    // The page fetches on its own once the key is known; Fetch models asks again.
    QTRY_COMPARE(picker->count(), 4);
    child<QPushButton>(dialog, u"fetchModels"_s)->click();
    QTRY_VERIFY(child<QPushButton>(dialog, u"fetchModels"_s)->isEnabled());
    QStringList items;
    for (int i = 0; i < picker->count(); ++i)
        items << picker->itemText(i);
    QCOMPARE(items, (QStringList{u"alpha-9"_s, u"alpha-10"_s, u"fake-model"_s, u"zeta-2"_s}));
    QCOMPARE(picker->currentText(), u"fake-model"_s); // the choice stays
    QVERIFY(model.requests().last().headers.value("authorization").endsWith("sk-list-key-0000"));
    QTRY_VERIFY(picker->accessibleDescription().contains(u"4 models"_s));
    picker->setCurrentIndex(0);
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
}

void TestGuiSettings::keychainUnreachableBanner()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    const QByteArray before = readAll(path());
    MemorySecretStore store;
    store.setFailure(u"no keychain is reachable: start a Secret Service (gnome-keyring) or set "
                     u"DINGRELAY_SECRET_* variables"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    QTRY_VERIFY2(dialog.bannerText().contains(u"keychain cannot be reached"_s),
                 qPrintable(dialog.bannerText()));
    QVERIFY(dialog.bannerText().contains(u"gnome-keyring"_s));
    QVERIFY(
        child<QLineEdit>(dialog, u"apiKeyEdit"_s)->placeholderText().contains(u"cannot be read"_s));

    // A typed secret cannot be saved: nothing is written, and the dialog says so.
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    type(child<QLineEdit>(dialog, u"apiKeyEdit"_s), u"sk-nowhere-to-go-0000"_s);
    child<QSpinBox>(dialog, u"maxAnswerTokens"_s)->setValue(300);
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_VERIFY2(dialog.statusText().contains(u"Nothing was saved"_s),
                 qPrintable(dialog.statusText()));
    QCOMPARE(applied.count(), 0);
    QCOMPARE(readAll(path()), before);
    QVERIFY(!readAll(path()).contains("sk-nowhere"));
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled()); // the user may try again

    // Without a typed secret, the rest still saves.
    type(child<QLineEdit>(dialog, u"apiKeyEdit"_s), QString());
    QVERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(), qPrintable(dialog.statusText()));
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_VERIFY2(applied.count() == 1, qPrintable(dialog.statusText()));
    QCOMPARE(Config::load(path()).config.model.maxAnswerTokens, 300);
}

void TestGuiSettings::removedRobotLosesItsSecrets()
{
    QVERIFY(writeAll(path(), loopbackConfig() + "\n[robot.ops]\ncallback_path=/ops\n"));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"sales-secret"_s);
    store.values.insert(u"robot/ops/app_secret"_s, u"ops-secret"_s);
    store.values.insert(u"robot/ops/webhook_token"_s, u"ops-token"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    dialog.showSection(u"robots"_s);
    auto *page = qobject_cast<RobotsPage *>(dialog.page(u"robots"_s));
    QVERIFY(page);
    page->select(u"ops"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"robotId"_s)->text(), u"ops"_s);
    child<QPushButton>(dialog, u"removeRobot"_s)->click();
    QCOMPARE(child<QTableWidget>(dialog, u"robotTable"_s)->rowCount(), 1);
    // Nothing leaves the keychain before the file no longer needs it.
    QVERIFY(store.values.contains(u"robot/ops/app_secret"_s));
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);
    QVERIFY(!readAll(path()).contains("[robot.ops]"));
    QVERIFY(!store.values.contains(u"robot/ops/app_secret"_s));
    QVERIFY(!store.values.contains(u"robot/ops/webhook_token"_s));
    QCOMPARE(store.values.value(u"robot/sales/app_secret"_s), u"sales-secret"_s);
}

void TestGuiSettings::newRobotNeedsItsSecret()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    store.values.insert(u"robot/old/app_secret"_s, u"left from before"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    dialog.showSection(u"robots"_s);
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    child<QPushButton>(dialog, u"addRobot"_s)->click();
    type(child<QLineEdit>(dialog, u"robotId"_s), u"hr"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"callbackPath"_s)->text(), u"/dingtalk/hr"_s);
    auto *secret = child<QWidget>(dialog, u"appSecret"_s);
    QTRY_VERIFY2(messageFor(secret).contains(u"AppSecret"_s), qPrintable(messageFor(secret)));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    // A secret typed before the name was finished follows the robot to its final name.
    type(child<QLineEdit>(dialog, u"appSecretEdit"_s), u"hr-secret"_s);
    type(child<QLineEdit>(dialog, u"robotId"_s), u"hr2"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"appSecretEdit"_s)->text(), u"hr-secret"_s);
    QTRY_VERIFY(messageFor(secret).isEmpty());
    // A name whose secret the keychain still has needs none typed.
    child<QPushButton>(dialog, u"addRobot"_s)->click();
    type(child<QLineEdit>(dialog, u"robotId"_s), u"old"_s);
    QTRY_VERIFY(child<QLineEdit>(dialog, u"appSecretEdit"_s)
                    ->placeholderText()
                    .contains(u"Stored in the keychain"_s));
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(store.values.value(u"robot/hr2/app_secret"_s), u"hr-secret"_s);
    QVERIFY(!store.values.contains(u"robot/hr/app_secret"_s));
    const ConfigResult saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.robots.size(), 3);
}

void TestGuiSettings::callbackUrlFollowsRelayAndCopies()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    SettingsDialog dialog(path(), store);
    dialog.show();
    dialog.showSection(u"relay"_s);
    child<QSpinBox>(dialog, u"relayPort"_s)->setValue(unusedPort());
    const int port = child<QSpinBox>(dialog, u"relayPort"_s)->value();
    dialog.showSection(u"robots"_s);
    auto *url = child<QLineEdit>(dialog, u"callbackUrl"_s);
    QCOMPARE(url->text(), u"http://127.0.0.1:%1/dingtalk/sales"_s.arg(port));
    dialog.showSection(u"relay"_s);
    auto *mode = child<QComboBox>(dialog, u"tunnelMode"_s);
    mode->setCurrentIndex(mode->findData(u"fixed"_s));
    type(child<QLineEdit>(dialog, u"publicUrl"_s), u"https://relay.example.com/"_s);
    QCOMPARE(url->text(), u"https://relay.example.com/dingtalk/sales"_s);
    child<QPushButton>(dialog, u"copyCallbackUrl"_s)->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"https://relay.example.com/dingtalk/sales"_s);
    // A fixed tunnel without its URL is refused where the URL goes.
    child<QLineEdit>(dialog, u"publicUrl"_s)->clear();
    QTRY_VERIFY(child<QLineEdit>(dialog, u"publicUrl"_s)
                    ->accessibleDescription()
                    .contains(u"public_url"_s));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestGuiSettings::cardIntervalShowsTheCallEstimate()
{
    QVERIFY(writeAll(path(), loopbackConfig() + "client_id=dingsales\n"));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    SettingsDialog dialog(path(), store);
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    dialog.show();
    dialog.showSection(u"robots"_s);
    auto *interval = child<QSpinBox>(dialog, u"cardInterval"_s);
    // Without a card template there is nothing to pace.
    QVERIFY(!interval->isVisible());
    type(child<QLineEdit>(dialog, u"cardTemplate"_s), u"1a2b3c4d.schema"_s);
    QVERIFY(interval->isVisible());
    QCOMPARE(interval->value(), 300);
    // 300 ms: card creation and the final update, plus one update per 300 ms of writing.
    QVERIFY2(interval->accessibleDescription().startsWith(u"About 36 DingTalk API calls"_s),
             qPrintable(interval->accessibleDescription()));
    QVERIFY(interval->accessibleDescription().contains(u"103 for one of 30 s"_s));
    interval->setValue(1000);
    QVERIFY2(interval->accessibleDescription().startsWith(u"About 13 DingTalk API calls"_s),
             qPrintable(interval->accessibleDescription()));
    QVERIFY(interval->accessibleDescription().contains(u"33 for one of 30 s"_s));
    interval->setValue(50); // below the range: held at its floor
    QCOMPARE(interval->value(), 100);
    interval->setValue(1000);

    QTRY_VERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(),
                 qPrintable(dialog.statusText()));
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);
    const ConfigResult saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.robots.first().cardTemplateId, u"1a2b3c4d.schema"_s);
    QCOMPARE(saved.config.robots.first().cardIntervalMs, 1000);
}

void TestGuiSettings::contextWindowAndTokenizer()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    {
        SettingsDialog dialog(path(), store);
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        dialog.show();
        auto *window = child<QSpinBox>(dialog, u"contextWindow"_s);
        auto *tokenizer = child<QComboBox>(dialog, u"tokenizer"_s);
        auto *model = child<QComboBox>(dialog, u"modelPicker"_s);
        auto *answer = child<QSpinBox>(dialog, u"maxAnswerTokens"_s);
        QVERIFY(window && tokenizer && model && answer);
        QVERIFY(window->isVisibleTo(&dialog) && tokenizer->isVisibleTo(&dialog));
        QVERIFY(!window->toolTip().isEmpty() && !tokenizer->toolTip().isEmpty());
        // The defaults, and what they mean for a model DingRelay does not know.
        QCOMPARE(window->value(), 0);
        QCOMPARE(tokenizer->currentData().toString(), u"auto"_s);
        QVERIFY2(window->accessibleDescription().contains(u"Not known for fake-model"_s),
                 qPrintable(window->accessibleDescription()));
        QVERIFY2(
            tokenizer->accessibleDescription().contains(u"No tokenizer is known for fake-model"_s),
            qPrintable(tokenizer->accessibleDescription()));
        // A model it knows.
        model->setEditText(u"gpt-4o-mini"_s);
        QVERIFY2(window->accessibleDescription().contains(
                     u"gpt-4o-mini takes %1 tokens"_s.arg(QLocale().toString(128000))),
                 qPrintable(window->accessibleDescription()));
        QVERIFY2(tokenizer->accessibleDescription().contains(u"with o200k_base"_s),
                 qPrintable(tokenizer->accessibleDescription()));
        model->setEditText(u"fake-model"_s);

        // Out of range is held at the range model/context_window is read with.
        window->setValue(-5);
        QCOMPARE(window->value(), 0);
        window->setValue(2000000000);
        QCOMPARE(window->value(), 100000000);
        window->setValue(32768);
        // An answer's reserve that leaves no room is pointed out (the file allows it).
        answer->setValue(40000);
        QVERIFY2(window->accessibleDescription().contains(u"takes the whole window"_s),
                 qPrintable(window->accessibleDescription()));
        answer->setValue(0);
        QVERIFY(window->accessibleDescription().isEmpty());
        tokenizer->setCurrentIndex(tokenizer->findData(u"cl100k_base"_s));
        QVERIFY(tokenizer->accessibleDescription().isEmpty());

        QTRY_VERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(),
                     qPrintable(dialog.statusText()));
        button(dialog, QDialogButtonBox::Apply)->click();
        QTRY_COMPARE(applied.count(), 1);
    }
    const QByteArray file = readAll(path());
    QVERIFY2(file.contains("context_window=32768\n"), file.constData());
    QVERIFY2(file.contains("tokenizer=cl100k_base\n"), file.constData());
    const ConfigResult saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.model.contextWindow, 32768);
    QCOMPARE(saved.config.model.tokenizer, u"cl100k_base"_s);

    // Read back from the file, including the estimate.
    QByteArray edited = file;
    edited.replace("tokenizer=cl100k_base", "tokenizer=estimate");
    QVERIFY(writeAll(path(), edited));
    SettingsDialog again(path(), store);
    again.show();
    QCOMPARE(child<QSpinBox>(again, u"contextWindow"_s)->value(), 32768);
    auto *tokenizer = child<QComboBox>(again, u"tokenizer"_s);
    QCOMPARE(tokenizer->currentData().toString(), u"estimate"_s);
    QVERIFY2(tokenizer->accessibleDescription().contains(u"Every UTF-8 byte"_s),
             qPrintable(tokenizer->accessibleDescription()));
    QTRY_VERIFY(button(again, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(again, QDialogButtonBox::Apply)->isEnabled()); // nothing changed
}

void TestGuiSettings::personaNamesAndMultiLinePrompts()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    const QString prompt = u"你是一名谨慎的律师。\n引用法条时注明出处；\n\n不下\"确定\"结论。"_s;
    {
        SettingsDialog dialog(path(), store);
        QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
        dialog.show();
        dialog.showSection(u"conversations"_s);
        auto *table = child<QTableWidget>(dialog, u"personas"_s);
        auto *editor = child<QPlainTextEdit>(dialog, u"personaPrompt"_s);
        QVERIFY(table && editor);
        QVERIFY(!editor->isEnabled()); // no persona to edit yet
        child<QPushButton>(dialog, u"addPersona"_s)->click();
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(editor->isEnabled());
        QCOMPARE(dialog.focusWidget(), editor); // the prompt is what a new persona needs
        table->item(0, 0)->setText(u"律师"_s);
        table->item(0, 1)->setText(u"谨慎的法律顾问"_s);
        editor->setPlainText(prompt);
        // The table shows the first line; the prompt column is edited below it, not in place.
        QCOMPARE(table->item(0, 2)->text(), u"你是一名谨慎的律师。 …"_s);
        QVERIFY(!(table->item(0, 2)->flags() & Qt::ItemIsEditable));
        QTRY_VERIFY2(button(dialog, QDialogButtonBox::Ok)->isEnabled(),
                     qPrintable(table->accessibleDescription()));

        // Names the file would refuse are refused here, each with its reason.
        child<QPushButton>(dialog, u"addPersona"_s)->click();
        QCOMPARE(table->rowCount(), 2);
        editor->setPlainText(u"Something."_s);
        table->item(1, 0)->setText(QString(33, u'p'));
        QTRY_VERIFY2(table->accessibleDescription().contains(u"at most 32 characters"_s),
                     qPrintable(table->accessibleDescription()));
        QVERIFY(table->accessibleDescription().contains(QString(33, u'p')));
        QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
        table->item(1, 0)->setText(u"legal advisor"_s);
        QTRY_VERIFY2(table->accessibleDescription().contains(u"one word"_s),
                     qPrintable(table->accessibleDescription()));
        table->item(1, 0)->setText(u"律师"_s);
        QTRY_VERIFY2(table->accessibleDescription().contains(u"twice"_s),
                     qPrintable(table->accessibleDescription()));
        table->item(1, 0)->setText(QString(32, u'p')); // exactly the limit
        QTRY_VERIFY2(table->accessibleDescription().isEmpty(),
                     qPrintable(table->accessibleDescription()));
        editor->clear();
        QTRY_VERIFY2(table->accessibleDescription().contains(u"needs a prompt"_s),
                     qPrintable(table->accessibleDescription()));
        // Selecting the other persona shows its prompt, and edits go to it.
        table->setCurrentCell(0, 0);
        QCOMPARE(editor->toPlainText(), prompt);
        table->setCurrentCell(1, 0);
        QVERIFY(editor->toPlainText().isEmpty());
        child<QPushButton>(dialog, u"removePersona"_s)->click();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(editor->toPlainText(), prompt);

        QTRY_VERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(),
                     qPrintable(dialog.statusText()));
        button(dialog, QDialogButtonBox::Apply)->click();
        QTRY_COMPARE(applied.count(), 1);
    }
    // One line in the file, the line breaks escaped; read back as they were typed.
    const QString file = QString::fromUtf8(readAll(path()));
    QVERIFY2(file.contains(u"[persona.律师]\n"_s), qPrintable(file));
    QVERIFY2(
        file.contains(
            u"prompt=\"你是一名谨慎的律师。\\n引用法条时注明出处；\\n\\n不下\\\"确定\\\"结论。\"\n"_s),
        qPrintable(file));
    const ConfigResult saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.personas.size(), 1);
    QCOMPARE(saved.config.personas.first().name, u"律师"_s);
    QCOMPARE(saved.config.personas.first().prompt, prompt);
    QCOMPARE(saved.config.personas.first().description, u"谨慎的法律顾问"_s);

    SettingsDialog again(path(), store);
    again.show();
    again.showSection(u"conversations"_s);
    QCOMPARE(child<QPlainTextEdit>(again, u"personaPrompt"_s)->toPlainText(), prompt);
    QTRY_VERIFY(button(again, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(again, QDialogButtonBox::Apply)->isEnabled());
}

void TestGuiSettings::accessSettingsFollowARenamedRobot()
{
    QVERIFY(writeAll(path(), loopbackConfig() + "daily_messages=7\n"));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    SettingsDialog dialog(path(), store);
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    dialog.show();
    dialog.showSection(u"robots"_s);
    // The robot's own prompt is its system prompt: /persona's templates are something else.
    QCOMPARE(labelOf(dialog, child<QPlainTextEdit>(dialog, u"persona"_s)), u"System &prompt:"_s);
    const QString added = qobject_cast<RobotsPage *>(dialog.page(u"robots"_s))->addRobot();
    type(child<QLineEdit>(dialog, u"appSecretEdit"_s), u"new-secret"_s);

    dialog.showSection(u"conversations"_s);
    auto *robot = child<QComboBox>(dialog, u"accessRobot"_s);
    QCOMPARE(robot->count(), 2);
    robot->setCurrentIndex(robot->findText(added));
    auto *senders = child<QLineEdit>(dialog, u"allowSenders"_s);
    auto *admins = child<QLineEdit>(dialog, u"admins"_s);
    auto *messages = child<QSpinBox>(dialog, u"dailyMessages"_s);
    auto *tokens = child<QSpinBox>(dialog, u"dailyTokens"_s);
    auto *context = child<QComboBox>(dialog, u"contextMode"_s);
    QCOMPARE(messages->value(), 0); // a new robot's defaults, not the other one's
    type(senders, u"staff-a, staff-b"_s);
    type(admins, u"@staff-root"_s);
    messages->setValue(5);
    tokens->setValue(10000);
    context->setCurrentIndex(context->findData(int(ContextMode::Group)));

    // Renamed as it is typed, through "sales", the name of the other robot.
    dialog.showSection(u"robots"_s);
    type(child<QLineEdit>(dialog, u"robotId"_s), u"sales-eu"_s);

    dialog.showSection(u"conversations"_s);
    QCOMPARE(robot->currentText(), u"sales-eu"_s);
    QCOMPARE(senders->text(), u"staff-a, staff-b"_s);
    QCOMPARE(admins->text(), u"staff-root"_s);
    QCOMPARE(messages->value(), 5);
    QCOMPARE(tokens->value(), 10000);
    QCOMPARE(context->currentData().toInt(), int(ContextMode::Group));
    // An edit after the rename keeps the rest.
    tokens->setValue(20000);
    QCOMPARE(senders->text(), u"staff-a, staff-b"_s);
    // The other robot kept its own.
    robot->setCurrentIndex(robot->findText(u"sales"_s));
    QCOMPARE(messages->value(), 7);
    QVERIFY(senders->text().isEmpty());

    QTRY_VERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(),
                 qPrintable(dialog.statusText()));
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);
    ConfigResult saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QVERIFY(!saved.config.robotById(added));
    const RobotSettings *renamed = saved.config.robotById(u"sales-eu"_s);
    QVERIFY(renamed);
    QCOMPARE(renamed->allowSenders, QStringList({u"staff-a"_s, u"staff-b"_s}));
    QCOMPARE(renamed->admins, QStringList{u"staff-root"_s});
    QCOMPARE(renamed->dailyMessages, 5);
    QCOMPARE(renamed->dailyTokens, 20000);
    QCOMPARE(renamed->context, ContextMode::Group);
    const RobotSettings *sales = saved.config.robotById(u"sales"_s);
    QVERIFY(sales);
    QCOMPARE(sales->dailyMessages, 7);
    QVERIFY(sales->allowSenders.isEmpty());

    // Removing the robot listed before it leaves its settings with it.
    dialog.showSection(u"robots"_s);
    qobject_cast<RobotsPage *>(dialog.page(u"robots"_s))->select(u"sales"_s);
    child<QPushButton>(dialog, u"removeRobot"_s)->click();
    dialog.showSection(u"conversations"_s);
    QCOMPARE(robot->count(), 1);
    QCOMPARE(robot->currentText(), u"sales-eu"_s);
    QCOMPARE(messages->value(), 5);
    messages->setValue(6);
    QTRY_VERIFY2(button(dialog, QDialogButtonBox::Apply)->isEnabled(),
                 qPrintable(dialog.statusText()));
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 2);
    saved = Config::load(path());
    QVERIFY2(saved.ok(), qPrintable(saved.errors.join(u'\n')));
    QCOMPARE(saved.config.robots.size(), 1);
    QCOMPARE(saved.config.robots.first().id, u"sales-eu"_s);
    QCOMPARE(saved.config.robots.first().dailyMessages, 6);
    QCOMPARE(saved.config.robots.first().admins, QStringList{u"staff-root"_s});
}

void TestGuiSettings::handEditedFileKeepsItsComments()
{
    const QByteArray handEdited = "; my notes\n" + loopbackConfig() + "my_own_key=kept\n";
    QVERIFY(writeAll(path(), handEdited));
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    child<QSpinBox>(dialog, u"maxAnswerTokens"_s)->setValue(256);
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);
    const QByteArray after = readAll(path());
    QVERIFY(after.startsWith("; my notes\n"));
    QVERIFY(after.contains("my_own_key=kept\n"));
    QVERIFY(after.contains("max_answer_tokens=256"));
}

void TestGuiSettings::startAtLoginWritesAutostartEntry()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    QFile::remove(Autostart::entryPath());
    MemorySecretStore store;
    store.values.insert(u"model/api_key"_s, u"sk-present-0000"_s);
    store.values.insert(u"robot/sales/app_secret"_s, u"present"_s);
    SettingsDialog dialog(path(), store);
    dialog.show();
    dialog.showSection(u"general"_s);
    child<QCheckBox>(dialog, u"startAtLogin"_s)->setChecked(true);
    QSignalSpy applied(&dialog, &SettingsDialog::settingsApplied);
    QTRY_VERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 1);
    QVERIFY(Autostart::entryPath().startsWith(m_xdg.path()));
    const QString entry = QString::fromUtf8(readAll(Autostart::entryPath()));
    QVERIFY2(entry.contains(u"--config"_s) && entry.contains(path()), qPrintable(entry));
    QVERIFY(entry.startsWith(u"[Desktop Entry]\n"_s));

    child<QCheckBox>(dialog, u"startAtLogin"_s)->setChecked(false);
    button(dialog, QDialogButtonBox::Apply)->click();
    QTRY_COMPARE(applied.count(), 2);
    QVERIFY(!QFile::exists(Autostart::entryPath()));
}

void TestGuiSettings::labelsHaveBuddiesAndMnemonics()
{
    QVERIFY(writeAll(path(), loopbackConfig()));
    MemorySecretStore store;
    SettingsDialog dialog(path(), store);
    dialog.show();
    for (const QString &key : dialog.sectionKeys()) {
        dialog.showSection(key);
        QStringList mnemonics;
        for (QLabel *label : dialog.page(key)->findChildren<QLabel *>()) {
            const QString text = label->text();
            if (!text.endsWith(u':') || !label->isVisibleTo(dialog.page(key)))
                continue;
            QVERIFY2(label->buddy(), qPrintable(key + u": "_s + text));
            QVERIFY2(text.contains(u'&'), qPrintable(key + u": "_s + text));
            const qsizetype amp = text.indexOf(u'&');
            const QChar letter = text.at(amp + 1).toLower();
            QVERIFY2(!mnemonics.contains(letter),
                     qPrintable(key + u": mnemonic "_s + letter + u" twice"_s));
            mnemonics << letter;
        }
    }
}

void TestGuiSettings::tabOrderFollowsTheLayout()
{
    // Every optional row shown: Azure's, an ssh tunnel's, both proxies'.
    QByteArray config = loopbackConfig() + "\n[robot.ops]\nmode=stream\nclient_id=x\n"
                                           "[tunnel]\nmode=process\npreset=ssh\n"
                                           "ssh_target=me@example.com\n"
                                           "public_url=https://relay.example.com\n"
                                           "[network]\nmodel_proxy=http://u@127.0.0.1:3128\n"
                                           "dingtalk_proxy=socks5://127.0.0.1:1080\n";
    config.replace("preset=custom", "preset=azure");
    QVERIFY(writeAll(path(), config));
    MemorySecretStore store;
    SettingsDialog dialog(path(), store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(child<QLineEdit>(dialog, u"deployment"_s)->isVisibleTo(&dialog));
    dialog.showSection(u"relay"_s);
    QVERIFY(child<QLineEdit>(dialog, u"tunnelBinary"_s)->isVisibleTo(&dialog));
    for (const QString &key : dialog.sectionKeys()) {
        dialog.showSection(key);
        QWidget *page = dialog.page(key);
        // The widgets Tab reaches on this page, in the order it reaches them.
        QList<QWidget *> chain;
        QWidget *w = page;
        for (int guard = 0; guard < 1000; ++guard) {
            w = w->nextInFocusChain();
            if (w == page)
                break;
            if (page->isAncestorOf(w) && w->isVisibleTo(page) && w->isEnabled() &&
                (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy())
                chain << w;
        }
        QVERIFY2(chain.size() > 1, qPrintable(key));
        // Each one is on the same row as the one before, or below it: never back up.
        for (int i = 1; i < chain.size(); ++i) {
            const QRect a(chain[i - 1]->mapTo(page, QPoint()), chain[i - 1]->size());
            const QRect b(chain[i]->mapTo(page, QPoint()), chain[i]->size());
            const bool sameRow = b.top() < a.bottom() && b.bottom() > a.top();
            const bool below = b.top() >= a.top();
            QStringList names;
            for (const QWidget *c : std::as_const(chain))
                names << (c->objectName().isEmpty()
                              ? QString::fromLatin1(c->metaObject()->className())
                              : c->objectName());
            QVERIFY2(below || sameRow, qPrintable(u"%1: %2 comes after %3 in %4"_s.arg(
                                           key, chain[i]->objectName(), chain[i - 1]->objectName(),
                                           names.join(u", "_s))));
            if (sameRow && !below)
                QVERIFY2(b.left() > a.left(), qPrintable(key + u": "_s + chain[i]->objectName()));
        }
    }
}

QTEST_MAIN(TestGuiSettings)
#include "tst_gui_settings.moc"
