#include "relay/Pipeline.h"

#include "conversation/Replies.h"
#include "conversation/Thinking.h"
#include "openai/ChatCall.h"
#include "openai/ChatClient.h"
#include "relay/CardAnswer.h"
#include "relay/CardStreamer.h"
#include "relay/Delivery.h"
#include "tokens/TokenCounter.h"
#include "util/Log.h"
#include "util/Redactor.h"

#include <QDateTime>
#include <QTimer>

#include <memory>
#include <utility>

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
    , m_planner(config, store)
{
    // As the planner counts: the configured models with model/tokenizer, /model's choices by
    // their names.
    QStringList configured{config.model.model};
    QStringList choices = config.model.allowedModels;
    for (const RobotSettings &robot : config.robots) {
        configured << robot.model;
        choices << robot.models;
    }
    TokenCounter::preload(configured, config.model.tokenizer);
    TokenCounter::preload(choices);
}

void Pipeline::submit(const Job &job)
{
    const int cap = m_config.relay.maxQueuedJobs;
    if (!m_spilling && m_inMemory >= cap) {
        // The store assigns increasing ids: this job and every later one are those above.
        m_spilling = true;
        m_spillAfter = job.id - 1;
        m_spillNoticed = true;
        qCInfo(lcRelay) << cap
                        << "jobs wait in memory (relay/max_queued_jobs); later ones wait in the "
                           "database until there is room";
    }
    if (m_spilling) {
        ++m_spilled;
        return;
    }
    enqueue(job);
    // Work starts from the event loop, after the HTTP acknowledgement has been written.
    schedulePump();
}

int Pipeline::resume()
{
    const int count = m_store.unfinishedCount();
    if (count == 0)
        return 0;
    // Read back like spilled jobs, so a long backlog is never in memory at once. An unknown
    // count (-1) reads until the store has no more.
    m_spilling = true;
    m_spillAfter = 0;
    m_spilled = qMax(count, 0);
    m_spillNoticed = count > m_config.relay.maxQueuedJobs;
    refill();
    schedulePump();
    return count;
}

void Pipeline::enqueue(const Job &job)
{
    const QString key = Planner::laneKey(job, m_config.robotById(job.robotId));
    Lane &lane = m_lanes[key];
    lane.jobs.enqueue(job);
    ++m_inMemory;
    if (!lane.busy && lane.jobs.size() == 1)
        m_ready.enqueue(key);
}

void Pipeline::refill()
{
    const int cap = m_config.relay.maxQueuedJobs;
    // Read back once half the room is free: a page per half-queue, not a query per job.
    if (!m_spilling || m_refillRetry || m_inMemory > cap / 2)
        return;
    constexpr int PageSize = 500;
    while (m_spilling && m_inMemory < cap) {
        const int limit = qMin(cap - m_inMemory, PageSize);
        const JobPage page = m_store.unfinishedJobs(m_spillAfter, limit);
        if (!page.ok) {
            qCWarning(lcStorage).noquote()
                << "could not read waiting jobs back:" << m_store.lastError() << "- trying again";
            m_refillRetry = true;
            QTimer::singleShot(1000, this, [this] {
                m_refillRetry = false;
                pump();
            });
            return;
        }
        m_spillAfter = page.lastId;
        m_spilled = qMax(m_spilled - page.rows, 0);
        for (const Job &job : page.jobs)
            enqueue(job);
        if (page.rows < limit) {
            // Caught up: the store holds no job that is not in memory; new ones queue here.
            m_spilling = false;
            m_spilled = 0;
            if (std::exchange(m_spillNoticed, false))
                qCInfo(lcRelay) << "every waiting job is in memory again";
        }
    }
    // Unreadable rows may have been all that was left.
    if (isIdle())
        emit idle();
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
    if (m_stopped)
        return;
    refill();
    while (m_active - m_waiting < m_config.model.maxParallel && !m_ready.isEmpty()) {
        const QString key = m_ready.dequeue();
        Lane &lane = m_lanes[key];
        if (lane.busy || lane.jobs.isEmpty())
            continue;
        lane.busy = true;
        --m_inMemory;
        ++m_active;
        run(lane.jobs.dequeue());
        refill();
    }
}

