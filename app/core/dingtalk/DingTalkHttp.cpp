#include "dingtalk/DingTalkHttp.h"

#include "dingtalk/AccessTokenCache.h"
#include "util/Log.h"
#include "util/NetworkPool.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace {

// Qt names the URL in some of its error strings; a webhook's query holds its token (and a
// custom robot's sign).
QString withoutQuery(QString text, const QUrl &url)
{
    if (!url.hasQuery())
        return text;
    const QString bare = url.adjusted(QUrl::RemoveQuery).toString();
    for (const QString &form :
         {url.toString(), url.toDisplayString(), QString::fromUtf8(url.toEncoded())})
        text.replace(form, bare);
    return text;
}

} // namespace

DingTalkHttp::DingTalkHttp(NetworkPool *network, AccessTokenCache *tokens, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_tokens(tokens)
{}

bool DingTalkHttp::isTokenRejection(int httpStatus, const QByteArray &body)
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

void DingTalkHttp::post(const QUrl &url, const QByteArray &json, QObject *context, Callback done)
{
    send("POST", url, json, QString(),
         [guard = QPointer<QObject>(context), done = std::move(done)](const Answer &answer) {
             if (guard)
                 done(answer);
         });
}

void DingTalkHttp::callOpenApi(const QByteArray &verb, const QUrl &url, const QByteArray &json,
                               QObject *context, Callback done)
{
    Q_ASSERT(m_tokens);
    attempt(verb, url, json, QPointer<QObject>(context), done, false);
}

void DingTalkHttp::attempt(const QByteArray &verb, const QUrl &url, const QByteArray &json,
                           const QPointer<QObject> &context, const Callback &done, bool isRetry)
{
    m_tokens->get(this, [=, this](const QString &token, const QString &error) {
        if (token.isEmpty()) {
            Answer answer;
            answer.noToken = true;
            answer.error = error;
            if (context)
                done(answer);
            return;
        }
        send(verb, url, json, token, [=, this](const Answer &answer) {
            if (answer.status != 0 && isTokenRejection(answer.status, answer.body)) {
                // Revoked or expired before its time (the app secret was reset, say): a new
                // token helps once; a second rejection is not the token's age.
                m_tokens->invalidate(token);
                if (!isRetry) {
                    qCInfo(lcDingTalk).noquote()
                        << u"DingTalk rejected the OpenAPI access token of %1; fetching a new "
                           u"one and trying once more"_s.arg(url.path());
                    attempt(verb, url, json, context, done, true);
                    return;
                }
            }
            if (context)
                done(answer);
        });
    });
}

void DingTalkHttp::send(const QByteArray &verb, const QUrl &url, const QByteArray &json,
                        const QString &token, Callback then)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/json; charset=utf-8"));
    request.setRawHeader("Accept", "application/json");
    if (!token.isEmpty())
        request.setRawHeader("x-acs-dingtalk-access-token", token.toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkAccessManager *manager = m_network->pick();
    QNetworkReply *reply = verb == "POST" ? manager->post(request, json)
                                          : manager->sendCustomRequest(request, verb, json);
    m_network->track(manager, reply);
    if (m_observer)
        m_observer();
    connect(reply, &QNetworkReply::finished, this, [reply, then = std::move(then)] {
        reply->deleteLater();
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (answer.status == 0) {
            // A transfer timeout aborts the reply, which Qt reports as cancelled.
            answer.error = reply->error() == QNetworkReply::OperationCanceledError
                               ? u"no answer in time"_s
                               : withoutQuery(reply->errorString(), reply->url());
        } else {
            answer.body = reply->readAll();
        }
        then(answer);
    });
}
