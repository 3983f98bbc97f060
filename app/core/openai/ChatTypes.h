// ChatTypes: the request, answer and error of one OpenAI-compatible chat completion.
#pragma once

#include <QList>
#include <QString>

struct ChatMessage
{
    QString role; // system, user, assistant
    QString content;
    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

struct ChatRequest
{
    QString model;
    QList<ChatMessage> messages;
    double temperature = -1; // below 0: not sent
    int maxAnswerTokens = 0; // 0: not sent
};

struct ChatAnswer
{
    QString text;
    QString model;
    QString finishReason;
    int promptTokens = 0;
    int completionTokens = 0;
    QString requestId;
};

struct ChatError
{
    enum class Kind {
        Unreachable,    // DNS, refused, TLS, proxy: nothing came back
        Timeout,        // no answer within the configured time
        BadKey,         // 401 / 403
        RateLimited,    // 429 rate_limit_exceeded and other throttling
        QuotaExhausted, // 429 insufficient_quota, billing
        ContextTooLong, // context_length_exceeded
        ModelNotFound,  // 404 or model_not_found
        BadRequest,     // other 4xx
        ServerError,    // 5xx
        BadResponse,    // 2xx that is not a chat completion
        Cancelled,      // DingRelay stopped the call (shutdown)
        Truncated,      // the stream ended before the answer did
        ProxyFailed,    // the proxy refused the connection or could not reach the API
        ProxyAuth,      // the proxy wants (other) credentials
        TlsFailed,      // the certificate was not trusted, or the handshake failed
    };
    Kind kind = Kind::Unreachable;
    int httpStatus = 0;
    QString code;    // the provider's error code, when it gave one
    QString type;    // the provider's error type ("invalid_request_error")
    QString message; // the provider's or the network's words, for the log
    QString requestId;
    // What the model had said before a streamed answer failed: it may already have been shown,
    // and it tells a truncated answer from one that never started.
    QString partialText;

    // A short name of the kind for logs and the database ("rate_limited").
    QString kindName() const;
    // Classifies an HTTP error answer by its status and {"error":{…}} body.
    static ChatError fromHttp(int status, const QByteArray &body, const QString &requestId);
    // Classifies a failure below HTTP (QNetworkReply::NetworkError as int, so this header
    // stays free of QtNetwork); timeouts are the caller's to tell apart from aborts.
    static ChatError fromNetwork(int networkError, const QString &detail);
};

struct ChatResult
{
    bool ok = false;
    ChatAnswer answer;
    ChatError error;
};

namespace ChatParse {
// Reads a non-streaming chat completion body; a body without choices is a BadResponse.
ChatResult completion(const QByteArray &body, const QString &requestId);
} // namespace ChatParse
