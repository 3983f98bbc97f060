// Presets: the OpenAI-compatible providers DingRelay knows, and how each wants its requests.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

struct ProviderPreset
{
    enum class Auth { Bearer, ApiKeyHeader };

    QString name;
    QString baseUrl;             // empty: the user must give one (Azure, custom)
    bool needsApiKey = true;     // a local Ollama answers without a key
    Auth auth = Auth::Bearer;    // Azure's classic endpoint takes an `api-key` header
    bool deploymentPath = false; // Azure: /openai/deployments/<name>/chat/completions
    QString tokenParam;          // max_completion_tokens (OpenAI, Azure) or max_tokens
    bool streamUsage = true;     // accepts stream_options.include_usage
};

namespace Presets {
std::optional<ProviderPreset> find(const QString &name);
QStringList names();
} // namespace Presets
