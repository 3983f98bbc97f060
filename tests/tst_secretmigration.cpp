// Tests SecretMigration: secrets in an INI file move to a real keychain and out of the file.
#include "SkipOrFail.h"
#include "config/Config.h"
#include "config/SecretMigration.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretStore.h"

#include <QFile>
#include <QMetaObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int WaitMs = 20000;

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

// A store that records what it is asked and answers every write with the given error.
class RecordingStore final : public SecretStore
{
public:
    explicit RecordingStore(QString writeError)
        : m_writeError(std::move(writeError))
    {}
    void read(const QString &, QObject *context, ReadCallback done) override
    {
        ++calls;
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done({}); }, Qt::QueuedConnection);
    }
    void write(const QString &key, const QString &value, QObject *context,
               DoneCallback done) override
    {
        ++calls;
        written.insert(key, value);
        QMetaObject::invokeMethod(
            context, [done = std::move(done), e = m_writeError] { done(e); }, Qt::QueuedConnection);
    }
    void remove(const QString &, QObject *context, DoneCallback done) override
    {
        ++calls;
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done({}); }, Qt::QueuedConnection);
    }
    QString describe() const override { return u"a test store"_s; }

    int calls = 0;
    QHash<QString, QString> written;

private:
    QString m_writeError;
};

std::optional<SecretMigration::Result> migrate(const QString &path, SecretStore &store,
                                               QObject *context, bool *calledInside = nullptr)
{
    std::optional<SecretMigration::Result> got;
    int calls = 0;
    SecretMigration::run(path, store, context, [&](const SecretMigration::Result &r) {
        got = r;
        ++calls;
    });
    if (calledInside)
        *calledInside = got.has_value();
    (void)QTest::qWaitFor([&] { return got.has_value(); }, WaitMs);
    QTest::qWait(0); // a second call would be a bug; let it show
    if (calls > 1)
        return std::nullopt;
    return got;
}

std::optional<SecretResult> readNow(SecretStore &store, const QString &key, QObject *context)
{
    std::optional<SecretResult> got;
    store.read(key, context, [&got](const SecretResult &r) { got = r; });
    (void)QTest::qWaitFor([&] { return got.has_value(); }, WaitMs);
    return got;
}

// Captures log lines so a test can check what the migration said, and that no value leaked.
QStringList g_log;
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_log << message;
}

const QByteArray OldFile = R"(; written by an older DingRelay
[model]
preset=openai
api_key=sk-planted-model-key-0001   ; from the old days

[network]
model_proxy=http://ann:pl%40nted-proxy-pw@127.0.0.1:3128

[robot.default]
mode=http
app_secret = planted-app-secret-0002
webhook=true
webhook_token=planted-webhook-token-0003
language=en
)";

const QByteArray Migrated = R"(; written by an older DingRelay
[model]
preset=openai

[network]
model_proxy=http://ann@127.0.0.1:3128

[robot.default]
mode=http
webhook=true
language=en
)";

} // namespace

class TestSecretMigration final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanupTestCase();

    void movesSecretsIntoTheKeychain();
    void refusedSecretsStayInTheFile();
    void nothingToMoveTouchesNothing();
    void missingFileIsNoError();
    void appKeyIsNotASecret();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_service = u"org.dingrelay.test-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QString m_keychainConfig; // the config file the keychain entries in m_used belong to
    QStringList m_used;
};

void TestSecretMigration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    g_log.clear();
}

void TestSecretMigration::cleanupTestCase()
{
    if (m_used.isEmpty())
        return;
    KeychainSecretStore store(m_service, m_keychainConfig);
    for (const QString &key : std::as_const(m_used)) {
        bool done = false;
        store.remove(key, this, [&done](const QString &) { done = true; });
        (void)QTest::qWaitFor([&] { return done; }, WaitMs);
    }
}

