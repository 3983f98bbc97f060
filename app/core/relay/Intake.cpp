#include "relay/Intake.h"

#include "dingtalk/InboundMessage.h"
#include "util/Log.h"
#include "util/UrlPrefix.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

Intake::Intake(const AppConfig &config, Store &store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(store)
{}

Intake::Outcome Intake::take(const RobotSettings &robot, const QByteArray &body,
                             const QString &signKey)
{
    const ParseResult parsed = InboundParser::parse(body);
    if (!parsed.message)
        return {400, parsed.error};
    const InboundMessage &message = *parsed.message;
    if (!message.sessionWebhook.isValid() || message.sessionWebhook.isEmpty())
        return {400, u"the message has no sessionWebhook to answer through"_s};
    if (UrlPrefix::isAmbiguousPath(message.sessionWebhook))
        return {400, u"the sessionWebhook's path has a dot segment, an encoded slash or a "
                     "backslash"_s};
    const bool toTestSink = !m_testWebhookPrefix.isEmpty() &&
                            UrlPrefix::contains(QUrl(m_testWebhookPrefix), message.sessionWebhook);
    if (!toTestSink &&
        !UrlPrefix::contains(QUrl(m_config.dingtalk.sessionWebhookPrefix), message.sessionWebhook))
        return {400, u"the sessionWebhook is not under %1"_s.arg(
                         m_config.dingtalk.sessionWebhookPrefix)};

    // A database file that is gone or cannot be written would take the message and lose it,
    // or (a -shm that cannot be written) end the process at the first write.
    if (QString why; m_storageCheck && !m_storageCheck(&why))
        return {503, why};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // A sign verifies while its timestamp is within the window of now, either way: one first
    // seen two windows ago cannot come again. Dropped once a minute, not at every callback.
    const qint64 windowMs = qint64(m_config.dingtalk.signWindowSeconds) * 1000;
    if (!signKey.isEmpty() && now - m_signsForgottenAt > 60 * 1000 &&
        m_store.forgetSignsBefore(now - 2 * windowMs))
        m_signsForgottenAt = now;
    const AcceptResult accepted = m_store.accept(robot.id, message, now, signKey);
    switch (accepted.outcome) {
    case AcceptResult::Outcome::Replayed:
        qCWarning(lcRelay).noquote()
            << "robot" << robot.id
            << "callback refused: its sign already carried another message (a replayed or "
               "forged callback; whoever sent it has seen an earlier one)";
        return {401, u"this sign already carried another message"_s};
    case AcceptResult::Outcome::Duplicate:
        qCInfo(lcRelay).noquote() << "duplicate msgId" << message.msgId << "for robot" << robot.id
                                  << "acknowledged, not answered again";
        return {200, {}};
    case AcceptResult::Outcome::Failed:
        // Not kept, so not acknowledged: DingTalk may send it again once storage recovers.
        qCCritical(lcStorage).noquote()
            << "could not store message" << message.msgId << ':' << accepted.error;
        emit storageFailed(accepted.error);
        return {503, u"DingRelay cannot store messages right now: %1"_s.arg(accepted.error)};
    case AcceptResult::Outcome::Accepted:
        emit storageWorked();
        break;
    }
    Job job;
    job.id = accepted.jobId;
    job.robotId = robot.id;
    job.message = message;
    emit jobAccepted(job);
    return {200, {}};
}
