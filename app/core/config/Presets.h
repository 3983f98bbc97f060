// Presets: the OpenAI-compatible providers DingRelay knows, with their default base URLs.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

struct ProviderPreset
{
    QString name;
    QString baseUrl;  // empty: the user must give one (Azure, custom)
    bool needsApiKey; // a local Ollama answers without a key
};

namespace Presets {
std::optional<ProviderPreset> find(const QString &name);
QStringList names();
} // namespace Presets
