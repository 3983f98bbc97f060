// Tests KeychainSecretStore against a real Secret Service, and LayeredSecretStore without one.
#include "SkipOrFail.h"
#include "secrets/EnvSecretStore.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/LayeredSecretStore.h"
#include "secrets/SecretLoader.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// Set in a child process of this binary: which mode it runs in.
constexpr char ChildModeVariable[] = "DINGRELAY_TST_KEYCHAIN_CHILD";
// Set with mode "read:<key>": the config file whose entry the child reads.
constexpr char ChildConfigVariable[] = "DINGRELAY_TST_KEYCHAIN_CONFIG";
constexpr int WaitMs = 20000;

// Runs one read and waits for its answer; the callback must not come inside the call.
std::optional<SecretResult> readNow(SecretStore &store, const QString &key, QObject *context,
                                    bool *calledInside = nullptr)
{
    std::optional<SecretResult> got;
    store.read(key, context, [&got](const SecretResult &r) { got = r; });
    if (calledInside)
        *calledInside = got.has_value();
    (void)QTest::qWaitFor([&] { return got.has_value(); }, WaitMs); // nullopt on timeout
    return got;
}

std::optional<QString> writeNow(SecretStore &store, const QString &key, const QString &value,
                                QObject *context, bool *calledInside = nullptr)
{
    std::optional<QString> error;
    store.write(key, value, context, [&error](const QString &e) { error = e; });
    if (calledInside)
        *calledInside = error.has_value();
    (void)QTest::qWaitFor([&] { return error.has_value(); }, WaitMs); // nullopt on timeout
    return error;
}

std::optional<QString> removeNow(SecretStore &store, const QString &key, QObject *context,
                                 bool *calledInside = nullptr)
{
    std::optional<QString> error;
    store.remove(key, context, [&error](const QString &e) { error = e; });
    if (calledInside)
        *calledInside = error.has_value();
    (void)QTest::qWaitFor([&] { return error.has_value(); }, WaitMs); // nullopt on timeout
    return error;
}

// The keychain as QtKeychain itself sees it, past KeychainSecretStore: what an older DingRelay
// wrote (an entry named by the key alone), and what a keychain browser shows.
std::optional<SecretResult> rawKeychainRead(const QString &account)
{
    QKeychain::ReadPasswordJob job(KeychainSecretStore::serviceName());
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(account);
    std::optional<SecretResult> got;
    QObject::connect(&job, &QKeychain::Job::finished, [&got, &job] {
        SecretResult r;
        if (job.error() == QKeychain::NoError) {
            r.found = true;
            r.value = job.textData();
        } else if (job.error() != QKeychain::EntryNotFound) {
            r.error = job.errorString();
        }
        got = r;
    });
    job.start();
    (void)QTest::qWaitFor([&] { return got.has_value(); }, WaitMs);
    return got;
}

bool rawKeychainWrite(const QString &account, const QString &value)
{
    QKeychain::WritePasswordJob job(KeychainSecretStore::serviceName());
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(account);
    job.setTextData(value);
    bool done = false;
    QObject::connect(&job, &QKeychain::Job::finished, [&done] { done = true; });
    job.start();
    return QTest::qWaitFor([&] { return done; }, WaitMs) && job.error() == QKeychain::NoError;
}

bool rawKeychainRemove(const QString &account)
{
    QKeychain::DeletePasswordJob job(KeychainSecretStore::serviceName());
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(account);
    bool done = false;
    QObject::connect(&job, &QKeychain::Job::finished, [&done] { done = true; });
    job.start();
    return QTest::qWaitFor([&] { return done; }, WaitMs) &&
           (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound);
}

// The real-keyring tests need a session bus; scripts/test.sh always provides one.
#define REQUIRE_SESSION_BUS()                                                                      \
    do {                                                                                           \
        if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))                                \
            SKIP_OR_FAIL(                                                                          \
                "no D-Bus session: run through scripts/test.sh (dbus-run-session with an "         \
                "unlocked gnome-keyring) to test the real keychain");                              \
    } while (false)

} // namespace

// Runs in a child process whose session bus does not exist: no keychain is reachable.
class TestNoKeychain : public QObject
{
    Q_OBJECT
    // Never created: without a keychain the config file is only a name.
    const QString m_config = QDir::temp().filePath(u"dingrelay-tst-keychain-none.ini"_s);
private slots:
    void keychainReportsWhatToDo();
    void layeredServesTheEnvironment();
    void layeredNamesVariableAndKeychain();
    void loaderIgnoresKeychainForOptionalKeys();
};