void Pipeline::run(const Job &job)
{
    const RobotSettings *robot = m_config.robotById(job.robotId);
    if (!robot) {
        // Left open it would be taken up again at every start: close it with the reason.
        const QString why = u"robot %1 is no longer configured"_s.arg(job.robotId);
        qCWarning(lcRelay).noquote() << "job" << job.id << "not answered:" << why;
        finish(job, false, why);
        return;
    }
    if (job.state == Job::State::Replying) {
        deliver(job); // answered before a restart, not yet delivered
        return;
    }
    // Access, commands, daily limits and the context: conversation/Planner.
    const Plan plan = m_planner.plan(job, *robot, QDateTime::currentDateTime());
    if (!plan.request) {
        recordAndDeliver(plan.job, plan.record);
        return;
    }
    askModel(plan, *robot);
}

void Pipeline::askModel(const Plan &plan, const RobotSettings &robot)
{
    const Job &job = plan.job;
    ChatCall *call = m_chat.complete(*plan.request);
    m_calls.insert(call);
    if (m_draining)
        call->stopWaiting();
    if (CardAnswer *card = m_cards ? m_cards->start(job, robot) : nullptr) {
        m_cardAnswers.insert(job.id, card);
        connect(call, &ChatCall::delta, card, &CardAnswer::setText);
        connect(card, &CardAnswer::firstTextShown, call, [call] { call->markPartialDelivered(); });
    }
    const RobotSettings *robotPtr = &robot;
    auto answering = std::make_shared<bool>(false);
    connect(call, &ChatCall::delta, this, [this, job, answering] {
        if (!std::exchange(*answering, true))
            emit modelAnswering(job);
    });
    auto waiting = std::make_shared<bool>(false);
    connect(call, &ChatCall::delayed, this, [this, job, robotPtr, waiting](const ChatError &e) {
        *waiting = true;
        ++m_waiting;
        onModelDelayed(job, *robotPtr, e);
    });
    connect(call, &ChatCall::finished, this,
            [this, call, plan, robotPtr, answering, waiting](const ChatResult &result) {
                m_calls.remove(call);
                if (*waiting)
                    --m_waiting;
                if (result.ok && !std::exchange(*answering, true))
                    emit modelAnswering(plan.job);
                onModelResult(plan, *robotPtr, result);
            });
}

void Pipeline::onModelDelayed(const Job &job, const RobotSettings &robot, const ChatError &error)
{
    qCWarning(lcModel).noquote()
        << "job" << job.id
        << u"the model is not answering ("_s + error.kindName() +
               u"); the user is told the answer is delayed, and it is tried again for up to"_s
        << m_config.model.retrySeconds << "s (model/retry_seconds)";
    m_delivery.notice(job, Replies::modelDelayed(robot.language));
    schedulePump(); // its place among model/max_parallel is free for another conversation
}

