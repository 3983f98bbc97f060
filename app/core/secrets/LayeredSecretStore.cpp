#include "secrets/LayeredSecretStore.h"

#include <QPointer>

using namespace Qt::StringLiterals;

LayeredSecretStore::LayeredSecretStore(SecretStore &environment, SecretStore &keychain,
                                       QObject *parent)
    : SecretStore(parent)
    , m_environment(environment)
    , m_keychain(keychain)
{}

void LayeredSecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    QPointer<SecretStore> keychain(&m_keychain);
    m_environment.read(
        key, context,
        [key, context, keychain, done = std::move(done)](const SecretResult &fromEnv) mutable {
            if (fromEnv.found || !keychain) {
                done(fromEnv);
                return;
            }
            keychain->read(key, context, [key, done = std::move(done)](SecretResult r) {
                if (!r.error.isEmpty())
                    r.error = u"%1 is not set, and %2"_s.arg(environmentName(key), r.error);
                done(r);
            });
        });
}

void LayeredSecretStore::write(const QString &key, const QString &value, QObject *context,
                               DoneCallback done)
{
    m_keychain.write(key, value, context, std::move(done));
}

void LayeredSecretStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    m_keychain.remove(key, context, std::move(done));
}

QString LayeredSecretStore::describe() const
{
    return u"%1, then %2"_s.arg(m_environment.describe(), m_keychain.describe());
}