void TestNoKeychain::keychainReportsWhatToDo()
{
    KeychainSecretStore store(m_config);
    bool inside = true;
    const auto got = readNow(store, u"model/api_key"_s, this, &inside);
    QVERIFY(!inside);
    QVERIFY(got);
    QVERIFY(!got->found);
    QVERIFY2(got->error.contains(u"DINGRELAY_SECRET_"_s), qPrintable(got->error));
    QVERIFY2(got->error.contains(u"keychain"_s), qPrintable(got->error));

    const auto written = writeNow(store, u"model/api_key"_s, u"sk-never-stored"_s, this, &inside);
    QVERIFY(!inside);
    QVERIFY(written);
    QVERIFY2(written->contains(u"DINGRELAY_SECRET_"_s), qPrintable(*written));

    const auto removed = removeNow(store, u"model/api_key"_s, this, &inside);
    QVERIFY(!inside);
    QVERIFY(removed);
    QVERIFY2(removed->contains(u"DINGRELAY_SECRET_"_s), qPrintable(*removed));
}

void TestNoKeychain::layeredServesTheEnvironment()
{
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-from-env"_s);
    EnvSecretStore environment(env);
    KeychainSecretStore keychain(m_config);
    LayeredSecretStore store(environment, keychain);
    QVERIFY(store.describe().contains(u"DINGRELAY_SECRET_"_s));
    QVERIFY(store.describe().contains(u"keychain"_s));

    bool inside = true;
    const auto got = readNow(store, u"model/api_key"_s, this, &inside);
    QVERIFY(!inside);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(got->found);
    QCOMPARE(got->value, u"sk-from-env"_s);
}

void TestNoKeychain::layeredNamesVariableAndKeychain()
{
    EnvSecretStore environment{QProcessEnvironment()};
    KeychainSecretStore keychain(m_config);
    LayeredSecretStore store(environment, keychain);

    std::optional<SecretLoadResult> got;
    SecretLoader::load(store, {u"robot/default/app_secret"_s}, this,
                       [&got](const SecretLoadResult &r) { got = r; });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), WaitMs);
    QVERIFY(!got->ok());
    const QString message = got->describe();
    QVERIFY2(message.contains(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s), qPrintable(message));
    QVERIFY2(message.contains(u"keychain"_s), qPrintable(message));
}

void TestNoKeychain::loaderIgnoresKeychainForOptionalKeys()
{
    QProcessEnvironment env;
    env.insert(u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-from-env"_s);
    EnvSecretStore environment(env);
    KeychainSecretStore keychain(m_config);
    LayeredSecretStore store(environment, keychain);

    std::optional<SecretLoadResult> got;
    SecretLoader::load(store, {u"model/api_key"_s}, {u"robot/default/webhook_token"_s}, this,
                       [&got](const SecretLoadResult &r) { got = r; });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), WaitMs);
    QVERIFY2(got->ok(), qPrintable(got->describe()));
    QCOMPARE(got->values.value(u"model/api_key"_s), u"sk-from-env"_s);
    QVERIFY(!got->values.contains(u"robot/default/webhook_token"_s));
}

class TestKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void storeAndRead();
    void overwrite();
    void removeEntry();
    void notFound();
    void removeMissingSucceeds();
    void nonAscii_data();
    void nonAscii();
    void restartReadsBack();
    void anotherProcessReadsBack();
    void layeredPrefersEnvironment();
    void describe();
    void withoutKeychain();

    void entryNaming();
    void entryNamingFollowsTheFile();
    void configsKeepTheirOwnSecrets();
    void legacyEntryIsCopiedAndKept();
    void removeDoesNotBringLegacyBack();

private:
    QString key(const QString &name);

    QTemporaryDir m_dir;
    QString m_config;      // the config file of most tests; never created
    QString m_otherConfig; // a second config file of the same user
    QString m_prefix;
    QStringList m_used;
};

void TestKeychain::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config = m_dir.filePath(u"dingrelay.ini"_s);
    m_otherConfig = m_dir.filePath(u"other/dingrelay.ini"_s);
    m_prefix = u"test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces) + u'/';
}

void TestKeychain::cleanupTestCase()
{
    if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
        return;
    KeychainSecretStore store(m_config);
    KeychainSecretStore other(m_otherConfig);
    for (const QString &k : std::as_const(m_used)) {
        // The legacy entry first: while it exists, removing leaves an empty entry behind.
        bool ok = rawKeychainRemove(k);
        for (KeychainSecretStore *s : {&store, &other}) {
            const auto error = removeNow(*s, k, this);
            ok = ok && error && error->isEmpty();
        }
        if (!ok)
            qWarning("could not remove %s from the keychain", qPrintable(k));
    }
}

