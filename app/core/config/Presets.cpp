#include "config/Presets.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {
const std::array<ProviderPreset, 7> &table()
{
    using A = ProviderPreset::Auth;
    const QString completion = u"max_completion_tokens"_s;
    const QString legacy = u"max_tokens"_s;
    // Moonshot streams its usage inside choices[0] and rejects nothing, but include_usage is
    // not documented there; Ollama and unknown servers may reject unknown fields.
    static const std::array<ProviderPreset, 7> presets{{
        {u"openai"_s, u"https://api.openai.com/v1"_s, true, A::Bearer, false, completion, true},
        {u"azure"_s, QString(), true, A::ApiKeyHeader, true, completion, true},
        {u"deepseek"_s, u"https://api.deepseek.com/v1"_s, true, A::Bearer, false, legacy, true},
        {u"moonshot"_s, u"https://api.moonshot.cn/v1"_s, true, A::Bearer, false, legacy, false},
        {u"dashscope"_s, u"https://dashscope.aliyuncs.com/compatible-mode/v1"_s, true, A::Bearer,
         false, legacy, true},
        {u"ollama"_s, u"http://127.0.0.1:11434/v1"_s, false, A::Bearer, false, legacy, false},
        {u"custom"_s, QString(), false, A::Bearer, false, legacy, false},
    }};
    return presets;
}
} // namespace

std::optional<ProviderPreset> Presets::find(const QString &name)
{
    for (const auto &preset : table()) {
        if (preset.name == name)
            return preset;
    }
    return std::nullopt;
}

QStringList Presets::names()
{
    QStringList out;
    for (const auto &preset : table())
        out << preset.name;
    return out;
}
