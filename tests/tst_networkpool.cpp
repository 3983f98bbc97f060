// NetworkPool: enough managers for the wanted concurrency, and the least busy one handed out.
#include "FakeHttpServer.h"

#include "util/NetworkPool.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

class TestNetworkPool : public QObject
{
    Q_OBJECT

private slots:
    void sizesForConcurrency_data();
    void sizesForConcurrency();
    void picksTheLeastBusy();
};

void TestNetworkPool::sizesForConcurrency_data()
{
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<int>("managers");
    QTest::newRow("0") << 0 << 1;
    QTest::newRow("1") << 1 << 1;
    QTest::newRow("6") << 6 << 1;
    QTest::newRow("7") << 7 << 2;
    QTest::newRow("64") << 64 << 11;
}

void TestNetworkPool::sizesForConcurrency()
{
    QFETCH(int, concurrency);
    QFETCH(int, managers);
    NetworkPool pool(concurrency);
    QCOMPARE(pool.size(), managers);
}

void TestNetworkPool::picksTheLeastBusy()
{
    FakeHttpServer fake;
    QVERIFY(fake.listen() != 0);
    fake.setDefault(canned(200, "{}", 300));
    NetworkPool pool(12);
    QCOMPARE(pool.size(), 2);
    QList<QNetworkReply *> replies;
    QSet<QNetworkAccessManager *> used;
    QHash<QNetworkAccessManager *, int> load;
    for (int i = 0; i < 12; ++i) {
        QNetworkAccessManager *manager = pool.pick();
        ++load[manager];
        used.insert(manager);
        QNetworkReply *reply = manager->get(QNetworkRequest(fake.url(u"/x"_s)));
        pool.track(manager, reply);
        replies << reply;
    }
    QCOMPARE(used.size(), 2);
    QCOMPARE(load.values(), (QList<int>{6, 6}));
    // Every request is in the server's hands at once: none waits inside Qt.
    QTRY_COMPARE_WITH_TIMEOUT(fake.count(), 12, 250);
    QTRY_VERIFY(std::all_of(replies.begin(), replies.end(),
                            [](QNetworkReply *r) { return r->isFinished(); }));
    // Finished replies free their slots again.
    QNetworkAccessManager *first = pool.pick();
    QNetworkReply *r = first->get(QNetworkRequest(fake.url(u"/y"_s)));
    pool.track(first, r);
    QVERIFY(pool.pick() != first);
    qDeleteAll(replies);
    QTRY_VERIFY(r->isFinished());
    delete r;
}

QTEST_GUILESS_MAIN(TestNetworkPool)
#include "tst_networkpool.moc"
