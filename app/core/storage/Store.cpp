#include "storage/Store.h"

#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StoreEvents.h"
#include "util/Log.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace {
// Every write runs on the event loop, which answers /healthz and callbacks meanwhile: this is
// the longest a write waits for a lock another program holds.
constexpr int LockWaitMs = 20;

QString roleOf(JobRecord::Kind kind)
{
    switch (kind) {
    case JobRecord::Kind::Answer:
        return u"assistant"_s;
    case JobRecord::Kind::Failure:
        return u"error"_s;
    case JobRecord::Kind::Notice:
        return u"notice"_s;
    }
    return {};
}
} // namespace

Store::Store(Database &database)
    : m_db(database)
    , m_sql(database)
    , m_ledger(database)
{
    setLockWait(LockWaitMs);
}

Store::~Store() = default;

void Store::setHealthObserver(std::function<void(const QString &)> failed,
                              std::function<void()> worked)
{
    m_failed = std::move(failed);
    m_worked = std::move(worked);
}

void Store::setLockWait(int ms)
{
    m_db.setLockWait(ms);
}

void Store::written(bool ok, const QString &why)
{
    if (ok == !m_failing)
        return;
    m_failing = !ok;
    // Once a write has failed, the next ones fail at once instead of each waiting for a lock
    // that is likely still held; the first that works ends the episode.
    setLockWait(ok ? LockWaitMs : 0);
    if (ok && m_worked)
        m_worked();
    else if (!ok && m_failed)
        m_failed(why);
}

bool Store::writeKept()
{
    // Every write begins here. One through the mapping of a -shm that can no longer be
    // written (made immutable, say) would kill the process with SIGBUS: refused instead, and
    // what records progress is kept in memory until the file can be written again.
    if (m_db.sharedMemoryUnwritable()) {
        const QString error =
            u"cannot write %1-shm (SQLite's shared index of the WAL)"_s.arg(m_db.filePath());
        m_sql.setError(error);
        written(false, error);
        return false;
    }
    if (m_kept.isEmpty())
        return true;
    const qsizetype before = m_kept.size();
    while (!m_kept.isEmpty()) {
        if (m_kept.first().write()) {
            m_kept.removeFirst();
            continue;
        }
        const QString error = lastError();
        // Storage takes writes, yet this one fails: it never will (its job was deleted, say).
        // Dropped, so it does not block every write after it.
        if (writeProbe()) {
            qCWarning(lcStorage).noquote() << "dropped the kept record" << m_kept.first().what
                                           << "- it cannot be written:" << error;
            m_kept.removeFirst();
            continue;
        }
        m_sql.setError(error);
        written(false, error);
        return false;
    }
    qCInfo(lcStorage) << "wrote the" << before << "record(s) kept in memory while storage failed";
    return true;
}

QStringList Store::kept() const
{
    QStringList out;
    for (const Kept &k : m_kept)
        out << k.what;
    return out;
}

bool Store::progress(const QString &what, std::function<bool()> write)
{
    if (writeKept() && write()) {
        written(true, {});
        return true;
    }
    written(false, lastError());
    m_kept.append({what, std::move(write)});
    qCWarning(lcStorage).noquote() << "kept in memory until storage takes writes again:" << what;
    return false;
}

AcceptResult Store::accept(const QString &robotId, const InboundMessage &message, qint64 nowMs,
                           const QString &signKey)
{
    // Nothing new is taken before what is kept has been written.
    if (!writeKept()) {
        AcceptResult result;
        result.error = lastError();
        return result;
    }
    AcceptResult result = acceptNow(robotId, message, nowMs, signKey);
    written(result.outcome != AcceptResult::Outcome::Failed, result.error);
    return result;
}

