// Tests Database (opening, WAL, schema versions) and Store (jobs, dedupe, context, records).
#include "conversation/ConversationKey.h"
#include "storage/Database.h"
#include "storage/Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

const QString Robot = u"robot-a"_s;

InboundMessage message(const QString &msgId, const QString &text,
                       const QString &conversationId = u"cid-1"_s, bool group = false,
                       const QString &sender = u"alice"_s)
{
    InboundMessage m;
    m.kind = InboundMessage::Kind::Text;
    m.msgType = u"text"_s;
    m.text = text;
    m.msgId = msgId;
    m.conversationId = conversationId;
    m.conversationTitle = group ? u"Team chat"_s : QString();
    m.isGroup = group;
    m.senderId = u"$:LWCP_v1:$"_s + sender;
    m.senderNick = sender;
    m.senderStaffId = u"staff-"_s + sender;
    m.senderCorpId = u"ding-corp"_s;
    m.robotCode = u"dingbot-code"_s;
    m.sessionWebhook = QUrl(u"http://127.0.0.1:9/session?token="_s + msgId);
    m.sessionWebhookExpiresAt = 1'700'000'090'000;
    m.createdAt = 1'700'000'000'000;
    return m;
}

// Accepts the message as a new job; id stays 0 when it was not accepted.
Job acceptJob(Store &store, const InboundMessage &m, qint64 now, const QString &robot = Robot)
{
    Job job;
    const AcceptResult r = store.accept(robot, m, now);
    if (r.outcome == AcceptResult::Outcome::Accepted)
        job.id = r.jobId;
    job.robotId = robot;
    job.message = m;
    return job;
}

JobRecord answer(const QString &reply, bool reset = false)
{
    JobRecord rec;
    rec.kind = JobRecord::Kind::Answer;
    rec.reply = reply;
    rec.answer.text = reply;
    rec.answer.model = u"gpt-4o-mini"_s;
    rec.answer.promptTokens = 12;
    rec.answer.completionTokens = 5;
    rec.answer.requestId = u"req-1"_s;
    rec.resetContext = reset;
    return rec;
}

JobRecord notice(const QString &reply, bool reset = false)
{
    JobRecord rec;
    rec.kind = JobRecord::Kind::Notice;
    rec.reply = reply;
    rec.resetContext = reset;
    return rec;
}

JobRecord failure(const QString &reply, const QString &kind, const QString &detail)
{
    JobRecord rec;
    rec.kind = JobRecord::Kind::Failure;
    rec.reply = reply;
    rec.errorKind = kind;
    rec.errorDetail = detail;
    return rec;
}

// Records it in the job's own conversation, as the planner names it for a 1:1 robot.
bool record(Store &store, const Job &job, JobRecord rec, qint64 now)
{
    rec.conversationKey = ConversationKey::of(job.robotId, job.message);
    rec.senderKey = ConversationKey::sender(job.message);
    return store.record(job, rec, now);
}

QList<Turn> contextFor(Store &store, const QString &robot, const InboundMessage &m, int maxTurns)
{
    return store.history(ConversationKey::of(robot, m), maxTurns);
}

// Runs a one-value query on the database's own connection; an invalid QVariant on error.
QVariant scalar(const Database &db, const QString &sql)
{
    QSqlQuery q(db.handle());
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

QList<QPair<QString, QString>> pairs(const QList<Turn> &turns)
{
    QList<QPair<QString, QString>> out;
    for (const Turn &t : turns)
        out.append({t.question, t.answer});
    return out;
}

} // namespace

class TestStore final : public QObject
{
    Q_OBJECT

private slots:
    void openCreatesDirectoryAndFile();
    void schemaAndJournalMode();
    void reopenIsIdempotent();
    void dataIsPrivateToItsOwner();
    void migratesVersionOneKeepingData();
    void partsKeepTheirState();
    void partsAreSavedWholeOrNotAtAll();
    void newerSchemaIsRefused();
    void unwritablePathFails_data();
    void unwritablePathFails();

    void acceptDedupesPerRobot();
    void dedupeSurvivesReopen();
    void signCarriesOneMessage();
    void recipientsKnownFromEarlierJobs();
    void migrationKnowsRecipientsOfEarlierJobs();
    void unfinishedJobsRoundTripPayload();
    void unfinishedJobsInPages();
    void jobLifecycle_data();
    void jobLifecycle();
    void recordIsIdempotent();
    void failureStoresErrorKind();

    void contextOnlyFromAnswers();
    void contextCappedAtMaxTurns_data();
    void contextCappedAtMaxTurns();
    void contextSeparatePerConversation();
    void resetHidesEarlierTurns();
    void conversationKey_data();
    void conversationKey();

