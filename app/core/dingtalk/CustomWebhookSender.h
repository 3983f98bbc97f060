// CustomWebhookSender: posts markdown to a group's custom robot webhook (加签, keywords, @).
#pragma once

#include "dingtalk/DingTalkHttp.h"
#include "dingtalk/WebhookSender.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class NetworkPool;

// A custom robot is send-only and needs no app: its webhook carries the robot's access token,
// and, with 加签 on, a timestamp and a sign made with the robot's secret. DingTalk answers as
// on a sessionWebhook ({"errcode","errmsg"}), so results read through WebhookSender::interpret:
// 310000 security (keyword, timestamp, sign, IP), 130101 too fast, 300001 / 300005 no such
// robot token, 40035 missing access_token. URLs are never logged: they hold the token and sign.
class CustomWebhookSender final : public QObject
{
    Q_OBJECT
public:
    using Callback = WebhookSender::Callback;
    using Clock = std::function<qint64()>; // ms since the epoch: the sign's timestamp

    static constexpr int DefaultTimeoutSeconds = 15;
    // DingTalk's limit on the JSON body, counting each non-ASCII character as the six bytes
    // of its \uXXXX escape.
    static constexpr qsizetype MaxBodyBytes = 20000;
    // DeliveryResult::errcode of a body refused here, before sending (as OpenApiSender's).
    static constexpr int BodyTooLarge = -2;

    // signSecret empty: 加签 is off. keywords: the robot's security keywords, if any.
    // nowMs empty: the system clock.
    CustomWebhookSender(NetworkPool *network, const QUrl &webhookBase, const QString &accessToken,
                        const QString &signSecret, const QStringList &keywords, Clock nowMs,
                        QObject *parent = nullptr);

    void setTimeoutSeconds(int seconds);

    // Posts a markdown message that @-mentions atUserIds (staff ids). done is called once, from
    // the event loop, unless context is destroyed first.
    void send(const QString &title, const QString &text, const QStringList &atUserIds,
              QObject *context, Callback done);

    // The pieces of send(), public for tests.
    // {base}?access_token=…[&timestamp=…&sign=…], the sign percent-encoded as DingTalk wants.
    static QUrl signedUrl(const QUrl &webhookBase, const QString &accessToken,
                          const QString &signSecret, qint64 timestampMs);
    // The text as sent: mentions DingTalk would not render (the text lacks "@id") are put in
    // front, and when the robot has keywords and the text holds none, the first one is added
    // on a last line, so DingTalk does not refuse the answer with 310000.
    static QString shownText(const QString &text, const QStringList &atUserIds,
                             const QStringList &keywords);
    static QByteArray body(const QString &title, const QString &text, const QStringList &atUserIds,
                           const QStringList &keywords);
    // The size of a JSON body as DingTalk counts it (see MaxBodyBytes).
    static qsizetype dingTalkSize(const QByteArray &json);

private:
    DingTalkHttp m_http;
    QUrl m_base;
    QString m_accessToken;
    QString m_signSecret;
    QStringList m_keywords;
    Clock m_now;
};
