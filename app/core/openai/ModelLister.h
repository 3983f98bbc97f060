// ModelLister: asks the provider which models the key can use, for the settings' model picker.
#pragma once

#include "config/Config.h"
#include "openai/ChatTypes.h"

#include <QString>
#include <QStringList>

#include <functional>

class NetworkPool;
class QObject;

namespace ModelLister {
// The listing may take up to this long before it is reported as a timeout.
constexpr int TimeoutMs = 15000;

using Done = std::function<void(const QStringList &ids, const ChatError &error, bool ok)>;

// GETs the provider's model list ({"data":[{"id":…}]}, the same shape for OpenAI, Azure,
// Ollama and the others) and calls done once with the ids sorted. Nothing is called, and the
// request is aborted, when context is destroyed first.
void list(NetworkPool *pool, const ModelSettings &m, const QString &apiKey, QObject *context,
          Done done);
} // namespace ModelLister