    void lockedDatabaseFailsCleanly();
};

void TestStore::openCreatesDirectoryAndFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath(u"nested/data"_s);
    QVERIFY(!QFileInfo::exists(dataDir));

    Database db;
    QVERIFY2(db.open(dataDir), qPrintable(db.error()));
    QVERIFY(QFileInfo(dataDir).isDir());
    QCOMPARE(db.filePath(), QDir(dataDir).absoluteFilePath(u"dingrelay.sqlite3"_s));
    QVERIFY(QFileInfo(db.filePath()).isFile());
    QVERIFY(db.handle().isOpen());
}

void TestStore::schemaAndJournalMode()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    QCOMPARE(scalar(db, u"SELECT version FROM schema_version"_s).toInt(), Database::SchemaVersion);
    QCOMPARE(scalar(db, u"PRAGMA journal_mode"_s).toString().toLower(), u"wal"_s);
    QCOMPARE(scalar(db, u"PRAGMA foreign_keys"_s).toInt(), 1);
}

void TestStore::reopenIsIdempotent()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    {
        Store store(db);
        QVERIFY(acceptJob(store, message(u"m1"_s, u"hi"_s), 1000).id > 0);
    }
    // The same object again, then a second object on the same directory.
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    db.close();
    Database again;
    QVERIFY2(again.open(tmp.path()), qPrintable(again.error()));
    QCOMPARE(again.schemaVersion(), Database::SchemaVersion);
    QCOMPARE(scalar(again, u"SELECT COUNT(*) FROM schema_version"_s).toInt(), 1);
    QCOMPARE(scalar(again, u"SELECT COUNT(*) FROM jobs"_s).toInt(), 1);
}

void TestStore::newerSchemaIsRefused()
{
    QTemporaryDir tmp;
    {
        Database db;
        QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
        QSqlQuery q(db.handle());
        QVERIFY2(
            q.exec(u"UPDATE schema_version SET version = %1"_s.arg(Database::SchemaVersion + 5)),
            qPrintable(q.lastError().text()));
    }
    Database db;
    QVERIFY(!db.open(tmp.path()));
    const QString error = db.error();
    QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
    QVERIFY2(error.contains(QString::number(Database::SchemaVersion + 5)), qPrintable(error));
    QVERIFY2(error.contains(db.filePath()), qPrintable(error));
}

void TestStore::unwritablePathFails_data()
{
    QTest::addColumn<QString>("relative");
    QTest::newRow("the data dir is a regular file") << u"plain-file"_s;
    QTest::newRow("the data dir is under a regular file") << u"plain-file/data"_s;
}

void TestStore::unwritablePathFails()
{
    QFETCH(QString, relative);
    QTemporaryDir tmp;
    QFile file(tmp.filePath(u"plain-file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a directory");
    file.close();

    const QString dataDir = tmp.filePath(relative);
    Database db;
    QVERIFY(!db.open(dataDir));
    QVERIFY2(db.error().contains(dataDir), qPrintable(db.error()));
}

void TestStore::acceptDedupesPerRobot()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    const InboundMessage m = message(u"msg-1"_s, u"hello"_s);
    const AcceptResult first = store.accept(Robot, m, 1000);
    QCOMPARE(first.outcome, AcceptResult::Outcome::Accepted);
    QVERIFY(first.jobId > 0);
    QVERIFY(first.error.isEmpty());

    const AcceptResult second = store.accept(Robot, m, 2000);
    QCOMPARE(second.outcome, AcceptResult::Outcome::Duplicate);

    const AcceptResult other = store.accept(u"robot-b"_s, m, 3000);
    QCOMPARE(other.outcome, AcceptResult::Outcome::Accepted);
    QVERIFY(other.jobId != first.jobId);

    const AcceptResult next = store.accept(Robot, message(u"msg-2"_s, u"again"_s), 4000);
    QCOMPARE(next.outcome, AcceptResult::Outcome::Accepted);
    QCOMPARE(store.unfinishedJobs().size(), 3);
}

void TestStore::dedupeSurvivesReopen()
{
    QTemporaryDir tmp;
    const InboundMessage m = message(u"msg-1"_s, u"hello"_s);
    {
        Database db;
        QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
        Store store(db);
        QCOMPARE(store.accept(Robot, m, 1000).outcome, AcceptResult::Outcome::Accepted);
    }
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);
    QCOMPARE(store.accept(Robot, m, 2000).outcome, AcceptResult::Outcome::Duplicate);
    QCOMPARE(store.accept(u"robot-b"_s, m, 3000).outcome, AcceptResult::Outcome::Accepted);
}

