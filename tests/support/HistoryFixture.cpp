#include "HistoryFixture.h"

#include "conversation/ConversationKey.h"

#include "storage/Store.h"

using namespace Qt::StringLiterals;

HistoryFixture::HistoryFixture(Database &database)
    : m_store(new Store(database))
{}

HistoryFixture::~HistoryFixture()
{
    delete m_store;
}

qint64 HistoryFixture::accept(const Chat &chat, const QString &question, qint64 askedAt, Job *job)
{
    InboundMessage m;
    m.kind = InboundMessage::Kind::Text;
    m.msgType = u"text"_s;
    m.text = question;
    m.msgId = u"msg-%1"_s.arg(++m_next);
    m.conversationId = chat.conversationId;
    m.conversationTitle = chat.title;
    m.isGroup = chat.group;
    m.senderId = u"$:LWCP_v1:$"_s + chat.sender;
    m.senderNick = chat.sender;
    m.senderStaffId = u"staff-"_s + chat.sender;
    m.robotCode = u"dingbot"_s;
    m.sessionWebhook = QUrl(u"http://127.0.0.1:9/session"_s);
    m.createdAt = askedAt;
    const AcceptResult r = m_store->accept(chat.robot, m, askedAt);
    if (r.outcome != AcceptResult::Outcome::Accepted)
        return 0;
    job->id = r.jobId;
    job->robotId = chat.robot;
    job->message = m;
    return r.jobId;
}

qint64 HistoryFixture::exchange(const Chat &chat, const QString &question, const QString &answer,
                                qint64 askedAt)
{
    Job job;
    if (!accept(chat, question, askedAt, &job))
        return 0;
    JobRecord rec;
    rec.kind = JobRecord::Kind::Answer;
    rec.reply = answer;
    rec.answer.text = answer;
    rec.answer.model = u"gpt-4o-mini"_s;
    rec.answer.promptTokens = 10;
    rec.answer.completionTokens = 20;
    rec.answer.requestId = u"req-%1"_s.arg(job.id);
    rec.conversationKey = ConversationKey::of(job.robotId, job.message);
    rec.senderKey = ConversationKey::sender(job.message);
    if (!m_store->record(job, rec, askedAt + 1000) ||
        !m_store->markDelivered(job.id, askedAt + 1000))
        return 0;
    return job.id;
}

qint64 HistoryFixture::failure(const Chat &chat, const QString &question, const QString &errorKind,
                               const QString &detail, qint64 askedAt)
{
    Job job;
    if (!accept(chat, question, askedAt, &job))
        return 0;
    JobRecord rec;
    rec.kind = JobRecord::Kind::Failure;
    rec.reply = u"The model could not answer."_s;
    rec.errorKind = errorKind;
    rec.errorDetail = detail;
    rec.conversationKey = ConversationKey::of(job.robotId, job.message);
    rec.senderKey = ConversationKey::sender(job.message);
    if (!m_store->record(job, rec, askedAt + 1000) ||
        !m_store->markDelivered(job.id, askedAt + 1000))
        return 0;
    return job.id;
}
