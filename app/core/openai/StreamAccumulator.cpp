#include "openai/StreamAccumulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
// n is a small number in practice; a larger index is a broken or hostile stream, not an answer.
constexpr int maxChoices = 128;

QString excerpt(const QByteArray &data)
{
    return QString::fromUtf8(data.left(200)).simplified();
}
} // namespace

StreamAccumulator::StreamAccumulator(QString requestId)
    : m_requestId(std::move(requestId))
{}

void StreamAccumulator::add(const SseEvent &event)
{
    if (isDone()) {
        m_malformedLast = false;
        return;
    }
    if (event.event.isEmpty() || event.event == "message")
        addChunk(event.data);
    else if (event.event == "error")
        addStreamError(event.data);
    // Other event types (pings, vendor extras) carry no part of the answer.
}

void StreamAccumulator::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    // A connection cut inside a line leaves half a chunk, which reads as malformed JSON: it is
    // a truncation like a cut between chunks, and harmless when the answer had already ended.
    if (m_hasError && m_malformedLast) {
        m_hasError = false;
        m_error = {};
    }
    if (!m_hasError && !m_done && finishReason(0).isEmpty())
        fail(ChatError::Kind::Truncated,
             u"the stream ended before [DONE] and before a finish_reason"_s);
}

ChatError StreamAccumulator::error() const
{
    return m_hasError ? m_error : ChatError();
}

QString StreamAccumulator::text(int index) const
{
    const Choice *c = choice(index);
    if (!c)
        return {};
    return c->content.isEmpty() ? c->refusal : c->content;
}

QString StreamAccumulator::finishReason(int index) const
{
    const Choice *c = choice(index);
    return c ? c->finishReason : QString();
}

QString StreamAccumulator::reasoning(int index) const
{
    const Choice *c = choice(index);
    return c ? c->reasoning : QString();
}

ChatResult StreamAccumulator::result() const
{
    ChatResult r;
    if (m_hasError) {
        r.error = m_error;
        return r;
    }
    r.error.httpStatus = 200;
    r.error.requestId = m_requestId;
    r.error.partialText = text(0);
    // Until [DONE] or a finish_reason the answer may still grow, so it is not whole yet.
    if (!m_done && finishReason(0).isEmpty()) {
        r.error.kind = ChatError::Kind::Truncated;
        r.error.message = u"the stream has not ended with [DONE] or a finish_reason"_s;
        return r;
    }
    if (text(0).trimmed().isEmpty()) {
        r.error.kind = ChatError::Kind::BadResponse;
        r.error.message = u"the model returned an empty answer"_s;
        return r;
    }
    r.error = {};
    r.answer.text = text(0);
    r.answer.model = m_model;
    r.answer.finishReason = finishReason(0);
    r.answer.promptTokens = m_promptTokens;
    r.answer.completionTokens = m_completionTokens;
    r.answer.requestId = m_requestId;
    r.ok = true;
    return r;
}

void StreamAccumulator::addChunk(const QByteArray &data)
{
    if (data.startsWith("[DONE]")) {
        m_done = true;
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        fail(ChatError::Kind::BadResponse,
             u"a stream chunk is not a JSON object: "_s % excerpt(data));
        m_malformedLast = true;
        return;
    }
    const QJsonObject o = doc.object();
    const QJsonValue error = o.value(u"error"_s);
    if (!error.isUndefined() && !error.isNull()) {
        addStreamError(data);
        return;
    }
    if (m_model.isEmpty())
        m_model = o.value(u"model"_s).toString();
    if (m_id.isEmpty())
        m_id = o.value(u"id"_s).toString();
    if (const QJsonValue usage = o.value(u"usage"_s); usage.isObject())
        readUsage(usage.toObject());

    const QJsonArray choices = o.value(u"choices"_s).toArray();
    for (const QJsonValue &value : choices) {
        const QJsonObject c = value.toObject();
        const int index = c.value(u"index"_s).toInt(0);
        if (index < 0 || index >= maxChoices) {
            fail(ChatError::Kind::BadResponse, u"a stream chunk has choice index %1"_s.arg(index));
            return;
        }
        if (index >= m_choices.size())
            m_choices.resize(index + 1);
        Choice &choice = m_choices[index];
        const QJsonObject delta = c.value(u"delta"_s).toObject();
        choice.content += delta.value(u"content"_s).toString();
        choice.refusal += delta.value(u"refusal"_s).toString();
        choice.reasoning += delta.value(u"reasoning_content"_s).toString();
        if (const QString reason = c.value(u"finish_reason"_s).toString(); !reason.isEmpty())
            choice.finishReason = reason;
        if (const QJsonValue usage = c.value(u"usage"_s); usage.isObject())
            readUsage(usage.toObject()); // Moonshot streams its usage here
    }
}

void StreamAccumulator::addStreamError(const QByteArray &data)
{
    // fromHttp reads {"error":{…}}; an `event: error` may carry the error object bare.
    QByteArray body = data;
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (!o.isEmpty() && !o.contains(u"error"_s))
        body = QJsonDocument(QJsonObject{{u"error"_s, o}}).toJson(QJsonDocument::Compact);
    // Without a code saying otherwise, an error in the middle of an answer is the server's.
    ChatError e = ChatError::fromHttp(500, body, m_requestId);
    e.httpStatus = 200;
    e.partialText = text(0);
    m_error = e;
    m_hasError = true;
}

void StreamAccumulator::readUsage(const QJsonObject &usage)
{
    m_hasUsage = true;
    m_promptTokens = usage.value(u"prompt_tokens"_s).toInt();
    m_completionTokens = usage.value(u"completion_tokens"_s).toInt();
    m_totalTokens = usage.value(u"total_tokens"_s).toInt(m_promptTokens + m_completionTokens);
}

void StreamAccumulator::fail(ChatError::Kind kind, const QString &message)
{
    m_error = {};
    m_error.kind = kind;
    m_error.httpStatus = 200;
    m_error.message = message;
    m_error.requestId = m_requestId;
    m_error.partialText = text(0);
    m_hasError = true;
    m_malformedLast = false;
}

const StreamAccumulator::Choice *StreamAccumulator::choice(int index) const
{
    return index >= 0 && index < m_choices.size() ? &m_choices.at(index) : nullptr;
}
