// The history read models: conversations (listing, paging, filters), one conversation's
// messages, live updates, deletion, clearing, retention, usage, and the search index migration.
#include "HistoryFixture.h"

#include "history/ConversationModel.h"
#include "history/HistoryWatcher.h"
#include "history/MessageModel.h"
#include "history/Retention.h"
#include "history/SearchModel.h"
#include "history/Usage.h"
#include "storage/Database.h"
#include "storage/HistoryMaintenance.h"
#include "storage/Store.h"
#include "storage/UsageReader.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Day = 24 * 60 * 60 * 1000;
const qint64 Start = 1'700'000'000'000; // 2023-11-14

qint64 scalar(const Database &db, const QString &sql)
{
    QSqlQuery q(db.handle());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

HistoryFixture::Chat chat(const QString &cid, const QString &sender = u"alice"_s,
                          const QString &robot = u"robot-a"_s, const QString &group = {})
{
    HistoryFixture::Chat c;
    c.conversationId = cid;
    c.sender = sender;
    c.robot = robot;
    c.group = !group.isEmpty();
    c.title = group;
    return c;
}
} // namespace

class TestHistory final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsNewestActivityFirst();
    void fetchesConversationsPageByPage();
    void filters_data();
    void filters();
    void messagesPageOlderAndJumpToOne();
    void liveUpdatesMoveAndAppend();
    void deletesConversationWithItsMessagesAndJobs();
    void clearsEverythingAndKeepsIndexing();
    void retentionPrunesOldMessages();
    void retentionZeroKeepsEverything();
    void usagePerDayRobotAndUser();
    void migrationIndexesExistingMessages();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<HistoryFixture> m_fixture;
};

void TestHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_dir->path()), qPrintable(m_db->error()));
    m_fixture = std::make_unique<HistoryFixture>(*m_db);
}

void TestHistory::cleanup()
{
    m_fixture.reset();
    m_db.reset();
    m_dir.reset();
}

void TestHistory::listsNewestActivityFirst()
{
    QVERIFY(m_fixture->exchange(chat(u"c1"_s, u"alice"_s), u"first"_s, u"one"_s, Start));
    QVERIFY(m_fixture->exchange(chat(u"c2"_s, u"bob"_s), u"second"_s, u"two"_s, Start + 10'000));
    QVERIFY(m_fixture->exchange(chat(u"c3"_s, u"carol"_s, u"robot-b"_s, u"产品群"_s), u"第三"_s,
                                u"三"_s, Start + 20'000));
    ConversationModel model(HistoryReader{*m_db});
    model.reload();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.at(0).displayName(), u"产品群 · carol"_s);
    QCOMPARE(model.at(0).robotId, u"robot-b"_s);
    QCOMPARE(model.at(0).lastText, u"三"_s);
    QCOMPARE(model.at(0).lastRole, u"assistant"_s);
    QCOMPARE(model.at(0).messageCount, 2);
    QCOMPARE(model.at(1).displayName(), u"bob"_s);
    QCOMPARE(model.at(2).displayName(), u"alice"_s);
    QCOMPARE(model.data(model.index(2), Qt::DisplayRole).toString(), u"alice"_s);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.robotIds(), (QStringList{u"robot-a"_s, u"robot-b"_s}));
}

void TestHistory::fetchesConversationsPageByPage()
{
    for (int i = 0; i < 7; ++i)
        QVERIFY(m_fixture->exchange(chat(u"c%1"_s.arg(i), u"u%1"_s.arg(i)), u"q"_s, u"a"_s,
                                    Start + i * 1000));
    ConversationModel model(HistoryReader{*m_db});
    model.setPageSize(3);
    model.reload();
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 6);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 7);
    QVERIFY(!model.canFetchMore({}));
    // Every conversation once, newest first, across the page boundaries.
    for (int row = 0; row < 7; ++row)
        QCOMPARE(model.at(row).senderNick, u"u%1"_s.arg(6 - row));
}

