#include "openai/ChatClient.h"

#include "openai/KeyRing.h"
#include "util/RetryScheduler.h"

ChatClient::ChatClient(NetworkPool *network, const ModelSettings &model, const QString &apiKeys,
                       QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_model(model)
    , m_keys(new KeyRing(this))
    , m_policy(model.maxRetries)
    , m_ownScheduler(std::make_unique<TimerRetryScheduler>())
    , m_scheduler(m_ownScheduler.get())
{
    m_policy.setRetrySeconds(model.retrySeconds);
    m_keys->setKeys(KeyRing::parseKeys(apiKeys));
}

ChatClient::~ChatClient() = default;

void ChatClient::setRetryScheduler(RetryScheduler *scheduler)
{
    m_scheduler = scheduler ? scheduler : m_ownScheduler.get();
}

ChatCall *ChatClient::complete(const ChatRequest &request)
{
    auto *call = new ChatCall(m_model, request, {m_network, m_keys, m_scheduler, &m_policy}, this);
    // Started from the event loop: even a call that fails at once (every key set aside)
    // reports to a caller that connected after complete() returned.
    QMetaObject::invokeMethod(call, &ChatCall::start, Qt::QueuedConnection);
    return call;
}
