// MemorySecretStore: a SecretStore in memory for GUI tests, which can be told to fail like a locked
// keychain.
#pragma once

#include "secrets/SecretStore.h"

#include <QHash>

class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    // While set, every call answers with this error (as KeychainSecretStore does when no
    // Secret Service is reachable) and changes nothing.
    void setFailure(const QString &error) { m_failure = error; }

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &value, QObject *context,
               DoneCallback done) override;
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    QString describe() const override { return QStringLiteral("a test keychain"); }

    QHash<QString, QString> values;
    int writes = 0;

private:
    QString m_failure;
};