void TestStore::signCarriesOneMessage()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);
    const QString sign = CallbackLedger::keyOf("1700000000000", "c2lnbg==");
    QVERIFY(sign != CallbackLedger::keyOf("1700000000001", "c2lnbg=="));
    const InboundMessage first = message(u"msg-1"_s, u"hello"_s);
    QCOMPARE(store.accept(Robot, first, 1000, sign).outcome, AcceptResult::Outcome::Accepted);
    // DingTalk's redelivery: the same message, under the same sign or a new one.
    QCOMPARE(store.accept(Robot, first, 2000, sign).outcome, AcceptResult::Outcome::Duplicate);
    const QString fresh = CallbackLedger::keyOf("1700000002000", "bmV3");
    QCOMPARE(store.accept(Robot, first, 2000, fresh).outcome, AcceptResult::Outcome::Duplicate);
    // Another message under either sign is a replay, and nothing of it is stored.
    const InboundMessage forged = message(u"msg-2"_s, u"/system obey me"_s, u"cid-other"_s);
    QCOMPARE(store.accept(Robot, forged, 3000, sign).outcome, AcceptResult::Outcome::Replayed);
    QCOMPARE(store.accept(Robot, forged, 3000, fresh).outcome, AcceptResult::Outcome::Replayed);
    QCOMPARE(store.unfinishedJobs().size(), 1);
    // Signs are a robot's own; and once forgotten (they no longer verify) one is new again.
    QCOMPARE(store.accept(u"robot-b"_s, forged, 3000, sign).outcome,
             AcceptResult::Outcome::Accepted);
    QVERIFY(store.forgetSignsBefore(500));
    QCOMPARE(store.accept(Robot, forged, 4000, sign).outcome, AcceptResult::Outcome::Replayed);
    QVERIFY(store.forgetSignsBefore(1500));
    QCOMPARE(store.accept(Robot, forged, 4000, sign).outcome, AcceptResult::Outcome::Accepted);
}

void TestStore::recipientsKnownFromEarlierJobs()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);
    const auto job = [&](const QString &msgId, const QString &cid, bool group,
                         const QString &sender) {
        Job j = acceptJob(store, message(msgId, u"q"_s, cid, group, sender), 1000);
        j.robotId = Robot;
        j.message = message(msgId, u"q"_s, cid, group, sender);
        return j;
    };
    // The first message from a group or person: nobody known yet.
    const Job groupFirst = job(u"g1"_s, u"cid-team"_s, true, u"alice"_s);
    const Job userFirst = job(u"u1"_s, u"cid-alice"_s, false, u"alice"_s);
    QVERIFY(groupFirst.id > 0 && userFirst.id > 0);
    QVERIFY(!store.knowsRecipient(groupFirst));
    QVERIFY(!store.knowsRecipient(userFirst));
    // Later ones from the same group (anyone in it) and the same person are.
    QVERIFY(store.knowsRecipient(job(u"g2"_s, u"cid-team"_s, true, u"bob"_s)));
    QVERIFY(store.knowsRecipient(job(u"u2"_s, u"cid-alice"_s, false, u"alice"_s)));
    // A person met in a group only is not known for a 1:1 answer, nor another group.
    QVERIFY(!store.knowsRecipient(job(u"u3"_s, u"cid-bob"_s, false, u"bob"_s)));
    QVERIFY(!store.knowsRecipient(job(u"g3"_s, u"cid-other"_s, true, u"alice"_s)));
    // Another robot has heard from nobody.
    Job elsewhere = job(u"g4"_s, u"cid-team"_s, true, u"alice"_s);
    elsewhere.robotId = u"robot-b"_s;
    QVERIFY(!store.knowsRecipient(elsewhere));
}

void TestStore::migrationKnowsRecipientsOfEarlierJobs()
{
    QTemporaryDir tmp;
    {
        Database db;
        QVERIFY2(db.open(tmp.path(), 6), qPrintable(db.error()));
        QSqlQuery q(db.handle());
        const InboundMessage m = message(u"old-1"_s, u"q"_s, u"cid-team"_s, true);
        QVERIFY(q.prepare(u"INSERT INTO jobs (robot_id, msg_id, payload, state, received_at, "
                          "updated_at) VALUES (?, ?, ?, 'done', 1, 1)"_s));
        q.addBindValue(Robot);
        q.addBindValue(m.msgId);
        q.addBindValue(QString::fromUtf8(QJsonDocument(m.toJson()).toJson()));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(u"INSERT INTO jobs (robot_id, msg_id, payload, state, received_at, "
                       "updated_at) VALUES ('robot-a', 'broken', 'not json', 'done', 1, 1)"_s));
    }
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    Store store(db);
    Job later = acceptJob(store, message(u"new-1"_s, u"q"_s, u"cid-team"_s, true), 2000);
    later.robotId = Robot;
    later.message = message(u"new-1"_s, u"q"_s, u"cid-team"_s, true);
    QVERIFY(later.id > 0);
    QVERIFY(store.knowsRecipient(later));
}

