// KeyRing: parsing a secret into keys, taking them in turn, setting bad ones aside, masking.
#include "openai/KeyRing.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestKeyRing final : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void roundRobin();
    void setAsideSkips();
    void allSetAside();
    void noKeys();
    void setKeysResets();
    void mask_data();
    void mask();
    void statesAreMasked();
    void changedEmitted();
    void setsAsideOnlyForTheKeysFault_data();
    void setsAsideOnlyForTheKeysFault();
};

void TestKeyRing::parse_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QStringList>("keys");
    QTest::newRow("one") << u"sk-a"_s << QStringList{u"sk-a"_s};
    QTest::newRow("commas") << u"sk-a,sk-b,sk-c"_s << QStringList{u"sk-a"_s, u"sk-b"_s, u"sk-c"_s};
    QTest::newRow("comma and blanks") << u" sk-a , sk-b ,"_s << QStringList{u"sk-a"_s, u"sk-b"_s};
    QTest::newRow("newlines") << u"sk-a\nsk-b\r\nsk-c\n"_s
                              << QStringList{u"sk-a"_s, u"sk-b"_s, u"sk-c"_s};
    QTest::newRow("blanks and tabs")
        << u"sk-a  sk-b\tsk-c"_s << QStringList{u"sk-a"_s, u"sk-b"_s, u"sk-c"_s};
    QTest::newRow("mixed, empties")
        << u",,\n sk-a,\n\n,sk-b  ,"_s << QStringList{u"sk-a"_s, u"sk-b"_s};
    QTest::newRow("duplicates keep first order")
        << u"sk-b,sk-a,sk-b\nsk-a"_s << QStringList{u"sk-b"_s, u"sk-a"_s};
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("only separators") << u" ,\n\t, "_s << QStringList();
}

void TestKeyRing::parse()
{
    QFETCH(QString, secret);
    QFETCH(QStringList, keys);
    QCOMPARE(KeyRing::parseKeys(secret), keys);
}

void TestKeyRing::roundRobin()
{
    KeyRing ring;
    ring.setKeys({u"k1"_s, u"k2"_s, u"k3"_s});
    QCOMPARE(ring.size(), 3);
    QCOMPARE(ring.usableCount(), 3);
    QStringList got;
    for (int i = 0; i < 7; ++i)
        got << ring.next();
    QCOMPARE(got, (QStringList{u"k1"_s, u"k2"_s, u"k3"_s, u"k1"_s, u"k2"_s, u"k3"_s, u"k1"_s}));
}

void TestKeyRing::setAsideSkips()
{
    KeyRing ring;
    ring.setKeys({u"k1"_s, u"k2"_s, u"k3"_s});
    QCOMPARE(ring.next(), u"k1"_s);
    ring.setAside(u"k2"_s, u"invalid_api_key"_s);
    QCOMPARE(ring.usableCount(), 2);
    QStringList got;
    for (int i = 0; i < 4; ++i)
        got << ring.next();
    QCOMPARE(got, (QStringList{u"k3"_s, u"k1"_s, u"k3"_s, u"k1"_s}));
    const auto states = ring.states();
    QCOMPARE(states.size(), 3);
    QVERIFY(states[0].usable);
    QVERIFY(!states[1].usable);
    QCOMPARE(states[1].reason, u"invalid_api_key"_s);
    QVERIFY(states[2].usable);
    QVERIFY(states[0].reason.isEmpty());
}

void TestKeyRing::allSetAside()
{
    KeyRing ring;
    ring.setKeys({u"k1"_s, u"k2"_s});
    ring.setAside(u"k1"_s, u"401"_s);
    ring.setAside(u"k2"_s, u"insufficient_quota"_s);
    QCOMPARE(ring.usableCount(), 0);
    QVERIFY(!ring.isEmpty()); // keys exist, none usable: not the same as "no key needed"
    QVERIFY(ring.next().isEmpty());
    QVERIFY(ring.next().isEmpty());
}

void TestKeyRing::noKeys()
{
    KeyRing ring;
    QVERIFY(ring.isEmpty());
    QVERIFY(ring.next().isEmpty());
    ring.setKeys(KeyRing::parseKeys(QString()));
    QVERIFY(ring.isEmpty());
    QCOMPARE(ring.usableCount(), 0);
    QVERIFY(ring.next().isEmpty());
    QVERIFY(ring.states().isEmpty());
}

