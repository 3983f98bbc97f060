#include "dingtalk/WebhookSender.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

QString DeliveryResult::describe() const
{
    if (ok)
        return u"delivered"_s;
    if (httpStatus == 0 && errcode != 0) // refused before sending: too large, no token
        return errmsg;
    if (httpStatus == 0)
        return u"could not reach DingTalk: %1"_s.arg(errmsg);
    if (errcode != 0)
        return u"DingTalk refused the message (errcode %1: %2)"_s.arg(errcode).arg(errmsg);
    return u"HTTP %1 from the sessionWebhook: %2"_s.arg(httpStatus).arg(errmsg);
}

DeliveryResult WebhookSender::interpret(int httpStatus, const QByteArray &body)
{
    DeliveryResult r;
    r.httpStatus = httpStatus;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    // DingTalk answers HTTP 200 with a non-zero errcode when it refuses a message; a 200
    // without an errcode is not DingTalk (a proxy's login page, say), so not a delivery.
    const bool fromDingTalk = o.contains(u"errcode"_s);
    r.errcode = o.value(u"errcode"_s).toInt(0);
    r.errmsg = o.value(u"errmsg"_s).toString();
    r.expired = r.errcode == 300001 || r.errcode == 300005;
    r.ok = httpStatus >= 200 && httpStatus < 300 && fromDingTalk && r.errcode == 0;
    if (!r.ok && r.errcode == 0 && r.errmsg.isEmpty()) {
        const QString excerpt = QString::fromUtf8(body.left(200)).simplified();
        const bool success = httpStatus >= 200 && httpStatus < 300;
        r.errmsg = success ? u"the answer is not DingTalk's: "_s + excerpt : excerpt;
    }
    return r;
}

DeliveryResult WebhookSender::interpret(const DingTalkHttp::Answer &answer)
{
    if (answer.status != 0)
        return interpret(answer.status, answer.body);
    DeliveryResult r;
    r.errmsg = answer.error;
    return r;
}

void reportLater(QObject *owner, QObject *context, std::function<void(const DeliveryResult &)> done,
                 const DeliveryResult &result)
{
    QTimer::singleShot(0, owner,
                       [guard = QPointer<QObject>(context), done = std::move(done), result] {
                           if (guard)
                               done(result);
                       });
}

WebhookSender::WebhookSender(NetworkPool *network, int timeoutSeconds, QObject *parent)
    : QObject(parent)
    , m_http(network)
{
    m_http.setTimeoutMs(timeoutSeconds * 1000);
}

void WebhookSender::send(const QUrl &webhook, const QByteArray &body, QObject *context,
                         Callback done)
{
    m_http.post(webhook, body, context,
                [done = std::move(done)](const DingTalkHttp::Answer &a) { done(interpret(a)); });
}
