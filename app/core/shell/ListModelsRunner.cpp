#include "shell/ListModelsRunner.h"

#include "config/Config.h"
#include "conversation/Replies.h"
#include "openai/KeyRing.h"
#include "openai/ModelLister.h"
#include "secrets/SecretLoader.h"
#include "util/Log.h"
#include "util/NetworkPool.h"
#include "util/Redactor.h"

#include <cstdio>

using namespace Qt::StringLiterals;

ListModelsRunner::ListModelsRunner(QString configPath, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_configPath(std::move(configPath))
    , m_secrets(secrets)
{}

void ListModelsRunner::fail(const QString &why)
{
    for (const QString &line : why.split(u'\n'))
        qCCritical(lcModel).noquote() << line;
    emit finished(1);
}

void ListModelsRunner::start()
{
    const ConfigResult loaded = m_configPath.isEmpty()
                                    ? Config::loadOrDefaults(Config::defaultConfigFile())
                                    : Config::load(m_configPath);
    if (!loaded.ok()) {
        fail(loaded.errors.join(u'\n'));
        return;
    }
    const AppConfig config = loaded.config;
    QStringList keys;
    if (config.model.needsApiKey)
        keys << u"model/api_key"_s;
    if (!config.network.modelProxy.user.isEmpty())
        keys << config.network.modelProxy.passwordKey();
    // A provider that needs no key still gets one that is given.
    const QStringList optional =
        config.model.needsApiKey ? QStringList() : QStringList{u"model/api_key"_s};
    SecretLoader::load(
        m_secrets, keys, optional, this, [this, config](const SecretLoadResult &secrets) {
            if (!secrets.ok()) {
                fail(secrets.describe());
                return;
            }
            for (const QString &value : secrets.values)
                Redactor::instance().addSecret(value);
            // Each of several API keys on its own: the provider's error quotes the one it was sent.
            for (const QString &key : KeyRing::parseKeys(secrets.values.value(u"model/api_key"_s)))
                Redactor::instance().addSecret(key);
            QList<QSslCertificate> cas;
            if (!config.network.caBundle.isEmpty()) {
                QString error;
                const auto loadedCas = NetworkPool::loadCaBundle(config.network.caBundle, &error);
                if (!loadedCas) {
                    fail(error);
                    return;
                }
                cas = *loadedCas;
            }
            auto *pool = new NetworkPool(1, this);
            pool->configure(config.network.modelProxy,
                            secrets.values.value(config.network.modelProxy.passwordKey()), cas);
            // With several keys, the first one asks: any valid key sees the same models.
            const QStringList apiKeys =
                KeyRing::parseKeys(secrets.values.value(u"model/api_key"_s));
            ModelLister::list(pool, config.model, apiKeys.value(0), this,
                              [this](const QStringList &ids, const ChatError &error, bool ok) {
                                  if (!ok) {
                                      fail(Replies::modelFailed(u"en"_s, error) + u"\n("_s +
                                           Redactor::instance().redact(error.message) + u')');
                                      return;
                                  }
                                  for (const QString &id : ids)
                                      std::printf("%s\n", id.toUtf8().constData());
                                  std::fflush(stdout);
                                  emit finished(0);
                              });
        });
}