void TestHistory::filters_data()
{
    QTest::addColumn<ConversationFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    ConversationFilter f;
    QTest::newRow("none") << f << QStringList{u"dave"_s, u"carol"_s, u"bob"_s, u"alice"_s};
    f.robotId = u"robot-b"_s;
    QTest::newRow("robot") << f << QStringList{u"dave"_s, u"carol"_s};
    f = {};
    f.chats = ConversationFilter::Chats::Groups;
    QTest::newRow("groups") << f << QStringList{u"dave"_s, u"carol"_s};
    f.chats = ConversationFilter::Chats::Direct;
    QTest::newRow("direct") << f << QStringList{u"bob"_s, u"alice"_s};
    f = {};
    f.groupId = u"g-2"_s;
    QTest::newRow("one group") << f << QStringList{u"dave"_s};
    f = {};
    f.user = u"AL"_s;
    QTest::newRow("user, any case") << f << QStringList{u"alice"_s};
    f = {};
    f.fromMs = Start + 2 * Day;
    f.toMs = Start + 3 * Day;
    QTest::newRow("date range") << f << QStringList{u"carol"_s};
    f = {};
    f.fromMs = Start + 100 * Day;
    QTest::newRow("nothing then") << f << QStringList{};
    f = {};
    f.user = u"nobody' OR 1=1 --"_s;
    QTest::newRow("hostile user text") << f << QStringList{};
}

void TestHistory::filters()
{
    QFETCH(ConversationFilter, filter);
    QFETCH(QStringList, expected);
    QVERIFY(m_fixture->exchange(chat(u"c1"_s, u"alice"_s), u"q"_s, u"a"_s, Start));
    QVERIFY(m_fixture->exchange(chat(u"c2"_s, u"bob"_s), u"q"_s, u"a"_s, Start + Day));
    QVERIFY(m_fixture->exchange(chat(u"g-1"_s, u"carol"_s, u"robot-b"_s, u"Sales"_s), u"q"_s,
                                u"a"_s, Start + 2 * Day));
    QVERIFY(m_fixture->exchange(chat(u"g-2"_s, u"dave"_s, u"robot-b"_s, u"研发"_s), u"q"_s, u"a"_s,
                                Start + 4 * Day));
    ConversationModel model(HistoryReader{*m_db});
    model.setFilter(filter);
    QStringList names;
    for (int i = 0; i < model.rowCount(); ++i)
        names << model.at(i).senderNick;
    QCOMPARE(names, expected);
    QVERIFY2(model.lastError().isEmpty(), qPrintable(model.lastError()));
}