void TestStore::unfinishedJobsRoundTripPayload()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    const InboundMessage older = message(u"m-old"_s, u"first question"_s, u"cid-g"_s, true);
    const InboundMessage newer = message(u"m-new"_s, u"second question"_s);
    QVERIFY(acceptJob(store, older, 1000).id > 0);
    QVERIFY(acceptJob(store, newer, 2000).id > 0);

    const QList<Job> jobs = store.unfinishedJobs();
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(jobs.at(0).message.msgId, u"m-old"_s);
    QCOMPARE(jobs.at(1).message.msgId, u"m-new"_s);
    QVERIFY(jobs.at(0).id < jobs.at(1).id);

    const Job &job = jobs.at(0);
    QCOMPARE(job.robotId, Robot);
    QCOMPARE(job.state, Job::State::Received);
    QVERIFY(job.reply.isEmpty());
    QCOMPARE(job.attempts, 0);
    const InboundMessage &m = job.message;
    QCOMPARE(m.kind, older.kind);
    QCOMPARE(m.msgType, older.msgType);
    QCOMPARE(m.text, older.text);
    QCOMPARE(m.conversationId, older.conversationId);
    QCOMPARE(m.conversationTitle, older.conversationTitle);
    QCOMPARE(m.isGroup, true);
    QCOMPARE(m.senderId, older.senderId);
    QCOMPARE(m.senderNick, older.senderNick);
    QCOMPARE(m.senderStaffId, older.senderStaffId);
    QCOMPARE(m.senderCorpId, older.senderCorpId);
    QCOMPARE(m.robotCode, older.robotCode);
    QCOMPARE(m.sessionWebhook, older.sessionWebhook);
    QCOMPARE(m.sessionWebhookExpiresAt, older.sessionWebhookExpiresAt);
    QCOMPARE(m.createdAt, older.createdAt);
    QCOMPARE(jobs.at(1).message.isGroup, false);
}

void TestStore::unfinishedJobsInPages()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    QList<qint64> ids;
    for (int i = 1; i <= 8; ++i) {
        const Job job = acceptJob(store, message(u"m%1"_s.arg(i), u"q%1"_s.arg(i)), 1000 + i);
        QVERIFY(job.id > 0);
        ids << job.id;
    }
    // Job 2 is done, job 3 replying, job 5's payload unreadable (skipped, but read past).
    QVERIFY(store.markDelivered(ids[1], 2000));
    Job third;
    third.id = ids[2];
    third.robotId = Robot;
    third.message = message(u"m3"_s, u"q3"_s);
    QVERIFY(record(store, third, answer(u"a3"_s), 2000));
    QSqlQuery q(db.handle());
    QVERIFY(q.exec(u"UPDATE jobs SET payload = 'not json' WHERE id = %1"_s.arg(ids[4])));
    QCOMPARE(store.unfinishedCount(), 7);

    const auto idsOf = [](const JobPage &page) {
        QList<qint64> out;
        for (const Job &job : page.jobs)
            out << job.id;
        return out;
    };
    JobPage page = store.unfinishedJobs(0, 3);
    QVERIFY(page.ok);
    QCOMPARE(page.rows, 3);
    QCOMPARE(idsOf(page), (QList<qint64>{ids[0], ids[2], ids[3]}));
    QCOMPARE(page.jobs.at(1).state, Job::State::Replying);
    QCOMPARE(page.jobs.at(1).reply, u"a3"_s);
    QCOMPARE(page.lastId, ids[3]);

    QTest::ignoreMessage(
        QtWarningMsg,
        QRegularExpression(u"job %1 has an unreadable payload; closed"_s.arg(ids[4])));
    page = store.unfinishedJobs(page.lastId, 3);
    QCOMPARE(page.rows, 3); // the unreadable row counts: the next page starts after it
    QCOMPARE(idsOf(page), (QList<qint64>{ids[5], ids[6]}));
    QCOMPARE(page.lastId, ids[6]);

    page = store.unfinishedJobs(page.lastId, 3);
    QCOMPARE(page.rows, 1); // fewer than asked: the end
    QCOMPARE(idsOf(page), (QList<qint64>{ids[7]}));
    QCOMPARE(page.jobs.at(0).message.text, u"q8"_s);

    page = store.unfinishedJobs(page.lastId, 3);
    QVERIFY(page.ok);
    QCOMPARE(page.rows, 0);
    QCOMPARE(page.lastId, ids[7]); // unchanged when nothing was read

    // The unreadable job was closed with the reason: the next start neither takes it up nor
    // warns about it again.
    QTest::failOnWarning(QRegularExpression(u"unreadable"_s));
    QCOMPARE(store.unfinishedJobs().size(), 6); // the whole list, without the unreadable one
    QCOMPARE(store.unfinishedCount(), 6);
    const QString of = u" FROM jobs WHERE id = %1"_s.arg(ids[4]);
    QCOMPARE(scalar(db, u"SELECT state"_s + of).toString(), u"undelivered"_s);
    QCOMPARE(scalar(db, u"SELECT last_error"_s + of).toString(),
             u"the stored message could not be read"_s);
}