QString TestKeychain::key(const QString &name)
{
    const QString k = m_prefix + name;
    if (!m_used.contains(k))
        m_used << k;
    return k;
}

void TestKeychain::storeAndRead()
{
    REQUIRE_SESSION_BUS();
    KeychainSecretStore store(m_config);
    const QString k = key(u"model/api_key"_s);
    bool inside = true;
    const auto written = writeNow(store, k, u"sk-stored-1234"_s, this, &inside);
    QVERIFY(!inside);
    QVERIFY(written);
    QVERIFY2(written->isEmpty(), qPrintable(*written));

    const auto got = readNow(store, k, this, &inside);
    QVERIFY(!inside);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(got->found);
    QCOMPARE(got->value, u"sk-stored-1234"_s);
}

void TestKeychain::overwrite()
{
    REQUIRE_SESSION_BUS();
    KeychainSecretStore store(m_config);
    const QString k = key(u"overwrite"_s);
    QCOMPARE(writeNow(store, k, u"first value"_s, this), QString());
    QCOMPARE(writeNow(store, k, u"second value"_s, this), QString());
    const auto got = readNow(store, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, u"second value"_s);
}

void TestKeychain::removeEntry()
{
    REQUIRE_SESSION_BUS();
    KeychainSecretStore store(m_config);
    const QString k = key(u"remove"_s);
    QCOMPARE(writeNow(store, k, u"short-lived"_s, this), QString());
    bool inside = true;
    QCOMPARE(removeNow(store, k, this, &inside), QString());
    QVERIFY(!inside);
    const auto got = readNow(store, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(!got->found);
    QVERIFY(got->value.isEmpty());
}

void TestKeychain::notFound()
{
    REQUIRE_SESSION_BUS();
    KeychainSecretStore store(m_config);
    const auto got = readNow(store, key(u"never/written"_s), this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(!got->found);
}

void TestKeychain::removeMissingSucceeds()
{
    REQUIRE_SESSION_BUS();
    KeychainSecretStore store(m_config);
    QCOMPARE(removeNow(store, key(u"never/written/either"_s), this), QString());
}

void TestKeychain::nonAscii_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("chinese") << u"钉钉机器人密钥"_s;
    QTest::newRow("mixed scripts and emoji") << u"ключ-Schlüssel-🔑-\u00e9"_s;
    QTest::newRow("spaces and symbols") << u"  a b=c&d \"quoted\" 'x'\t"_s;
}

void TestKeychain::nonAscii()
{
    REQUIRE_SESSION_BUS();
    QFETCH(QString, value);
    KeychainSecretStore store(m_config);
    const QString k = key(u"unicode/"_s + QString::fromLatin1(QTest::currentDataTag()));
    QCOMPARE(writeNow(store, k, value, this), QString());
    const auto got = readNow(store, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, value);
}

void TestKeychain::restartReadsBack()
{
    REQUIRE_SESSION_BUS();
    const QString k = key(u"restart"_s);
    {
        KeychainSecretStore first(m_config);
        QCOMPARE(writeNow(first, k, u"survives restarts"_s, this), QString());
    }
    KeychainSecretStore second(m_config);
    const auto got = readNow(second, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(got->found);
    QCOMPARE(got->value, u"survives restarts"_s);
}

void TestKeychain::anotherProcessReadsBack()
{
    REQUIRE_SESSION_BUS();
    const QString k = key(u"process"_s);
    const QString value = u"seen by another process ✓"_s;
    {
        KeychainSecretStore store(m_config);
        QCOMPARE(writeNow(store, k, value, this), QString());
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(ChildModeVariable), u"read:"_s + k);
    env.insert(QString::fromLatin1(ChildConfigVariable), m_config);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(WaitMs));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
    QCOMPARE(QString::fromUtf8(child.readAllStandardOutput()), value);
}

void TestKeychain::layeredPrefersEnvironment()
{
    REQUIRE_SESSION_BUS();
    KeychainSecretStore keychain(m_config);
    const QString both = key(u"layered/both"_s);
    const QString keychainOnly = key(u"layered/keychain_only"_s);
    QCOMPARE(writeNow(keychain, both, u"from keychain"_s, this), QString());
    QCOMPARE(writeNow(keychain, keychainOnly, u"only in keychain"_s, this), QString());

    QProcessEnvironment env;
    env.insert(SecretStore::environmentName(both), u"from environment"_s);
    EnvSecretStore environment(env);
    LayeredSecretStore store(environment, keychain);

    auto got = readNow(store, both, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"from environment"_s);
    got = readNow(store, keychainOnly, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, u"only in keychain"_s);
    got = readNow(store, key(u"layered/nowhere"_s), this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(!got->found);

    // Saving goes to the keychain, even for a key the environment overrides.
    const QString saved = key(u"layered/saved"_s);
    QCOMPARE(writeNow(store, saved, u"saved through layers"_s, this), QString());
    got = readNow(keychain, saved, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"saved through layers"_s);
    QCOMPARE(removeNow(store, saved, this), QString());
    got = readNow(keychain, saved, this);
    QVERIFY(got);
    QVERIFY(!got->found);
}

void TestKeychain::describe()
{
    KeychainSecretStore keychain(m_config);
    QCOMPARE(keychain.describe(), u"the system keychain"_s);
    QCOMPARE(KeychainSecretStore::serviceName(), u"org.dingrelay.DingRelay"_s);
}

void TestKeychain::withoutKeychain()
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(ChildModeVariable), u"no-keychain"_s);
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/dingrelay-test-bus"_s);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(120000));
    const QByteArray output = child.readAll();
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("Totals: 6 passed, 0 failed"), output.constData());
}

