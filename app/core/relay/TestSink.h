// TestSink: a loopback stand-in for DingTalk's sessionWebhook that the test console reads.
#pragma once

#include "util/HttpServerBase.h"

#include <QStringList>
#include <QUrl>

struct InboundMessage;

// One message the relay sent to the sink, as DingTalk would show it.
struct SinkMessage
{
    QString session; // the last path segment of the webhook: which test message it answers
    QString msgtype; // "markdown" or "text"
    QString title;   // markdown only: what the chat list and notification show
    QString text;    // the markdown or plain text
    QStringList atUserIds;
    qint64 receivedAtMs = 0; // wall clock
};

class TestSink final : public HttpServerBase
{
    Q_OBJECT
public:
    // Test messages carry a conversationId under this prefix: their answers go only to their
    // own sessionWebhook (never the OpenAPI or a group webhook), and their failures are not
    // reported to the user as DingTalk problems.
    static constexpr auto ConversationPrefix = "dingrelay-test-console";
    static bool isTestMessage(const InboundMessage &message);

    explicit TestSink(QObject *parent = nullptr);

    // Listens on 127.0.0.1 with a port the system picks and a fresh random token.
    bool listen(QString *error);
    // http://127.0.0.1:<port>/<token>/: every webhook the sink answers starts with it.
    QString prefix() const;
    QUrl webhookFor(const QString &session) const;

signals:
    void received(const SinkMessage &message);

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket) override;

private:
    quint16 m_port = 0;
    QString m_token;
};
