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
    QCOMPARE(robot.replyRoute, u"openapi"_s);
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
