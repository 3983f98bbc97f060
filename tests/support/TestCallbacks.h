// TestCallbacks: builds DingTalk robot callbacks and sends HTTP requests, as tests need them.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrl>

namespace TestCallbacks {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Sender
{
    QString id = QStringLiteral("$:LWCP_v1:$alice");
    QString nick = QStringLiteral("Alice");
    QString staffId = QStringLiteral("staff-alice");
};

// A DingTalk text message as a robot callback carries it, with every field DingTalk sends.
QJsonObject textMessage(const QString &text, const QString &msgId, const QUrl &sessionWebhook,
                        bool group = false, const Sender &sender = {},
                        const QString &conversationId = QStringLiteral("cid-1"));

// `timestamp` and `sign` headers signed with secret at timestampMs (now when 0).
Headers signedHeaders(const QByteArray &secret, qint64 timestampMs = 0);

struct HttpResult
{
    int status = 0; // 0: no HTTP answer at all
    QByteArray body;
    QJsonObject json() const;
};

// Sends one request and waits for the answer (at most timeoutMs).
HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                const Headers &headers = {}, int timeoutMs = 10000);

// POSTs a signed callback.
HttpResult postCallback(const QUrl &url, const QByteArray &secret, const QJsonObject &message);

// GET /healthz at base (the relay's address) with the token from dataDir, as a local tool
// reads its details.
HttpResult healthDetails(const QUrl &base, const QString &dataDir);

} // namespace TestCallbacks