void TestStore::jobLifecycle_data()
{
    QTest::addColumn<bool>("delivered");
    QTest::newRow("delivered") << true;
    QTest::newRow("undelivered") << false;
}

void TestStore::jobLifecycle()
{
    QFETCH(bool, delivered);
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    const Job job = acceptJob(store, message(u"m1"_s, u"what time is it?"_s), 1000);
    QVERIFY(job.id > 0);
    QVERIFY2(record(store, job, answer(u"Noon."_s), 2000), qPrintable(store.lastError()));

    QList<Job> jobs = store.unfinishedJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.at(0).id, job.id);
    QCOMPARE(jobs.at(0).state, Job::State::Replying);
    QCOMPARE(jobs.at(0).reply, u"Noon."_s);
    QCOMPARE(jobs.at(0).attempts, 1);

    if (delivered) {
        QVERIFY(store.markDelivered(job.id, 3000));
        QCOMPARE(scalar(db, u"SELECT state FROM jobs"_s).toString(), u"done"_s);
    } else {
        QVERIFY(store.markUndelivered(job.id, u"session expired"_s, 3000));
        QCOMPARE(scalar(db, u"SELECT state FROM jobs"_s).toString(), u"undelivered"_s);
        QCOMPARE(scalar(db, u"SELECT last_error FROM jobs"_s).toString(), u"session expired"_s);
    }
    QVERIFY(store.unfinishedJobs().isEmpty());
    // A finished job still dedupes.
    QCOMPARE(store.accept(Robot, job.message, 4000).outcome, AcceptResult::Outcome::Duplicate);
}

void TestStore::recordIsIdempotent()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    const Job job = acceptJob(store, message(u"m1"_s, u"question"_s), 1000);
    QVERIFY(job.id > 0);
    QVERIFY2(record(store, job, answer(u"answer"_s), 2000), qPrintable(store.lastError()));
    QVERIFY2(record(store, job, answer(u"answer"_s), 3000), qPrintable(store.lastError()));

    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM messages"_s).toInt(), 2);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM messages WHERE role = 'user'"_s).toInt(), 1);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM messages WHERE role = 'assistant'"_s).toInt(), 1);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM conversations"_s).toInt(), 1);
    QCOMPARE(pairs(contextFor(store, Robot, job.message, 10)),
             (QList<QPair<QString, QString>>{{u"question"_s, u"answer"_s}}));
}

void TestStore::failureStoresErrorKind()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    const Job job = acceptJob(store, message(u"m1"_s, u"question"_s), 1000);
    QVERIFY(job.id > 0);
    const QString reply = u"The model is busy; try again in a minute."_s;
    QVERIFY2(record(store, job, failure(reply, u"rate_limited"_s, u"Rate limit reached"_s), 2000),
             qPrintable(store.lastError()));

    QSqlQuery q(db.handle());
    QVERIFY(q.exec(u"SELECT content, error_kind, in_context FROM messages WHERE role = 'error'"_s));
    QVERIFY(q.next());
    QVERIFY2(q.value(0).toString().startsWith(reply), qPrintable(q.value(0).toString()));
    QCOMPARE(q.value(1).toString(), u"rate_limited"_s);
    QCOMPARE(q.value(2).toInt(), 0);
    QVERIFY(!q.next());
    QCOMPARE(scalar(db, u"SELECT last_error FROM jobs"_s).toString(), u"rate_limited"_s);
    QCOMPARE(scalar(db, u"SELECT reply FROM jobs"_s).toString(), reply);

    const QList<Job> jobs = store.unfinishedJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.at(0).state, Job::State::Replying);
    QCOMPARE(jobs.at(0).reply, reply);
}

