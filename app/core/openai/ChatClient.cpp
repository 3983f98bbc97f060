#include "openai/ChatClient.h"

#include "util/Log.h"
#include "util/NetworkPool.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

ChatCall::ChatCall(QNetworkReply *reply, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
{
    reply->setParent(this);
    connect(reply, &QNetworkReply::finished, this, &ChatCall::onFinished);
}

void ChatCall::abort()
{
    m_cancelled = true;
    if (m_reply)
        m_reply->abort();
}

void ChatCall::onFinished()
{
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString requestId = QString::fromLatin1(reply->rawHeader("x-request-id"));
    // A cancelled or timed-out reply is closed: reading it would only log a warning.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    ChatResult result;
    if (m_cancelled) {
        result.error.kind = ChatError::Kind::Cancelled;
        result.error.message = u"cancelled by DingRelay"_s;
    } else if (status == 0) {
        // Qt reports its transfer timeout as a cancellation; DingRelay's own aborts are
        // flagged above, so a cancellation here is the timeout.
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError ||
                              reply->error() == QNetworkReply::TimeoutError;
        result.error.kind = timedOut ? ChatError::Kind::Timeout : ChatError::Kind::Unreachable;
        result.error.message =
            timedOut ? u"no answer within the time limit"_s : reply->errorString();
    } else if (status >= 300 && status < 400) {
        result.error.kind = ChatError::Kind::BadResponse;
        result.error.httpStatus = status;
        result.error.message =
            u"the API redirected to %1; set model/base_url to the final address"_s.arg(
                QString::fromUtf8(reply->rawHeader("location")));
    } else if (status >= 400) {
        result.error = ChatError::fromHttp(status, body, requestId);
    } else {
        result = ChatParse::completion(body, requestId);
    }
    if (!result.ok)
        result.error.requestId = requestId;
    emit finished(result);
    deleteLater();
}

ChatClient::ChatClient(NetworkPool *network, Endpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_endpoint(std::move(endpoint))
{}

ChatCall *ChatClient::complete(const ChatRequest &request)
{
    QUrl url = m_endpoint.baseUrl;
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/chat/completions"_s);
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Accept", "application/json");
    if (!m_endpoint.apiKey.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_endpoint.apiKey.toUtf8());
    // A redirect would carry the key to another host: never follow one.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setTransferTimeout(m_endpoint.timeoutSeconds * 1000);
    QNetworkAccessManager *manager = m_network->pick();
    QNetworkReply *reply = manager->post(req, request.toJson());
    m_network->track(manager, reply);
    return new ChatCall(reply, this);
}
