// TokenBucket: bursts up to its capacity, then one message per period/capacity, on a fake clock.
#include "util/TokenBucket.h"

#include <QTest>

class TestTokenBucket : public QObject
{
    Q_OBJECT

private slots:
    void burstThenPaced();
    void refillsWhileIdleUpToCapacity();
    void clockGoingBackwardsIsHarmless();
};

void TestTokenBucket::burstThenPaced()
{
    qint64 now = 1000000;
    TokenBucket bucket(20, 60000, [&] { return now; });
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(bucket.waitMs(), 0);
        bucket.take();
    }
    QCOMPARE(bucket.waitMs(), 3000); // one token every 60 s / 20
    now += 2999;
    QCOMPARE(bucket.waitMs(), 1);
    now += 1;
    QCOMPARE(bucket.waitMs(), 0);
    bucket.take();
    QCOMPARE(bucket.waitMs(), 3000);
}

void TestTokenBucket::refillsWhileIdleUpToCapacity()
{
    qint64 now = 0;
    TokenBucket bucket(3, 3000, [&] { return now; });
    for (int i = 0; i < 3; ++i)
        bucket.take();
    now += 3600 * 1000; // an hour idle refills to 3, not more
    int sent = 0;
    while (bucket.waitMs() == 0 && sent < 10) {
        bucket.take();
        ++sent;
    }
    QCOMPARE(sent, 3);
}

void TestTokenBucket::clockGoingBackwardsIsHarmless()
{
    qint64 now = 10000;
    TokenBucket bucket(1, 1000, [&] { return now; });
    bucket.take();
    now -= 5000; // a wall clock set back
    QVERIFY(bucket.waitMs() > 0);
    QVERIFY(bucket.waitMs() <= 1000);
    now += 6000;
    QCOMPARE(bucket.waitMs(), 0);
}

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