AcceptResult Store::acceptNow(const QString &robotId, const InboundMessage &message, qint64 nowMs,
                              const QString &signKey)
{
    AcceptResult result;
    // The sign, the job and its recipient are written together, in one commit.
    Transaction tx(m_sql.handle());
    if (!tx.started(&result.error))
        return result;
    if (!signKey.isEmpty()) {
        switch (m_ledger.use(robotId, signKey, message.msgId, nowMs)) {
        case CallbackLedger::SignUse::Failed:
            result.error = m_ledger.lastError();
            return result;
        case CallbackLedger::SignUse::OtherMessage:
            result.outcome = AcceptResult::Outcome::Replayed;
            return result;
        case CallbackLedger::SignUse::New:
        case CallbackLedger::SignUse::SameMessage:
            break;
        }
    }
    QSqlQuery &insert = m_sql.prepared(
        "INSERT INTO jobs (robot_id, msg_id, payload, state, received_at, updated_at) "
        "VALUES (?, ?, ?, 'received', ?, ?) ON CONFLICT (robot_id, msg_id) DO NOTHING");
    insert.bindValue(0, robotId);
    insert.bindValue(1, message.msgId);
    insert.bindValue(
        2, QString::fromUtf8(QJsonDocument(message.toJson()).toJson(QJsonDocument::Compact)));
    insert.bindValue(3, nowMs);
    insert.bindValue(4, nowMs);
    if (!m_sql.run(insert)) {
        result.error = m_sql.lastError();
        return result;
    }
    const bool duplicate = insert.numRowsAffected() == 0;
    const qint64 jobId = duplicate ? 0 : insert.lastInsertId().toLongLong();
    insert.finish();
    if (!duplicate && !m_ledger.rememberRecipient(robotId, message, jobId)) {
        result.error = m_ledger.lastError();
        return result;
    }
    if (!tx.commit(&result.error))
        return result;
    result.outcome = duplicate ? AcceptResult::Outcome::Duplicate : AcceptResult::Outcome::Accepted;
    result.jobId = jobId;
    return result;
}

QList<Job> Store::unfinishedJobs()
{
    QList<Job> jobs;
    constexpr int PageSize = 500;
    JobPage page;
    do {
        page = unfinishedJobs(page.lastId, PageSize);
        jobs << page.jobs;
    } while (page.ok && page.rows == PageSize);
    return jobs;
}

JobPage Store::unfinishedJobs(qint64 afterId, int limit)
{
    JobPage page;
    page.lastId = afterId;
    // The ids are picked from the partial index alone, then only those rows are read: sorting
    // the whole rows of every unfinished job for each page would read the backlog each time.
    QSqlQuery &q = m_sql.prepared(
        "SELECT id, robot_id, payload, state, reply, attempts FROM jobs WHERE id IN "
        "(SELECT id FROM jobs WHERE state IN ('received', 'replying') AND id > ? ORDER BY id "
        "LIMIT ?) ORDER BY id");
    q.bindValue(0, afterId);
    q.bindValue(1, limit);
    if (!m_sql.run(q)) {
        page.ok = false;
        return page;
    }
    QList<qint64> unreadable;
    while (q.next()) {
        ++page.rows;
        page.lastId = q.value(0).toLongLong();
        const auto message =
            InboundMessage::fromJson(QJsonDocument::fromJson(q.value(2).toByteArray()).object());
        if (!message) {
            unreadable << page.lastId;
            continue;
        }
        Job job;
        job.id = page.lastId;
        job.robotId = q.value(1).toString();
        job.message = *message;
        job.state =
            q.value(3).toString() == u"replying"_s ? Job::State::Replying : Job::State::Received;
        job.reply = q.value(4).toString();
        job.attempts = q.value(5).toInt();
        page.jobs << job;
    }
    q.finish();
    // Closed with the reason, so they are not taken up (and warned about) at every start.
    for (const qint64 id : std::as_const(unreadable)) {
        qCWarning(lcStorage) << "job" << id << "has an unreadable payload; closed unanswered";
        markUndelivered(id, u"the stored message could not be read"_s,
                        QDateTime::currentMSecsSinceEpoch());
    }
    return page;
}

int Store::unfinishedCount()
{
    QSqlQuery &q =
        m_sql.prepared("SELECT COUNT(*) FROM jobs WHERE state IN ('received', 'replying')");
    if (!m_sql.run(q) || !q.next())
        return -1;
    const int count = q.value(0).toInt();
    q.finish();
    return count;
}

