#include "secrets/KeychainSecretStore.h"

#include "util/Log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

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

KeychainSecretStore::KeychainSecretStore(const QString &configFile, QObject *parent)
    : KeychainSecretStore(serviceName(), configFile, parent)
{}

KeychainSecretStore::KeychainSecretStore(const QString &service, const QString &configFile,
                                         QObject *parent)
    : SecretStore(parent)
    , m_service(service)
    , m_configFile(configFile)
    , m_suffix(accountName(QString(), m_configFile))
{
    Q_ASSERT(!configFile.isEmpty());
}

QString KeychainSecretStore::serviceName()
{
    return u"org.dingrelay.DingRelay"_s;
}

QString KeychainSecretStore::canonicalConfigPath(const QString &configFile)
{
    const QString absolute = QDir::cleanPath(QFileInfo(configFile).absoluteFilePath());
    // The nearest part of the path that exists is resolved (symlinks, "..") and the rest,
    // not created yet, is appended as written.
    QString head = absolute;
    QStringList missing;
    while (true) {
        const QString canonical = QFileInfo(head).canonicalFilePath();
        if (!canonical.isEmpty()) {
            missing.prepend(canonical);
            return QDir::cleanPath(missing.join(u'/'));
        }
        const QFileInfo info(head);
        const QString parent = info.path();
        if (parent == head)
            return absolute; // nothing of it exists, not even the root
        missing.prepend(info.fileName());
        head = parent;
    }
}

QString KeychainSecretStore::accountName(const QString &key, const QString &configFile)
{
    const QByteArray hash = QCryptographicHash::hash(canonicalConfigPath(configFile).toUtf8(),
                                                     QCryptographicHash::Sha256)
                                .toHex()
                                .left(16);
    return key + u'@' + QString::fromLatin1(hash);
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key + m_suffix, this);
    connect(job, &QKeychain::Job::finished, context,
            [this, key, context, done = std::move(done)](QKeychain::Job *finished) mutable {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                if (readJob->error() == QKeychain::EntryNotFound) {
                    readLegacy(key, context, std::move(done));
                    return;
                }
                SecretResult result;
                if (readJob->error() == QKeychain::NoError) {
                    // An empty entry is one that was removed while a legacy entry exists.
                    result.value = readJob->textData();
                    result.found = !result.value.isEmpty();
                } else {
                    result.error = failure(*readJob, u"reading"_s);
                }
                done(result);
            });
    job->start(); // finishes later, from the event loop
}

void KeychainSecretStore::readLegacy(const QString &key, QObject *context, ReadCallback done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, context,
            [this, key, context, done = std::move(done)](QKeychain::Job *finished) mutable {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                SecretResult result;
                if (readJob->error() == QKeychain::NoError) {
                    result.value = readJob->textData();
                    result.found = !result.value.isEmpty();
                } else if (readJob->error() != QKeychain::EntryNotFound) {
                    result.error = failure(*readJob, u"reading"_s);
                }
                if (!result.found) {
                    done(result);
                    return;
                }
                // The answer waits for the copy, so that a write the caller makes next cannot
                // be overtaken by it.
                auto *copy = makeJob<QKeychain::WritePasswordJob>(m_service, key + m_suffix, this);
                copy->setTextData(result.value);
                connect(copy, &QKeychain::Job::finished, context,
                        [key, result, done = std::move(done)](QKeychain::Job *copied) {
                            if (copied->error() == QKeychain::NoError)
                                qCInfo(lcConfig).noquote()
                                    << u"secret %1 copied to this config's keychain entry"_s.arg(
                                           key);
                            else
                                qCWarning(lcConfig).noquote()
                                    << u"secret %1 is read from its old keychain entry: %2"_s.arg(
                                           key, failure(*copied, u"copying it in"_s));
                            done(result);
                        });
                copy->start();
            });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QString &value, QObject *context,
                                DoneCallback done)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key + m_suffix, this);
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
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, key + m_suffix, this);
    connect(job, &QKeychain::Job::finished, context,
            [this, key, context, done = std::move(done)](QKeychain::Job *finished) mutable {
                const bool ok = finished->error() == QKeychain::NoError ||
                                finished->error() == QKeychain::EntryNotFound;
                if (!ok) {
                    done(failure(*finished, u"removing from"_s));
                    return;
                }
                shadowLegacy(key, context, std::move(done));
            });
    job->start();
}

void KeychainSecretStore::shadowLegacy(const QString &key, QObject *context, DoneCallback done)
{
    // The legacy entry is left for the configs that may still rely on it; an empty entry
    // under this config's name keeps read() from falling back to it.
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, context,
            [this, key, context, done = std::move(done)](QKeychain::Job *finished) mutable {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
                if (readJob->error() == QKeychain::EntryNotFound ||
                    (readJob->error() == QKeychain::NoError && readJob->textData().isEmpty())) {
                    done(QString());
                    return;
                }
                if (readJob->error() != QKeychain::NoError) {
                    done(failure(*readJob, u"removing from"_s));
                    return;
                }
                auto *empty = makeJob<QKeychain::WritePasswordJob>(m_service, key + m_suffix, this);
                empty->setTextData(QString());
                connect(empty, &QKeychain::Job::finished, context,
                        [done = std::move(done)](QKeychain::Job *written) {
                            done(written->error() == QKeychain::NoError
                                     ? QString()
                                     : failure(*written, u"removing from"_s));
                        });
                empty->start();
            });
    job->start();
}

QString KeychainSecretStore::describe() const
{
    return u"the system keychain"_s;
}
