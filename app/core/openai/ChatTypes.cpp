#include "openai/ChatTypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

QString ChatError::kindName() const
{
    switch (kind) {
    case Kind::Unreachable:
        return u"unreachable"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::BadKey:
        return u"bad_key"_s;
    case Kind::RateLimited:
        return u"rate_limited"_s;
    case Kind::QuotaExhausted:
        return u"quota_exhausted"_s;
    case Kind::ContextTooLong:
        return u"context_too_long"_s;
    case Kind::ModelNotFound:
        return u"model_not_found"_s;
    case Kind::BadRequest:
        return u"bad_request"_s;
    case Kind::ServerError:
        return u"server_error"_s;
    case Kind::BadResponse:
        return u"bad_response"_s;
    case Kind::Cancelled:
        return u"cancelled"_s;
    case Kind::Truncated:
        return u"truncated"_s;
    case Kind::ProxyFailed:
        return u"proxy_failed"_s;
    case Kind::ProxyAuth:
        return u"proxy_auth"_s;
    case Kind::TlsFailed:
        return u"tls_failed"_s;
    }
    return {};
}

ChatError ChatError::fromHttp(int status, const QByteArray &body, const QString &requestId)
{
    ChatError e;
    e.httpStatus = status;
    e.requestId = requestId;
    const QJsonObject err = QJsonDocument::fromJson(body).object().value(u"error"_s).toObject();
    const QJsonValue code = err.value(u"code"_s);
    e.code = code.isDouble() ? QString::number(code.toInt()) : code.toString();
    const QString type = err.value(u"type"_s).toString();
    e.type = type;
    e.message = err.value(u"message"_s).toString();
    if (e.message.isEmpty())
        e.message = QString::fromUtf8(body.left(300)).simplified();

    const auto is = [&](const char16_t *name) {
        const QString n = QString::fromUtf16(name);
        return e.code == n || type == n;
    };
    if (is(u"insufficient_quota") || is(u"billing_hard_limit_reached") ||
        is(u"billing_not_active") || status == 402)
        e.kind = Kind::QuotaExhausted;
    else if (is(u"context_length_exceeded") || is(u"string_above_max_length"))
        e.kind = Kind::ContextTooLong;
    else if (is(u"model_not_found") || status == 404)
        e.kind = Kind::ModelNotFound;
    else if (is(u"invalid_api_key") || status == 401 || status == 403)
        e.kind = Kind::BadKey;
    else if (is(u"rate_limit_exceeded") || status == 429)
        e.kind = Kind::RateLimited;
    else if (status == 408)
        e.kind = Kind::Timeout;
    else if (status >= 500)
        e.kind = Kind::ServerError;
    else
        e.kind = Kind::BadRequest;
    return e;
}

ChatError ChatError::fromNetwork(int networkError, const QString &detail)
{
    ChatError e;
    e.message = detail;
    switch (QNetworkReply::NetworkError(networkError)) {
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
        e.kind = Kind::ProxyFailed;
        break;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        e.kind = Kind::ProxyAuth;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        e.kind = Kind::TlsFailed;
        break;
    case QNetworkReply::UnknownNetworkError:
        // Qt 6.4 reports most proxy failures of a tunnel (CONNECT or SOCKS5) this way and
        // tells them apart only in words: "Proxy connection refused", "Connection to proxy
        // refused", "Error communicating with HTTP proxy"; some certificate refusals too.
        if (detail.contains(u"proxy"_s, Qt::CaseInsensitive))
            e.kind = detail.contains(u"authenticat"_s, Qt::CaseInsensitive) ? Kind::ProxyAuth
                                                                            : Kind::ProxyFailed;
        else if (detail.contains(u"SSL"_s, Qt::CaseInsensitive) ||
                 detail.contains(u"certificate"_s, Qt::CaseInsensitive))
            e.kind = Kind::TlsFailed;
        else
            e.kind = Kind::Unreachable;
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        e.kind = Kind::Timeout;
        break;
    default:
        e.kind = Kind::Unreachable;
        break;
    }
    return e;
}

ChatResult ChatParse::completion(const QByteArray &body, const QString &requestId)
{
    ChatResult r;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.contains(u"error"_s)) {
        // Some providers answer 200 with an error object.
        r.error = ChatError::fromHttp(500, body, requestId);
        r.error.httpStatus = 200;
        return r;
    }
    const QJsonArray choices = o.value(u"choices"_s).toArray();
    if (choices.isEmpty()) {
        r.error.kind = ChatError::Kind::BadResponse;
        r.error.httpStatus = 200;
        r.error.message = u"the answer holds no choices: %1"_s.arg(
            QString::fromUtf8(body.left(200)).simplified());
        r.error.requestId = requestId;
        return r;
    }
    const QJsonObject first = choices.first().toObject();
    const QJsonObject message = first.value(u"message"_s).toObject();
    r.answer.text = message.value(u"content"_s).toString();
    if (r.answer.text.isEmpty())
        r.answer.text = message.value(u"refusal"_s).toString();
    if (r.answer.text.trimmed().isEmpty()) {
        r.error.kind = ChatError::Kind::BadResponse;
        r.error.httpStatus = 200;
        r.error.message = u"the model returned an empty answer"_s;
        r.error.requestId = requestId;
        return r;
    }
    r.answer.finishReason = first.value(u"finish_reason"_s).toString();
    r.answer.model = o.value(u"model"_s).toString();
    const QJsonObject usage = o.value(u"usage"_s).toObject();
    r.answer.promptTokens = usage.value(u"prompt_tokens"_s).toInt();
    r.answer.completionTokens = usage.value(u"completion_tokens"_s).toInt();
    r.answer.requestId = requestId;
    r.ok = true;
    return r;
}
