// StreamFrame: one text frame of DingTalk's Stream protocol, read without side effects.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

struct StreamFrame
{
    enum class Kind {
        Malformed,    // not a JSON object with a type: ignored, never ACKed
        Ping,         // SYSTEM ping: answered with its opaque value
        Disconnect,   // SYSTEM disconnect: the server closes this connection soon
        System,       // another SYSTEM topic: nothing to do
        RobotMessage, // CALLBACK on the robot topic with data: a DingTalk message to keep
        Empty,        // CALLBACK on the robot topic without data: ACKed, nothing kept
        Other,        // any other type or topic: ACKed so it is not pushed again
    };

    Kind kind = Kind::Malformed;
    QString messageId; // headers.messageId, echoed in the ACK
    QJsonValue opaque; // Ping: data.opaque
    QByteArray data;   // RobotMessage: the message (the frame's `data`), compact JSON

    static StreamFrame parse(const QString &text);
    // The ACK of a frame: code 200 and data (a JSON object) as a string, as the server wants.
    static QString ack(const QString &messageId, const QJsonObject &data);
};
