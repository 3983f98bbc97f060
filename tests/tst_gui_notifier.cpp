// Desktop notices: which problems notify, the rate limit per kind, new-message notices.
#include "Notifier.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Kind = Problem::Kind;

class TestGuiNotifier : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void notifiesProblemsThatNeedTheUser_data();
    void notifiesProblemsThatNeedTheUser();
    void showsAKindAtMostOncePerInterval();
    void countsTheNoticesHeldBack();
    void limitsEachKindOnItsOwn();
    void newMessagesOnlyWhenAskedFor();
    void shortensLongMessages();
    void keepsTheRecentNoticesNewestFirst();

private:
    qint64 m_now = 0;
    std::unique_ptr<Notifier> m_notifier;
};

void TestGuiNotifier::init()
{
    m_now = 1'700'000'000'000;
    m_notifier = std::make_unique<Notifier>();
    m_notifier->setClock([this] { return m_now; });
    m_notifier->setInterval(10);
}

void TestGuiNotifier::notifiesProblemsThatNeedTheUser_data()
{
    QTest::addColumn<Problem::Kind>("kind");
    QTest::addColumn<bool>("notifies");
    QTest::addColumn<QString>("words");
    QTest::newRow("bad key") << Kind::BadKey << true << u"API key"_s;
    QTest::newRow("quota") << Kind::Quota << true << u"quota"_s;
    QTest::newRow("model setup") << Kind::ModelSetup << true << u"set up wrongly"_s;
    QTest::newRow("keychain") << Kind::KeychainLocked << true << u"keychain is locked"_s;
    QTest::newRow("tunnel") << Kind::TunnelDown << true << u"cannot reach the relay"_s;
    QTest::newRow("dingtalk") << Kind::DingTalkRejected << true << u"refused an answer"_s;
    QTest::newRow("stream down") << Kind::StreamDown << true << u"Stream connection failed"_s;
    QTest::newRow("storage") << Kind::Storage << true << u"cannot store"_s;
    QTest::newRow("damaged") << Kind::DatabaseDamaged << true << u"damaged"_s;
    QTest::newRow("stream retrying") << Kind::StreamRetrying << false << QString();
    QTest::newRow("no robots") << Kind::NoRobots << false << QString();
}

void TestGuiNotifier::notifiesProblemsThatNeedTheUser()
{
    QFETCH(Problem::Kind, kind);
    QFETCH(bool, notifies);
    QFETCH(QString, words);
    QSignalSpy spy(m_notifier.get(), &Notifier::notice);
    QCOMPARE(m_notifier->problem({kind, u"sales"_s, u"errcode 310000"_s}), notifies);
    QCOMPARE(spy.count(), notifies ? 1 : 0);
    if (!notifies)
        return;
    const auto notice = spy.first().first().value<Notice>();
    QVERIFY2(notice.title.contains(words), qPrintable(notice.title));
    QVERIFY(notice.message.contains(u"errcode 310000"_s));
    if (kind == Kind::DingTalkRejected || kind == Kind::StreamDown)
        QVERIFY(notice.message.contains(u"sales"_s)); // names the robot
}

void TestGuiNotifier::showsAKindAtMostOncePerInterval()
{
    const Problem problem{Kind::BadKey, {}, u"401 invalid_api_key"_s};
    QVERIFY(m_notifier->problem(problem));
    m_now += 60 * 1000;
    QVERIFY(!m_notifier->problem(problem));
    m_now += 8 * 60 * 1000; // 9 minutes after the first
    QVERIFY(!m_notifier->problem(problem));
    m_now += 60 * 1000; // 10 minutes: shown again
    QVERIFY(m_notifier->problem(problem));
    QVERIFY(!m_notifier->problem(problem));
}

void TestGuiNotifier::countsTheNoticesHeldBack()
{
    QSignalSpy spy(m_notifier.get(), &Notifier::notice);
    for (int i = 0; i < 4; ++i)
        m_notifier->problem({Kind::DingTalkRejected, u"sales"_s, u"errcode 310000"_s});
    QCOMPARE(spy.count(), 1);
    m_now += 10 * 60 * 1000;
    m_notifier->problem({Kind::DingTalkRejected, u"sales"_s, u"errcode 310000"_s});
    QCOMPARE(spy.count(), 2);
    QVERIFY2(spy.last().first().value<Notice>().message.contains(u"3 more"_s),
             qPrintable(spy.last().first().value<Notice>().message));
}

void TestGuiNotifier::limitsEachKindOnItsOwn()
{
    QVERIFY(m_notifier->problem({Kind::BadKey, {}, u"401"_s}));
    QVERIFY(m_notifier->problem({Kind::Quota, {}, u"insufficient_quota"_s}));
    QVERIFY(m_notifier->problem({Kind::TunnelDown, {}, u"cloudflared exited"_s}));
    QVERIFY(!m_notifier->problem({Kind::BadKey, {}, u"401"_s}));
    // A robot's DingTalk trouble and another robot's are the same kind: one notice.
    QVERIFY(m_notifier->problem({Kind::DingTalkRejected, u"a"_s, u"310000"_s}));
    QVERIFY(!m_notifier->problem({Kind::DingTalkRejected, u"b"_s, u"310000"_s}));
}

void TestGuiNotifier::newMessagesOnlyWhenAskedFor()
{
    QSignalSpy spy(m_notifier.get(), &Notifier::notice);
    QVERIFY(!m_notifier->newMessage(u"sales"_s, u"Alice"_s, u"hello"_s));
    QCOMPARE(spy.count(), 0);
    m_notifier->setNewMessageNotices(true);
    QVERIFY(m_notifier->newMessage(u"sales"_s, u"Alice"_s, u"hello"_s));
    const auto notice = spy.first().first().value<Notice>();
    QVERIFY(notice.title.contains(u"sales"_s));
    QCOMPARE(notice.message, u"Alice: hello"_s);
    QCOMPARE(notice.severity, TrayController::Severity::Information);
    // A busy group does not flood the desktop: the rate limit applies to messages too.
    QVERIFY(!m_notifier->newMessage(u"sales"_s, u"Bob"_s, u"hi"_s));
}

void TestGuiNotifier::shortensLongMessages()
{
    m_notifier->setNewMessageNotices(true);
    QSignalSpy spy(m_notifier.get(), &Notifier::notice);
    m_notifier->newMessage(u"sales"_s, {}, QString(500, u'字') + u"\n\nend"_s);
    const QString message = spy.first().first().value<Notice>().message;
    QVERIFY(message.size() <= 120);
    QVERIFY(message.endsWith(u'…'));
}

void TestGuiNotifier::keepsTheRecentNoticesNewestFirst()
{
    for (int i = 0; i < 25; ++i) {
        m_now += 11 * 60 * 1000;
        m_notifier->problem({Kind::Quota, {}, u"notice %1"_s.arg(i)});
    }
    QCOMPARE(m_notifier->recent().size(), 20);
    QVERIFY(m_notifier->recent().first().message.contains(u"notice 24"_s));
    QCOMPARE(m_notifier->recent().first().at.toMSecsSinceEpoch(), m_now);
}

QTEST_MAIN(TestGuiNotifier)
#include "tst_gui_notifier.moc"
