// AccessTokenCache: fetches, caches and refreshes the app's access token for DingTalk's OpenAPI.
#pragma once

#include "dingtalk/DingTalkHttp.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class NetworkPool;

// One cache per app (AppKey): every OpenAPI call of that app asks it for the token, so the
// app fetches one token at a time however many answers go out at once.
class AccessTokenCache final : public QObject
{
    Q_OBJECT
public:
    // Exactly one of token and error is non-empty.
    using Callback = std::function<void(const QString &token, const QString &error)>;
    using Clock = std::function<qint64()>; // milliseconds, only differences matter

    static constexpr int DefaultTimeoutSeconds = 15;
    // DingTalk documents expireIn 7200; used when an answer leaves it out.
    static constexpr int DefaultLifetimeSeconds = 7200;

    AccessTokenCache(NetworkPool *network, const QUrl &openApiBase, const QString &appKey,
                     const QString &appSecret, QObject *parent = nullptr);

    // The default is monotonic, so a step of the wall clock cannot make a dead token look
    // alive; tests inject their own to cross the refresh point without sleeping.
    void setClock(Clock nowMs);
    void setTimeoutSeconds(int seconds);
    // Told of every token request sent (DingTalk counts it among the app's API calls).
    void setCallObserver(std::function<void()> observer)
    {
        m_http.setCallObserver(std::move(observer));
    }

    // Calls done once, always from the event loop (never inside get()), unless context is
    // destroyed first. A fresh cached token answers at once; otherwise every get() made while
    // a fetch runs waits for that one fetch.
    void get(QObject *context, Callback done);

    // Forgets the cached token after the OpenAPI rejected it. With staleToken, only when that is
    // still the cached one: of several sends rejected together, only the first causes a fetch.
    void invalidate(const QString &staleToken = QString());

    bool hasToken() const { return !m_token.isEmpty(); }
    bool fetching() const { return m_fetching; }

    // How long before expiry the cache fetches anew (see the .cpp for why).
    static qint64 refreshMarginMs(qint64 lifetimeMs);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };

    void fetch();
    void received(const DingTalkHttp::Answer &answer, qint64 startedAt);
    void finish(const QString &token, const QString &error);

    DingTalkHttp m_http;
    QUrl m_endpoint;
    QString m_appKey;
    QString m_appSecret;
    Clock m_now;

    QString m_token;
    qint64 m_expiresAt = 0; // m_now() time
    qint64 m_refreshAt = 0; // m_now() time
    bool m_fetching = false;
    QList<Waiter> m_waiters;
};
