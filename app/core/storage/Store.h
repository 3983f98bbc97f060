// Store: the relay's durable state: the job queue, processed msgIds, conversations, messages.
#pragma once

#include "dingtalk/InboundMessage.h"
#include "openai/ChatTypes.h"
#include "storage/CallbackLedger.h"
#include "storage/Sql.h"
#include "storage/Turn.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class Database;

struct Job
{
    enum class State { Received, Replying, Done, Undelivered };
    qint64 id = 0;
    QString robotId;
    InboundMessage message;
    State state = State::Received;
    QString reply; // the text to deliver, once decided
    int attempts = 0;
};

// One message of a delivered answer: long answers go out as numbered parts.
struct Part
{
    enum class State { Pending, Sending, Sent, Failed };
    int index = 0; // 0-based
    int total = 1;
    QString text;
    State state = State::Pending;
    QString route;
    int attempts = 0;
};

// One page of unfinished jobs, for a queue that takes them up a page at a time.
struct JobPage
{
    QList<Job> jobs;   // oldest first
    int rows = 0;      // rows read, unreadable ones included: fewer than asked means the end
    qint64 lastId = 0; // the last row read: the next page starts after it (0: none read)
    bool ok = true;    // false: the query failed (lastError() says why)
};

struct AcceptResult
{
    // Replayed: the sign already carried another message (see CallbackLedger).
    enum class Outcome { Accepted, Duplicate, Replayed, Failed };
    Outcome outcome = Outcome::Failed;
    qint64 jobId = 0;
    QString error;
};

// How a job ended, written in one transaction with the reply it produced.
struct JobRecord
{
    enum class Kind { Answer, Failure, Notice };
    Kind kind = Kind::Answer;
    QString reply;       // what DingTalk will be sent
    ChatAnswer answer;   // Answer: model, tokens, request id
    QString errorKind;   // Failure: ChatError::kindName()
    QString errorDetail; // Failure: the provider's words, redacted, for the log only
    bool resetContext = false;
    QString conversationKey; // which conversation the rows belong to (ConversationKey::of)
    QString senderKey;       // who asked, for usage and refusals (ConversationKey::sender)
    QString refusal;         // access or quota refusal: its reason goes to the refusals log too
    qint64 replacesJob = 0;  // /retry: that job's turn leaves the context
};

class Store final
{
public:
    explicit Store(Database &database);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Persists a new inbound message as a job, or recognises its msgId as already seen.
    // signKey (CallbackLedger::keyOf) is an HTTP callback's: the sign must not have carried
    // another message. Stream pushes have none.
    AcceptResult accept(const QString &robotId, const InboundMessage &message, qint64 nowMs,
                        const QString &signKey = {});
    // Drops the signs first seen before this time (they no longer verify).
    bool forgetSignsBefore(qint64 ms) { return m_ledger.forgetSignsBefore(ms); }
    // Whether a job before this one came from the group (or, 1:1, the person) it came from.
    bool knowsRecipient(const Job &job)
    {
        return m_ledger.knowsRecipient(job.robotId, job.message, job.id);
    }

    // Jobs a previous run left unfinished (received, or replied but not delivered), oldest first.
    QList<Job> unfinishedJobs();
    // The same a page at a time: at most limit of those with an id above afterId.
    JobPage unfinishedJobs(qint64 afterId, int limit);
    // How many jobs are unfinished (-1 on error).
    int unfinishedCount();

    // Earlier question/answer turns of the conversation since its last reset, oldest first, at
    // most maxTurns, leaving out one job's turn (the one /retry asks again).
    QList<Turn> history(const QString &conversationKey, int maxTurns, qint64 excludeJob = 0);
    // The conversation's row id, created when needed from the message (0 on error).
    qint64 ensureConversation(const QString &conversationKey, const QString &robotId,
                              const InboundMessage &message, qint64 nowMs);

    // Progress of acknowledged work (a reply recorded, a part sent or given up, a job closed)
    // that storage refuses is kept in memory, in order, and written before any other write
    // once storage takes writes again: those calls return false then, yet nothing is lost while
    // the process lives. A part's "sending" mark is never kept: a part is sent only once that
    // mark is committed, so a restart never sends blindly what it cannot record.

    // Writes the question, the reply (or error / notice) and the job's new state together, in
    // the record's conversation.
    bool record(const Job &job, const JobRecord &record, qint64 nowMs);
    // The parts of a job's answer, in order; savePart() keeps any already stored (a resumed
    // job keeps the split it had, whatever the splitting rules are now).
    QList<Part> parts(qint64 jobId);
    bool saveParts(qint64 jobId, const QStringList &texts, qint64 nowMs);
    bool setPartState(qint64 jobId, int index, Part::State state, const QString &route,
                      const QString &error, qint64 nowMs);
    bool markDelivered(qint64 jobId, qint64 nowMs);
    bool markUndelivered(qint64 jobId, const QString &error, qint64 nowMs);

    // Writes a few kilobytes and removes them again, committed: true when storage takes
    // writes (the disk has room, the file is writable, no other program holds the lock).
    bool probe();

    // Writes what storage refused earlier, oldest first; false while it still refuses (the
    // rest stays kept). Every other write does this first.
    bool writeKept();
    // What is still kept, oldest first ("job 12 part 1 sent").
    QStringList kept() const;

    // failed(why) when a write fails after writes worked, worked() when one works again. A
    // write waits a few milliseconds at most for another program's lock, and while writes fail
    // none waits at all: a lock held elsewhere never stalls the event loop.
    void setHealthObserver(std::function<void(const QString &why)> failed,
                           std::function<void()> worked);

    QString lastError() const { return m_sql.lastError(); }
    Database &database() const { return m_db; }

private:
    struct Kept
    {
        QString what;
        std::function<bool()> write;
    };

    AcceptResult acceptNow(const QString &robotId, const InboundMessage &message, qint64 nowMs,
                           const QString &signKey);
    bool writeRecord(const Job &job, const JobRecord &record, qint64 nowMs);
    bool writePartState(qint64 jobId, int index, Part::State state, const QString &route,
                        const QString &error, qint64 nowMs);
    bool writeProbe();
    // Runs write after what is kept; keeps it, under what, when either fails.
    bool progress(const QString &what, std::function<bool()> write);
    // Notes how a write went: an episode of failures begins or ends here.
    void written(bool ok, const QString &why);
    void setLockWait(int ms);

    Database &m_db;
    SqlStatements m_sql;
    CallbackLedger m_ledger;
    QList<Kept> m_kept;
    bool m_failing = false;
    std::function<void(const QString &)> m_failed;
    std::function<void()> m_worked;
};
