#include "relay/CardStreamer.h"

#include "conversation/Replies.h"
#include "relay/TestSink.h"
#include "storage/ApiCallCounter.h"
#include "storage/CardStore.h"
#include "util/Log.h"

#include <QDateTime>
#include <QUuid>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

CardStreamer::CardStreamer(Services services, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
{
    if (!m_services.now)
        m_services.now = [] { return QDateTime::currentMSecsSinceEpoch(); };
}

int CardStreamer::estimatedCalls(int intervalMs, double answerSeconds)
{
    const double interval = std::max(intervalMs, 1);
    const double writingMs = std::clamp(answerSeconds, 0.0, 24.0 * 3600) * 1000;
    // Creating the card and the last update, plus the updates while the model writes.
    const int updates = answerSeconds > 0 ? 1 + int(std::floor(writingMs / interval)) : 0;
    return 2 + updates;
}

void CardStreamer::addRobot(const RobotSettings &robot, CardClient *client)
{
    m_robots.insert(robot.id, {robot, client});
    qCInfo(lcDingTalk).noquote()
        << u"robot %1 answers in AI cards (template %2), an update at most every %3 ms: about %4 "
           u"DingTalk API calls for an answer written in 10 s"_s.arg(robot.id, robot.cardTemplateId)
               .arg(robot.cardIntervalMs)
               .arg(estimatedCalls(robot.cardIntervalMs, 10));
    if (m_services.counter)
        qCInfo(lcDingTalk).noquote()
            << "robot" << robot.id << "has made" << m_services.counter->thisMonth(robot.id)
            << "DingTalk API calls in" << m_services.counter->currentMonth();
}

CardAnswer *CardStreamer::start(const Job &job, const RobotSettings &robot)
{
    const auto it = m_robots.constFind(robot.id);
    if (it == m_robots.constEnd() || !it->client || !robot.answersWithCards())
        return nullptr;
    const InboundMessage &m = job.message;
    if (TestSink::isTestMessage(m))
        return nullptr; // the test console's answers go to its sink, never into DingTalk
    if (m.isGroup ? m.conversationId.isEmpty() : m.senderStaffId.isEmpty()) {
        // A 1:1 card is addressed by staff id, which people outside the organisation lack.
        qCInfo(lcDingTalk).noquote()
            << "job" << job.id << "answers with messages: the sender has no staff id for a card";
        return nullptr;
    }
    if (m_services.cards->hasCard(job.id)) {
        qCInfo(lcDingTalk).noquote() << "job" << job.id
                                     << "was being answered in a card when DingRelay stopped; "
                                        "it answers with messages now";
        return nullptr;
    }
    const qint64 wait = m_offUntil.value(robot.id, 0) - now();
    if (wait > 0) {
        qCInfo(lcDingTalk).noquote()
            << "job" << job.id << "answers with messages: robot" << robot.id
            << "tries cards again in" << (wait + 999) / 1000 << "s";
        return nullptr;
    }
    CardTarget target;
    target.robotCode = robot.clientId;
    target.templateId = robot.cardTemplateId;
    // Unique per card, and the job id in it helps whoever reads DingTalk's side.
    target.outTrackId =
        u"dingrelay-%1-%2"_s.arg(job.id).arg(QUuid::createUuid().toString(QUuid::Id128));
    target.contentKey = robot.cardContentKey;
    target.group = m.isGroup;
    target.conversationId = m.conversationId;
    target.staffId = m.senderStaffId;
    target.senderNick = m.senderNick;
    auto *card =
        new CardAnswer({it->client, m_services.cards, m_services.scheduler, m_services.now}, job.id,
                       robot.id, target, robot.cardIntervalMs, this);
    connect(card, &CardAnswer::cardFailed, this,
            [this, card](const CardResult &r, CardAnswer::Failure where) {
                onCardFailed(card, r, where);
            });
    connect(card, &CardAnswer::completed, this,
            [this, card](bool shown) { logCalls(card, shown); });
    card->setHideThinking(m_hideThinking);
    card->start();
    return card;
}

void CardStreamer::finish(CardAnswer *card, const Job &job, bool failed, Done done)
{
    card->finish(job.reply, failed, [done = std::move(done)](bool shown) {
        if (done)
            done(shown);
    });
}

void CardStreamer::onCardFailed(const CardAnswer *card, const CardResult &result,
                                CardAnswer::Failure where)
{
    using F = CardAnswer::Failure;
    using P = CardResult::Problem;
    const QString robotId = card->robotId();
    QString message;
    if (where == F::Create) {
        message = u"the AI card could not be created, so answers go out as messages: "_s;
        // Refusals that do not mend by themselves: every try would cost a call and a delay.
        if (result.problem == P::Permission || result.problem == P::Template ||
            result.problem == P::Quota) {
            m_offUntil.insert(robotId, now() + CooldownMs);
            message = u"the AI card could not be created, so answers go out as messages for "
                      u"the next %1 minutes: "_s.arg(CooldownMs / 60000);
        }
    } else if (where == F::Update) {
        message = u"the AI card could not be updated; it shows the answer once it is complete: "_s;
    } else {
        message = u"the AI card could not be finished, so the answer went out as a message: "_s;
    }
    message += result.message;
    qCWarning(lcDingTalk).noquote()
        << u"job %1 (robot %2):"_s.arg(card->jobId()).arg(robotId) << message;
    const QString key = robotId + u'|' + result.problemName();
    if (!m_reported.contains(key)) { // the tray shows each kind of problem once
        m_reported.insert(key);
        emit problem(robotId, message);
    }
}

void CardStreamer::logCalls(const CardAnswer *card, bool shown) const
{
    const QString robotId = card->robotId();
    QString line = (shown ? u"job %1 was answered in an AI card with %2 card calls"_s
                          : u"job %1 could not be shown in an AI card after %2 card calls"_s)
                       .arg(card->jobId())
                       .arg(card->calls());
    if (m_services.counter) // the running count users compare with their allowance
        line += u"; robot %1 has made %2 DingTalk API calls in %3"_s.arg(robotId)
                    .arg(m_services.counter->thisMonth(robotId))
                    .arg(m_services.counter->currentMonth());
    qCInfo(lcDingTalk).noquote() << line;
}

void CardStreamer::closeStaleCards()
{
    const QList<CardStore::Card> open = m_services.cards->openCards();
    for (const CardStore::Card &card : open) {
        m_services.cards->setState(card.jobId, CardStore::State::Closed, now());
        const auto it = m_robots.constFind(card.robotId);
        if (it == m_robots.constEnd() || !it->client)
            continue; // the robot answers without cards now: nothing to reach the card with
        const RobotSettings &robot = it->settings;
        qCInfo(lcDingTalk).noquote() << "closing the AI card of job" << card.jobId
                                     << "that DingRelay left open when it stopped";
        // One try: the job's answer follows as a message whatever becomes of this.
        it->client->stream(card.outTrackId, robot.cardContentKey,
                           Replies::cardInterrupted(robot.language), true, true, this,
                           [id = card.jobId](const CardResult &r) {
                               if (!r.ok)
                                   qCWarning(lcDingTalk).noquote()
                                       << "could not close the AI card of job" << id << ':'
                                       << r.message;
                           });
    }
}