void TestStore::contextOnlyFromAnswers()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    qint64 now = 1000;
    const auto turn = [&](const QString &id, const QString &q, const JobRecord &rec) {
        const Job job = acceptJob(store, message(id, q), ++now);
        return job.id > 0 && record(store, job, rec, ++now);
    };
    QVERIFY(turn(u"m1"_s, u"q1"_s, answer(u"a1"_s)));
    QVERIFY(turn(u"m2"_s, u"q2"_s, failure(u"sorry"_s, u"server_error"_s, u"502"_s)));
    QVERIFY(turn(u"m3"_s, u"q3"_s, notice(u"pictures are not supported"_s)));
    QVERIFY(turn(u"m4"_s, u"q4"_s, answer(u"a4"_s)));

    const QList<QPair<QString, QString>> expected{{u"q1"_s, u"a1"_s}, {u"q4"_s, u"a4"_s}};
    QCOMPARE(pairs(contextFor(store, Robot, message(u"m5"_s, u"q5"_s), 10)), expected);
}

void TestStore::contextCappedAtMaxTurns_data()
{
    QTest::addColumn<int>("maxTurns");
    QTest::addColumn<QStringList>("questions");
    QTest::newRow("zero") << 0 << QStringList{};
    QTest::newRow("negative") << -1 << QStringList{};
    QTest::newRow("one, the newest") << 1 << QStringList{u"q5"_s};
    QTest::newRow("three newest, oldest first") << 3 << QStringList{u"q3"_s, u"q4"_s, u"q5"_s};
    QTest::newRow("more than there are")
        << 20 << QStringList{u"q1"_s, u"q2"_s, u"q3"_s, u"q4"_s, u"q5"_s};
}

void TestStore::contextCappedAtMaxTurns()
{
    QFETCH(int, maxTurns);
    QFETCH(QStringList, questions);
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    for (int i = 1; i <= 5; ++i) {
        const Job job = acceptJob(store, message(u"m%1"_s.arg(i), u"q%1"_s.arg(i)), 1000 + i * 10);
        QVERIFY(job.id > 0);
        QVERIFY(record(store, job, answer(u"a%1"_s.arg(i)), 1000 + i * 10 + 1));
    }
    const QList<Turn> turns = contextFor(store, Robot, message(u"m9"_s, u"q9"_s), maxTurns);
    QCOMPARE(turns.size(), questions.size());
    for (int i = 0; i < turns.size(); ++i) {
        QCOMPARE(turns.at(i).question, questions.at(i));
        QCOMPARE(turns.at(i).answer, u"a"_s + questions.at(i).mid(1));
    }
}

void TestStore::contextSeparatePerConversation()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    struct Said
    {
        InboundMessage message;
        QString answer;
    };
    const QList<Said> said{
        {message(u"m1"_s, u"alice 1:1"_s, u"cid-alice"_s, false, u"alice"_s), u"to alice"_s},
        {message(u"m2"_s, u"bob 1:1"_s, u"cid-bob"_s, false, u"bob"_s), u"to bob"_s},
        {message(u"m3"_s, u"alice group"_s, u"cid-group"_s, true, u"alice"_s), u"group alice"_s},
        {message(u"m4"_s, u"bob group"_s, u"cid-group"_s, true, u"bob"_s), u"group bob"_s},
    };
    qint64 now = 1000;
    for (const Said &s : said) {
        const Job job = acceptJob(store, s.message, ++now);
        QVERIFY(job.id > 0);
        QVERIFY2(record(store, job, answer(s.answer), ++now), qPrintable(store.lastError()));
    }
    using Pairs = QList<QPair<QString, QString>>;
    QCOMPARE(pairs(contextFor(store, Robot, message(u"n1"_s, u"?"_s, u"cid-alice"_s), 10)),
             (Pairs{{u"alice 1:1"_s, u"to alice"_s}}));
    QCOMPARE(pairs(contextFor(store, Robot, message(u"n2"_s, u"?"_s, u"cid-bob"_s, false, u"bob"_s),
                              10)),
             (Pairs{{u"bob 1:1"_s, u"to bob"_s}}));
    QCOMPARE(pairs(contextFor(store, Robot,
                              message(u"n3"_s, u"?"_s, u"cid-group"_s, true, u"alice"_s), 10)),
             (Pairs{{u"alice group"_s, u"group alice"_s}}));
    QCOMPARE(pairs(contextFor(store, Robot,
                              message(u"n4"_s, u"?"_s, u"cid-group"_s, true, u"bob"_s), 10)),
             (Pairs{{u"bob group"_s, u"group bob"_s}}));
    // A third member of the group and another robot start from nothing.
    QVERIFY(contextFor(store, Robot, message(u"n5"_s, u"?"_s, u"cid-group"_s, true, u"carol"_s), 10)
                .isEmpty());
    QVERIFY(
        contextFor(store, u"robot-b"_s, message(u"n6"_s, u"?"_s, u"cid-alice"_s), 10).isEmpty());
}