void TestHistory::messagesPageOlderAndJumpToOne()
{
    const auto c = chat(u"long"_s);
    for (int i = 0; i < 20; ++i)
        QVERIFY(m_fixture->exchange(c, u"question %1"_s.arg(i), u"answer %1"_s.arg(i),
                                    Start + i * 10'000));
    ConversationModel conversations(HistoryReader{*m_db});
    conversations.reload();
    const qint64 id = conversations.at(0).id;

    MessageModel model(HistoryReader{*m_db});
    model.setPageSize(8);
    model.openLatest(id);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.at(7).content, u"answer 19"_s); // oldest first, ending with the newest
    QCOMPARE(model.at(0).content, u"question 16"_s);
    QCOMPARE(model.at(7).model, u"gpt-4o-mini"_s);
    QCOMPARE(model.at(7).completionTokens, 20);
    QCOMPARE(model.at(6).promptTokens, -1);
    QVERIFY(model.canFetchOlder());
    QVERIFY(!model.canFetchMore());
    QSignalSpy older(&model, &MessageModel::olderRowsInserted);
    QCOMPARE(model.fetchOlder(), 8);
    QCOMPARE(older.size(), 1);
    QCOMPARE(model.at(0).content, u"question 12"_s);
    QCOMPARE(model.fetchOlder(), 8);
    QCOMPARE(model.fetchOlder(), 8);
    QCOMPARE(model.fetchOlder(), 8);
    QCOMPARE(model.fetchOlder(), 0);
    QVERIFY(!model.canFetchOlder());
    QCOMPARE(model.rowCount(), 40);

    // A search hit deep in the past: its page, with older and newer pages to read on.
    SearchModel search(SearchIndex{*m_db});
    search.setQuery(u"\"question 3\""_s);
    QCOMPARE(search.rowCount(), 1);
    model.openAt(id, search.at(0).messageId);
    const int row = model.rowOf(search.at(0).messageId);
    QVERIFY(row >= 0);
    QCOMPARE(model.at(row).content, u"question 3"_s);
    QVERIFY(model.canFetchOlder());
    QVERIFY(model.canFetchMore());
    while (model.canFetchMore())
        model.fetchMore();
    QCOMPARE(model.at(model.rowCount() - 1).content, u"answer 19"_s);
    model.openAt(id, 999'999); // not there: the newest page
    QCOMPARE(model.at(model.rowCount() - 1).content, u"answer 19"_s);
}

void TestHistory::liveUpdatesMoveAndAppend()
{
    QVERIFY(m_fixture->exchange(chat(u"c1"_s, u"alice"_s), u"hello"_s, u"hi"_s, Start));
    QVERIFY(m_fixture->exchange(chat(u"c2"_s, u"bob"_s), u"hey"_s, u"yo"_s, Start + 1000));
    // The window's own connection, as in the app.
    Database reader;
    QVERIFY(reader.open(m_dir->path()));
    ConversationModel conversations(HistoryReader{reader});
    conversations.reload();
    QCOMPARE(conversations.at(0).senderNick, u"bob"_s);
    MessageModel messages(HistoryReader{reader});
    messages.openLatest(conversations.at(1).id);
    QCOMPARE(messages.rowCount(), 2);
    HistoryWatcher watcher(HistoryReader{reader}, reader.filePath());
    QObject::connect(&watcher, &HistoryWatcher::messagesAdded, &conversations,
                     &ConversationModel::refreshSince);
    QObject::connect(&watcher, &HistoryWatcher::messagesAdded, &messages,
                     &MessageModel::refreshSince);
    QSignalSpy added(&watcher, &HistoryWatcher::messagesAdded);

    QVERIFY(m_fixture->exchange(chat(u"c1"_s, u"alice"_s), u"again"_s, u"还在"_s,
                                QDateTime::currentMSecsSinceEpoch()));
    QTRY_COMPARE(added.size(), 1);
    QCOMPARE(conversations.rowCount(), 2);
    QCOMPARE(conversations.at(0).senderNick, u"alice"_s);
    QCOMPARE(conversations.at(0).lastText, u"还在"_s);
    QCOMPARE(messages.rowCount(), 4);
    QCOMPARE(messages.at(3).content, u"还在"_s);
    // A new conversation appears at the top.
    QVERIFY(m_fixture->exchange(chat(u"c3"_s, u"erin"_s), u"new"_s, u"here"_s,
                                QDateTime::currentMSecsSinceEpoch() + 5000));
    QTRY_COMPARE(conversations.rowCount(), 3);
    QCOMPARE(conversations.at(0).senderNick, u"erin"_s);
    QCOMPARE(messages.rowCount(), 4);
}

void TestHistory::deletesConversationWithItsMessagesAndJobs()
{
    QVERIFY(m_fixture->exchange(chat(u"c1"_s, u"alice"_s), u"secret plans"_s, u"ok"_s, Start));
    QVERIFY(m_fixture->exchange(chat(u"c2"_s, u"bob"_s), u"public plans"_s, u"ok"_s, Start + 1));
    ConversationModel model(HistoryReader{*m_db});
    model.reload();
    const qint64 alice = model.at(1).id;
    QString error;
    QVERIFY2(HistoryMaintenance(*m_db).deleteConversations({alice}, &error), qPrintable(error));
    model.reload();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.at(0).senderNick, u"bob"_s);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM messages"_s), 2);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM jobs"_s), 1);
    SearchModel search(SearchIndex{*m_db});
    search.setQuery(u"plans"_s);
    QCOMPARE(search.rowCount(), 1);
    QCOMPARE(search.at(0).conversationName, u"bob"_s);
    QCOMPARE(
        scalar(*m_db, u"SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'secret'"_s), 0);
    QVERIFY(HistoryMaintenance(*m_db).deleteConversations({424242}, &error));
}

