#include "relay/TestSink.h"

#include "dingtalk/InboundMessage.h"
#include "relay/ConnectionGuard.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {

QByteArray errorBody(int errcode, const QString &errmsg)
{
    return QJsonDocument(QJsonObject{{u"errcode"_s, errcode}, {u"errmsg"_s, errmsg}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

bool TestSink::isTestMessage(const InboundMessage &message)
{
    return message.conversationId.startsWith(QLatin1StringView(ConversationPrefix));
}

TestSink::TestSink(QObject *parent)
    : HttpServerBase(parent)
{}

bool TestSink::listen(QString *error)
{
    // The token makes the sink's URL unguessable: the relay accepts answers to it only, never
    // to any other loopback address a forged callback might name.
    quint64 words[2];
    QRandomGenerator::system()->fillRange(words);
    m_token = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
    // Any local program can reach it: the same limits as the relay's own port (an answer's
    // part is at most 20 000 bytes of JSON, so 64 KiB is plenty).
    ConnectionGuard::Limits limits;
    limits.maxConnections = 20;
    limits.http.maxBodyBytes = 64 * 1024;
    auto *listener = new ConnectionGuard(limits, this);
    if (!listener->listen(QHostAddress::LocalHost, 0)) {
        *error = u"the test console cannot listen on 127.0.0.1: %1"_s.arg(listener->errorString());
        delete listener;
        return false;
    }
    m_port = listener->serverPort();
    serveFrom(listener);
    return true;
}

QString TestSink::prefix() const
{
    return u"http://127.0.0.1:%1/%2/"_s.arg(m_port).arg(m_token);
}

QUrl TestSink::webhookFor(const QString &session) const
{
    return QUrl(prefix() + session);
}

void TestSink::serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                     QTcpSocket *)
{
    const QString path = request.url().path();
    const QString expected = u"/%1/"_s.arg(m_token);
    // Answered as DingTalk answers: HTTP 200 with an errcode.
    if (!path.startsWith(expected) || path.size() == expected.size()) {
        responder.write(errorBody(300005, u"session does not exist"_s), "application/json");
        return;
    }
    if (request.method() != QHttpServerRequest::Method::Post) {
        responder.write(errorBody(40035, u"use POST"_s), "application/json");
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    SinkMessage message;
    message.session = path.mid(expected.size());
    message.msgtype = body.value(u"msgtype"_s).toString();
    message.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    if (message.msgtype == u"markdown"_s) {
        const QJsonObject markdown = body.value(u"markdown"_s).toObject();
        message.title = markdown.value(u"title"_s).toString();
        message.text = markdown.value(u"text"_s).toString();
    } else if (message.msgtype == u"text"_s) {
        message.text = body.value(u"text"_s).toObject().value(u"content"_s).toString();
    }
    if (message.text.isEmpty()) {
        responder.write(errorBody(40035, u"msgtype markdown or text with content required"_s),
                        "application/json");
        return;
    }
    for (const QJsonValue &id : body.value(u"at"_s).toObject().value(u"atUserIds"_s).toArray())
        message.atUserIds << id.toString();
    responder.write(errorBody(0, u"ok"_s), "application/json");
    emit received(message);
}
