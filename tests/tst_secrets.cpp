// Tests secret naming, EnvSecretStore, SecretLoader and the log Redactor.
#include "secrets/EnvSecretStore.h"
#include "secrets/SecretLoader.h"
#include "util/Redactor.h"

#include <QTest>
#include <QUrl>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

// A store whose backend fails for keys starting with "broken/", as a locked keychain would.
class FailingStore final : public SecretStore
{
public:
    using SecretStore::SecretStore;
    void read(const QString &key, QObject *context, ReadCallback done) override
    {
        SecretResult result;
        if (key.startsWith(u"broken/"_s))
            result.error = u"the keychain is locked"_s;
        else {
            result.found = true;
            result.value = u"value of "_s + key;
        }
        QMetaObject::invokeMethod(
            context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
    }
    void write(const QString &, const QString &, QObject *, DoneCallback) override {}
    void remove(const QString &, QObject *, DoneCallback) override {}
    QString describe() const override { return u"failing store"_s; }
};

QProcessEnvironment environment(const QList<QPair<QString, QString>> &vars)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : vars)
        env.insert(name, value);
    return env;
}

} // namespace

class TestSecrets final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void environmentName_data();
    void environmentName();

    void readFound();
    void readNotFound();
    void readEmptyIsNotFound();
    void readCompletesLater();
    void callbackDroppedWithContext();
    void writeRefused();
    void removeRefused();
    void describeNamesEnvironment();

    void loaderAllPresent();
    void loaderMissing();
    void loaderEmptyKeys();
    void loaderStoreError();

    void redactKnownSecret();
    void redactShortValuesIgnored();
    void redactSecretWithRegexCharacters();
    void redactLongerSecretFirst();
    void redactEncodedForms();
    void redactPatterns_data();
    void redactPatterns();
    void redactInstance();
    void maskSecretsLeavesTokenShapes();
    void maskSecretsSoFarHoldsBackABeginning();
};

void TestSecrets::init()
{
    Redactor::instance().clearSecrets();
}

void TestSecrets::cleanup()
{
    Redactor::instance().clearSecrets();
}

void TestSecrets::environmentName_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("name");
    QTest::newRow("model/api_key") << u"model/api_key"_s << u"DINGRELAY_SECRET_MODEL_API_KEY"_s;
    QTest::newRow("robot/default/app_secret")
        << u"robot/default/app_secret"_s << u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s;
    QTest::newRow("digits kept") << u"robot/r2d2/app_secret"_s
                                 << u"DINGRELAY_SECRET_ROBOT_R2D2_APP_SECRET"_s;
    QTest::newRow("punctuation") << u"robot/my-bot.v1 x/app_secret"_s
                                 << u"DINGRELAY_SECRET_ROBOT_MY_BOT_V1_X_APP_SECRET"_s;
    QTest::newRow("Chinese") << u"robot/机器人/app_secret"_s
                             << u"DINGRELAY_SECRET_ROBOT_____APP_SECRET"_s;
    QTest::newRow("accented letter")
        << u"robot/café/app_secret"_s << u"DINGRELAY_SECRET_ROBOT_CAF__APP_SECRET"_s;
    QTest::newRow("fullwidth digit")
        << u"robot/１/app_secret"_s << u"DINGRELAY_SECRET_ROBOT___APP_SECRET"_s;
}

void TestSecrets::environmentName()
{
    QFETCH(QString, key);
    QFETCH(QString, name);
    QCOMPARE(SecretStore::environmentName(key), name);
}

