// OpenApiSender: sends markdown answers through DingTalk's robot OpenAPI (1:1 and group chats).
#pragma once

#include "dingtalk/DingTalkHttp.h"
#include "dingtalk/WebhookSender.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

class AccessTokenCache;
class NetworkPool;

// The way out when a message's sessionWebhook has expired or failed: needs the app's
// credentials (through the AccessTokenCache) and its robotCode. DingTalk's OpenAPI answers
// errors as HTTP 4xx/5xx with {"code","message","requestid"}; they are mapped onto
// DeliveryResult so a caller handles both ways out alike.
class OpenApiSender final : public QObject
{
    Q_OBJECT
public:
    using Callback = WebhookSender::Callback;

    static constexpr int DefaultTimeoutSeconds = 15;
    static constexpr qsizetype MaxMsgParamBytes = 15000; // DingTalk's limit, UTF-8 bytes

    // DeliveryResult::errcode of a failed send. DingTalk's own numbers where its older APIs
    // have one for the same thing, negative ones where they have none.
    static constexpr int TokenRejected = 40014; // the old API's "invalid access_token"
    static constexpr int Throttled = 130101;    // as a webhook's "send too fast": wait, retry
    static constexpr int Refused = -1;          // any other error: errmsg has code and message
    static constexpr int MessageTooLarge = -2;  // refused here, nothing was sent
    static constexpr int NoAccessToken = -3;    // no token (credentials, network): errmsg why
    static constexpr int RecipientInvalid = -4; // batchSend listed the user as invalid

    OpenApiSender(NetworkPool *network, const QUrl &openApiBase, AccessTokenCache *tokens,
                  QObject *parent = nullptr);

    void setTimeoutSeconds(int seconds);
    // Told of every send that reaches DingTalk (its API calls are counted per month).
    void setCallObserver(std::function<void()> observer)
    {
        m_http.setCallObserver(std::move(observer));
    }

    // POST /v1.0/robot/oToMessages/batchSend: a sampleMarkdown message to one user (1:1 chat).
    // A user DingTalk lists as flow-controlled or invalid is a failure naming that user.
    void sendToUser(const QString &robotCode, const QString &staffId, const QString &title,
                    const QString &text, QObject *context, Callback done);
    // POST /v1.0/robot/groupMessages/send: a sampleMarkdown message to a group the robot is in.
    void sendToGroup(const QString &robotCode, const QString &openConversationId,
                     const QString &title, const QString &text, QObject *context, Callback done);
    // Both call done once, from the event loop, unless context is destroyed first. A rejected
    // access token is dropped from the cache and the send is tried once more with a new one.

    // {"text":…,"title":…} as compact JSON: the string the msgParam field carries.
    static QByteArray msgParam(const QString &title, const QString &text);

    // DingTalk's answer to a send (either kind).
    static DeliveryResult interpret(int httpStatus, const QByteArray &body);
    // Whether an answer says the access token is invalid or expired (retrying may help).
    static bool isTokenRejection(int httpStatus, const QByteArray &body)
    {
        return DingTalkHttp::isTokenRejection(httpStatus, body);
    }

private:
    void send(const QString &path, const QJsonObject &body, QObject *context, Callback done);

    QUrl m_base;
    DingTalkHttp m_http;
};