void TestKeyRing::setKeysResets()
{
    KeyRing ring;
    ring.setKeys({u"k1"_s, u"k2"_s, u" k2 "_s, QString()});
    QCOMPARE(ring.size(), 2);
    ring.next();
    ring.setAside(u"k1"_s, u"401"_s);
    ring.setKeys({u"k1"_s, u"k2"_s});
    QCOMPARE(ring.usableCount(), 2);
    QCOMPARE(ring.next(), u"k1"_s);
}

void TestKeyRing::mask_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("masked");
    QTest::newRow("openai") << u"sk-proj-abcdefghijklmnopqrstuvwxyza1b2"_s << u"sk-…a1b2"_s;
    QTest::newRow("no prefix") << u"0123456789abcdefwxyz"_s << u"…wxyz"_s;
    QTest::newRow("azure hex") << u"f0e1d2c3b4a5968778695a4b3c2d1e0f"_s << u"…1e0f"_s;
    QTest::newRow("short") << u"sk-abcdefgh"_s << u"sk-…gh"_s;
    QTest::newRow("tiny") << u"abc"_s << u"…"_s;
    QTest::newRow("empty") << QString() << u"…"_s;
}

void TestKeyRing::mask()
{
    QFETCH(QString, key);
    QFETCH(QString, masked);
    const QString got = KeyRing::mask(key);
    QCOMPARE(got, masked);
    // Whatever the key, what is shown of it beyond the "sk-" marker is at most its last 4.
    const QString shown = got.mid(got.indexOf(u"…"_s) + 1);
    QVERIFY(shown.size() <= 4);
    QVERIFY(shown.isEmpty() || key.endsWith(shown));
}

void TestKeyRing::statesAreMasked()
{
    KeyRing ring;
    const QString secret = u"sk-SECRETSECRETSECRET9z8y"_s;
    ring.setKeys({secret});
    const auto states = ring.states();
    QCOMPARE(states.size(), 1);
    QCOMPARE(states[0].masked, u"sk-…9z8y"_s);
    QVERIFY(!states[0].masked.contains(u"SECRET"_s));
}

void TestKeyRing::changedEmitted()
{
    KeyRing ring;
    QSignalSpy spy(&ring, &KeyRing::changed);
    ring.setKeys({u"k1"_s, u"k2"_s});
    QCOMPARE(spy.count(), 1);
    ring.next();
    QCOMPARE(spy.count(), 1); // taking a key changes nothing anyone displays
    ring.setAside(u"k1"_s, u"401"_s);
    QCOMPARE(spy.count(), 2);
    ring.setAside(u"k1"_s, u"401 again"_s); // already aside
    ring.setAside(u"unknown"_s, u"401"_s);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(ring.states().at(0).reason, u"401"_s);
}

void TestKeyRing::setsAsideOnlyForTheKeysFault_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("aside");
    using K = ChatError::Kind;
    QTest::newRow("bad key") << int(K::BadKey) << true;
    QTest::newRow("quota") << int(K::QuotaExhausted) << true;
    QTest::newRow("rate limited") << int(K::RateLimited) << false;
    QTest::newRow("timeout") << int(K::Timeout) << false;
    QTest::newRow("server") << int(K::ServerError) << false;
    QTest::newRow("unreachable") << int(K::Unreachable) << false;
    QTest::newRow("model") << int(K::ModelNotFound) << false;
}

void TestKeyRing::setsAsideOnlyForTheKeysFault()
{
    QFETCH(int, kind);
    QFETCH(bool, aside);
    ChatError e;
    e.kind = ChatError::Kind(kind);
    QCOMPARE(KeyRing::setsAside(e), aside);
    // and what fromHttp makes of the typical answers agrees
    QCOMPARE(KeyRing::setsAside(ChatError::fromHttp(401, "{}", QString())), true);
    QCOMPARE(KeyRing::setsAside(
                 ChatError::fromHttp(429, R"({"error":{"code":"insufficient_quota"}})", QString())),
             true);
    QCOMPARE(KeyRing::setsAside(ChatError::fromHttp(
                 429, R"({"error":{"code":"rate_limit_exceeded"}})", QString())),
             false);
}

QTEST_GUILESS_MAIN(TestKeyRing)
#include "tst_keyring.moc"
