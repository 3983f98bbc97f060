// RequestBuilder: shapes the HTTP requests and JSON bodies each provider preset expects.
#pragma once

#include "config/Config.h"
#include "openai/ChatTypes.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>

// Pure functions, no network: ChatClient and ModelLister send what these build, and tests can
// check every provider's shape against a fake server.
namespace RequestBuilder {
// Azure OpenAI's classic endpoint: deployment in the path, api-version query, api-key header.
bool isAzure(const ModelSettings &m);

// POST target of a chat completion, with auth, content headers and a redirect policy that
// never forwards the key to another host. The caller sets its own timers.
QNetworkRequest chatRequest(const ModelSettings &m, const QString &apiKey);

// The JSON body of a chat completion for this provider.
QByteArray chatBody(const ModelSettings &m, const ChatRequest &r);

// GET target listing the models the key can use.
QNetworkRequest modelsRequest(const ModelSettings &m, const QString &apiKey);
} // namespace RequestBuilder
