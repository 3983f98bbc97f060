#include "dingtalk/AccessTokenCache.h"

#include "dingtalk/OpenApiUrl.h"
#include "util/Log.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using OpenApiUrl::endpoint;

namespace {

qint64 monotonicNow()
{
    QElapsedTimer timer;
    timer.start();
    return timer.msecsSinceReference();
}

// Why a token request failed, in words for the log and the user; never the secret.
QString describeFailure(int status, const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString code = o.value(u"code"_s).toString();
    const QString message = o.value(u"message"_s).toString();
    if (code.isEmpty() && message.isEmpty()) {
        const QString excerpt = QString::fromUtf8(body.left(200)).simplified();
        if (status >= 200 && status < 300)
            return u"the access-token answer is not DingTalk's: "_s + excerpt;
        return u"DingTalk refused the access-token request (HTTP %1): %2"_s.arg(status).arg(
            excerpt);
    }
    QString why = u"DingTalk refused the access-token request (HTTP %1 %2: %3)"_s.arg(status).arg(
        code, message);
    const QString lower = code.toLower();
    if (lower.contains(u"secret"_s) || lower.contains(u"clientid"_s) || lower.contains(u"appkey"_s))
        why += u"; check the robot's AppKey (clientId) and AppSecret"_s;
    return why;
}

} // namespace

AccessTokenCache::AccessTokenCache(NetworkPool *network, const QUrl &openApiBase,
                                   const QString &appKey, const QString &appSecret, QObject *parent)
    : QObject(parent)
    , m_http(network)
    , m_endpoint(endpoint(openApiBase, u"/v1.0/oauth2/accessToken"_s))
    , m_appKey(appKey)
    , m_appSecret(appSecret)
    , m_now(monotonicNow)
{
    m_http.setTimeoutMs(DefaultTimeoutSeconds * 1000);
}

void AccessTokenCache::setClock(Clock nowMs)
{
    m_now = nowMs ? std::move(nowMs) : Clock(monotonicNow);
}

void AccessTokenCache::setTimeoutSeconds(int seconds)
{
    m_http.setTimeoutMs(std::max(1, seconds) * 1000);
}

qint64 AccessTokenCache::refreshMarginMs(qint64 lifetimeMs)
{
    // Refresh when less than 10 % of the life or 5 minutes remain, whichever is larger. Five
    // minutes cover the clock drift between DingTalk and us plus a send that takes the token
    // and then retries for a while; 10 % scales that for longer-lived tokens (12 minutes of
    // DingTalk's 7200 s). Refreshing early also leaves time to fail: while the old token is
    // still alive, a failed refresh costs nothing (see finish()). Never more than half the
    // life, so a short-lived token is not fetched anew for every call.
    const qint64 margin = std::max(lifetimeMs / 10, qint64(5 * 60 * 1000));
    return std::min(margin, lifetimeMs / 2);
}

void AccessTokenCache::get(QObject *context, Callback done)
{
    if (!m_token.isEmpty() && m_now() < m_refreshAt) {
        // From the event loop, as a fetched token would be: callers need not handle both.
        QTimer::singleShot(
            0, this, [guard = QPointer<QObject>(context), done = std::move(done), token = m_token] {
                if (guard)
                    done(token, QString());
            });
        return;
    }
    m_waiters.append({QPointer<QObject>(context), std::move(done)});
    if (!m_fetching)
        fetch();
}

void AccessTokenCache::invalidate(const QString &staleToken)
{
    if (!staleToken.isEmpty() && staleToken != m_token)
        return;
    m_token.clear();
    m_expiresAt = 0;
    m_refreshAt = 0;
}

void AccessTokenCache::fetch()
{
    m_fetching = true;
    // The body holds the secret: DingTalkHttp follows no redirect that would take it elsewhere.
    const QJsonObject body{{u"appKey"_s, m_appKey}, {u"appSecret"_s, m_appSecret}};
    // The life counts from the request, not the answer: DingTalk's clock started no earlier.
    const qint64 startedAt = m_now();
    m_http.post(m_endpoint, QJsonDocument(body).toJson(QJsonDocument::Compact), this,
                [this, startedAt](const DingTalkHttp::Answer &a) { received(a, startedAt); });
}

void AccessTokenCache::received(const DingTalkHttp::Answer &answer, qint64 startedAt)
{
    if (answer.status == 0) {
        finish(QString(), u"could not reach DingTalk for an access token: "_s + answer.error);
        return;
    }
    const QJsonObject o = QJsonDocument::fromJson(answer.body).object();
    const QString token = o.value(u"accessToken"_s).toString();
    if (answer.status < 200 || answer.status >= 300 || token.isEmpty()) {
        finish(QString(), describeFailure(answer.status, answer.body));
        return;
    }
    qint64 lifetimeS = o.value(u"expireIn"_s).toInteger(DefaultLifetimeSeconds);
    if (lifetimeS <= 0)
        lifetimeS = DefaultLifetimeSeconds;
    const qint64 lifetimeMs = lifetimeS * 1000;
    m_token = token;
    m_expiresAt = startedAt + lifetimeMs;
    m_refreshAt = m_expiresAt - refreshMarginMs(lifetimeMs);
    qCInfo(lcDingTalk).noquote() << "fetched an OpenAPI access token valid for" << lifetimeS << "s";
    finish(token, QString());
}

void AccessTokenCache::finish(const QString &token, const QString &error)
{
    m_fetching = false;
    QString given = token;
    QString why = error;
    if (given.isEmpty() && !m_token.isEmpty() && m_now() < m_expiresAt) {
        // An early refresh failed, but the token we hold still works: use it, and the next
        // get() tries to refresh again.
        qCWarning(lcDingTalk).noquote()
            << "refreshing the OpenAPI access token failed; the current one is good for"
            << (m_expiresAt - m_now()) / 1000 << "s more:" << error;
        given = m_token;
        why.clear();
    } else if (given.isEmpty()) {
        qCWarning(lcDingTalk).noquote() << error;
    }
    // Taken first: a callback may call get() again, which then starts a fetch of its own.
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(given, why);
    }
}
