#include "secrets/EnvSecretStore.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

EnvSecretStore::EnvSecretStore(QProcessEnvironment env, QObject *parent)
    : SecretStore(parent)
    , m_env(std::move(env))
{}

void EnvSecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    const QString name = environmentName(key);
    SecretResult result;
    if (m_env.contains(name)) {
        result.value = m_env.value(name);
        result.found = !result.value.isEmpty();
    }
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

void EnvSecretStore::write(const QString &key, const QString &, QObject *context, DoneCallback done)
{
    const QString error =
        u"secrets cannot be saved to the environment; set %1 instead"_s.arg(environmentName(key));
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
}

void EnvSecretStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    const QString error = u"secrets cannot be removed from the environment; unset %1 instead"_s.arg(
        environmentName(key));
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
}

QString EnvSecretStore::describe() const
{
    return u"environment variables DINGRELAY_SECRET_*"_s;
}