qint64 Store::ensureConversation(const QString &key, const QString &robotId,
                                 const InboundMessage &m, qint64 nowMs)
{
    QSqlQuery &upsert = m_sql.prepared(
        "INSERT INTO conversations (robot_id, conv_key, dingtalk_conversation_id, is_group, title, "
        "sender_id, sender_nick, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (conv_key) DO UPDATE SET title = excluded.title, "
        "sender_nick = excluded.sender_nick, updated_at = excluded.updated_at "
        "RETURNING id");
    upsert.bindValue(0, robotId);
    upsert.bindValue(1, key);
    upsert.bindValue(2, m.conversationId);
    upsert.bindValue(3, m.isGroup ? 1 : 0);
    upsert.bindValue(4, m.conversationTitle);
    upsert.bindValue(5, m.senderId);
    upsert.bindValue(6, m.senderNick);
    upsert.bindValue(7, nowMs);
    upsert.bindValue(8, nowMs);
    if (!m_sql.run(upsert) || !upsert.next())
        return 0;
    const qint64 id = upsert.value(0).toLongLong();
    upsert.finish();
    return id;
}

QList<Turn> Store::history(const QString &conversationKey, int maxTurns, qint64 excludeJob)
{
    QList<Turn> turns;
    if (maxTurns <= 0)
        return turns;
    QSqlQuery &q =
        m_sql.prepared("SELECT m.role, m.content, m.sender_nick FROM messages m "
                       "JOIN conversations c ON c.id = m.conversation_id "
                       "WHERE c.conv_key = ? AND m.in_context = 1 AND m.id > c.context_since "
                       "AND m.job_id IS NOT ? ORDER BY m.id DESC LIMIT ?");
    q.bindValue(0, conversationKey);
    q.bindValue(1, excludeJob > 0 ? QVariant(excludeJob) : QVariant(-1));
    q.bindValue(2, maxTurns * 2);
    if (!m_sql.run(q))
        return turns;
    // Newest first: an answer is read before its question.
    QString answer;
    while (q.next()) {
        const QString role = q.value(0).toString();
        if (role == u"assistant"_s) {
            answer = q.value(1).toString();
        } else if (!answer.isNull()) {
            turns.prepend({q.value(1).toString(), answer, q.value(2).toString()});
            answer = QString();
        }
    }
    q.finish();
    return turns;
}

bool Store::record(const Job &job, const JobRecord &rec, qint64 nowMs)
{
    if (rec.conversationKey.isEmpty()) {
        m_sql.setError(u"job %1's record names no conversation"_s.arg(job.id));
        return false;
    }
    return progress(u"job %1 reply"_s.arg(job.id),
                    [this, job, rec, nowMs] { return writeRecord(job, rec, nowMs); });
}

