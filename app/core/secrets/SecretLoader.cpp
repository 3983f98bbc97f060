#include "secrets/SecretLoader.h"

#include "util/Log.h"

#include <QMetaObject>

#include <memory>

using namespace Qt::StringLiterals;

QString SecretLoadResult::describe() const
{
    QStringList lines;
    for (const QString &key : missing)
        lines << u"secret %1 is not set: set the environment variable %2"_s.arg(
            key, SecretStore::environmentName(key));
    lines << errors;
    return lines.join(u'\n');
}

void SecretLoader::load(SecretStore &store, const QStringList &keys, QObject *context,
                        std::function<void(const SecretLoadResult &)> done)
{
    struct State
    {
        SecretLoadResult result;
        qsizetype pending = 0;
        std::function<void(const SecretLoadResult &)> done;
    };
    auto state = std::make_shared<State>();
    state->pending = keys.size();
    state->done = std::move(done);
    if (keys.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [state] { state->done(state->result); }, Qt::QueuedConnection);
        return;
    }
    for (const QString &key : keys) {
        store.read(key, context, [state, key](const SecretResult &r) {
            if (!r.error.isEmpty()) {
                state->result.errors << u"secret %1 could not be read: %2"_s.arg(key, r.error);
                state->result.unreadable << key;
            } else if (!r.found)
                state->result.missing << key;
            else
                state->result.values.insert(key, r.value);
            if (--state->pending == 0)
                state->done(state->result);
        });
    }
}

void SecretLoader::load(SecretStore &store, const QStringList &required,
                        const QStringList &optional, QObject *context,
                        std::function<void(const SecretLoadResult &)> done)
{
    load(store, required + optional, context,
         [optional, done = std::move(done)](const SecretLoadResult &all) {
             SecretLoadResult result = all;
             result.missing.removeIf([&](const QString &key) { return optional.contains(key); });
             for (qsizetype i = result.unreadable.size() - 1; i >= 0; --i) {
                 if (!optional.contains(result.unreadable.at(i)))
                     continue;
                 qCWarning(lcConfig).noquote() << result.errors.at(i);
                 result.errors.removeAt(i);
                 result.unreadable.removeAt(i);
             }
             done(result);
         });
}
