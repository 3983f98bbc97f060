#include "dingtalk/InboundMessage.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

// A JSON number that qint64 can hold, or nothing: converting 1e64 would be undefined
// behaviour (found by tests/fuzz/fuzz_callback).
std::optional<qint64> wholeNumber(double d)
{
    if (!(d > -9.2e18 && d < 9.2e18))
        return std::nullopt;
    return qint64(d);
}

// DingTalk sends some numbers as strings and some strings as numbers; accept both.
QString stringOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const auto whole = wholeNumber(v.toDouble());
        return whole ? QString::number(*whole) : QString::number(v.toDouble(), 'g', 17);
    }
    return {};
}

qint64 millisOf(const QJsonValue &v)
{
    if (v.isDouble())
        return wholeNumber(v.toDouble()).value_or(0);
    if (v.isString())
        return v.toString().toLongLong();
    return 0;
}

InboundMessage::Kind kindOf(const QString &type)
{
    using K = InboundMessage::Kind;
    if (type == u"text"_s)
        return K::Text;
    if (type == u"richText"_s)
        return K::RichText;
    if (type == u"audio"_s)
        return K::Audio;
    if (type == u"picture"_s)
        return K::Picture;
    if (type == u"video"_s)
        return K::Video;
    if (type == u"file"_s)
        return K::File;
    return K::Unknown;
}

QString richTextOf(const QJsonValue &content)
{
    QStringList parts;
    const QJsonArray items = content.toObject().value(u"richText"_s).toArray();
    for (const QJsonValue &item : items) {
        const QString text = item.toObject().value(u"text"_s).toString().trimmed();
        if (!text.isEmpty())
            parts << text;
    }
    return parts.join(u'\n');
}

QString textOf(InboundMessage::Kind kind, const QJsonObject &o)
{
    using K = InboundMessage::Kind;
    switch (kind) {
    case K::Text:
        return o.value(u"text"_s).toObject().value(u"content"_s).toString().trimmed();
    case K::RichText:
        return richTextOf(o.value(u"content"_s));
    case K::Audio:
        return o.value(u"content"_s).toObject().value(u"recognition"_s).toString().trimmed();
    default:
        return {};
    }
}

} // namespace

bool InboundMessage::isSupportedKind() const
{
    return kind == Kind::Text || kind == Kind::RichText || kind == Kind::Audio;
}

QJsonObject InboundMessage::toJson() const
{
    return QJsonObject{
        {u"msgtype"_s, msgType},
        {u"text"_s, text},
        {u"msgId"_s, msgId},
        {u"conversationId"_s, conversationId},
        {u"conversationTitle"_s, conversationTitle},
        {u"conversationType"_s, isGroup ? u"2"_s : u"1"_s},
        {u"senderId"_s, senderId},
        {u"senderNick"_s, senderNick},
        {u"senderStaffId"_s, senderStaffId},
        {u"senderCorpId"_s, senderCorpId},
        {u"robotCode"_s, robotCode},
        {u"sessionWebhook"_s, sessionWebhook.toString()},
        {u"sessionWebhookExpiredTime"_s, double(sessionWebhookExpiresAt)},
        {u"createAt"_s, double(createdAt)},
    };
}

std::optional<InboundMessage> InboundMessage::fromJson(const QJsonObject &o)
{
    InboundMessage m;
    m.msgType = o.value(u"msgtype"_s).toString();
    m.kind = kindOf(m.msgType);
    m.text = o.value(u"text"_s).toString();
    m.msgId = o.value(u"msgId"_s).toString();
    m.conversationId = o.value(u"conversationId"_s).toString();
    m.conversationTitle = o.value(u"conversationTitle"_s).toString();
    m.isGroup = o.value(u"conversationType"_s).toString() == u"2"_s;
    m.senderId = o.value(u"senderId"_s).toString();
    m.senderNick = o.value(u"senderNick"_s).toString();
    m.senderStaffId = o.value(u"senderStaffId"_s).toString();
    m.senderCorpId = o.value(u"senderCorpId"_s).toString();
    m.robotCode = o.value(u"robotCode"_s).toString();
    m.sessionWebhook = QUrl(o.value(u"sessionWebhook"_s).toString());
    m.sessionWebhookExpiresAt = millisOf(o.value(u"sessionWebhookExpiredTime"_s));
    m.createdAt = millisOf(o.value(u"createAt"_s));
    if (m.msgId.isEmpty() || m.conversationId.isEmpty())
        return std::nullopt;
    return m;
}

ParseResult InboundParser::parse(const QByteArray &body)
{
    ParseResult result;
    QJsonParseError jsonError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &jsonError);
    if (jsonError.error != QJsonParseError::NoError) {
        result.error = u"the body is not valid JSON (%1 at byte %2)"_s.arg(jsonError.errorString())
                           .arg(jsonError.offset);
        return result;
    }
    if (!doc.isObject()) {
        result.error = u"the body is JSON but not an object"_s;
        return result;
    }
    const QJsonObject o = doc.object();
    InboundMessage m;
    m.msgType = stringOf(o.value(u"msgtype"_s));
    m.msgId = stringOf(o.value(u"msgId"_s));
    m.conversationId = stringOf(o.value(u"conversationId"_s));
    QStringList missing;
    if (m.msgType.isEmpty())
        missing << u"msgtype"_s;
    if (m.msgId.isEmpty())
        missing << u"msgId"_s;
    if (m.conversationId.isEmpty())
        missing << u"conversationId"_s;
    if (!missing.isEmpty()) {
        result.error = u"not a DingTalk robot message: %1 missing"_s.arg(missing.join(u", "_s));
        return result;
    }
    m.kind = kindOf(m.msgType);
    m.text = textOf(m.kind, o);
    m.conversationTitle = stringOf(o.value(u"conversationTitle"_s));
    m.isGroup = stringOf(o.value(u"conversationType"_s)) == u"2"_s;
    m.senderId = stringOf(o.value(u"senderId"_s));
    m.senderNick = stringOf(o.value(u"senderNick"_s));
    m.senderStaffId = stringOf(o.value(u"senderStaffId"_s));
    m.senderCorpId = stringOf(o.value(u"senderCorpId"_s));
    m.robotCode = stringOf(o.value(u"robotCode"_s));
    m.sessionWebhook = QUrl(stringOf(o.value(u"sessionWebhook"_s)), QUrl::StrictMode);
    m.sessionWebhookExpiresAt = millisOf(o.value(u"sessionWebhookExpiredTime"_s));
    m.createdAt = millisOf(o.value(u"createAt"_s));
    result.message = m;
    return result;
}