void TestHistory::clearsEverythingAndKeepsIndexing()
{
    for (int i = 0; i < 5; ++i)
        QVERIFY(m_fixture->exchange(chat(u"c%1"_s.arg(i)), u"数据库报错 %1"_s.arg(i), u"a"_s,
                                    Start + i));
    // A job the relay is still working on stays.
    InboundMessage pending;
    pending.msgId = u"pending"_s;
    pending.conversationId = u"cx"_s;
    pending.text = u"still coming"_s;
    pending.senderStaffId = u"staff-pending"_s;
    QCOMPARE(m_fixture->store().accept(u"robot-a"_s, pending, Start).outcome,
             AcceptResult::Outcome::Accepted);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM recipients"_s), 2); // alice, staff-pending
    QString error;
    QVERIFY2(HistoryMaintenance(*m_db).clearAll(&error), qPrintable(error));
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM messages"_s), 0);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM conversations"_s), 0);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM jobs"_s), 1);
    // Only the pending question's sender is still known to the robot.
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM recipients"_s), 1);
    QCOMPARE(
        scalar(*m_db, u"SELECT COUNT(*) FROM recipients WHERE dingtalk_id = 'staff-pending'"_s), 1);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'messages'"_s),
             3);
    SearchModel search(SearchIndex{*m_db});
    search.setQuery(u"数据库"_s);
    QCOMPARE(search.rowCount(), 0);
    QCOMPARE(
        scalar(*m_db, u"SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '数据库'"_s), 0);
    // New messages are searchable again: the triggers came back.
    QVERIFY(m_fixture->exchange(chat(u"new"_s), u"数据库又报错"_s, u"a"_s, Start + 100));
    search.setQuery(u"数据库"_s);
    QCOMPARE(search.rowCount(), 1);
    QVERIFY2(scalar(*m_db, u"SELECT COUNT(*) FROM pragma_integrity_check WHERE "
                           "integrity_check != 'ok'"_s) == 0,
             "integrity check");
    QSqlQuery check(m_db->handle());
    QVERIFY(check.exec(u"INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')"_s));
}

void TestHistory::retentionPrunesOldMessages()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(m_fixture->exchange(chat(u"old"_s, u"olga"_s), u"ancient"_s, u"a"_s, now - 40 * Day));
    QVERIFY(m_fixture->exchange(chat(u"mixed"_s, u"max"_s), u"old part"_s, u"a"_s, now - 35 * Day));
    QVERIFY(m_fixture->exchange(chat(u"mixed"_s, u"max"_s), u"new part"_s, u"a"_s, now - Day));
    QVERIFY(m_fixture->exchange(chat(u"new"_s, u"nina"_s), u"fresh"_s, u"a"_s, now));
    Retention retention(*m_db, 30);
    retention.setBatchSize(1); // several batches, each a turn of the event loop
    QSignalSpy pruned(&retention, &Retention::pruned);
    retention.start();
    QTRY_COMPARE(pruned.size(), 1);
    QCOMPARE(pruned.at(0).at(0).toInt(), 4);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM messages"_s), 4);
    ConversationModel model(HistoryReader{*m_db});
    model.reload();
    QCOMPARE(model.rowCount(), 2); // olga's conversation had nothing left
    SearchModel search(SearchIndex{*m_db});
    search.setQuery(u"part"_s);
    QCOMPARE(search.rowCount(), 1);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM jobs"_s), 2);
}

void TestHistory::retentionZeroKeepsEverything()
{
    QVERIFY(m_fixture->exchange(chat(u"old"_s), u"ancient"_s, u"a"_s, Start - 4000 * Day));
    Retention retention(*m_db, 0);
    QSignalSpy pruned(&retention, &Retention::pruned);
    retention.start();
    QCoreApplication::processEvents();
    QCOMPARE(pruned.size(), 0);
    QCOMPARE(scalar(*m_db, u"SELECT COUNT(*) FROM messages"_s), 2);
}

