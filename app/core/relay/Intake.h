// Intake: where every message from DingTalk enters the relay: parsed, checked, stored, handed on.
#pragma once

#include "config/Config.h"
#include "storage/Store.h"

#include <QObject>

#include <functional>

// One way in for all three sources: the HTTP callback route (after its signature check), the
// Stream client's pushes and the test console. Each gets the same checks, the same msgId
// dedupe and the same durable write before it is acknowledged; jobAccepted then hands the new
// job to the pipeline.
class Intake final : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        // As an HTTP status: 200 taken (or a duplicate), 400 malformed, 401 a sign used for
        // another message, 503 not stored.
        int status;
        QString error; // empty for success
    };

    Intake(const AppConfig &config, Store &store, QObject *parent = nullptr);

    // Checks, dedupes and stores one message body already known to come from DingTalk (a
    // verified callback or a Stream push) and emits jobAccepted for a new one. signKey: a
    // callback's (CallbackLedger::keyOf), which may carry this one message only.
    Outcome take(const RobotSettings &robot, const QByteArray &body, const QString &signKey = {});

    // Besides dingtalk/session_webhook_prefix, answers may go to webhooks under this prefix:
    // the test console's loopback sink, whose URL holds a token made for this run. Empty: none.
    void setTestWebhookPrefix(const QString &prefix) { m_testWebhookPrefix = prefix; }

    // Asked before each message is stored: false (with the reason) refuses it with 503.
    void setStorageCheck(std::function<bool(QString *why)> check)
    {
        m_storageCheck = std::move(check);
    }

signals:
    void jobAccepted(const Job &job);
    // A message could not be stored and was refused with 503; storageWorked: one was stored.
    void storageFailed(const QString &error);
    void storageWorked();

private:
    const AppConfig &m_config;
    Store &m_store;
    QString m_testWebhookPrefix;
    qint64 m_signsForgottenAt = 0;
    std::function<bool(QString *)> m_storageCheck;
};
