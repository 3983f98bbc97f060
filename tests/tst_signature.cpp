// Tests Signature: DingTalk callback and custom-robot signs, verify() verdicts, constantTimeEquals.
#include "dingtalk/Signature.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Signature::Verdict)

namespace {
constexpr qint64 VectorTimestamp = 1577262236757;
const QByteArray CallbackSecret = QByteArrayLiteral("this is a secret");
const QByteArray CallbackVector = QByteArrayLiteral("DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=");
const QByteArray WebhookSecret = QByteArrayLiteral("this is secret");
const QByteArray WebhookVector =
    QByteArrayLiteral("hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D");
constexpr int Window = 3600;
constexpr qint64 WindowMs = qint64(Window) * 1000;
} // namespace

class TestSignature final : public QObject
{
    Q_OBJECT

private slots:
    void callbackVector();
    void webhookVector();
    void webhookSignIsPercentEncodedSign();
    void signDependsOnTimestampAndSecret();
    void verify_data();
    void verify();
    void describeEveryVerdict();
    void constantTimeEquals_data();
    void constantTimeEquals();
};

void TestSignature::callbackVector()
{
    QCOMPARE(Signature::sign(VectorTimestamp, CallbackSecret), CallbackVector);
}

void TestSignature::webhookVector()
{
    QCOMPARE(Signature::webhookSign(VectorTimestamp, WebhookSecret), WebhookVector);
}

void TestSignature::webhookSignIsPercentEncodedSign()
{
    const QByteArray plain = Signature::sign(VectorTimestamp, WebhookSecret);
    QCOMPARE(
        QByteArray::fromPercentEncoding(Signature::webhookSign(VectorTimestamp, WebhookSecret)),
        plain);
    QVERIFY(!Signature::webhookSign(VectorTimestamp, WebhookSecret).contains('+'));
    QVERIFY(!Signature::webhookSign(VectorTimestamp, WebhookSecret).contains('='));
}

void TestSignature::signDependsOnTimestampAndSecret()
{
    const QByteArray base = Signature::sign(VectorTimestamp, CallbackSecret);
    QVERIFY(Signature::sign(VectorTimestamp + 1, CallbackSecret) != base);
    QVERIFY(Signature::sign(VectorTimestamp, WebhookSecret) != base);
    // Base64 of a 32-byte HMAC: 44 characters with one '=' of padding.
    QCOMPARE(base.size(), 44);
    QVERIFY(base.endsWith('='));
}

void TestSignature::verify_data()
{
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<QByteArray>("sign");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<Signature::Verdict>("expected");

    using V = Signature::Verdict;
    const QByteArray ts = QByteArray::number(VectorTimestamp);
    const QByteArray good = CallbackVector;
    const qint64 t = VectorTimestamp;

    QTest::newRow("ok at the same instant") << ts << good << CallbackSecret << t << V::Ok;
    QTest::newRow("ok a minute later") << ts << good << CallbackSecret << t + 60000 << V::Ok;
    QTest::newRow("ok exactly at the window, past")
        << ts << good << CallbackSecret << t + WindowMs << V::Ok;
    QTest::newRow("ok exactly at the window, future")
        << ts << good << CallbackSecret << t - WindowMs << V::Ok;

    QTest::newRow("missing timestamp") << QByteArray() << good << CallbackSecret << t << V::Missing;
    QTest::newRow("missing sign") << ts << QByteArray() << CallbackSecret << t << V::Missing;
    QTest::newRow("missing both") << QByteArray() << QByteArray() << CallbackSecret << t
                                  << V::Missing;

    QTest::newRow("malformed letters")
        << QByteArray("abc") << good << CallbackSecret << t << V::Malformed;
    QTest::newRow("malformed trailing letters")
        << QByteArray(ts + "x") << good << CallbackSecret << t << V::Malformed;
    QTest::newRow("malformed decimal")
        << QByteArray("1577262236.757") << good << CallbackSecret << t << V::Malformed;
    QTest::newRow("malformed negative")
        << QByteArray("-1577262236757") << good << CallbackSecret << t << V::Malformed;

    QTest::newRow("stale one ms past the window")
        << ts << good << CallbackSecret << t + WindowMs + 1 << V::Stale;
    QTest::newRow("stale one day old") << ts << good << CallbackSecret << t + 86400000 << V::Stale;
    QTest::newRow("stale one ms too far in the future")
        << ts << good << CallbackSecret << t - WindowMs - 1 << V::Stale;
    QTest::newRow("stale a day in the future")
        << ts << good << CallbackSecret << t - 86400000 << V::Stale;

    QTest::newRow("mismatch wrong secret") << ts << good << WebhookSecret << t << V::Mismatch;
    QTest::newRow("mismatch truncated sign")
        << ts << good.left(good.size() - 1) << CallbackSecret << t << V::Mismatch;
    QTest::newRow("mismatch sign of another timestamp")
        << ts << Signature::sign(t + 1, CallbackSecret) << CallbackSecret << t << V::Mismatch;
    QTest::newRow("mismatch sign with extra byte")
        << ts << QByteArray(good + "A") << CallbackSecret << t << V::Mismatch;
    QTest::newRow("mismatch lower-cased sign")
        << ts << good.toLower() << CallbackSecret << t << V::Mismatch;
}

void TestSignature::verify()
{
    QFETCH(QByteArray, timestamp);
    QFETCH(QByteArray, sign);
    QFETCH(QByteArray, secret);
    QFETCH(qint64, now);
    QFETCH(Signature::Verdict, expected);
    QCOMPARE(Signature::verify(timestamp, sign, secret, now, Window), expected);
}

void TestSignature::describeEveryVerdict()
{
    using V = Signature::Verdict;
    QSet<QString> seen;
    for (const V v : {V::Ok, V::Missing, V::Malformed, V::Stale, V::Mismatch}) {
        const QString text = Signature::describe(v);
        QVERIFY2(!text.isEmpty(), qPrintable(QString::number(int(v))));
        seen.insert(text);
    }
    QCOMPARE(seen.size(), 5);
}

void TestSignature::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("expected");

    QTest::newRow("equal") << CallbackVector << CallbackVector << true;
    QTest::newRow("different last byte")
        << CallbackVector << QByteArray(CallbackVector.left(43) + "A") << false;
    QTest::newRow("different first byte") << QByteArray("abcdef") << QByteArray("xbcdef") << false;
    QTest::newRow("prefix is shorter") << QByteArray("abcdef") << QByteArray("abc") << false;
    QTest::newRow("longer than the other") << QByteArray("abc") << QByteArray("abcdef") << false;
    QTest::newRow("trailing NUL") << QByteArray("abc", 3) << QByteArray("abc\0", 4) << false;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("empty and non-empty") << QByteArray() << QByteArray("a") << false;
    QTest::newRow("non-empty and empty") << QByteArray("a") << QByteArray() << false;
}

void TestSignature::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, expected);
    QCOMPARE(Signature::constantTimeEquals(a, b), expected);
}

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
