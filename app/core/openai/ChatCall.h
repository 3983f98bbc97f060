// ChatCall: one chat completion in flight: its attempts, stream, timers, retries and keys.
#pragma once

#include "config/Config.h"
#include "openai/ChatTypes.h"
#include "openai/RetryPolicy.h"
#include "openai/SseDecoder.h"
#include "openai/StreamAccumulator.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class KeyRing;
class NetworkPool;
class QNetworkReply;
class RetryScheduler;

class ChatCall final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        NetworkPool *network;
        KeyRing *keys;
        RetryScheduler *scheduler;
        const RetryPolicy *policy;
    };

    ChatCall(const ModelSettings &model, const ChatRequest &request, Services services,
             QObject *parent);

    void start();
    void abort(); // finishes with a Cancelled error
    // The caller has shown part of the answer (a streaming card): from now on a failure is
    // not retried, since a second answer would contradict what the user already read.
    void markPartialDelivered() { m_partialDelivered = true; }

signals:
    void delta(const QString &textSoFar); // streamed answers only, choice 0
    void finished(const ChatResult &result);

private:
    void startAttempt();
    void onReadyRead();
    void onFinished();
    void onTimeout();
    ChatResult outcome(QNetworkReply *reply);
    void retryOrFinish(ChatResult result, QNetworkReply *reply);
    void finish(const ChatResult &result);

    const ModelSettings m_model;
    const ChatRequest m_request;
    Services m_services;
    QPointer<QNetworkReply> m_reply;
    QString m_key;
    QTimer m_timer; // first byte, then idle between pieces of the stream
    std::optional<SseDecoder> m_decoder;
    std::optional<StreamAccumulator> m_stream;
    QByteArray m_body; // a non-streamed answer or an error body
    int m_attempt = 0;
    bool m_firstByte = false;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_partialDelivered = false;
    bool m_done = false;
};
