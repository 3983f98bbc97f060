// ModelCatalog: what DingRelay knows of a model by its name: tokenizer and context window.
#pragma once

#include "tokens/Encoding.h"

#include <QString>

#include <optional>

namespace ModelCatalog {
// The model's name without a provider's prefix ("openai/gpt-4o" -> "gpt-4o"), lower case.
QString canonical(const QString &model);
// o200k_base for gpt-4o*, gpt-4.1*, gpt-4.5*, gpt-5*, o1*, o3*, o4*, chatgpt-4o*;
// cl100k_base for gpt-4*, gpt-3.5*; nothing for any other model.
std::optional<Encoding::Id> encodingFor(const QString &model);
// The context window in tokens (prompt and answer together) of a known model; 0 if unknown.
int contextWindow(const QString &model);
// Used when neither the table nor model/context_window knows the model.
constexpr int FallbackContextWindow = 8192;
} // namespace ModelCatalog
