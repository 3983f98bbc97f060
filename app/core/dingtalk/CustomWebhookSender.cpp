#include "dingtalk/CustomWebhookSender.h"

#include "dingtalk/Signature.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

QStringList usable(const QStringList &keywords)
{
    QStringList list;
    for (const QString &k : keywords) {
        if (!k.trimmed().isEmpty())
            list << k.trimmed();
    }
    return list;
}

} // namespace

CustomWebhookSender::CustomWebhookSender(NetworkPool *network, const QUrl &webhookBase,
                                         const QString &accessToken, const QString &signSecret,
                                         const QStringList &keywords, Clock nowMs, QObject *parent)
    : QObject(parent)
    , m_http(network)
    , m_base(webhookBase)
    , m_accessToken(accessToken)
    , m_signSecret(signSecret)
    , m_keywords(usable(keywords))
    , m_now(nowMs ? std::move(nowMs) : Clock(&QDateTime::currentMSecsSinceEpoch))
{
    m_http.setTimeoutMs(DefaultTimeoutSeconds * 1000);
}

void CustomWebhookSender::setTimeoutSeconds(int seconds)
{
    m_http.setTimeoutMs(std::max(1, seconds) * 1000);
}

QUrl CustomWebhookSender::signedUrl(const QUrl &webhookBase, const QString &accessToken,
                                    const QString &signSecret, qint64 timestampMs)
{
    QUrl url = webhookBase;
    // A base pasted whole ("…/robot/send?access_token=…") keeps its other items, but not the
    // ones set here: two access_tokens would make DingTalk pick one of its own choosing.
    QUrlQuery kept(webhookBase);
    for (const QString &name : {u"access_token"_s, u"timestamp"_s, u"sign"_s})
        kept.removeAllQueryItems(name);
    // Built as encoded text: QUrlQuery would take the sign's "%2B" for an encoded '+' and
    // might send it decoded, which DingTalk reads as a space.
    QString query = kept.toString(QUrl::FullyEncoded);
    if (!query.isEmpty())
        query += u'&';
    query += u"access_token="_s + QString::fromLatin1(QUrl::toPercentEncoding(accessToken));
    if (!signSecret.isEmpty()) {
        query += u"&timestamp="_s + QString::number(timestampMs) + u"&sign="_s +
                 QString::fromLatin1(Signature::webhookSign(timestampMs, signSecret.toUtf8()));
    }
    url.setQuery(query, QUrl::StrictMode);
    return url;
}

QString CustomWebhookSender::shownText(const QString &text, const QStringList &atUserIds,
                                       const QStringList &keywords)
{
    QStringList missing;
    for (const QString &id : atUserIds) {
        if (!id.isEmpty() && !text.contains(u'@' + id) && !missing.contains(u'@' + id))
            missing << u'@' + id;
    }
    QString shown = missing.isEmpty() ? text : missing.join(u' ') + u"\n\n"_s + text;
    const QStringList words = usable(keywords);
    const bool hasKeyword = std::any_of(words.begin(), words.end(),
                                        [&](const QString &k) { return shown.contains(k); });
    if (!words.isEmpty() && !hasKeyword)
        shown += u"\n\n— "_s + words.first();
    return shown;
}

QByteArray CustomWebhookSender::body(const QString &title, const QString &text,
                                     const QStringList &atUserIds, const QStringList &keywords)
{
    QJsonObject o{
        {u"msgtype"_s, u"markdown"_s},
        {u"markdown"_s,
         QJsonObject{{u"title"_s, title}, {u"text"_s, shownText(text, atUserIds, keywords)}}},
    };
    QJsonArray ids;
    for (const QString &id : atUserIds) {
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }
    if (!ids.isEmpty())
        o.insert(u"at"_s, QJsonObject{{u"atUserIds"_s, ids}, {u"isAtAll"_s, false}});
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

qsizetype CustomWebhookSender::dingTalkSize(const QByteArray &json)
{
    const QString s = QString::fromUtf8(json);
    // Each UTF-16 unit beyond ASCII is one \uXXXX (an emoji is two of them).
    return std::accumulate(s.begin(), s.end(), qsizetype(0),
                           [](qsizetype n, QChar c) { return n + (c.unicode() < 0x80 ? 1 : 6); });
}

void CustomWebhookSender::send(const QString &title, const QString &text,
                               const QStringList &atUserIds, QObject *context, Callback done)
{
    const QByteArray json = body(title, text, atUserIds, m_keywords);
    const qsizetype size = dingTalkSize(json);
    if (size > MaxBodyBytes) {
        DeliveryResult r;
        r.errcode = BodyTooLarge;
        r.errmsg = u"the message was not sent: it is %1 bytes as DingTalk counts them, a "
                   u"custom robot takes at most %2 (split the answer)"_s.arg(size)
                       .arg(MaxBodyBytes);
        reportLater(this, context, std::move(done), r);
        return;
    }
    // The URL holds the robot's token and sign: DingTalkHttp keeps its query out of errors.
    m_http.post(signedUrl(m_base, m_accessToken, m_signSecret, m_now()), json, context,
                [done = std::move(done)](const DingTalkHttp::Answer &a) {
                    done(WebhookSender::interpret(a));
                });
}
