#include "openai/RequestBuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

// base + suffix, whatever slashes the user put at the end of base_url; a query already in the
// base (some gateways route on it) is kept.
QUrl joined(const QUrl &base, const QString &suffix)
{
    QUrl url = base;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + suffix);
    return url;
}

QString azureDeployment(const ModelSettings &m)
{
    return m.deployment.isEmpty() ? m.model : m.deployment;
}

// Azure base URLs are the resource (https://x.openai.azure.com); users also paste the
// .../openai form they see in the portal, so do not double that segment.
QUrl azureUrl(const ModelSettings &m, const QString &suffix)
{
    QUrl base = m.baseUrl;
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(u"/openai"_s))
        path.chop(7);
    base.setPath(path);
    QUrl url = joined(base, u"/openai"_s + suffix);
    QUrlQuery query(url);
    query.removeAllQueryItems(u"api-version"_s);
    query.addQueryItem(u"api-version"_s, m.apiVersion);
    url.setQuery(query);
    return url;
}

QNetworkRequest prepared(const ModelSettings &m, const QUrl &url, const QString &apiKey,
                         const QByteArray &accept)
{
    QNetworkRequest req(url);
    req.setRawHeader("Accept", accept);
    if (!apiKey.isEmpty()) {
        if (RequestBuilder::isAzure(m))
            req.setRawHeader("api-key", apiKey.toUtf8());
        else
            req.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    }
    // A redirect would carry Authorization / api-key to whatever host the answer names;
    // an API has no business redirecting, so the caller sees the 3xx as an error instead.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    // The callers run their own first-byte and idle timers (a streamed answer may legitimately
    // pause longer than any fixed transfer timeout would allow).
    req.setTransferTimeout(0);
    return req;
}

} // namespace

bool RequestBuilder::isAzure(const ModelSettings &m)
{
    return m.apiKeyHeader || m.preset == u"azure"_s;
}

QNetworkRequest RequestBuilder::chatRequest(const ModelSettings &m, const QString &apiKey)
{
    // setPath() takes the decoded form, so the deployment name is encoded by QUrl itself.
    const QUrl url =
        isAzure(m) ? azureUrl(m, u"/deployments/"_s + azureDeployment(m) + u"/chat/completions"_s)
                   : joined(m.baseUrl, u"/chat/completions"_s);
    QNetworkRequest req =
        prepared(m, url, apiKey, m.stream ? "text/event-stream" : "application/json");
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return req;
}

QByteArray RequestBuilder::chatBody(const ModelSettings &m, const ChatRequest &r)
{
    QJsonArray messages;
    for (const ChatMessage &message : r.messages) {
        // o-series models want "developer"; several compatible providers reject it, so the
        // role is the configuration's choice, not the code's.
        const QString role =
            message.role == u"system"_s && !m.systemRole.isEmpty() ? m.systemRole : message.role;
        messages.append(QJsonObject{{u"role"_s, role}, {u"content"_s, message.content}});
    }
    // The request's values are per call (a robot may override them); the settings fill in
    // what the caller left unset.
    const QString model = r.model.isEmpty() ? m.model : r.model;
    const double temperature = r.temperature >= 0 ? r.temperature : m.temperature;
    const int maxTokens = r.maxAnswerTokens > 0 ? r.maxAnswerTokens : m.maxAnswerTokens;

    // "model" goes to Azure too: the deployment in the path decides there and the field is
    // ignored, and the official AzureOpenAI SDK sends it the same way.
    QJsonObject o{{u"model"_s, model}, {u"messages"_s, messages}, {u"stream"_s, m.stream}};
    if (m.stream && m.streamUsage)
        o.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    if (temperature >= 0)
        o.insert(u"temperature"_s, temperature);
    if (maxTokens > 0)
        o.insert(m.tokenParam.isEmpty() ? u"max_tokens"_s : m.tokenParam, maxTokens);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QNetworkRequest RequestBuilder::modelsRequest(const ModelSettings &m, const QString &apiKey)
{
    const QUrl url = isAzure(m) ? azureUrl(m, u"/models"_s) : joined(m.baseUrl, u"/models"_s);
    return prepared(m, url, apiKey, "application/json");
}
