#include "dingtalk/StreamFrame.h"

#include "dingtalk/StreamClient.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

StreamFrame StreamFrame::parse(const QString &text)
{
    StreamFrame frame;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    const QJsonObject o = doc.object();
    const QString type = o.value(u"type"_s).toString();
    if (error.error != QJsonParseError::NoError || !doc.isObject() || type.isEmpty())
        return frame;
    const QJsonObject headers = o.value(u"headers"_s).toObject();
    const QString topic = headers.value(u"topic"_s).toString();
    frame.messageId = headers.value(u"messageId"_s).toString();
    // `data` is JSON inside a string.
    const QJsonObject data =
        QJsonDocument::fromJson(o.value(u"data"_s).toString().toUtf8()).object();
    if (type == u"SYSTEM"_s) {
        if (topic == u"ping"_s) {
            frame.kind = Kind::Ping;
            frame.opaque = data.value(u"opaque"_s);
        } else {
            frame.kind = topic == u"disconnect"_s ? Kind::Disconnect : Kind::System;
        }
        return frame;
    }
    if (type != u"CALLBACK"_s || topic != QLatin1StringView(StreamClient::RobotTopic)) {
        frame.kind = Kind::Other;
        return frame;
    }
    if (data.isEmpty()) {
        frame.kind = Kind::Empty;
        return frame;
    }
    frame.kind = Kind::RobotMessage;
    frame.data = QJsonDocument(data).toJson(QJsonDocument::Compact);
    return frame;
}

QString StreamFrame::ack(const QString &messageId, const QJsonObject &data)
{
    const QJsonObject ack{
        {u"code"_s, 200},
        {u"headers"_s,
         QJsonObject{{u"contentType"_s, u"application/json"_s}, {u"messageId"_s, messageId}}},
        {u"message"_s, u"OK"_s},
        {u"data"_s, QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))}};
    return QString::fromUtf8(QJsonDocument(ack).toJson(QJsonDocument::Compact));
}
