// DingTalkHttp: one JSON request to DingTalk (a webhook or the OpenAPI) and its raw answer.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>

class AccessTokenCache;
class NetworkPool;

// Every DingTalk sender and the token cache make their requests the same way: a JSON body, the
// pool's least busy manager, a transfer timeout, and no redirect followed (one would carry an
// access token, the app secret or a webhook's token to another host). Each caller reads the
// answer its own way; OpenAPI calls also take their access token here, with the one retry
// after DingTalk rejects it, so the rule lives in one place.
class DingTalkHttp final : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        int status = 0; // HTTP status; 0: no answer came, error says why
        QByteArray body;
        QString error;        // "no answer in time", Qt's words, or why there is no token
        bool noToken = false; // no access token could be had, so nothing was sent
    };
    using Callback = std::function<void(const Answer &)>;

    static constexpr int DefaultTimeoutMs = 15 * 1000;

    // tokens: where callOpenApi() takes its access token; none for webhooks.
    explicit DingTalkHttp(NetworkPool *network, AccessTokenCache *tokens = nullptr,
                          QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Told of every request sent (DingTalk counts OpenAPI calls per month).
    void setCallObserver(std::function<void()> observer) { m_observer = std::move(observer); }

    // POSTs json to url with no access token: a webhook, or the token request itself.
    void post(const QUrl &url, const QByteArray &json, QObject *context, Callback done);
    // Sends json with verb ("POST", "PUT") and the access token in x-acs-dingtalk-access-token.
    // A rejected token is dropped from the cache and the call made once more with a new one;
    // a second rejection is the answer.
    void callOpenApi(const QByteArray &verb, const QUrl &url, const QByteArray &json,
                     QObject *context, Callback done);
    // Both call done once, from the event loop, unless context is destroyed first. A request
    // already made is not withdrawn then: only its answer goes unread.

    // Whether an OpenAPI answer says the access token is invalid or expired (a new one may help).
    static bool isTokenRejection(int httpStatus, const QByteArray &body);

private:
    void attempt(const QByteArray &verb, const QUrl &url, const QByteArray &json,
                 const QPointer<QObject> &context, const Callback &done, bool isRetry);
    void send(const QByteArray &verb, const QUrl &url, const QByteArray &json, const QString &token,
              Callback then);

    NetworkPool *m_network;
    AccessTokenCache *m_tokens;
    int m_timeoutMs = DefaultTimeoutMs;
    std::function<void()> m_observer;
};
