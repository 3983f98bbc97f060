// InboundMessage: one robot message as DingTalk delivers it, parsed leniently from JSON.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

struct InboundMessage
{
    enum class Kind { Text, RichText, Audio, Picture, Video, File, Unknown };

    Kind kind = Kind::Unknown;
    QString msgType; // as DingTalk named it
    QString text;    // what the user said, trimmed; empty when there is nothing to answer
    QString msgId;
    QString conversationId;
    QString conversationTitle;
    bool isGroup = false;
    QString senderId;
    QString senderNick;
    QString senderStaffId; // the user id for @-mentions; absent for people outside the org
    QString senderCorpId;
    QString robotCode;
    QUrl sessionWebhook;
    qint64 sessionWebhookExpiresAt = 0; // ms since epoch; 0 when DingTalk did not say
    qint64 createdAt = 0;               // ms since epoch

    // Supported kinds carry text to send to the model; the others get a polite notice.
    bool isSupportedKind() const;

    // The compact form kept in the job queue, so a restart can finish what was started.
    QJsonObject toJson() const;
    static std::optional<InboundMessage> fromJson(const QJsonObject &json);
};

struct ParseResult
{
    std::optional<InboundMessage> message;
    QString error; // set when message is empty: why the body is not a DingTalk message
};

namespace InboundParser {
ParseResult parse(const QByteArray &body);
}
