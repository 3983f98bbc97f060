#include "relay/CardAnswer.h"

#include "conversation/Thinking.h"
#include "storage/CardStore.h"
#include "util/Log.h"
#include "util/Redactor.h"
#include "util/RetryScheduler.h"

#include <QTimer>

using namespace Qt::StringLiterals;

CardAnswer::CardAnswer(Services services, qint64 jobId, const QString &robotId, CardTarget target,
                       int intervalMs, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
    , m_jobId(jobId)
    , m_robotId(robotId)
    , m_target(std::move(target))
    , m_intervalMs(intervalMs)
{}

void CardAnswer::start()
{
    m_services.cards->open(m_jobId, m_robotId, m_target.outTrackId, now());
    ++m_calls;
    m_services.client->createAndDeliver(m_target, this,
                                        [this](const CardResult &r) { onCreated(r); });
}

void CardAnswer::setText(const QString &textSoFar)
{
    if (m_final) // the answer is decided: the last update carries it
        return;
    // Masked as the recorded answer is; half a key waits until it can be told from text.
    const QString text = Redactor::instance().maskSecretsSoFar(textSoFar);
    m_latest = text;
    if (m_hideThinking) {
        m_latest = Thinking::strip(text);
        // strip() keeps a text that is nothing but thinking; the card waits for the answer.
        if (m_latest == text && text.contains(u"think>"_s, Qt::CaseInsensitive))
            m_latest.clear();
    }
    pump();
}

void CardAnswer::onCreated(const CardResult &result)
{
    if (m_stage != Stage::Creating)
        return;
    if (!result.ok) {
        m_stage = Stage::Failed;
        m_services.cards->setState(m_jobId, CardStore::State::Failed, now());
        emit cardFailed(result, Failure::Create);
        if (m_final)
            complete(false);
        return;
    }
    m_stage = Stage::Streaming;
    pump();
}

void CardAnswer::pump()
{
    if (m_stage != Stage::Streaming || m_inFlight)
        return;
    if (m_final) {
        // Not held to the interval: it is one call either way, and the user waits for it.
        sendFinal();
        return;
    }
    if (m_updatesOff || m_latest == m_shown)
        return;
    const qint64 wait = m_lastSendAt < 0 ? 0 : m_lastSendAt + m_intervalMs - now();
    if (wait > 0) {
        if (!m_waiting) {
            m_waiting = true;
            m_services.scheduler->schedule(int(wait), this, [this] {
                m_waiting = false;
                pump();
            });
        }
        return;
    }
    send(m_latest, false, false);
}

void CardAnswer::sendFinal()
{
    m_stage = Stage::Finishing;
    QString content = m_final->text;
    // A failure mid-answer keeps what the user already read, then says why it stopped.
    if (m_final->failed && !m_latest.isEmpty())
        content = m_latest + u"\n\n"_s + content;
    send(content, true, m_final->failed);
}

void CardAnswer::send(const QString &content, bool finalize, bool error)
{
    m_inFlight = true;
    m_sending = content;
    m_lastSendAt = now();
    ++m_calls;
    m_services.client->stream(m_target.outTrackId, m_target.contentKey, content, finalize, error,
                              this,
                              [this, finalize](const CardResult &r) { onStreamed(r, finalize); });
}

void CardAnswer::onStreamed(const CardResult &result, bool finalize)
{
    m_inFlight = false;
    if (m_stage == Stage::Done)
        return;
    if (finalize) {
        if (result.ok) {
            m_services.cards->setState(m_jobId, CardStore::State::Finished, now());
            complete(true);
            return;
        }
        if (result.transient() && ++m_finalAttempts < MaxFinalAttempts) {
            const int delay = 1000 << (m_finalAttempts - 1);
            qCWarning(lcDingTalk).noquote()
                << "job" << m_jobId << "the last card update failed:" << result.message
                << "- trying again in" << delay << "ms";
            m_services.scheduler->schedule(delay, this, [this] { sendFinal(); });
            return;
        }
        m_services.cards->setState(m_jobId, CardStore::State::Failed, now());
        emit cardFailed(result, Failure::Finish);
        complete(false);
        return;
    }
    if (result.ok) {
        if (m_shown.isEmpty() && !m_sending.isEmpty())
            emit firstTextShown();
        m_shown = m_sending;
        m_failedUpdates = 0;
    } else if (++m_failedUpdates >= MaxFailedUpdates) {
        // Each try is a call DingTalk counts: the last update still carries the whole answer.
        m_updatesOff = true;
        qCWarning(lcDingTalk).noquote()
            << "job" << m_jobId << "card updates failed" << m_failedUpdates
            << "times in a row; the card waits for the whole answer:" << result.message;
        emit cardFailed(result, Failure::Update);
    } else {
        qCInfo(lcDingTalk).noquote()
            << "job" << m_jobId
            << "a card update failed; the next one carries the text:" << result.message;
    }
    pump();
}

void CardAnswer::finish(const QString &text, bool failed, Done done)
{
    m_final = Final{text, failed};
    m_done = std::move(done);
    if (m_stage == Stage::Failed) // from the event loop, as every other outcome
        QTimer::singleShot(0, this, [this] { complete(false); });
    else
        pump(); // Creating: onCreated() goes on; in flight: onStreamed() goes on
}

void CardAnswer::abandon()
{
    m_stage = Stage::Done;
    m_done = nullptr;
    deleteLater();
}

void CardAnswer::complete(bool shown)
{
    if (m_stage == Stage::Done && !m_done)
        return;
    m_stage = Stage::Done;
    Done done = std::move(m_done);
    m_done = nullptr;
    emit completed(shown);
    deleteLater();
    if (done)
        done(shown);
}
