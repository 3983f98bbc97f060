#include "dingtalk/CardClient.h"

#include "dingtalk/OpenApiUrl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using OpenApiUrl::endpoint;
using OpenApiUrl::excerpt;
using OpenApiUrl::isThrottling;

namespace {

// DingTalk documents no code list for these calls: the codes seen in the field are matched
// loosely (param.templateUnpublished, Forbidden.AccessDenied.AccessTokenPermissionDenied, ...),
// and a wrong guess costs only a less helpful hint, since every failure falls back alike.
CardResult::Problem classify(int status, const QString &code, const QString &message)
{
    using P = CardResult::Problem;
    const QString lower = code.toLower();
    if (isThrottling(status, lower))
        return P::Throttled;
    if (lower.contains(u"quota"_s) || lower.contains(u"limit"_s) ||
        message.contains(u"quota"_s, Qt::CaseInsensitive))
        return P::Quota;
    if (lower.contains(u"template"_s) || message.contains(u"template"_s, Qt::CaseInsensitive) ||
        message.contains(u"模板"_s))
        return P::Template;
    if (status == 403 || lower.contains(u"accessdenied"_s) || lower.contains(u"permission"_s) ||
        lower.contains(u"forbidden"_s))
        return P::Permission;
    if (status >= 500)
        return P::ServerError;
    return P::Refused;
}

QString advice(CardResult::Problem problem)
{
    using P = CardResult::Problem;
    switch (problem) {
    case P::Permission:
        return u"; grant the app the permissions Card.Instance.Write and Card.Streaming.Write in "
               u"DingTalk's developer console, then publish the app again"_s;
    case P::Template:
        return u"; check card_template_id: the template must exist in DingTalk's card platform, "
               u"be published and be linked to this app"_s;
    case P::Quota:
        return u"; the organisation's DingTalk API calls for this month may be used up (the log "
               u"counts them): raise card_interval_ms or answer without cards"_s;
    default:
        return {};
    }
}

} // namespace

QString CardResult::problemName() const
{
    switch (problem) {
    case Problem::None:
        return u"none"_s;
    case Problem::Permission:
        return u"permission"_s;
    case Problem::Template:
        return u"template"_s;
    case Problem::Quota:
        return u"quota"_s;
    case Problem::Throttled:
        return u"throttled"_s;
    case Problem::Unreachable:
        return u"unreachable"_s;
    case Problem::ServerError:
        return u"server_error"_s;
    case Problem::Refused:
        return u"refused"_s;
    }
    return u"refused"_s;
}

CardClient::CardClient(NetworkPool *network, const QUrl &openApiBase, AccessTokenCache *tokens,
                       QObject *parent)
    : QObject(parent)
    , m_base(openApiBase)
    , m_http(network, tokens)
{
    m_http.setTimeoutMs(DefaultTimeoutSeconds * 1000);
}

void CardClient::setTimeoutSeconds(int seconds)
{
    m_http.setTimeoutMs(std::max(1, seconds) * 1000);
}

QJsonObject CardClient::createBody(const CardTarget &t)
{
    // No callbackType: the card has no buttons, so DingTalk has nothing to call back about.
    QJsonObject body{
        {u"cardTemplateId"_s, t.templateId},
        {u"outTrackId"_s, t.outTrackId},
        {u"cardData"_s, QJsonObject{{u"cardParamMap"_s, QJsonObject{{t.contentKey, QString()}}}}},
        {u"userIdType"_s, 1}, // the ids below are staff ids (userid), not unionIds
    };
    if (t.group) {
        body.insert(u"openSpaceId"_s, QString(u"dtv1.card//IM_GROUP."_s + t.conversationId));
        body.insert(u"imGroupOpenSpaceModel"_s, QJsonObject{{u"supportForward"_s, true}});
        QJsonObject deliver{{u"robotCode"_s, t.robotCode}};
        if (!t.staffId.isEmpty()) // the card @s the sender, as a markdown answer does
            deliver.insert(
                u"atUserIds"_s,
                QJsonObject{{t.staffId, t.senderNick.isEmpty() ? t.staffId : t.senderNick}});
        body.insert(u"imGroupOpenDeliverModel"_s, deliver);
    } else {
        body.insert(u"openSpaceId"_s, QString(u"dtv1.card//IM_ROBOT."_s + t.staffId));
        body.insert(u"imRobotOpenSpaceModel"_s, QJsonObject{{u"supportForward"_s, true}});
        body.insert(u"imRobotOpenDeliverModel"_s,
                    QJsonObject{{u"spaceType"_s, u"IM_ROBOT"_s}, {u"robotCode"_s, t.robotCode}});
    }
    return body;
}