bool Store::writeRecord(const Job &job, const JobRecord &rec, qint64 nowMs)
{
    Transaction tx(m_db.handle());
    if (!tx.started()) {
        m_sql.setError(tx.error());
        return false;
    }
    const qint64 conversation =
        ensureConversation(rec.conversationKey, job.robotId, job.message, nowMs);
    if (conversation == 0)
        return false;

    const bool inContext = rec.kind == JobRecord::Kind::Answer;
    QSqlQuery &insert = m_sql.prepared(
        "INSERT INTO messages (conversation_id, job_id, role, content, sender_nick, created_at, "
        "in_context, model, prompt_tokens, completion_tokens, request_id, error_kind, "
        "sender_key, raw_content) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, role) DO NOTHING");
    const auto addRow = [&](const QString &role, const QString &content, qint64 at, bool withMeta) {
        insert.bindValue(0, conversation);
        insert.bindValue(1, job.id);
        insert.bindValue(2, role);
        insert.bindValue(3, content);
        insert.bindValue(4, role == u"user"_s ? job.message.senderNick : QString());
        insert.bindValue(5, at);
        insert.bindValue(6, inContext ? 1 : 0);
        insert.bindValue(7, withMeta ? rec.answer.model : QString());
        insert.bindValue(8, withMeta ? QVariant(rec.answer.promptTokens) : QVariant());
        insert.bindValue(9, withMeta ? QVariant(rec.answer.completionTokens) : QVariant());
        insert.bindValue(10, withMeta ? rec.answer.requestId : QString());
        insert.bindValue(11, role == u"error"_s ? rec.errorKind : QString());
        insert.bindValue(12, rec.senderKey);
        // The model's own words when DingTalk was shown less (a <think> block taken out).
        const bool raw = withMeta && !rec.answer.text.isEmpty() && rec.answer.text != content;
        insert.bindValue(13, raw ? QVariant(rec.answer.text) : QVariant());
        return m_sql.run(insert);
    };
    const qint64 askedAt = job.message.createdAt > 0 ? job.message.createdAt : nowMs;
    const QString question =
        job.message.text.isEmpty() ? u"[%1]"_s.arg(job.message.msgType) : job.message.text;
    const QString stored = rec.kind == JobRecord::Kind::Failure && !rec.errorDetail.isEmpty()
                               ? rec.reply + u"\n\n("_s + rec.errorDetail + u')'
                               : rec.reply;
    if (!addRow(u"user"_s, question, askedAt, false) ||
        !addRow(roleOf(rec.kind), stored, nowMs, rec.kind == JobRecord::Kind::Answer))
        return false;

    if (rec.replacesJob > 0) {
        // /retry: the turn asked again leaves the context; the new answer takes its place.
        QSqlQuery &drop = m_sql.prepared("UPDATE messages SET in_context = 0 WHERE job_id = ?");
        drop.bindValue(0, rec.replacesJob);
        if (!m_sql.run(drop))
            return false;
    }
    if (!rec.refusal.isEmpty()) {
        QSqlQuery &refusal = m_sql.prepared(
            "INSERT INTO refusals (robot_id, job_id, conversation_id, sender_key, sender_nick, "
            "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        refusal.bindValue(0, job.robotId);
        refusal.bindValue(1, job.id);
        refusal.bindValue(2, job.message.conversationId);
        refusal.bindValue(3, rec.senderKey);
        refusal.bindValue(4, job.message.senderNick);
        refusal.bindValue(5, rec.refusal);
        refusal.bindValue(6, nowMs);
        if (!m_sql.run(refusal))
            return false;
    }

    if (rec.resetContext) {
        QSqlQuery &reset = m_sql.prepared(
            "UPDATE conversations SET context_since = "
            "(SELECT COALESCE(MAX(id), 0) FROM messages WHERE conversation_id = ?) WHERE id = ?");
        reset.bindValue(0, conversation);
        reset.bindValue(1, conversation);
        if (!m_sql.run(reset))
            return false;
    }

    QSqlQuery &state = m_sql.prepared(
        "UPDATE jobs SET state = 'replying', reply = ?, attempts = attempts + 1, updated_at = ?, "
        "last_error = ? WHERE id = ?");
    state.bindValue(0, rec.reply);
    state.bindValue(1, nowMs);
    state.bindValue(2, rec.kind == JobRecord::Kind::Failure ? rec.errorKind : QString());
    state.bindValue(3, job.id);
    if (!m_sql.run(state))
        return false;
    if (!tx.commit()) {
        m_sql.setError(tx.error());
        return false;
    }
    StoreEvents::instance().announceMessages(m_db.filePath());
    return true;
}

namespace {
const char *partStateName(Part::State state)
{
    switch (state) {
    case Part::State::Pending:
        return "pending";
    case Part::State::Sending:
        return "sending";
    case Part::State::Sent:
        return "sent";
    case Part::State::Failed:
        return "failed";
    }
    return "pending";
}
} // namespace

QList<Part> Store::parts(qint64 jobId)
{
    QList<Part> out;
    QSqlQuery &q = m_sql.prepared("SELECT idx, total, text, state, route, attempts FROM parts "
                                  "WHERE job_id = ? ORDER BY idx");
    q.bindValue(0, jobId);
    if (!m_sql.run(q))
        return out;
    while (q.next()) {
        Part part;
        part.index = q.value(0).toInt();
        part.total = q.value(1).toInt();
        part.text = q.value(2).toString();
        const QString state = q.value(3).toString();
        part.state = state == u"sent"_s      ? Part::State::Sent
                     : state == u"sending"_s ? Part::State::Sending
                     : state == u"failed"_s  ? Part::State::Failed
                                             : Part::State::Pending;
        part.route = q.value(4).toString();
        part.attempts = q.value(5).toInt();
        out << part;
    }
    q.finish();
    return out;
}

bool Store::saveParts(qint64 jobId, const QStringList &texts, qint64 nowMs)
{
    // Not kept when refused: the parts are split again from the reply at the next try.
    if (!writeKept())
        return false;
    // All parts or none: a split stored in part would be sent as the whole answer.
    Transaction tx(m_db.handle());
    if (!tx.started()) {
        m_sql.setError(tx.error());
        return false;
    }
    QSqlQuery &insert =
        m_sql.prepared("INSERT INTO parts (job_id, idx, total, text, state, updated_at) "
                       "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (job_id, idx) DO NOTHING");
    for (qsizetype i = 0; i < texts.size(); ++i) {
        insert.bindValue(0, jobId);
        insert.bindValue(1, int(i));
        insert.bindValue(2, int(texts.size()));
        insert.bindValue(3, texts.at(i));
        insert.bindValue(4, nowMs);
        if (!m_sql.run(insert)) {
            written(false, lastError());
            return false;
        }
    }
    const bool ok = tx.commit();
    if (!ok)
        m_sql.setError(tx.error());
    written(ok, lastError());
    return ok;
}

bool Store::setPartState(qint64 jobId, int index, Part::State state, const QString &route,
                         const QString &error, qint64 nowMs)
{
    if (state == Part::State::Sending) {
        const bool ok = writeKept() && writePartState(jobId, index, state, route, error, nowMs);
        written(ok, lastError());
        return ok;
    }
    return progress(u"job %1 part %2 %3"_s.arg(jobId).arg(index + 1).arg(
                        QString::fromLatin1(partStateName(state))),
                    [=, this] { return writePartState(jobId, index, state, route, error, nowMs); });
}

bool Store::writePartState(qint64 jobId, int index, Part::State state, const QString &route,
                           const QString &error, qint64 nowMs)
{
    QSqlQuery &q =
        m_sql.prepared("UPDATE parts SET state = ?, route = ?, last_error = ?, updated_at = ?, "
                       "attempts = attempts + (CASE WHEN ? = 'sending' THEN 1 ELSE 0 END) "
                       "WHERE job_id = ? AND idx = ?");
    const QString name = QString::fromLatin1(partStateName(state));
    q.bindValue(0, name);
    q.bindValue(1, route);
    q.bindValue(2, error.isEmpty() ? QVariant() : QVariant(error));
    q.bindValue(3, nowMs);
    q.bindValue(4, name);
    q.bindValue(5, jobId);
    q.bindValue(6, index);
    return m_sql.run(q);
}

bool Store::markDelivered(qint64 jobId, qint64 nowMs)
{
    return progress(u"job %1 delivered"_s.arg(jobId), [this, jobId, nowMs] {
        QSqlQuery &q =
            m_sql.prepared("UPDATE jobs SET state = 'done', updated_at = ? WHERE id = ?");
        q.bindValue(0, nowMs);
        q.bindValue(1, jobId);
        return m_sql.run(q);
    });
}

bool Store::markUndelivered(qint64 jobId, const QString &error, qint64 nowMs)
{
    return progress(u"job %1 closed undelivered"_s.arg(jobId), [this, jobId, error, nowMs] {
        QSqlQuery &q = m_sql.prepared(
            "UPDATE jobs SET state = 'undelivered', last_error = ?, updated_at = ? WHERE id = ?");
        q.bindValue(0, error);
        q.bindValue(1, nowMs);
        q.bindValue(2, jobId);
        return m_sql.run(q);
    });
}

bool Store::probe()
{
    const bool ok = writeKept() && writeProbe();
    written(ok, lastError());
    return ok;
}

bool Store::writeProbe()
{
    Transaction tx(m_db.handle());
    if (!tx.started()) {
        m_sql.setError(tx.error());
        return false;
    }
    // Big enough to need a new page, so a full database says so.
    QSqlQuery &insert =
        m_sql.prepared("INSERT INTO storage_probe (filler) VALUES (zeroblob(8192))");
    QSqlQuery &clear = m_sql.prepared("DELETE FROM storage_probe");
    // Quietly: while storage fails, this runs every few seconds.
    for (QSqlQuery *q : {&insert, &clear}) {
        if (!m_sql.runQuietly(*q))
            return false;
    }
    if (!tx.commit()) {
        m_sql.setError(tx.error());
        return false;
    }
    return true;
}
