#include "secrets/KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {

// A sentence for the user: what failed and what to do about it.
QString failure(const QKeychain::Job &job, const QString &action)
{
    QString reason;
    switch (job.error()) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        reason = u"the keychain refused access: unlock it and allow DingRelay, or set "
                 u"DINGRELAY_SECRET_* variables"_s;
        break;
    default: // NoBackendAvailable, and OtherError when the Secret Service cannot be reached
        reason = u"no keychain is reachable: start a Secret Service (gnome-keyring) or set "
                 u"DINGRELAY_SECRET_* variables"_s;
        break;
    }
    QString what = u"%1 the system keychain failed"_s.arg(action);
    if (!job.errorString().isEmpty())
        what += u" ("_s + job.errorString() + u')';
    return what + u"; "_s + reason;
}

template<typename JobType>
JobType *makeJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new JobType(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file, whatever the platform default
    job->setKey(key);
    return job;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(serviceName(), parent)
{}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{}

QString KeychainSecretStore::serviceName()
{
    return u"org.dingrelay.DingRelay"_s;
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, context,
            [done = std::move(done)](QKeychain::Job *finished) {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                SecretResult result;
                if (readJob->error() == QKeychain::NoError) {
                    result.value = readJob->textData();
                    result.found = !result.value.isEmpty();
                } else if (readJob->error() != QKeychain::EntryNotFound) {
                    result.error = failure(*readJob, u"reading"_s);
                }
                done(result);
            });
    job->start(); // finishes later, from the event loop
}

void KeychainSecretStore::write(const QString &key, const QString &value, QObject *context,
                                DoneCallback done)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key, this);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, context,
            [done = std::move(done)](QKeychain::Job *finished) {
                done(finished->error() == QKeychain::NoError ? QString()
                                                             : failure(*finished, u"saving to"_s));
            });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, context,
            [done = std::move(done)](QKeychain::Job *finished) {
                const bool ok = finished->error() == QKeychain::NoError ||
                                finished->error() == QKeychain::EntryNotFound;
                done(ok ? QString() : failure(*finished, u"removing from"_s));
            });
    job->start();
}

QString KeychainSecretStore::describe() const
{
    return u"the system keychain"_s;
}
