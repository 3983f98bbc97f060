#include "FakeDingTalk.h"

#include "dingtalk/Signature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

CannedResponse webhookAnswer(int errcode, const QString &errmsg)
{
    const QJsonObject o{{u"errcode"_s, errcode}, {u"errmsg"_s, errmsg}};
    return canned(200, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

CannedResponse json(int status, const QJsonObject &o)
{
    return canned(status, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array)
        list << v.toString();
    return list;
}

// The size DingTalk counts: its JSON escapes every non-ASCII UTF-16 unit as \uXXXX.
qsizetype escapedSize(const QByteArray &body)
{
    const QString s = QString::fromUtf8(body);
    qsizetype n = 0;
    for (QChar c : s)
        n += c.unicode() < 0x80 ? 1 : 6;
    return n;
}

// A query value as a servlet container decodes it: '+' is a space. A sign sent with a raw
// '+' (not percent-encoded) therefore fails, as it does at DingTalk.
QByteArray formDecoded(const QUrlQuery &query, const QString &name)
{
    QByteArray raw = query.queryItemValue(name, QUrl::FullyEncoded).toLatin1();
    raw.replace('+', ' ');
    return QByteArray::fromPercentEncoding(raw);
}

} // namespace

QString FakeDingTalk::path(Route route)
{
    switch (route) {
    case Route::Session:
        return u"/robot/sendBySession"_s;
    case Route::AccessToken:
        return u"/v1.0/oauth2/accessToken"_s;
    case Route::UserSend:
        return u"/v1.0/robot/oToMessages/batchSend"_s;
    case Route::GroupSend:
        return u"/v1.0/robot/groupMessages/send"_s;
    case Route::CustomRobot:
        return u"/robot/send"_s;
    case Route::CardCreate:
        return u"/v1.0/card/instances/createAndDeliver"_s;
    case Route::CardStreaming:
        return u"/v1.0/card/streaming"_s;
    case Route::Unknown:
        break;
    }
    return u"/unknown"_s;
}

FakeDingTalk::Route FakeDingTalk::routeOf(const QString &p)
{
    for (Route r : {Route::Session, Route::AccessToken, Route::UserSend, Route::GroupSend,
                    Route::CustomRobot, Route::CardCreate, Route::CardStreaming}) {
        if (p == path(r))
            return r;
    }
    return Route::Unknown;
}

FakeDingTalk::FakeDingTalk(QObject *parent)
    : QObject(parent)
{
    m_server.setHandler([this](const RecordedRequest &r) { return handle(r); });
    m_clock.start();
}

quint16 FakeDingTalk::listen()
{
    return m_server.listen();
}

QUrl FakeDingTalk::baseUrl() const
{
    return m_server.url();
}

QUrl FakeDingTalk::url(Route route) const
{
    return m_server.url(path(route));
}

QUrl FakeDingTalk::sessionWebhook(const QString &session) const
{
    QUrl u = url(Route::Session);
    QUrlQuery q;
    q.addQueryItem(u"session"_s, session);
    u.setQuery(q);
    return u;
}

void FakeDingTalk::setApp(const QString &appKey, const QString &appSecret, const QString &robotCode)
{
    m_appKey = appKey;
    m_appSecret = appSecret;
    m_robotCode = robotCode;
}

void FakeDingTalk::revokeTokens()
{
    m_tokenExpiry.clear();
}

void FakeDingTalk::setCustomRobot(const QString &accessToken, const QString &signSecret,
                                  const QStringList &keywords)
{
    m_customToken = accessToken;
    m_customSecret = signSecret;
    m_customKeywords = keywords;
}

void FakeDingTalk::failNext(Route route, int errcode, const QString &errmsg)
{
    answerNext(route, webhookAnswer(errcode, errmsg));
}

void FakeDingTalk::failNextOpenApi(Route route, int httpStatus, const QString &code,
                                   const QString &message)
{
    answerNext(route, openApiError(httpStatus, code, message));
}

void FakeDingTalk::answerNext(Route route, const CannedResponse &response)
{
    m_scripted[route].append(response);
}

QStringList FakeDingTalk::texts() const
{
    QStringList list;
    for (const Message &m : m_messages)
        list << m.text;
    return list;
}

int FakeDingTalk::requestCount(Route route) const
{
    int n = 0;
    for (const RecordedRequest &r : m_server.requests())
        n += routeOf(r.path) == route ? 1 : 0;
    return n;
}

void FakeDingTalk::record(const Message &message)
{
    m_messages.append(message);
    emit accepted();
}

CannedResponse FakeDingTalk::openApiError(int status, const QString &code, const QString &message)
{
    return json(status, QJsonObject{{u"code"_s, code},
                                    {u"message"_s, message},
                                    {u"requestid"_s, u"fake-request-%1"_s.arg(++m_requestIds)}});
}

CannedResponse FakeDingTalk::handle(const RecordedRequest &request)
{
    const Route route = routeOf(request.path);
    auto scripted = m_scripted.find(route);
    if (scripted != m_scripted.end() && !scripted->isEmpty())
        return scripted->takeFirst();
    const QByteArray method = route == Route::CardStreaming ? "PUT" : "POST";
    if (request.method != method)
        return openApiError(405, u"MethodNotAllowed"_s, u"use "_s + QString::fromLatin1(method));
    switch (route) {
    case Route::Session:
        return session(request);
    case Route::AccessToken:
        return accessToken(request);
    case Route::UserSend:
    case Route::GroupSend:
        return openApiSend(route, request);
    case Route::CustomRobot:
        return customRobot(request);
    case Route::CardCreate:
        return cardCreate(request);
    case Route::CardStreaming:
        return cardStreaming(request);
    case Route::Unknown:
        break;
    }
    return openApiError(404, u"NotFound"_s, u"no such API: "_s + request.path);
}

CannedResponse FakeDingTalk::session(const RecordedRequest &request)
{
    const QString id = request.query.queryItemValue(u"session"_s);
    if (id.isEmpty() || m_expiredSessions.contains(id))
        return webhookAnswer(300001, u"session does not exist"_s);
    const QJsonObject o = request.json();
    Message m;
    m.route = Route::Session;
    m.conversation = id;
    m.msgtype = o.value(u"msgtype"_s).toString();
    if (m.msgtype == u"markdown"_s) {
        const QJsonObject md = o.value(u"markdown"_s).toObject();
        m.title = md.value(u"title"_s).toString();
        m.text = md.value(u"text"_s).toString();
        if (m.title.isEmpty() || m.text.isEmpty())
            return webhookAnswer(40035, u"缺少参数 markdown.title or markdown.text"_s);
    } else if (m.msgtype == u"text"_s) {
        m.text = o.value(u"text"_s).toObject().value(u"content"_s).toString();
        if (m.text.isEmpty())
            return webhookAnswer(40035, u"缺少参数 text.content"_s);
    } else {
        return webhookAnswer(40035, u"缺少参数 msgtype"_s);
    }
    m.atUserIds = strings(o.value(u"at"_s).toObject().value(u"atUserIds"_s));
    record(m);
    return webhookAnswer(0, u"ok"_s);
}

CannedResponse FakeDingTalk::accessToken(const RecordedRequest &request)
{
    const QJsonObject o = request.json();
    const QString key = o.value(u"appKey"_s).toString();
    const QString secret = o.value(u"appSecret"_s).toString();
    const bool known = m_appKey.isEmpty() ? !key.isEmpty() && !secret.isEmpty()
                                          : key == m_appKey && secret == m_appSecret;
    if (!known)
        return openApiError(400, u"invalidClientIdOrSecret"_s, u"无效的clientId或者clientSecret"_s);
    const QString token = u"fake-token-%1"_s.arg(m_issued.size() + 1);
    m_issued << token;
    m_tokenExpiry.insert(token, now() + qint64(m_tokenLifetimeS) * 1000);
    return json(200, QJsonObject{{u"accessToken"_s, token}, {u"expireIn"_s, m_tokenLifetimeS}});
}

CannedResponse FakeDingTalk::openApiSend(Route route, const RecordedRequest &request)
{
    const QString token = QString::fromUtf8(request.headers.value("x-acs-dingtalk-access-token"));
    if (token.isEmpty())
        return openApiError(400, u"MissingAuthentication"_s,
                            u"x-acs-dingtalk-access-token is mandatory"_s);
    const auto expiry = m_tokenExpiry.constFind(token);
    if (expiry == m_tokenExpiry.constEnd() || *expiry <= now())
        return openApiError(400, u"InvalidAuthentication"_s, u"不合法的access_token"_s);

    const QJsonObject o = request.json();
    const QString robotCode = o.value(u"robotCode"_s).toString();
    if (robotCode.isEmpty() || (!m_robotCode.isEmpty() && robotCode != m_robotCode))
        return openApiError(400, u"resource.not.found"_s, u"robot 不存在"_s);
    const QJsonValue param = o.value(u"msgParam"_s);
    if (!param.isString())
        return openApiError(400, u"InvalidParameter.MsgParam"_s,
                            u"msgParam must be a JSON string"_s);
    const QByteArray paramBytes = param.toString().toUtf8();
    if (paramBytes.size() > MaxMsgParamBytes)
        return openApiError(400, u"InvalidParameter.MsgParam"_s, u"msgParam is too long"_s);
    QJsonParseError parseError;
    const QJsonObject p = QJsonDocument::fromJson(paramBytes, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return openApiError(400, u"InvalidParameter.MsgParam"_s, u"msgParam is not JSON"_s);

    Message m;
    m.robotCode = robotCode;
    m.msgtype = o.value(u"msgKey"_s).toString();
    if (m.msgtype == u"sampleMarkdown"_s) {
        m.title = p.value(u"title"_s).toString();
        m.text = p.value(u"text"_s).toString();
        if (m.title.isEmpty() || m.text.isEmpty())
            return openApiError(400, u"InvalidParameter.MsgParam"_s,
                                u"sampleMarkdown needs title and text"_s);
    } else if (m.msgtype == u"sampleText"_s) {
        m.text = p.value(u"content"_s).toString();
        if (m.text.isEmpty())
            return openApiError(400, u"InvalidParameter.MsgParam"_s, u"sampleText needs content"_s);
    } else {
        return openApiError(400, u"InvalidParameter.MsgKey"_s, u"unknown msgKey"_s);
    }
    const QString processQueryKey = u"fake-pqk-%1"_s.arg(++m_requestIds);

    if (route == Route::GroupSend) {
        m.route = Route::GroupSend;
        m.conversation = o.value(u"openConversationId"_s).toString();
        if (m.conversation.isEmpty())
            return openApiError(400, u"MissingParameter"_s, u"openConversationId is mandatory"_s);
        record(m);
        return json(200, QJsonObject{{u"processQueryKey"_s, processQueryKey}});
    }

    const QStringList users = strings(o.value(u"userIds"_s));
    if (users.isEmpty() || users.contains(QString()))
        return openApiError(400, u"MissingParameter"_s, u"userIds is mandatory"_s);
    QJsonArray invalid;
    QJsonArray flowControlled;
    for (const QString &user : users) {
        if (m_invalidStaff.contains(user)) {
            invalid.append(user);
        } else if (m_flowControlled.contains(user)) {
            flowControlled.append(user);
        } else {
            Message one = m;
            one.route = Route::UserSend;
            one.user = user;
            record(one);
        }
    }
    return json(200, QJsonObject{{u"processQueryKey"_s, processQueryKey},
                                 {u"invalidStaffIdList"_s, invalid},
                                 {u"flowControlledStaffIdList"_s, flowControlled}});
}

CannedResponse FakeDingTalk::customRobot(const RecordedRequest &request)
{
    const QString token = request.query.queryItemValue(u"access_token"_s, QUrl::FullyDecoded);
    if (token.isEmpty())
        return webhookAnswer(40035, u"缺少参数 access_token"_s);
    if (!m_customToken.isEmpty() && token != m_customToken)
        return webhookAnswer(300005, u"token is not exist"_s);
    if (!m_customSecret.isEmpty()) {
        bool ok = false;
        const qint64 timestamp = request.query.queryItemValue(u"timestamp"_s).toLongLong(&ok);
        const QByteArray sign = formDecoded(request.query, u"sign"_s);
        if (!ok || sign.isEmpty())
            return webhookAnswer(310000, u"sign not match, timestamp or sign missing"_s);
        if (qAbs(now() - timestamp) > 3600 * 1000)
            return webhookAnswer(310000, u"invalid timestamp"_s);
        if (!Signature::constantTimeEquals(Signature::sign(timestamp, m_customSecret.toUtf8()),
                                           sign))
            return webhookAnswer(310000, u"sign not match"_s);
    }
    if (escapedSize(request.body) > MaxCustomBodyBytes)
        return webhookAnswer(TooLongErrcode, u"message too long"_s);

    const QJsonObject o = request.json();
    Message m;
    m.route = Route::CustomRobot;
    m.conversation = token;
    m.msgtype = o.value(u"msgtype"_s).toString();
    if (m.msgtype == u"markdown"_s) {
        const QJsonObject md = o.value(u"markdown"_s).toObject();
        m.title = md.value(u"title"_s).toString();
        m.text = md.value(u"text"_s).toString();
    } else if (m.msgtype == u"text"_s) {
        m.text = o.value(u"text"_s).toObject().value(u"content"_s).toString();
    }
    if (m.text.isEmpty())
        return webhookAnswer(40035, u"缺少参数 content"_s);
    if (!m_customKeywords.isEmpty()) {
        const bool hasKeyword = std::any_of(m_customKeywords.begin(), m_customKeywords.end(),
                                            [&](const QString &k) { return m.text.contains(k); });
        if (!hasKeyword)
            return webhookAnswer(310000, u"keywords not in content"_s);
    }
    m.atUserIds = strings(o.value(u"at"_s).toObject().value(u"atUserIds"_s));
    record(m);
    return webhookAnswer(0, u"ok"_s);
}

std::optional<CannedResponse> FakeDingTalk::refuseToken(const RecordedRequest &request)
{
    const QString token = QString::fromUtf8(request.headers.value("x-acs-dingtalk-access-token"));
    if (token.isEmpty())
        return openApiError(400, u"MissingAuthentication"_s,
                            u"x-acs-dingtalk-access-token is mandatory"_s);
    const auto expiry = m_tokenExpiry.constFind(token);
    if (expiry == m_tokenExpiry.constEnd() || *expiry <= now())
        return openApiError(400, u"InvalidAuthentication"_s, u"不合法的access_token"_s);
    return std::nullopt;
}

FakeDingTalk::Card *FakeDingTalk::findCard(const QString &outTrackId)
{
    for (Card &card : m_cards) {
        if (card.outTrackId == outTrackId)
            return &card;
    }
    return nullptr;
}

CannedResponse FakeDingTalk::cardCreate(const RecordedRequest &request)
{
    if (auto refused = refuseToken(request))
        return *refused;
    if (m_deniedScopes.contains(u"Card.Instance.Write"_s))
        return openApiError(403, u"Forbidden.AccessDenied.AccessTokenPermissionDenied"_s,
                            u"应用尚未开通所需的权限：[Card.Instance.Write]"_s);
    const QJsonObject o = request.json();
    Card card;
    card.body = o;
    card.outTrackId = o.value(u"outTrackId"_s).toString();
    card.templateId = o.value(u"cardTemplateId"_s).toString();
    card.openSpaceId = o.value(u"openSpaceId"_s).toString();
    if (card.outTrackId.isEmpty() || card.templateId.isEmpty())
        return openApiError(400, u"MissingParameter"_s, u"outTrackId and cardTemplateId"_s);
    // DingTalk documents no code for an unknown id; an unpublished one is
    // param.templateUnpublished. This stands in for both.
    if (!m_cardTemplates.isEmpty() && !m_cardTemplates.contains(card.templateId))
        return openApiError(400, u"param.templateNotExist"_s, u"card template not exist"_s);
    if (findCard(card.outTrackId))
        return openApiError(400, u"param.outTrackIdDuplicated"_s, u"outTrackId is used"_s);
    const QJsonObject params =
        o.value(u"cardData"_s).toObject().value(u"cardParamMap"_s).toObject();
    for (const QJsonValue &v : params) {
        if (!v.isString())
            return openApiError(400, u"param.cardParamMap"_s, u"values must be strings"_s);
    }
    QString spaceType;
    QJsonObject deliver;
    if (card.openSpaceId.startsWith(u"dtv1.card//IM_GROUP."_s)) {
        spaceType = u"IM_GROUP"_s;
        deliver = o.value(u"imGroupOpenDeliverModel"_s).toObject();
    } else if (card.openSpaceId.startsWith(u"dtv1.card//IM_ROBOT."_s)) {
        spaceType = u"IM_ROBOT"_s;
        deliver = o.value(u"imRobotOpenDeliverModel"_s).toObject();
        if (deliver.value(u"spaceType"_s).toString() != u"IM_ROBOT"_s)
            return openApiError(400, u"param.spaceType"_s, u"imRobotOpenDeliverModel.spaceType"_s);
    } else {
        return openApiError(400, u"param.openSpaceId"_s, u"openSpaceId is invalid"_s);
    }
    const QString spaceId = card.openSpaceId.section(u'.', 1);
    card.robotCode = deliver.value(u"robotCode"_s).toString();
    if (spaceId.isEmpty() || card.robotCode.isEmpty() ||
        (!m_robotCode.isEmpty() && card.robotCode != m_robotCode))
        return openApiError(400, u"param.robotCode"_s, u"robot 不存在"_s);
    m_cards.append(card);
    emit cardChanged();
    const QJsonObject result{
        {u"outTrackId"_s, card.outTrackId},
        {u"deliverResults"_s,
         QJsonArray{QJsonObject{{u"spaceType"_s, spaceType},
                                {u"spaceId"_s, spaceId},
                                {u"success"_s, true},
                                {u"carrierId"_s, u"fake-carrier-%1"_s.arg(m_cards.size())}}}}};
    CannedResponse answer = json(200, QJsonObject{{u"success"_s, true}, {u"result"_s, result}});
    answer.delayMs = m_cardDelayMs;
    return answer;
}

CannedResponse FakeDingTalk::cardStreaming(const RecordedRequest &request)
{
    if (auto refused = refuseToken(request))
        return *refused;
    if (m_deniedScopes.contains(u"Card.Streaming.Write"_s))
        return openApiError(403, u"Forbidden.AccessDenied.AccessTokenPermissionDenied"_s,
                            u"应用尚未开通所需的权限：[Card.Streaming.Write]"_s);
    const QJsonObject o = request.json();
    Card *card = findCard(o.value(u"outTrackId"_s).toString());
    if (!card)
        return openApiError(400, u"param.cardNotExist"_s, u"card not exist"_s);
    CardUpdate update;
    update.key = o.value(u"key"_s).toString();
    update.content = o.value(u"content"_s).toString();
    update.isFull = o.value(u"isFull"_s).toBool();
    update.isFinalize = o.value(u"isFinalize"_s).toBool();
    update.isError = o.value(u"isError"_s).toBool();
    const QString guid = o.value(u"guid"_s).toString();
    if (update.key.isEmpty() || guid.isEmpty() || !o.value(u"content"_s).isString())
        return openApiError(400, u"MissingParameter"_s, u"key, guid and content"_s);
    // Stricter than DingTalk is known to be: an update after the last one is a relay bug.
    if (card->finalized)
        return openApiError(400, u"param.cardFinalized"_s, u"the card is finished"_s);
    const qint64 at = m_clock.elapsed();
    if (at < m_cardBusyUntil.value(card->outTrackId, 0))
        ++m_overlapping;
    m_cardBusyUntil.insert(card->outTrackId, at + m_cardDelayMs);
    if (!m_cardGuids.contains(guid)) { // a repeated guid is a retry DingTalk already has
        m_cardGuids.insert(guid);
        card->updates.append(update);
        card->finalized = update.isFinalize;
        emit cardChanged();
    }
    CannedResponse answer = json(200, QJsonObject{{u"success"_s, true}, {u"result"_s, true}});
    answer.delayMs = m_cardDelayMs;
    return answer;
}