void TestKeychain::entryNaming()
{
    // The account is the key, "@", then 16 hex digits of the SHA-256 of the config's path.
    const QString name = KeychainSecretStore::accountName(u"robot/default/app_secret"_s, m_config);
    QVERIFY2(
        QRegularExpression(u"^robot/default/app_secret@[0-9a-f]{16}$"_s).match(name).hasMatch(),
        qPrintable(name));
    const QString canonical = QDir(m_dir.path()).canonicalPath() + u"/dingrelay.ini"_s;
    QCOMPARE(KeychainSecretStore::canonicalConfigPath(m_config), canonical);
    const QByteArray hash =
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    QCOMPARE(name, u"robot/default/app_secret@"_s + QString::fromLatin1(hash));
    QVERIFY(KeychainSecretStore::accountName(u"robot/default/app_secret"_s, m_otherConfig) != name);

    // In the keychain itself: the service, and that account; nothing under the key alone.
    REQUIRE_SESSION_BUS();
    const QString k = key(u"naming/model/api_key"_s);
    KeychainSecretStore store(m_config);
    QCOMPARE(writeNow(store, k, u"sk-named"_s, this), QString());
    auto raw = rawKeychainRead(KeychainSecretStore::accountName(k, m_config));
    QVERIFY(raw);
    QVERIFY2(raw->error.isEmpty(), qPrintable(raw->error));
    QVERIFY(raw->found);
    QCOMPARE(raw->value, u"sk-named"_s);
    raw = rawKeychainRead(k);
    QVERIFY(raw);
    QVERIFY2(raw->error.isEmpty(), qPrintable(raw->error));
    QVERIFY(!raw->found);
}

void TestKeychain::entryNamingFollowsTheFile()
{
    // The same file by another spelling or through a symlinked folder has the same entries,
    // and a file the first-run wizard creates later keeps the name it had before.
    const QString real = m_dir.filePath(u"real"_s);
    QVERIFY(QDir().mkpath(real));
    const QString link = m_dir.filePath(u"link"_s);
    QVERIFY(QFile::link(real, link));
    const QString viaLink = link + u"/later/dingrelay.ini"_s;
    const QString before = KeychainSecretStore::accountName(u"model/api_key"_s, viaLink);
    QCOMPARE(
        KeychainSecretStore::accountName(u"model/api_key"_s, real + u"/x/../later/dingrelay.ini"_s),
        before);
    QVERIFY(QDir().mkpath(real + u"/later"_s));
    QFile file(viaLink);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QCOMPARE(KeychainSecretStore::accountName(u"model/api_key"_s, viaLink), before);
    QCOMPARE(KeychainSecretStore::accountName(u"model/api_key"_s, real + u"/later/dingrelay.ini"_s),
             before);
}

