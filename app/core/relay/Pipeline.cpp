#include "relay/Pipeline.h"

#include "conversation/Commands.h"
#include "conversation/Replies.h"
#include "openai/ChatClient.h"
#include "relay/Delivery.h"
#include "secrets/Redactor.h"
#include "util/Log.h"

#include <QDateTime>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

Pipeline::Pipeline(const AppConfig &config, Store &store, ChatClient &chat, Delivery &delivery,
                   QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(store)
    , m_chat(chat)
    , m_delivery(delivery)
{}

void Pipeline::submit(const Job &job)
{
    const QString key = Store::conversationKey(job.robotId, job.message);
    Lane &lane = m_lanes[key];
    lane.jobs.enqueue(job);
    ++m_queued;
    if (!lane.busy && lane.jobs.size() == 1)
        m_ready.enqueue(key);
    // Work starts from the event loop, after the HTTP acknowledgement has been written.
    schedulePump();
}

void Pipeline::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pump();
    });
}

void Pipeline::pump()
{
    while (m_active < m_config.model.maxParallel && !m_ready.isEmpty()) {
        const QString key = m_ready.dequeue();
        Lane &lane = m_lanes[key];
        if (lane.busy || lane.jobs.isEmpty())
            continue;
        lane.busy = true;
        --m_queued;
        ++m_active;
        run(lane.jobs.dequeue());
    }
}

void Pipeline::run(const Job &job)
{
    const RobotSettings *robot = m_config.robotById(job.robotId);
    if (!robot) {
        // Left open it would be taken up again at every start: close it with the reason.
        const QString why = u"robot %1 is no longer configured"_s.arg(job.robotId);
        qCWarning(lcRelay).noquote() << "job" << job.id << "not answered:" << why;
        m_store.markUndelivered(job.id, why, now());
        finish(job, false);
        return;
    }
    if (job.state == Job::State::Replying) {
        deliver(job); // answered before a restart, not yet delivered
        return;
    }
    const InboundMessage &m = job.message;
    JobRecord notice;
    notice.kind = JobRecord::Kind::Notice;
    if (!m.isSupportedKind()) {
        notice.reply = Replies::unsupportedKind(robot->language, m.msgType);
    } else if (m.text.isEmpty()) {
        notice.reply = Replies::emptyMessage(robot->language);
    } else if (Commands::parse(m.text) == ChatCommand::Reset) {
        notice.reply = Replies::contextCleared(robot->language);
        notice.resetContext = true;
    } else {
        askModel(job, *robot);
        return;
    }
    recordAndDeliver(job, notice);
}

void Pipeline::askModel(const Job &job, const RobotSettings &robot)
{
    const QString prompt =
        robot.systemPrompt.isEmpty() ? m_config.model.systemPrompt : robot.systemPrompt;
    ChatRequest request;
    request.model = robot.model.isEmpty() ? m_config.model.model : robot.model;
    request.temperature = m_config.model.temperature;
    request.maxAnswerTokens = m_config.model.maxAnswerTokens;
    request.messages = ContextWindow::build(
        prompt, m_store.contextFor(job.robotId, job.message, m_config.conversation.maxTurns),
        job.message.text, {m_config.conversation.maxTurns, m_config.conversation.maxContextChars});

    ChatCall *call = m_chat.complete(request);
    m_calls.insert(call);
    const RobotSettings *robotPtr = &robot;
    connect(call, &ChatCall::finished, this, [this, call, job, robotPtr](const ChatResult &result) {
        m_calls.remove(call);
        onModelResult(job, *robotPtr, result);
    });
}

void Pipeline::onModelResult(const Job &job, const RobotSettings &robot, const ChatResult &result)
{
    JobRecord record;
    if (result.ok) {
        record.kind = JobRecord::Kind::Answer;
        record.reply = result.answer.text;
        record.answer = result.answer;
        qCInfo(lcModel).noquote() << "job" << job.id << "answered by" << result.answer.model
                                  << "tokens" << result.answer.promptTokens << '+'
                                  << result.answer.completionTokens;
    } else if (result.error.kind == ChatError::Kind::Cancelled) {
        // Shutting down: the job stays 'received' and is answered after the restart.
        finish(job, false);
        return;
    } else {
        const ChatError &e = result.error;
        record.kind = JobRecord::Kind::Failure;
        record.reply = Replies::modelFailed(robot.language, e);
        record.errorKind = e.kindName();
        QString detail = e.message;
        if (!e.type.isEmpty() && e.type != e.code)
            detail = u"["_s + e.type + u"] "_s + detail;
        if (!e.code.isEmpty())
            detail = e.code + u' ' + detail;
        if (e.httpStatus)
            detail = u"HTTP %1 %2"_s.arg(e.httpStatus).arg(detail);
        if (!e.partialText.isEmpty())
            detail += u" (after %1 characters of answer)"_s.arg(e.partialText.size());
        if (!e.requestId.isEmpty())
            detail += u" (request %1)"_s.arg(e.requestId);
        record.errorDetail = Redactor::instance().redact(detail);
        qCWarning(lcModel).noquote()
            << "job" << job.id << "model call failed:" << e.kindName() << record.errorDetail;
    }
    recordAndDeliver(job, record);
}

void Pipeline::recordAndDeliver(Job job, const JobRecord &record)
{
    if (!m_store.record(job, record, now())) {
        // The user still gets the reply; the log says it may be sent again after a restart.
        qCCritical(lcStorage).noquote()
            << "could not record the reply to job" << job.id << ':' << m_store.lastError()
            << "- it may be answered again after a restart";
    }
    job.reply = record.reply;
    job.state = Job::State::Replying;
    deliver(job);
}

void Pipeline::deliver(const Job &job)
{
    m_delivery.deliver(job, [this, job](bool delivered) { finish(job, delivered); });
}

void Pipeline::finish(const Job &job, bool delivered)
{
    --m_active;
    release(Store::conversationKey(job.robotId, job.message));
    emit jobFinished(job.id, delivered);
    if (isIdle())
        emit idle();
    else
        schedulePump();
}

void Pipeline::release(const QString &key)
{
    auto it = m_lanes.find(key);
    if (it == m_lanes.end())
        return;
    it->busy = false;
    if (it->jobs.isEmpty())
        m_lanes.erase(it);
    else
        m_ready.enqueue(key);
}

void Pipeline::abortAll()
{
    const auto calls = m_calls;
    for (ChatCall *call : calls)
        call->abort();
}
