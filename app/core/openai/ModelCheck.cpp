#include "openai/ModelCheck.h"

#include "openai/ChatCall.h"
#include "openai/ChatClient.h"
#include "util/NetworkPool.h"
#include "util/Redactor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

void ModelCheck::run(const ModelSettings &model, const NetworkSettings &network,
                     const QString &apiKey, const QString &proxyPassword, QObject *context,
                     std::function<void(const Outcome &)> done)
{
    // Everything the check needs lives under one object that goes when it is done.
    auto *holder = new QObject(context);
    QList<QSslCertificate> cas;
    if (!network.caBundle.isEmpty()) {
        QString error;
        const auto loaded = NetworkPool::loadCaBundle(network.caBundle, &error);
        if (!loaded) {
            Outcome outcome;
            outcome.error.kind = ChatError::Kind::TlsFailed;
            outcome.error.message = error;
            QMetaObject::invokeMethod(
                holder,
                [holder, outcome, done = std::move(done)] {
                    holder->deleteLater();
                    done(outcome);
                },
                Qt::QueuedConnection);
            return;
        }
        cas = *loaded;
    }
    auto *pool = new NetworkPool(1, holder);
    pool->configure(network.modelProxy, proxyPassword, cas);
    ModelSettings once = model;
    once.maxRetries = 0; // a person is waiting: the first answer is the answer
    once.retrySeconds = 0;
    auto *client = new ChatClient(pool, once, apiKey, holder);

    ChatRequest request;
    request.model = model.model;
    request.temperature = model.temperature;
    request.messages = {{u"system"_s, u"You check that a connection works."_s},
                        {u"user"_s, u"Reply with the single word OK."_s}};
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    ChatCall *call = client->complete(request);
    QObject::connect(call, &ChatCall::finished, holder,
                     [holder, timer, done = std::move(done)](const ChatResult &result) {
                         Outcome outcome;
                         outcome.ok = result.ok;
                         outcome.answer = result.answer.text.trimmed();
                         outcome.model = result.answer.model;
                         outcome.elapsedMs = timer->elapsed();
                         outcome.error = result.error;
                         holder->deleteLater();
                         done(outcome);
                     });
}

QString ModelCheck::explain(const ChatError &error)
{
    using K = ChatError::Kind;
    // Marked here, translated below: the settings dialog and wizard show these to a person, in
    // the language of the windows (headless use loads no translation and reads English).
    const char *what = "";
    switch (error.kind) {
    case K::Unreachable:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The server could not be reached. Check the base URL, your network and the "
            "model proxy on the Network page.");
        break;
    case K::Timeout:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The server did not answer in time. Check the base URL and the proxy, or try "
            "again.");
        break;
    case K::BadKey:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The server rejected the API key. Enter the key again, exactly as the provider "
            "shows it.");
        break;
    case K::RateLimited:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck", "The server is rate limiting this key. Wait a minute and test again.");
        break;
    case K::QuotaExhausted:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The account behind this key has no credit left. Top it up or use another "
            "key.");
        break;
    case K::ContextTooLong:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck", "The server found the request too long; shorten the system prompt.");
        break;
    case K::ModelNotFound:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The server does not know this model. Pick one from the list (Fetch models).");
        break;
    case K::BadRequest:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck", "The server refused the request. Check the model name and the provider.");
        break;
    case K::ServerError:
        what = QT_TRANSLATE_NOOP("ModelCheck",
                                 "The server had an internal error. Try again in a moment.");
        break;
    case K::BadResponse:
    case K::Truncated:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The answer was not an OpenAI-compatible chat completion. Check the base URL "
            "(it usually ends in /v1).");
        break;
    case K::Cancelled:
        what = QT_TRANSLATE_NOOP("ModelCheck", "The test was cancelled.");
        break;
    case K::ProxyFailed:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The proxy could not reach the server. Check the model proxy on the Network "
            "page.");
        break;
    case K::ProxyAuth:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck", "The proxy wants a user and password. Set them on the Network page.");
        break;
    case K::TlsFailed:
        what = QT_TRANSLATE_NOOP(
            "ModelCheck",
            "The server's certificate is not trusted. Behind a corporate proxy, add its CA "
            "bundle on the Network page.");
        break;
    }
    QString detail = error.message;
    if (error.httpStatus > 0)
        detail = u"HTTP %1%2%3"_s.arg(error.httpStatus)
                     .arg(detail.isEmpty() ? QString() : u": "_s, detail);
    detail = Redactor::instance().redact(detail);
    if (detail.size() > 300)
        detail = detail.left(300) + u'…';
    const QString sentence = QCoreApplication::translate("ModelCheck", what);
    return detail.isEmpty()
               ? sentence
               : QCoreApplication::translate("ModelCheck", "%1 (%2)").arg(sentence, detail);
}
