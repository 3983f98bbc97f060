// ModelCheck: one short, real chat completion, to tell a person setting DingRelay up that the model
// works.
#pragma once

#include "config/Config.h"
#include "openai/ChatTypes.h"

#include <QString>

#include <functional>

class QObject;

namespace ModelCheck {
struct Outcome
{
    bool ok = false;
    QString answer;       // what the model said (trimmed)
    QString model;        // the model that answered, as the provider names it
    qint64 elapsedMs = 0; // from sending to the whole answer
    ChatError error;      // when !ok
};

// Asks the model for a one-word answer the way the relay would (same request shape, proxy
// and CAs, no retries) and calls done once, later from the event loop. Nothing is called when
// context is destroyed first. proxyPassword is the model proxy's, if it has a user.
void run(const ModelSettings &model, const NetworkSettings &network, const QString &apiKey,
         const QString &proxyPassword, QObject *context, std::function<void(const Outcome &)> done);

// A sentence for the person at the settings: what failed and what to change. The provider's
// own words follow in parentheses, with secrets masked.
QString explain(const ChatError &error);
} // namespace ModelCheck