void TestSecrets::readFound()
{
    EnvSecretStore store(
        environment({{u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-test-1234567890"_s}}));
    std::optional<SecretResult> got;
    store.read(u"model/api_key"_s, this, [&got](const SecretResult &r) { got = r; });
    QTRY_VERIFY(got.has_value());
    QVERIFY(got->found);
    QCOMPARE(got->value, u"sk-test-1234567890"_s);
    QVERIFY(got->error.isEmpty());
}

void TestSecrets::readNotFound()
{
    EnvSecretStore store(environment({{u"DINGRELAY_SECRET_OTHER"_s, u"x"_s}}));
    std::optional<SecretResult> got;
    store.read(u"model/api_key"_s, this, [&got](const SecretResult &r) { got = r; });
    QTRY_VERIFY(got.has_value());
    QVERIFY(!got->found);
    QVERIFY(got->value.isEmpty());
    QVERIFY(got->error.isEmpty());
}

void TestSecrets::readEmptyIsNotFound()
{
    EnvSecretStore store(environment({{u"DINGRELAY_SECRET_MODEL_API_KEY"_s, QString()}}));
    std::optional<SecretResult> got;
    store.read(u"model/api_key"_s, this, [&got](const SecretResult &r) { got = r; });
    QTRY_VERIFY(got.has_value());
    QVERIFY(!got->found);
    QVERIFY(got->error.isEmpty());
}

void TestSecrets::readCompletesLater()
{
    EnvSecretStore store(environment({{u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"abcd"_s}}));
    int calls = 0;
    store.read(u"model/api_key"_s, this, [&calls](const SecretResult &) { ++calls; });
    QCOMPARE(calls, 0); // not inside read()
    QTRY_COMPARE(calls, 1);
    // No event says "no second answer": a short wait gives a stray one time to show.
    QTest::qWait(20);
    QCOMPARE(calls, 1); // and only once
}

void TestSecrets::callbackDroppedWithContext()
{
    EnvSecretStore store(environment({{u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"abcd"_s}}));
    bool deadCalled = false;
    bool liveCalled = false;
    auto *context = new QObject;
    store.read(u"model/api_key"_s, context,
               [&deadCalled](const SecretResult &) { deadCalled = true; });
    delete context;
    // Queued after the first: once this one has run, the first would have run too.
    store.read(u"model/api_key"_s, this,
               [&liveCalled](const SecretResult &) { liveCalled = true; });
    QTRY_VERIFY(liveCalled);
    QVERIFY(!deadCalled);
}

void TestSecrets::writeRefused()
{
    EnvSecretStore store{QProcessEnvironment()};
    std::optional<QString> error;
    store.write(u"robot/default/app_secret"_s, u"hunter2-value"_s, this,
                [&error](const QString &e) { error = e; });
    QVERIFY(!error.has_value());
    QTRY_VERIFY(error.has_value());
    QVERIFY2(error->contains(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s), qPrintable(*error));
    QVERIFY(!error->contains(u"hunter2-value"_s));
}

void TestSecrets::removeRefused()
{
    EnvSecretStore store{QProcessEnvironment()};
    std::optional<QString> error;
    store.remove(u"model/api_key"_s, this, [&error](const QString &e) { error = e; });
    QVERIFY(!error.has_value());
    QTRY_VERIFY(error.has_value());
    QVERIFY2(error->contains(u"DINGRELAY_SECRET_MODEL_API_KEY"_s), qPrintable(*error));
}

void TestSecrets::describeNamesEnvironment()
{
    EnvSecretStore store{QProcessEnvironment()};
    QVERIFY(store.describe().contains(u"DINGRELAY_SECRET_"_s));
}

void TestSecrets::loaderAllPresent()
{
    EnvSecretStore store(environment({
        {u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-aaaaaaaaaaaa"_s},
        {u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s, u"robot-secret"_s},
    }));
    std::optional<SecretLoadResult> got;
    SecretLoader::load(store, {u"model/api_key"_s, u"robot/default/app_secret"_s}, this,
                       [&got](const SecretLoadResult &r) { got = r; });
    QVERIFY(!got.has_value());
    QTRY_VERIFY(got.has_value());
    QVERIFY(got->ok());
    QVERIFY(got->missing.isEmpty());
    QVERIFY(got->errors.isEmpty());
    QCOMPARE(got->values.size(), 2);
    QCOMPARE(got->values.value(u"model/api_key"_s), u"sk-aaaaaaaaaaaa"_s);
    QCOMPARE(got->values.value(u"robot/default/app_secret"_s), u"robot-secret"_s);
}

void TestSecrets::loaderMissing()
{
    EnvSecretStore store(environment({
        {u"DINGRELAY_SECRET_MODEL_API_KEY"_s, u"sk-aaaaaaaaaaaa"_s},
        {u"DINGRELAY_SECRET_ROBOT_OPS_APP_SECRET"_s, QString()},
    }));
    int calls = 0;
    std::optional<SecretLoadResult> got;
    SecretLoader::load(
        store, {u"model/api_key"_s, u"robot/default/app_secret"_s, u"robot/ops/app_secret"_s}, this,
        [&](const SecretLoadResult &r) {
            ++calls;
            got = r;
        });
    QTRY_VERIFY(got.has_value());
    QVERIFY(!got->ok());
    QCOMPARE(calls, 1);
    QCOMPARE(got->values.keys(), QStringList{u"model/api_key"_s});
    QCOMPARE(got->missing.size(), 2);
    QVERIFY(got->missing.contains(u"robot/default/app_secret"_s));
    QVERIFY(got->missing.contains(u"robot/ops/app_secret"_s));
    QVERIFY(got->errors.isEmpty());
    const QString text = got->describe();
    QVERIFY2(text.contains(u"DINGRELAY_SECRET_ROBOT_DEFAULT_APP_SECRET"_s), qPrintable(text));
    QVERIFY2(text.contains(u"DINGRELAY_SECRET_ROBOT_OPS_APP_SECRET"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"DINGRELAY_SECRET_MODEL_API_KEY"_s), qPrintable(text));
    QVERIFY(!text.contains(u"sk-aaaaaaaaaaaa"_s));
}

void TestSecrets::loaderEmptyKeys()
{
    EnvSecretStore store{QProcessEnvironment()};
    std::optional<SecretLoadResult> got;
    SecretLoader::load(store, {}, this, [&got](const SecretLoadResult &r) { got = r; });
    QVERIFY(!got.has_value()); // completes from the event loop, as with keys
    QTRY_VERIFY(got.has_value());
    QVERIFY(got->ok());
    QVERIFY(got->values.isEmpty());
    QVERIFY(got->describe().isEmpty());
}

void TestSecrets::loaderStoreError()
{
    FailingStore store;
    std::optional<SecretLoadResult> got;
    SecretLoader::load(store, {u"model/api_key"_s, u"broken/key"_s}, this,
                       [&got](const SecretLoadResult &r) { got = r; });
    QTRY_VERIFY(got.has_value());
    QVERIFY(!got->ok());
    QVERIFY(got->missing.isEmpty());
    QCOMPARE(got->errors.size(), 1);
    QVERIFY(got->errors.first().contains(u"broken/key"_s));
    QVERIFY(got->errors.first().contains(u"the keychain is locked"_s));
    QVERIFY(got->describe().contains(u"the keychain is locked"_s));
    QCOMPARE(got->values.value(u"model/api_key"_s), u"value of model/api_key"_s);
}

void TestSecrets::redactKnownSecret()
{
    Redactor redactor;
    redactor.addSecret(u"Qw3rtyUiop"_s);
    const QString out =
        redactor.redact(u"secret Qw3rtyUiop then again Qw3rtyUiop, glued xQw3rtyUiopx"_s);
    QVERIFY2(!out.contains(u"Qw3rtyUiop"_s), qPrintable(out));
    QCOMPARE(out, u"secret *** then again ***, glued x***x"_s);
    // Adding twice changes nothing; clearing forgets it.
    redactor.addSecret(u"Qw3rtyUiop"_s);
    QCOMPARE(redactor.redact(u"a Qw3rtyUiop b"_s), u"a *** b"_s);
    redactor.clearSecrets();
    QCOMPARE(redactor.redact(u"a Qw3rtyUiop b"_s), u"a Qw3rtyUiop b"_s);
}

void TestSecrets::redactShortValuesIgnored()
{
    Redactor redactor;
    redactor.addSecret(u"abc"_s);
    redactor.addSecret(QString());
    QCOMPARE(redactor.redact(u"abc is the alphabet, abcd too"_s),
             u"abc is the alphabet, abcd too"_s);
    redactor.addSecret(u"abcd"_s); // four characters is long enough
    QCOMPARE(redactor.redact(u"abc is the alphabet, abcd too"_s),
             u"abc is the alphabet, *** too"_s);
}

void TestSecrets::redactSecretWithRegexCharacters()
{
    Redactor redactor;
    redactor.addSecret(u"a+b.c*d(e)"_s);
    QCOMPARE(redactor.redact(u"value a+b.c*d(e) end; not aabbccdde"_s),
             u"value *** end; not aabbccdde"_s);
}

void TestSecrets::redactLongerSecretFirst()
{
    // When one secret is the start of another, masking the short one first would leave the
    // rest of the long one in the log.
    Redactor redactor;
    redactor.addSecret(u"secret12"_s);
    redactor.addSecret(u"secret12AndMore99"_s);
    const QString out = redactor.redact(u"token=secret12AndMore99"_s);
    QVERIFY2(!out.contains(u"AndMore99"_s), qPrintable(out));
    QVERIFY(!out.contains(u"secret12"_s));
}

void TestSecrets::redactEncodedForms()
{
    // An echoing server quotes a token from a URL percent-encoded, and credentials base64.
    Redactor redactor;
    const QString secret = u"tok+en/Value=9"_s;
    redactor.addSecret(secret);
    const QByteArray utf8 = secret.toUtf8();
    const QString text = u"url ?t=%1 b64 %2 b64url %3"_s.arg(
        QString::fromLatin1(QUrl::toPercentEncoding(secret)), QString::fromLatin1(utf8.toBase64()),
        QString::fromLatin1(utf8.toBase64(QByteArray::Base64UrlEncoding)));
    const QString out = redactor.redact(text);
    QVERIFY2(!out.contains(u"tok%2Ben"_s), qPrintable(out));
    QVERIFY2(!out.contains(QString::fromLatin1(utf8.toBase64().left(12))), qPrintable(out));
    QCOMPARE(out.count(u"***"_s), 3);
    // Basic credentials (a proxy login) are masked without knowing them.
    QCOMPARE(redactor.redact(u"Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA=="_s),
             u"Proxy-Authorization: Basic ***"_s);
}

void TestSecrets::maskSecretsLeavesTokenShapes()
{
    // A model's answer may explain a key's shape or quote a header: only known secrets go.
    Redactor redactor;
    redactor.addSecret(u"sk-known-0123456789"_s);
    QCOMPARE(redactor.maskSecrets(u"use sk-known-0123456789, not sk-example-abcdefgh or "
                                  u"Bearer abcdefghij"_s),
             u"use ***, not sk-example-abcdefgh or Bearer abcdefghij"_s);
}

void TestSecrets::maskSecretsSoFarHoldsBackABeginning()
{
    Redactor redactor;
    const QString key = u"sk-known-0123456789"_s;
    redactor.addSecret(key);
    for (qsizetype n = 1; n < key.size(); ++n)
        QCOMPARE(redactor.maskSecretsSoFar(u"key: "_s + key.left(n)), u"key: "_s);
    QCOMPARE(redactor.maskSecretsSoFar(u"key: "_s + key + u" ok"_s), u"key: *** ok"_s);
    QCOMPARE(redactor.maskSecretsSoFar(u"key: sk-other"_s), u"key: sk-other"_s);
    QCOMPARE(redactor.maskSecretsSoFar(u"nothing secret"_s), u"nothing secret"_s);
}

void TestSecrets::redactPatterns_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("sk key") << u"using key sk-proj_AbC123xyz789-QQ for the call"_s
                            << u"using key sk-*** for the call"_s;
    QTest::newRow("bearer header")
        << u"Authorization: Bearer abcDEF123456.xyz"_s << u"Authorization: Bearer ***"_s;
    QTest::newRow("lower-case bearer")
        << u"authorization: bearer abcDEF123456"_s << u"authorization: bearer ***"_s;
    QTest::newRow("webhook query")
        << u"POST https://oapi.dingtalk.com/robot/send?access_token=0123abcd&timestamp=1577262236757&sign=hmPW%2B7%3D failed"_s
        << u"POST https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1577262236757&sign=*** failed"_s;
    QTest::newRow("session webhook")
        << u"reply to https://oapi.dingtalk.com/robot/sendBySession?session=c4f1e2d3 (expired)"_s
        << u"reply to https://oapi.dingtalk.com/robot/sendBySession?session=*** (expired)"_s;
    QTest::newRow("no secrets") << u"model answered 42 tokens in 1.5 s, msgId=abc=="_s
                                << u"model answered 42 tokens in 1.5 s, msgId=abc=="_s;
    QTest::newRow("Chinese text") << u"用户问：今天天气怎么样？"_s << u"用户问：今天天气怎么样？"_s;
    QTest::newRow("short sk- word") << u"the sk-1 task"_s << u"the sk-1 task"_s;
    QTest::newRow("bare Bearer") << u"Bearer tokens go in headers"_s
                                 << u"Bearer tokens go in headers"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestSecrets::redactPatterns()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    Redactor redactor;
    QCOMPARE(redactor.redact(text), expected);
}

void TestSecrets::redactInstance()
{
    QCOMPARE(&Redactor::instance(), &Redactor::instance());
    Redactor::instance().addSecret(u"robotSecretValue"_s);
    QCOMPARE(Redactor::instance().redact(u"[robotSecretValue]"_s), u"[***]"_s);
    // A fresh Redactor does not share the instance's secrets.
    Redactor other;
    QCOMPARE(other.redact(u"[robotSecretValue]"_s), u"[robotSecretValue]"_s);
    Redactor::instance().clearSecrets();
    QCOMPARE(Redactor::instance().redact(u"[robotSecretValue]"_s), u"[robotSecretValue]"_s);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