void TestSecretMigration::movesSecretsIntoTheKeychain()
{
    if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
        SKIP_OR_FAIL("no D-Bus session: run through scripts/test.sh to test the real keychain");
    const QString path = m_dir->filePath(u"old.ini"_s);
    QVERIFY(writeAll(path, OldFile));
    m_keychainConfig = path;
    KeychainSecretStore store(m_service, path);
    m_used = {u"model/api_key"_s, u"robot/default/app_secret"_s, u"robot/default/webhook_token"_s,
              u"network/model_proxy_password"_s};

    const QtMessageHandler previous = qInstallMessageHandler(capture);
    bool inside = true;
    const auto result = migrate(path, store, this, &inside);
    qInstallMessageHandler(previous);
    QVERIFY(!inside);
    QVERIFY(result);
    QVERIFY2(result->failed.isEmpty(), qPrintable(result->failed.join(u'\n')));
    QCOMPARE(result->moved.size(), 4);

    QCOMPARE(readAll(path), Migrated);
    const ConfigResult config = Config::load(path);
    QVERIFY2(config.ok(), qPrintable(config.errors.join(u'\n')));
    QCOMPARE(config.config.network.modelProxy.user, u"ann"_s);

    const QList<std::pair<QString, QString>> expected{
        {u"model/api_key"_s, u"sk-planted-model-key-0001"_s},
        {u"robot/default/app_secret"_s, u"planted-app-secret-0002"_s},
        {u"robot/default/webhook_token"_s, u"planted-webhook-token-0003"_s},
        {u"network/model_proxy_password"_s, u"pl@nted-proxy-pw"_s}};
    for (const auto &[key, value] : expected) {
        const auto got = readNow(store, key, this);
        QVERIFY(got);
        QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
        QCOMPARE(got->value, value);
    }

    // One line per secret names the key and where it went, and no line holds a value.
    const QString log = g_log.join(u'\n');
    QVERIFY2(log.contains(u"robot.default/app_secret"_s), qPrintable(log));
    QVERIFY2(log.contains(u"the system keychain"_s), qPrintable(log));
    for (const auto &[key, value] : expected)
        QVERIFY2(!log.contains(value), qPrintable(log));
    QVERIFY(!log.contains(u"planted"_s));

    // A second start finds nothing more to move.
    const auto again = migrate(path, store, this);
    QVERIFY(again);
    QVERIFY(again->moved.isEmpty() && again->failed.isEmpty());
}

void TestSecretMigration::refusedSecretsStayInTheFile()
{
    const QString path = m_dir->filePath(u"old.ini"_s);
    QVERIFY(writeAll(path, OldFile));
    RecordingStore store(u"no keychain is reachable: start a Secret Service"_s);
    const QtMessageHandler previous = qInstallMessageHandler(capture);
    const auto result = migrate(path, store, this);
    qInstallMessageHandler(previous);
    QVERIFY(result);
    QVERIFY(result->moved.isEmpty());
    QCOMPARE(result->failed.size(), 4);
    QVERIFY(result->failed.join(u'\n').contains(u"no keychain is reachable"_s));
    QCOMPARE(readAll(path), OldFile); // nothing lost
    QCOMPARE(store.written.value(u"robot/default/app_secret"_s), u"planted-app-secret-0002"_s);
    const QString log = g_log.join(u'\n');
    QVERIFY2(log.contains(u"stays in the file"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"planted"_s), qPrintable(log));
}

void TestSecretMigration::nothingToMoveTouchesNothing()
{
    const QString path = m_dir->filePath(u"clean.ini"_s);
    const QByteArray clean = "[model]\npreset=openai\n[robot.a]\nclient_id=dingabc\n";
    QVERIFY(writeAll(path, clean));
    RecordingStore store{QString()};
    bool inside = true;
    const auto result = migrate(path, store, this, &inside);
    QVERIFY(!inside);
    QVERIFY(result);
    QVERIFY(result->moved.isEmpty() && result->failed.isEmpty());
    QCOMPARE(store.calls, 0);
    QCOMPARE(readAll(path), clean);
}

void TestSecretMigration::missingFileIsNoError()
{
    RecordingStore store{QString()};
    const auto result = migrate(m_dir->filePath(u"absent.ini"_s), store, this);
    QVERIFY(result);
    QVERIFY(result->moved.isEmpty() && result->failed.isEmpty());
    QCOMPARE(store.calls, 0);
}

void TestSecretMigration::appKeyIsNotASecret()
{
    // An AppKey is a public id; a value that the relay would never read as a secret is left
    // for Config to report rather than hidden in the keychain.
    const QString path = m_dir->filePath(u"appkey.ini"_s);
    const QByteArray text = "[robot.a]\napp_key=dingpublicid\nclient_secret=planted-cs-0004\n";
    QVERIFY(writeAll(path, text));
    RecordingStore store{QString()};
    const auto result = migrate(path, store, this);
    QVERIFY(result);
    QCOMPARE(result->moved, QStringList{u"robot.a/client_secret"_s});
    QCOMPARE(store.written.keys(), QStringList{u"robot/a/client_secret"_s});
    QCOMPARE(readAll(path), QByteArray("[robot.a]\napp_key=dingpublicid\n"));
}

QTEST_GUILESS_MAIN(TestSecretMigration)
#include "tst_secretmigration.moc"
