#include "dingtalk/OpenApiSender.h"

#include "dingtalk/OpenApiUrl.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;
using OpenApiUrl::endpoint;
using OpenApiUrl::excerpt;
using OpenApiUrl::isThrottling;

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array) {
        if (!v.toString().isEmpty())
            list << v.toString();
    }
    return list;
}

} // namespace

OpenApiSender::OpenApiSender(NetworkPool *network, const QUrl &openApiBase,
                             AccessTokenCache *tokens, QObject *parent)
    : QObject(parent)
    , m_base(openApiBase)
    , m_http(network, tokens)
{
    m_http.setTimeoutMs(DefaultTimeoutSeconds * 1000);
}

void OpenApiSender::setTimeoutSeconds(int seconds)
{
    m_http.setTimeoutMs(std::max(1, seconds) * 1000);
}

QByteArray OpenApiSender::msgParam(const QString &title, const QString &text)
{
    return QJsonDocument(QJsonObject{{u"title"_s, title}, {u"text"_s, text}})
        .toJson(QJsonDocument::Compact);
}

DeliveryResult OpenApiSender::interpret(int httpStatus, const QByteArray &body)
{
    DeliveryResult r;
    r.httpStatus = httpStatus;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (httpStatus >= 200 && httpStatus < 300) {
        // Both sends answer a processQueryKey; a 2xx without one is not DingTalk (a proxy's
        // login page, say), so not a delivery.
        if (!o.contains(u"processQueryKey"_s)) {
            r.errmsg = u"the answer is not DingTalk's: "_s + excerpt(body);
            return r;
        }
        const QStringList flowControlled = strings(o.value(u"flowControlledStaffIdList"_s));
        const QStringList invalid = strings(o.value(u"invalidStaffIdList"_s));
        if (!flowControlled.isEmpty()) {
            r.errcode = Throttled;
            r.errmsg = u"DingTalk's flow control held back the message to %1 "
                       u"(flowControlledStaffIdList)"_s.arg(flowControlled.join(u", "_s));
        } else if (!invalid.isEmpty()) {
            r.errcode = RecipientInvalid;
            r.errmsg =
                u"DingTalk does not know the user %1 (invalidStaffIdList); is it the "
                u"senderStaffId of someone in this organisation?"_s.arg(invalid.join(u", "_s));
        } else {
            r.ok = true;
        }
        return r;
    }
    const QString code = o.value(u"code"_s).toString();
    const QString message = o.value(u"message"_s).toString();
    const QString requestId = o.value(u"requestid"_s).toString();
    if (code.isEmpty() && message.isEmpty()) {
        // Not DingTalk's error shape: a gateway's page, most likely.
        r.errcode = Refused;
        r.errmsg = u"HTTP %1: %2"_s.arg(httpStatus).arg(excerpt(body));
        return r;
    }
    if (isTokenRejection(httpStatus, body))
        r.errcode = TokenRejected;
    else if (isThrottling(httpStatus, code))
        r.errcode = Throttled;
    else
        r.errcode = Refused;
    r.errmsg = u"HTTP %1 %2: %3"_s.arg(httpStatus).arg(code, message);
    if (!requestId.isEmpty()) // what DingTalk's support asks for
        r.errmsg += u" (requestid %1)"_s.arg(requestId);
    return r;
}

void OpenApiSender::sendToUser(const QString &robotCode, const QString &staffId,
                               const QString &title, const QString &text, QObject *context,
                               Callback done)
{
    const QJsonObject body{
        {u"robotCode"_s, robotCode},
        {u"userIds"_s, QJsonArray{staffId}},
        {u"msgKey"_s, u"sampleMarkdown"_s},
        {u"msgParam"_s, QString::fromUtf8(msgParam(title, text))},
    };
    send(u"/v1.0/robot/oToMessages/batchSend"_s, body, context, std::move(done));
}

void OpenApiSender::sendToGroup(const QString &robotCode, const QString &openConversationId,
                                const QString &title, const QString &text, QObject *context,
                                Callback done)
{
    const QJsonObject body{
        {u"robotCode"_s, robotCode},
        {u"openConversationId"_s, openConversationId},
        {u"msgKey"_s, u"sampleMarkdown"_s},
        {u"msgParam"_s, QString::fromUtf8(msgParam(title, text))},
    };
    send(u"/v1.0/robot/groupMessages/send"_s, body, context, std::move(done));
}

void OpenApiSender::send(const QString &path, const QJsonObject &body, QObject *context,
                         Callback done)
{
    const qsizetype paramBytes = body.value(u"msgParam"_s).toString().toUtf8().size();
    if (paramBytes > MaxMsgParamBytes) {
        // DingTalk would refuse it anyway; saying so here names the reason and spends no token.
        DeliveryResult r;
        r.errcode = MessageTooLarge;
        r.errmsg = u"the message was not sent: its msgParam is %1 bytes, DingTalk's "
                   u"OpenAPI takes at most %2 (split the answer)"_s.arg(paramBytes)
                       .arg(MaxMsgParamBytes);
        reportLater(this, context, std::move(done), r);
        return;
    }
    m_http.callOpenApi("POST", endpoint(m_base, path),
                       QJsonDocument(body).toJson(QJsonDocument::Compact), context,
                       [done = std::move(done)](const DingTalkHttp::Answer &a) {
                           DeliveryResult r;
                           if (a.noToken) {
                               r.errcode = NoAccessToken;
                               r.errmsg = a.error;
                           } else if (a.status == 0) {
                               r.errmsg = a.error;
                           } else {
                               r = interpret(a.status, a.body);
                           }
                           done(r);
                       });
}
