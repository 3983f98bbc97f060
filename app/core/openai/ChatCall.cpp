#include "openai/ChatCall.h"

#include "openai/KeyRing.h"
#include "openai/RequestBuilder.h"
#include "util/Log.h"
#include "util/NetworkPool.h"
#include "util/Redactor.h"
#include "util/RetryScheduler.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <utility>

using namespace Qt::StringLiterals;

ChatCall::ChatCall(const ModelSettings &model, const ChatRequest &request, Services services,
                   QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_request(request)
    , m_services(services)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ChatCall::onTimeout);
}

void ChatCall::start()
{
    startAttempt();
}

void ChatCall::startAttempt()
{
    if (m_cancelled || m_done)
        return;
    m_waiting = false;
    m_key = m_services.keys->next(); // empty for a provider that needs no key
    QNetworkRequest request = RequestBuilder::chatRequest(m_model, m_key);
    m_firstByte = false;
    m_timedOut = false;
    m_body.clear();
    m_decoder.reset();
    m_stream.reset();

    QNetworkAccessManager *manager = m_services.network->pick();
    QNetworkReply *reply = manager->post(request, RequestBuilder::chatBody(m_model, m_request));
    m_services.network->track(manager, reply);
    reply->setParent(this);
    m_reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &ChatCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ChatCall::onFinished);
    m_timer.start(m_model.timeoutSeconds * 1000);
}

void ChatCall::onReadyRead()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (!m_firstByte) {
        m_firstByte = true;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (status == 200 && type.startsWith("text/event-stream")) {
            m_decoder.emplace();
            m_stream.emplace(QString::fromLatin1(reply->rawHeader("x-request-id")));
        }
    }
    // From the first byte on, silence is what times out, not the length of the answer.
    m_timer.start(m_model.idleTimeoutSeconds * 1000);
    const QByteArray bytes = reply->readAll();
    if (!m_stream) {
        // Bounded: a huge non-stream body is no answer anyone can post to DingTalk.
        if (m_body.size() < 8 * 1024 * 1024)
            m_body += bytes;
        return;
    }
    const qsizetype before = m_stream->text().size();
    for (const SseEvent &event : m_decoder->feed(bytes))
        m_stream->add(event);
    if (m_stream->text().size() != before)
        emit delta(m_stream->text());
}

void ChatCall::onTimeout()
{
    m_timedOut = true;
    if (m_reply)
        m_reply->abort();
}

ChatResult ChatCall::outcome(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString requestId = QString::fromLatin1(reply->rawHeader("x-request-id"));
    if (reply->isOpen())
        onReadyRead(); // whatever arrived with the end of the reply
    ChatResult result;
    if (m_cancelled) {
        result.error.kind = ChatError::Kind::Cancelled;
        result.error.message = u"cancelled by DingRelay"_s;
    } else if (m_timedOut) {
        result.error.kind = ChatError::Kind::Timeout;
        result.error.message =
            m_firstByte ? u"the stream went silent for %1 s"_s.arg(m_model.idleTimeoutSeconds)
                        : u"no answer within %1 s"_s.arg(m_model.timeoutSeconds);
    } else if (status == 0) {
        result.error = ChatError::fromNetwork(int(reply->error()), reply->errorString());
    } else if (status >= 300 && status < 400) {
        result.error.kind = ChatError::Kind::BadResponse;
        result.error.httpStatus = status;
        result.error.message =
            u"the API redirected to %1; set model/base_url to the final address"_s.arg(
                QString::fromUtf8(reply->rawHeader("location")));
    } else if (status >= 400) {
        result.error = ChatError::fromHttp(status, m_body, requestId);
    } else if (m_stream) {
        for (const SseEvent &event : m_decoder->finish())
            m_stream->add(event);
        m_stream->finish();
        result = m_stream->result();
    } else {
        result = ChatParse::completion(m_body, requestId);
    }
    if (!result.ok) {
        result.error.requestId = requestId;
        if (m_stream && result.error.partialText.isEmpty())
            result.error.partialText = m_stream->text();
    }
    return result;
}

void ChatCall::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    const ChatResult result = outcome(reply);
    m_timer.stop(); // after outcome(), which reads the last bytes and so restarts it
    reply->deleteLater();
    m_reply = nullptr;
    if (result.ok || m_cancelled)
        finish(result);
    else
        retryOrFinish(result, reply);
}

void ChatCall::retryOrFinish(ChatResult result, QNetworkReply *reply)
{
    const ChatError &e = result.error;
    // A bad or exhausted key is set aside and the next one tried at once: waiting would not
    // mend it, and it does not use up a retry. The last usable key is never set aside: with
    // nothing to fall back on, trying it costs nothing, and it works again as soon as the
    // account is fixed.
    if (KeyRing::setsAside(e) && !m_key.isEmpty() && !m_partialDelivered &&
        m_services.keys->usableCount() > 1) {
        m_services.keys->setAside(m_key, e.kindName());
        qCWarning(lcModel).noquote()
            << "API key" << KeyRing::mask(m_key) << "set aside:" << e.kindName();
        m_services.scheduler->schedule(0, this, [this] { startAttempt(); });
        return;
    }
    if (!m_sinceFirstFailure.isValid())
        m_sinceFirstFailure.start();
    RetryInput input;
    input.attempt = m_attempt;
    input.sinceFirstFailureMs = m_sinceFirstFailure.elapsed();
    input.error = e;
    input.headersReceived = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 0;
    input.partialDelivered = m_partialDelivered;
    for (const auto &pair : reply->rawHeaderPairs())
        input.headers.append(pair);
    const RetryDecision decision = m_services.policy->decide(input);
    if (!decision.retry) {
        finish(result);
        return;
    }
    ++m_attempt;
    qCInfo(lcModel).noquote() << "model call attempt" << m_attempt
                              << "failed:" << Redactor::instance().redact(decision.reason);
    m_waiting = decision.delayed;
    if (m_waiting && m_stopWaiting) {
        stopWaiting();
        return;
    }
    if (decision.delayed && !std::exchange(m_delayed, true))
        emit delayed(e);
    m_services.scheduler->schedule(decision.delayMs, this, [this] { startAttempt(); });
}

void ChatCall::stopWaiting()
{
    m_stopWaiting = true;
    if (!m_waiting)
        return;
    // Waiting out the model is for a relay that goes on running: the job stays open.
    qCInfo(lcModel) << "DingRelay is stopping: the model is not answering, so this question is "
                       "asked again after the restart";
    abort();
}

void ChatCall::abort()
{
    if (m_done)
        return;
    m_cancelled = true;
    if (m_reply) {
        m_reply->abort(); // finished() follows and reports the cancellation
        return;
    }
    ChatResult result; // waiting for a retry: nothing in flight to abort
    result.error.kind = ChatError::Kind::Cancelled;
    result.error.message = u"cancelled by DingRelay"_s;
    finish(result);
}

void ChatCall::finish(const ChatResult &result)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    emit finished(result);
    deleteLater();
}
