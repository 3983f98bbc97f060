// BenchFakes: the loopback model API and sessionWebhook sink the load generator measures against.
#include "BenchFakes.h"

#include "BenchClock.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

MsgIds::MsgIds(QString tag, int count)
    : m_prefix(u"bench-"_s + tag + u'-')
    , m_count(count)
    , m_pattern(QRegularExpression::escape(m_prefix) + u"([0-9]{1,9})"_s)
{}

QString MsgIds::make(int index) const
{
    return m_prefix + QString::number(index);
}

int MsgIds::find(const QString &text) const
{
    const QRegularExpressionMatch match = m_pattern.match(text);
    if (!match.hasMatch())
        return -1;
    const int index = match.captured(1).toInt();
    return index >= 0 && index < m_count ? index : -1;
}

namespace {

QByteArray completionBody(const QString &answer)
{
    const QJsonObject o{
        {u"id"_s, u"chatcmpl-bench"_s},
        {u"object"_s, u"chat.completion"_s},
        {u"model"_s, u"gpt-4o-mini"_s},
        {u"choices"_s,
         QJsonArray{QJsonObject{
             {u"index"_s, 0},
             {u"message"_s, QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, answer}}},
             {u"finish_reason"_s, u"stop"_s}}}},
        {u"usage"_s, QJsonObject{{u"prompt_tokens"_s, 11},
                                 {u"completion_tokens"_s, 7},
                                 {u"total_tokens"_s, 18}}},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The newest user message of a chat completion request: the question being asked now.
QString lastQuestion(const QByteArray &body)
{
    const QJsonArray messages =
        QJsonDocument::fromJson(body).object().value(u"messages"_s).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(u"role"_s).toString() == u"user"_s)
            return m.value(u"content"_s).toString();
    }
    return {};
}

void writeJson(QHttpServerResponder &responder, int status, const QByteArray &body)
{
    responder.write(body, "application/json", QHttpServerResponder::StatusCode(status));
}

} // namespace

ModelFake::ModelFake(const MsgIds &ids, int latencyMs, QByteArray apiKey, QObject *parent)
    : HttpServerBase(parent)
    , m_ids(ids)
    , m_latencyMs(latencyMs)
    , m_expectedAuth("Bearer " + apiKey)
    , m_records(std::size_t(ids.count()))
{}

quint16 ModelFake::start()
{
    return listenOn(QHostAddress::LocalHost);
}

void ModelFake::serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                      QTcpSocket *socket)
{
    const qint64 arrival = BenchClock::nowNs();
    ++m_requests;
    if (request.value("authorization") != m_expectedAuth)
        ++m_badAuth;
    if (!request.url().path().endsWith(u"/chat/completions"_s)) {
        writeJson(responder, 404,
                  R"({"error":{"message":"not found","type":"invalid_request_error"}})");
        return;
    }
    const int index = m_ids.find(lastQuestion(request.body()));
    if (index < 0)
        ++m_unmatched;
    else if (m_records[std::size_t(index)].requests++ == 0)
        m_records[std::size_t(index)].firstArrivalNs = arrival;

    const QByteArray body = completionBody(index < 0 ? u"Answer to an unknown question"_s
                                                     : u"Answer to "_s + m_ids.make(index));
    ++m_inFlight;
    m_peakInFlight = std::max(m_peakInFlight, m_inFlight);
    auto answer = [this, index, arrival, body](QHttpServerResponder &out) {
        writeJson(out, 200, body);
        const qint64 done = BenchClock::nowNs();
        --m_inFlight;
        if (index >= 0) {
            ModelRecord &r = m_records[std::size_t(index)];
            r.lastAnsweredNs = done;
            r.serviceNs += done - arrival;
        }
    };
    if (m_latencyMs <= 0) {
        answer(responder);
        return;
    }
    auto later = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> alive(socket);
    QTimer::singleShot(m_latencyMs, Qt::PreciseTimer, this, [this, later, alive, answer] {
        // The relay gave up on this call (a timeout or a shutdown).
        if (!alive || alive->state() != QAbstractSocket::ConnectedState) {
            --m_inFlight;
            ++m_abandoned;
            return;
        }
        answer(*later);
    });
}

SinkFake::SinkFake(const MsgIds &ids, QObject *parent)
    : HttpServerBase(parent)
    , m_ids(ids)
    , m_firstNs(std::size_t(ids.count()), 0)
    , m_count(std::size_t(ids.count()), 0)
{}

quint16 SinkFake::start()
{
    return listenOn(QHostAddress::LocalHost);
}

void SinkFake::serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
                     QTcpSocket *)
{
    const qint64 arrival = BenchClock::nowNs();
    ++m_requests;
    const QJsonObject o = QJsonDocument::fromJson(request.body()).object();
    const QString text = o.value(u"markdown"_s).toObject().value(u"text"_s).toString();
    const int index = m_ids.find(text);
    if (index < 0) {
        ++m_unmatched;
        if (m_samples.size() < 5)
            m_samples << QString::fromUtf8(request.body().left(300));
    } else if (m_count[std::size_t(index)]++ == 0) {
        m_firstNs[std::size_t(index)] = arrival;
        m_deliveredOnce.fetch_add(1, std::memory_order_relaxed);
    }
    writeJson(responder, 200, R"({"errcode":0,"errmsg":"ok"})");
}
