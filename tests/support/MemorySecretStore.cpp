#include "MemorySecretStore.h"

#include <QMetaObject>

void MemorySecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    SecretResult result;
    if (!m_failure.isEmpty())
        result.error = m_failure;
    else if (values.contains(key))
        result = SecretResult{true, values.value(key), QString()};
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result] { done(result); }, Qt::QueuedConnection);
}

void MemorySecretStore::write(const QString &key, const QString &value, QObject *context,
                              DoneCallback done)
{
    ++writes;
    if (m_failure.isEmpty())
        values.insert(key, value);
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error = m_failure] { done(error); },
        Qt::QueuedConnection);
}

void MemorySecretStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    if (m_failure.isEmpty())
        values.remove(key);
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error = m_failure] { done(error); },
        Qt::QueuedConnection);
}
