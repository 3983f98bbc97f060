#include "TestCallbacks.h"

#include "dingtalk/Signature.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace TestCallbacks {

QJsonObject textMessage(const QString &text, const QString &msgId, const QUrl &sessionWebhook,
                        bool group, const Sender &sender, const QString &conversationId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return QJsonObject{
        {u"msgtype"_s, u"text"_s},
        {u"text"_s, QJsonObject{{u"content"_s, group ? u" "_s + text : text}}},
        {u"msgId"_s, msgId},
        {u"createAt"_s, double(now)},
        {u"conversationType"_s, group ? u"2"_s : u"1"_s},
        {u"conversationId"_s, conversationId},
        {u"conversationTitle"_s, group ? u"Team chat"_s : QString()},
        {u"senderId"_s, sender.id},
        {u"senderNick"_s, sender.nick},
        {u"senderStaffId"_s, sender.staffId},
        {u"senderCorpId"_s, u"ding-corp"_s},
        {u"chatbotCorpId"_s, u"ding-corp"_s},
        {u"chatbotUserId"_s, u"$:LWCP_v1:$bot"_s},
        {u"robotCode"_s, u"dingbot-code"_s},
        {u"isAdmin"_s, false},
        {u"isInAtList"_s, true},
        {u"sessionWebhook"_s, sessionWebhook.toString()},
        {u"sessionWebhookExpiredTime"_s, double(now + 90 * 60 * 1000)},
    };
}

Headers signedHeaders(const QByteArray &secret, qint64 timestampMs)
{
    // DingTalk signs each callback with the millisecond it sends it, and a sign carries one
    // message only: two callbacks a test sends within one millisecond get two.
    static qint64 last = 0;
    if (timestampMs == 0) {
        timestampMs = std::max(QDateTime::currentMSecsSinceEpoch(), last + 1);
        last = timestampMs;
    }
    return {{"timestamp", QByteArray::number(timestampMs)},
            {"sign", Signature::sign(timestampMs, secret)}};
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                const Headers &headers, int timeoutMs)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    if (reply->isFinished()) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
    }
    reply->abort();
    delete reply;
    return result;
}

HttpResult postCallback(const QUrl &url, const QByteArray &secret, const QJsonObject &message)
{
    return send("POST", url, QJsonDocument(message).toJson(QJsonDocument::Compact),
                signedHeaders(secret));
}

HttpResult healthDetails(const QUrl &base, const QString &dataDir)
{
    QFile file(QDir(dataDir).filePath(QStringLiteral("health-token")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QUrl url = base;
    QString path = base.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/healthz"));
    return send("GET", url, {}, {{"authorization", "Bearer " + file.readAll().trimmed()}});
}

} // namespace TestCallbacks
