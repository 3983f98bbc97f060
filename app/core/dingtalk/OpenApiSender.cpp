#include "dingtalk/OpenApiSender.h"

#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/OpenApiUrl.h"
#include "util/Log.h"
#include "util/NetworkPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

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
    , m_network(network)
    , m_base(openApiBase)
    , m_tokens(tokens)
{}

void OpenApiSender::setTimeoutSeconds(int seconds)
{
    m_timeoutMs = std::max(1, seconds) * 1000;
}

QByteArray OpenApiSender::msgParam(const QString &title, const QString &text)
{
    return QJsonDocument(QJsonObject{{u"title"_s, title}, {u"text"_s, text}})
        .toJson(QJsonDocument::Compact);
}

bool OpenApiSender::isTokenRejection(int httpStatus, const QByteArray &body)
{
    if (httpStatus == 401)
        return true;
    if (httpStatus >= 200 && httpStatus < 300)
        return false;
    // DingTalk says InvalidAuthentication ("不合法的access_token", with HTTP 400) for a token
    // it no longer takes; other token codes are matched loosely, as a wrong guess costs only
    // one more request. A token that lacks a permission is not invalid: a new one would not
    // help.
    const QString code =
        QJsonDocument::fromJson(body).object().value(u"code"_s).toString().toLower();
    if (code == u"invalidauthentication"_s)
        return true;
    if (!code.contains(u"token"_s) || code.contains(u"permission"_s))
        return false;
    return code.contains(u"invalid"_s) || code.contains(u"expire"_s) ||
           code.contains(u"illegal"_s) || code.contains(u"notexist"_s);
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
    QPointer<QObject> guard(context);
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
    attempt(endpoint(m_base, path), QJsonDocument(body).toJson(QJsonDocument::Compact), guard, done,
            false);
}

void OpenApiSender::attempt(const QUrl &url, const QByteArray &body,
                            const QPointer<QObject> &context, const Callback &done, bool isRetry)
{
    m_tokens->get(this, [this, url, body, context, done, isRetry](const QString &token,
                                                                  const QString &error) {
        if (token.isEmpty()) {
            DeliveryResult r;
            r.errcode = NoAccessToken;
            r.errmsg = error;
            if (context)
                done(r);
            return;
        }
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json; charset=utf-8"));
        request.setRawHeader("Accept", "application/json");
        request.setRawHeader("x-acs-dingtalk-access-token", token.toUtf8());
        // A redirect would carry the token header to another host.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(m_timeoutMs);
        QNetworkAccessManager *manager = m_network->pick();
        QNetworkReply *reply = manager->post(request, body);
        m_network->track(manager, reply);
        if (m_observer)
            m_observer();
        connect(reply, &QNetworkReply::finished, this,
                [this, reply, url, body, context, done, isRetry, token] {
                    reply->deleteLater();
                    const int status =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    DeliveryResult r;
                    if (status == 0) {
                        r.errmsg = reply->error() == QNetworkReply::OperationCanceledError
                                       ? u"no answer in time"_s
                                       : reply->errorString();
                        if (context)
                            done(r);
                        return;
                    }
                    const QByteArray answer = reply->readAll();
                    if (isTokenRejection(status, answer)) {
                        // Revoked or expired before its time (the app secret was reset, say):
                        // a new token helps once; a second rejection is not the token's age.
                        m_tokens->invalidate(token);
                        if (!isRetry) {
                            qCInfo(lcDingTalk).noquote()
                                << "DingTalk rejected the OpenAPI access token; fetching a new "
                                   "one and sending once more";
                            attempt(url, body, context, done, true);
                            return;
                        }
                    }
                    r = interpret(status, answer);
                    if (context)
                        done(r);
                });
    });
}