void TestKeychain::configsKeepTheirOwnSecrets()
{
    REQUIRE_SESSION_BUS();
    // Two config files of one user, each with a robot "default".
    const QString k = key(u"robot/default/app_secret"_s);
    KeychainSecretStore first(m_config);
    KeychainSecretStore second(m_otherConfig);
    QCOMPARE(writeNow(first, k, u"first config's secret"_s, this), QString());
    QCOMPARE(writeNow(second, k, u"second config's secret"_s, this), QString());

    auto got = readNow(first, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, u"first config's secret"_s);
    got = readNow(second, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, u"second config's secret"_s);

    // A new store for the same file (a restart) reads the same entry.
    KeychainSecretStore again(m_config);
    got = readNow(again, k, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"first config's secret"_s);

    // Removing one config's secret leaves the other's.
    QCOMPARE(removeNow(second, k, this), QString());
    got = readNow(second, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(!got->found);
    got = readNow(first, k, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"first config's secret"_s);
}

void TestKeychain::legacyEntryIsCopiedAndKept()
{
    REQUIRE_SESSION_BUS();
    // An older DingRelay named the entry by the key alone.
    const QString k = key(u"legacy/robot/default/app_secret"_s);
    QVERIFY(rawKeychainWrite(k, u"legacy secret"_s));

    // A config without an entry of its own finds the legacy one...
    KeychainSecretStore first(m_config);
    bool inside = true;
    auto got = readNow(first, k, this, &inside);
    QVERIFY(!inside);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(got->found);
    QCOMPARE(got->value, u"legacy secret"_s);
    // ...copies it under its own name...
    auto raw = rawKeychainRead(KeychainSecretStore::accountName(k, m_config));
    QVERIFY(raw);
    QVERIFY(raw->found);
    QCOMPARE(raw->value, u"legacy secret"_s);
    // ...and leaves it for the other config.
    raw = rawKeychainRead(k);
    QVERIFY(raw);
    QVERIFY(raw->found);
    QCOMPARE(raw->value, u"legacy secret"_s);

    // The first config's own entry now wins; saving it changes neither the legacy entry nor
    // what the second config reads.
    QCOMPARE(writeNow(first, k, u"first config's new secret"_s, this), QString());
    KeychainSecretStore second(m_otherConfig);
    got = readNow(second, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, u"legacy secret"_s);
    got = readNow(first, k, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"first config's new secret"_s);
    raw = rawKeychainRead(k);
    QVERIFY(raw);
    QCOMPARE(raw->value, u"legacy secret"_s);

    // The copy stays when the legacy entry goes.
    QVERIFY(rawKeychainRemove(k));
    got = readNow(second, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QCOMPARE(got->value, u"legacy secret"_s);
}

void TestKeychain::removeDoesNotBringLegacyBack()
{
    REQUIRE_SESSION_BUS();
    const QString k = key(u"legacy/model/api_key"_s);
    QVERIFY(rawKeychainWrite(k, u"sk-legacy"_s));
    KeychainSecretStore store(m_config);
    auto got = readNow(store, k, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"sk-legacy"_s);

    // The user removes the secret in this config: it stays removed, here and after a restart,
    // while the legacy entry is kept for other configs.
    QCOMPARE(removeNow(store, k, this), QString());
    got = readNow(store, k, this);
    QVERIFY(got);
    QVERIFY2(got->error.isEmpty(), qPrintable(got->error));
    QVERIFY(!got->found);
    KeychainSecretStore restarted(m_config);
    got = readNow(restarted, k, this);
    QVERIFY(got);
    QVERIFY(!got->found);
    const auto raw = rawKeychainRead(k);
    QVERIFY(raw);
    QCOMPARE(raw->value, u"sk-legacy"_s);
    KeychainSecretStore other(m_otherConfig);
    got = readNow(other, k, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"sk-legacy"_s);

    // Saving again after the removal works as before.
    QCOMPARE(writeNow(store, k, u"sk-new"_s, this), QString());
    got = readNow(store, k, this);
    QVERIFY(got);
    QCOMPARE(got->value, u"sk-new"_s);
}

// Child mode "read:<key>": prints the keychain's value for key, as another process would.
static int readInChild(const QString &k)
{
    KeychainSecretStore store(qEnvironmentVariable(ChildConfigVariable));
    int code = 3;
    store.read(k, &store, [&code](const SecretResult &r) {
        if (!r.error.isEmpty())
            std::fprintf(stderr, "%s\n", qPrintable(r.error));
        else
            std::fputs(r.value.toUtf8().constData(), stdout);
        code = !r.error.isEmpty() ? 2 : (r.found ? 0 : 1);
        QCoreApplication::exit(code);
    });
    QCoreApplication::exec();
    return code;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString mode = qEnvironmentVariable(ChildModeVariable);
    if (mode.startsWith(u"read:"_s))
        return readInChild(mode.mid(5));
    if (mode == u"no-keychain"_s) {
        TestNoKeychain test;
        return QTest::qExec(&test, QStringList{QCoreApplication::applicationFilePath()});
    }
    TestKeychain test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychain.moc"