QJsonObject CardClient::streamBody(const QString &outTrackId, const QString &key,
                                   const QString &content, bool finalize, bool error)
{
    return QJsonObject{
        {u"outTrackId"_s, outTrackId},
        // Names this update; DingTalk drops one it has seen (a retry after a lost answer).
        {u"guid"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {u"key"_s, key},
        {u"content"_s, content},
        {u"isFull"_s, true},
        {u"isFinalize"_s, finalize},
        {u"isError"_s, error},
    };
}

CardResult CardClient::interpret(int httpStatus, const QByteArray &body, bool create)
{
    CardResult r;
    r.httpStatus = httpStatus;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject o = doc.object();
    if (httpStatus >= 200 && httpStatus < 300) {
        r.problem = CardResult::Problem::Refused;
        if (!doc.isObject()) {
            r.message = u"the answer is not DingTalk's: "_s + excerpt(body);
            return r;
        }
        if (o.value(u"success"_s) == QJsonValue(false)) {
            r.message = u"DingTalk answered success=false: "_s + excerpt(body);
            return r;
        }
        if (create) {
            // createAndDeliver answers 200 even when the card reached nobody (a robot that is
            // not in the group, say): each place it went to has its own verdict.
            const QJsonArray results =
                o.value(u"result"_s).toObject().value(u"deliverResults"_s).toArray();
            for (const QJsonValue &v : results) {
                const QJsonObject d = v.toObject();
                if (d.value(u"success"_s).toBool(true))
                    continue;
                r.message = u"DingTalk created the card but did not deliver it to %1 %2: %3"_s.arg(
                    d.value(u"spaceType"_s).toString(), d.value(u"spaceId"_s).toString(),
                    d.value(u"errorMsg"_s).toString());
                return r;
            }
        }
        r.ok = true;
        r.problem = CardResult::Problem::None;
        return r;
    }
    const QString code = o.value(u"code"_s).toString();
    const QString message = o.value(u"message"_s).toString();
    const QString requestId = o.value(u"requestid"_s).toString();
    if (code.isEmpty() && message.isEmpty()) {
        // Not DingTalk's error shape: a gateway's page, most likely.
        r.problem =
            httpStatus >= 500 ? CardResult::Problem::ServerError : CardResult::Problem::Refused;
        r.message = u"HTTP %1: %2"_s.arg(httpStatus).arg(excerpt(body));
        return r;
    }
    r.problem = classify(httpStatus, code, message);
    r.message = u"HTTP %1 %2: %3"_s.arg(httpStatus).arg(code, message);
    if (!requestId.isEmpty()) // what DingTalk's support asks for
        r.message += u" (requestid %1)"_s.arg(requestId);
    r.message += advice(r.problem);
    return r;
}

void CardClient::createAndDeliver(const CardTarget &target, QObject *context, Callback done)
{
    call("POST", u"/v1.0/card/instances/createAndDeliver"_s, createBody(target), true, context,
         std::move(done));
}

void CardClient::stream(const QString &outTrackId, const QString &key, const QString &content,
                        bool finalize, bool error, QObject *context, Callback done)
{
    call("PUT", u"/v1.0/card/streaming"_s, streamBody(outTrackId, key, content, finalize, error),
         false, context, std::move(done));
}

void CardClient::call(const QByteArray &verb, const QString &path, const QJsonObject &body,
                      bool create, QObject *context, Callback done)
{
    m_http.callOpenApi(
        verb, endpoint(m_base, path), QJsonDocument(body).toJson(QJsonDocument::Compact), context,
        [create, done = std::move(done)](const DingTalkHttp::Answer &a) {
            if (a.status != 0) {
                done(interpret(a.status, a.body, create));
                return;
            }
            CardResult r;
            // The token cache says "could not reach" when DingTalk did not answer; any other
            // token failure is a refusal (a wrong secret, say).
            const bool unreachable = !a.noToken || a.error.startsWith(u"could not reach"_s);
            r.problem =
                unreachable ? CardResult::Problem::Unreachable : CardResult::Problem::Refused;
            r.message = a.error;
            done(r);
        });
}
