// BenchFakes: the loopback model API and sessionWebhook sink the load generator measures against.
#pragma once

#include "util/HttpServerBase.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <atomic>
#include <vector>

// Message ids of one run: "bench-<tag>-<index>", and the way back from a text to the index.
class MsgIds
{
public:
    MsgIds(QString tag, int count);
    QString make(int index) const;
    int find(const QString &text) const; // -1 when the text names no message of this run
    int count() const { return m_count; }

private:
    QString m_prefix;
    int m_count;
    QRegularExpression m_pattern;
};

// What the model fake saw for one message (summed when the relay asked more than once).
struct ModelRecord
{
    qint64 firstArrivalNs = 0; // request fully received
    qint64 lastAnsweredNs = 0; // answer written
    qint64 serviceNs = 0;      // the fake's own time, arrival to answer, summed
    int requests = 0;
};

// An OpenAI-compatible POST /v1/chat/completions that answers "Answer to <msgId>" after
// latencyMs (0: at once, from serve), and times itself.
class ModelFake final : public HttpServerBase
{
    Q_OBJECT
public:
    ModelFake(const MsgIds &ids, int latencyMs, QByteArray apiKey, QObject *parent = nullptr);
    quint16 start(); // listens on 127.0.0.1, a port the system picks; 0 on failure

    // Read these from the fakes' thread, or after it has stopped.
    const std::vector<ModelRecord> &records() const { return m_records; }
    int requests() const { return m_requests; }
    int unmatched() const { return m_unmatched; } // no msgId of this run in the question
    int badAuth() const { return m_badAuth; }     // missing or wrong Authorization
    int abandoned() const { return m_abandoned; } // the relay hung up before the answer
    int peakInFlight() const { return m_peakInFlight; }

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket) override;

private:
    const MsgIds &m_ids;
    int m_latencyMs;
    QByteArray m_expectedAuth;
    std::vector<ModelRecord> m_records;
    int m_requests = 0;
    int m_unmatched = 0;
    int m_badAuth = 0;
    int m_abandoned = 0;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
};

// The sessionWebhook: answers {"errcode":0,"errmsg":"ok"} and records when each answer came.
class SinkFake final : public HttpServerBase
{
    Q_OBJECT
public:
    explicit SinkFake(const MsgIds &ids, QObject *parent = nullptr);
    quint16 start();

    // Safe from any thread while running: how many messages have had a first delivery.
    int deliveredOnce() const { return m_deliveredOnce.load(std::memory_order_relaxed); }

    // Read these from the fakes' thread, or after it has stopped.
    const std::vector<qint64> &firstDeliveryNs() const { return m_firstNs; } // 0: never
    const std::vector<int> &deliveries() const { return m_count; }
    int requests() const { return m_requests; }
    int unmatched() const { return m_unmatched; } // a body naming no msgId of this run
    const QStringList &unmatchedSamples() const { return m_samples; }

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket) override;

private:
    const MsgIds &m_ids;
    std::vector<qint64> m_firstNs;
    std::vector<int> m_count;
    std::atomic<int> m_deliveredOnce{0};
    int m_requests = 0;
    int m_unmatched = 0;
    QStringList m_samples;
};