void TestHistory::usagePerDayRobotAndUser()
{
    const auto alice = chat(u"c1"_s, u"alice"_s, u"robot-a"_s);
    const auto bob = chat(u"c2"_s, u"bob"_s, u"robot-b"_s);
    QVERIFY(m_fixture->exchange(alice, u"q"_s, u"a"_s, Start));
    QVERIFY(m_fixture->exchange(alice, u"q"_s, u"a"_s, Start + 60'000));
    QVERIFY(m_fixture->exchange(bob, u"q"_s, u"a"_s, Start + 60'000));
    QVERIFY(m_fixture->exchange(bob, u"q"_s, u"a"_s, Start + Day));
    QVERIFY(m_fixture->failure(bob, u"q"_s, u"rate_limited"_s, u"slow down"_s, Start + Day));
    QVERIFY(m_fixture->exchange(bob, u"q"_s, u"a"_s, Start + 40 * Day)); // outside

    UsageRequest request;
    request.fromMs = Start - 1000;
    request.toMs = Start + 10 * Day;
    request.utcOffsetSeconds = 8 * 3600;
    const qint64 firstDay = (Start + 8 * 3600 * 1000) / Day;
    QString error;
    request.by = UsageRequest::By::Robot;
    QList<UsagePoint> points = UsageReader(*m_db).perDay(request, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(points.size(), 3);
    QHash<QString, UsagePoint> byKey;
    for (const UsagePoint &p : points)
        byKey.insert(QString::number(p.day - firstDay) + p.key, p);
    QCOMPARE(byKey.value(u"0robot-a"_s).questions, 2);
    QCOMPARE(byKey.value(u"0robot-a"_s).tokens(), 60);
    QCOMPARE(byKey.value(u"0robot-b"_s).questions, 1);
    QCOMPARE(byKey.value(u"1robot-b"_s).questions, 2);
    QCOMPARE(byKey.value(u"1robot-b"_s).answers, 1);
    QCOMPARE(byKey.value(u"1robot-b"_s).errors, 1);

    request.by = UsageRequest::By::User;
    points = UsageReader(*m_db).perDay(request, &error);
    qint64 bobQuestions = 0;
    for (const UsagePoint &p : points) {
        if (p.label == u"bob"_s)
            bobQuestions += p.questions;
    }
    QCOMPARE(bobQuestions, 3);

    request.by = UsageRequest::By::Total;
    points = UsageReader(*m_db).perDay(request, &error);
    QCOMPARE(points.size(), 2);
    QCOMPARE(points.at(0).questions + points.at(1).questions, 5);
    QCOMPARE(points.at(0).tokens() + points.at(1).tokens(), 4 * 30 + 10 * 0);

    // The loader gives the same on its own thread.
    UsageLoader loader(m_db->filePath());
    QSignalSpy loaded(&loader, &UsageLoader::loaded);
    loader.load(request);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(loaded.at(0).at(0).value<QList<UsagePoint>>().size(), 2);
}

void TestHistory::migrationIndexesExistingMessages()
{
    m_fixture.reset();
    m_db.reset();
    QTemporaryDir dir;
    {
        // The file as schema 4 left it: messages, but no search index yet.
        Database old;
        QVERIFY2(old.open(dir.path(), 4), qPrintable(old.error()));
        QCOMPARE(old.schemaVersion(), 4);
        QSqlQuery q(old.handle());
        QVERIFY(q.exec(u"INSERT INTO conversations (id, robot_id, conv_key, "
                       "dingtalk_conversation_id, is_group, created_at, updated_at) "
                       "VALUES (1, 'robot-a', 'k', 'cid', 0, 1, 1)"_s));
        QVERIFY(q.exec(u"INSERT INTO messages (conversation_id, role, content, created_at) VALUES "
                       "(1, 'user', 'written before search existed', 1), "
                       "(1, 'assistant', '好的，明白', 2)"_s));
        QCOMPARE(scalar(old, u"SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages_fts'"_s),
                 0);
    }
    Database db;
    QVERIFY2(db.open(dir.path()), qPrintable(db.error()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    SearchModel search(SearchIndex{db});
    search.setQuery(u"before search"_s);
    QCOMPARE(search.rowCount(), 1);
    search.setQuery(u"明白"_s);
    QCOMPARE(search.rowCount(), 1);
    QString why;
    QVERIFY2(SearchIndex(db).available(&why), qPrintable(why));
    QVERIFY(why.contains(u"FTS5"_s));
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
