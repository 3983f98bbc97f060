// WebhookSender: POSTs a reply to a DingTalk sessionWebhook and reads DingTalk's verdict.
#pragma once

#include "dingtalk/DingTalkHttp.h"

#include <QObject>
#include <QUrl>

#include <functional>

class NetworkPool;

struct DeliveryResult
{
    bool ok = false;
    int httpStatus = 0;
    int errcode = 0;      // DingTalk's own code; 0 is success
    QString errmsg;       // DingTalk's words, or the network error
    bool expired = false; // the session has ended (errcode 300001 / 300005)
    QString describe() const;
};

// Reports a result that was decided without sending (a message too large, say) the way a
// send would: later, from owner's event loop, and only while context is alive.
void reportLater(QObject *owner, QObject *context, std::function<void(const DeliveryResult &)> done,
                 const DeliveryResult &result);

class WebhookSender final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const DeliveryResult &)>;

    WebhookSender(NetworkPool *network, int timeoutSeconds, QObject *parent = nullptr);

    // Calls done once, from the event loop, unless context is destroyed first.
    void send(const QUrl &webhook, const QByteArray &body, QObject *context, Callback done);

    // Used after a reply finished: exposed for tests of DingTalk's answers.
    static DeliveryResult interpret(int httpStatus, const QByteArray &body);
    // The same for a whole answer, or the reason none came (a custom robot answers alike).
    static DeliveryResult interpret(const DingTalkHttp::Answer &answer);

private:
    DingTalkHttp m_http;
};