void Pipeline::onModelResult(const Plan &plan, const RobotSettings &robot, const ChatResult &result)
{
    const Job &job = plan.job;
    JobRecord record = plan.record;
    if (result.ok) {
        record.kind = JobRecord::Kind::Answer;
        // A key the model repeats (a prompt may carry one, a proxy may echo one) is masked as in
        // the log, before DingTalk or the database see it.
        const QString text = Redactor::instance().maskSecrets(result.answer.text);
        // The log keeps the model's words; DingTalk and the next turn's context get no <think>.
        record.reply = m_config.model.hideThinking ? Thinking::strip(text) : text;
        record.answer = result.answer;
        record.answer.text = text;
        const bool ownCount =
            record.answer.promptTokens == 0 && record.answer.completionTokens == 0;
        if (ownCount) {
            // The provider reported no usage: DingRelay's own count stands in, so daily token
            // limits and /usage still work. For a model without a known tokenizer it is the
            // over-estimate the context was trimmed with: a limit is reached early, never late.
            const TokenCounter counter =
                TokenCounter::forModel(plan.request->model, plan.tokenizer);
            record.answer.promptTokens = int(plan.promptTokens);
            record.answer.completionTokens = int(counter.count(result.answer.text));
        }
        const char *source = !ownCount         ? "(reported)"
                             : plan.exactCount ? "(counted by DingRelay)"
                                               : "(estimated by DingRelay)";
        qCInfo(lcModel).noquote() << "job" << job.id << "answered by" << result.answer.model
                                  << "tokens" << record.answer.promptTokens << '+'
                                  << record.answer.completionTokens << source;
    } else if (result.error.kind == ChatError::Kind::Cancelled) {
        // Shutting down: the job stays 'received' and is answered after the restart.
        finish(job, false, {});
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
        ChatError shown = e;
        shown.message = Redactor::instance().redact(e.message);
        emit modelFailed(job, shown);
    }
    recordAndDeliver(job, record);
}

void Pipeline::recordAndDeliver(Job job, const JobRecord &record)
{
    if (!m_store.record(job, record, now())) {
        // Kept in memory and written first once storage works; the delivery waits for that.
        qCCritical(lcStorage).noquote()
            << "could not record the reply to job" << job.id << ':' << m_store.lastError()
            << "- it is delivered once storage takes writes again";
    }
    job.reply = record.reply;
    job.state = Job::State::Replying;
    if (CardAnswer *card = m_cardAnswers.take(job.id)) {
        // The card shows the whole answer; one that cannot falls back to messages.
        m_cards->finish(card, job, record.kind == JobRecord::Kind::Failure,
                        [this, job](bool shown) { shown ? finish(job, true, {}) : deliver(job); });
        return;
    }
    deliver(job);
}

void Pipeline::deliver(const Job &job)
{
    m_delivery.deliver(
        job, [this, job](bool delivered, const QString &why) { finish(job, delivered, why); });
}

void Pipeline::finish(const Job &job, bool delivered, const QString &why)
{
    // The one place a job ends: delivered, or closed with the reason it could not be. A job
    // ended with neither (cancelled at shutdown) stays open and is taken up at the next start.
    if (delivered) {
        if (!m_store.markDelivered(job.id, now()))
            qCWarning(lcStorage).noquote()
                << "could not mark job" << job.id << "delivered:" << m_store.lastError()
                << "- kept in memory until storage takes writes again";
    } else if (!why.isEmpty() && !m_store.markUndelivered(job.id, why, now())) {
        qCWarning(lcStorage).noquote()
            << "could not close job" << job.id << ':' << m_store.lastError();
    }
    if (CardAnswer *card = m_cardAnswers.take(job.id))
        card->abandon(); // cancelled: the card is closed at the next start
    --m_active;
    const QString lane = Planner::laneKey(job, m_config.robotById(job.robotId));
    if (m_draining && !delivered && why.isEmpty()) {
        // Left for the next start: so are the later jobs of its conversation, which must not
        // overtake it. They are in the store already.
        if (auto it = m_lanes.find(lane); it != m_lanes.end()) {
            m_inMemory -= int(it->jobs.size());
            it->jobs.clear();
        }
    }
    release(lane);
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

void Pipeline::stopWaiting()
{
    m_draining = true;
    const auto calls = m_calls;
    for (ChatCall *call : calls)
        call->stopWaiting();
}

void Pipeline::abortAll()
{
    // Set first: each aborted call finishes its job, which would start the next one waiting.
    m_stopped = true;
    const auto calls = m_calls;
    for (ChatCall *call : calls)
        call->abort();
}