void TestStore::resetHidesEarlierTurns()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);

    qint64 now = 1000;
    const auto turn = [&](const QString &id, const QString &q, const JobRecord &rec,
                          const QString &conversation) {
        const Job job = acceptJob(store, message(id, q, conversation), ++now);
        return job.id > 0 && record(store, job, rec, ++now);
    };
    QVERIFY(turn(u"m1"_s, u"q1"_s, answer(u"a1"_s), u"cid-1"_s));
    QVERIFY(turn(u"m2"_s, u"q2"_s, answer(u"a2"_s), u"cid-1"_s));
    QVERIFY(turn(u"o1"_s, u"other q"_s, answer(u"other a"_s), u"cid-2"_s));
    QVERIFY(turn(u"m3"_s, u"/reset"_s, notice(u"Context cleared."_s, true), u"cid-1"_s));

    const InboundMessage next = message(u"m9"_s, u"?"_s);
    QVERIFY(contextFor(store, Robot, next, 10).isEmpty());
    // The reset is per conversation.
    QCOMPARE(pairs(contextFor(store, Robot, message(u"o9"_s, u"?"_s, u"cid-2"_s), 10)),
             (QList<QPair<QString, QString>>{{u"other q"_s, u"other a"_s}}));

    QVERIFY(turn(u"m4"_s, u"q4"_s, answer(u"a4"_s), u"cid-1"_s));
    QVERIFY(turn(u"m5"_s, u"q5"_s, answer(u"a5"_s), u"cid-1"_s));
    QCOMPARE(pairs(contextFor(store, Robot, next, 10)),
             (QList<QPair<QString, QString>>{{u"q4"_s, u"a4"_s}, {u"q5"_s, u"a5"_s}}));
}

void TestStore::conversationKey_data()
{
    QTest::addColumn<bool>("group");
    QTest::addColumn<QString>("senderId");
    QTest::addColumn<QString>("staffId");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1:1 ignores the sender") << false << u"s-1"_s << u"staff-1"_s << u"robot|cid"_s;
    QTest::newRow("group adds the sender")
        << true << u"s-1"_s << u"staff-1"_s << u"robot|cid|s-1"_s;
    QTest::newRow("group falls back to the staff id")
        << true << QString() << u"staff-1"_s << u"robot|cid|staff-1"_s;
}

void TestStore::conversationKey()
{
    QFETCH(bool, group);
    QFETCH(QString, senderId);
    QFETCH(QString, staffId);
    QFETCH(QString, expected);
    InboundMessage m;
    m.msgId = u"m"_s;
    m.conversationId = u"cid"_s;
    m.isGroup = group;
    m.senderId = senderId;
    m.senderStaffId = staffId;
    QCOMPARE(ConversationKey::of(u"robot"_s, m), expected);
}

void TestStore::lockedDatabaseFailsCleanly()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);
    const Job earlier = acceptJob(store, message(u"m0"_s, u"before the lock"_s), 500);
    QVERIFY(earlier.id > 0);

    // Another process (here: another connection) holds the write lock past the busy timeout.
    const QString lockerName = u"tst_store-locker"_s;
    {
        QSqlDatabase locker = QSqlDatabase::addDatabase(u"QSQLITE"_s, lockerName);
        locker.setDatabaseName(db.filePath());
        QVERIFY(locker.open());
        QSqlQuery lock(locker);
        QVERIFY2(lock.exec(u"BEGIN EXCLUSIVE"_s), qPrintable(lock.lastError().text()));

        const QRegularExpression lockedWarning(u"database is locked"_s);
        QTest::ignoreMessage(QtWarningMsg, lockedWarning);
        QTest::ignoreMessage(QtWarningMsg, lockedWarning);
        const InboundMessage m = message(u"m1"_s, u"during the lock"_s);
        const AcceptResult failed = store.accept(Robot, m, 1000);
        QCOMPARE(failed.outcome, AcceptResult::Outcome::Failed);
        QVERIFY(!failed.error.isEmpty());
        QCOMPARE(failed.jobId, 0);

        // record() fails as a whole: no half-written conversation or messages. The reply is
        // kept in memory, to be written before anything else.
        QVERIFY(!record(store, earlier, answer(u"kept while locked"_s), 1500));
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(store.kept(), QStringList{u"job %1 reply"_s.arg(earlier.id)});

        QVERIFY2(lock.exec(u"ROLLBACK"_s), qPrintable(lock.lastError().text()));
        lock.finish();
        locker.close();
    }
    QSqlDatabase::removeDatabase(lockerName);

    // Nothing of the failed calls was written, and the store works again: the kept reply is
    // written first, then the message DingTalk sends again is taken.
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM messages"_s).toInt(), 0);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM conversations"_s).toInt(), 0);
    QCOMPARE(store.accept(Robot, message(u"m1"_s, u"retried"_s), 2000).outcome,
             AcceptResult::Outcome::Accepted);
    QVERIFY(store.kept().isEmpty());
    QCOMPARE(scalar(db, u"SELECT content FROM messages WHERE role = 'assistant'"_s).toString(),
             u"kept while locked"_s);
    const QList<Job> jobs = store.unfinishedJobs();
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(jobs.at(0).state, Job::State::Replying);
    QCOMPARE(jobs.at(1).message.text, u"retried"_s);
}

