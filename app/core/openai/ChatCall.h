// ChatCall: one chat completion in flight: its attempts, stream, timers, retries and keys.
#pragma once

#include "config/Config.h"
#include "openai/ChatTypes.h"
#include "openai/RetryPolicy.h"
#include "openai/SseDecoder.h"
#include "openai/StreamAccumulator.h"

#include <QElapsedTimer>
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
    // DingRelay is stopping: a call that waits for a model that does not answer (delayed())
    // ends now as Cancelled, and one that would start waiting does so instead; an attempt in
    // flight may still bring the answer.
    void stopWaiting();

signals:
    void delta(const QString &textSoFar); // streamed answers only, choice 0
    // Once, when the quick retries are spent and the call goes on trying for
    // model/retry_seconds: the answer is delayed. error is the last failure.
    void delayed(const ChatError &error);
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
    QElapsedTimer m_sinceFirstFailure;
    bool m_delayed = false;     // delayed() was emitted
    bool m_waiting = false;     // for a retry of the delayed kind, nothing in flight
    bool m_stopWaiting = false; // stopWaiting()
    bool m_firstByte = false;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_partialDelivered = false;
    bool m_done = false;
};