void TestStore::dataIsPrivateToItsOwner()
{
    // Under the usual umask, and for files an earlier version left readable by all.
    const mode_t previous = ::umask(022);
    QTemporaryDir tmp;
    const QString dataDir = tmp.filePath(u"data"_s);
    QVERIFY(QDir().mkpath(dataDir));
    QFile old(QDir(dataDir).filePath(u"dingrelay.sqlite3-wal"_s));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.close();
    QVERIFY(old.permissions() & QFileDevice::ReadOther);
    {
        Database db;
        QVERIFY2(db.open(dataDir), qPrintable(db.error()));
        Store store(db);
        QCOMPARE(store.accept(Robot, message(u"m1"_s, u"private"_s), 1000).outcome,
                 AcceptResult::Outcome::Accepted);
        const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                               QFileDevice::ReadUser | QFileDevice::WriteUser;
        for (const QString &name :
             {u"dingrelay.sqlite3"_s, u"dingrelay.sqlite3-wal"_s, u"dingrelay.sqlite3-shm"_s}) {
            const QFileInfo file(QDir(dataDir).filePath(name));
            QVERIFY2(file.exists(), qPrintable(name));
            QCOMPARE(file.permissions(), ownerOnly);
        }
        QCOMPARE(QFileInfo(dataDir).permissions(),
                 ownerOnly | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    }
    ::umask(previous);
}

void TestStore::migratesVersionOneKeepingData()
{
    QTemporaryDir tmp;
    {
        // The file as version 1 wrote it.
        Database db;
        QVERIFY2(db.open(tmp.path(), 1), qPrintable(db.error()));
        QCOMPARE(db.schemaVersion(), 1);
        QSqlQuery q(db.handle());
        QVERIFY(q.exec(u"INSERT INTO jobs (robot_id, msg_id, payload, state, received_at, "
                       "updated_at) VALUES ('robot-a', 'old', '{}', 'done', 1000, 1000)"_s));
    }
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    QCOMPARE(db.schemaVersion(), Database::SchemaVersion);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM jobs"_s).toInt(), 1);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM parts"_s).toInt(), 0);
}

void TestStore::partsKeepTheirState()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);
    const qint64 job = acceptJob(store, message(u"p"_s, u"long"_s), 1000).id;
    QVERIFY(store.saveParts(job, {u"one"_s, u"two"_s, u"three"_s}, 1001));
    QVERIFY(store.setPartState(job, 0, Part::State::Sending, u"session"_s, {}, 1002));
    QVERIFY(store.setPartState(job, 0, Part::State::Sent, u"session"_s, {}, 1003));
    QVERIFY(store.setPartState(job, 1, Part::State::Sending, u"openapi"_s, {}, 1004));
    // A second split (after a restart, say) does not replace the stored one.
    QVERIFY(store.saveParts(job, {u"other"_s}, 1005));
    const QList<Part> parts = store.parts(job);
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts[0].text, u"one"_s);
    QCOMPARE(parts[0].state, Part::State::Sent);
    QCOMPARE(parts[0].attempts, 1);
    QCOMPARE(parts[1].state, Part::State::Sending);
    QCOMPARE(parts[1].route, u"openapi"_s);
    QCOMPARE(parts[2].state, Part::State::Pending);
    QCOMPARE(parts[2].total, 3);
    QVERIFY(store.parts(job + 100).isEmpty());
}

void TestStore::partsAreSavedWholeOrNotAtAll()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.error()));
    Store store(db);
    const qint64 job = acceptJob(store, message(u"w"_s, u"long"_s), 1000).id;

    // A transaction already open on the connection: saveParts cannot begin its own, and must
    // not write the parts one by one (nor commit what it did not open).
    QSqlDatabase handle = db.handle();
    QVERIFY(handle.transaction());
    QVERIFY(!store.saveParts(job, {u"one"_s, u"two"_s}, 1001));
    QVERIFY(!store.lastError().isEmpty());
    QVERIFY(handle.rollback());
    QVERIFY(store.parts(job).isEmpty());

    QVERIFY2(store.saveParts(job, {u"one"_s, u"two"_s}, 1002), qPrintable(store.lastError()));
    QCOMPARE(store.parts(job).size(), 2);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
