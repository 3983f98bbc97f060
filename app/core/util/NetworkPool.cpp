#include "util/NetworkPool.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslConfiguration>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QNetworkProxy qtProxy(const ProxySettings &proxy, const QString &password)
{
    const bool http = proxy.kind == ProxySettings::Kind::Http;
    QNetworkProxy qt(http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy, proxy.host,
                     proxy.port, proxy.user, proxy.user.isEmpty() ? QString() : password);
    if (http) {
        // Qt sends http:// requests to an HTTP proxy as plain proxy requests, and then reports
        // the proxy's own failures as if the server had answered them: a 407 as HTTP 407, a
        // refused proxy as a refused server, an unreachable API as HTTP 500. Tunnelling every
        // request with CONNECT, as https:// ones are anyway, keeps those proxy errors.
        qt.setCapabilities(qt.capabilities() & ~QNetworkProxy::CachingCapability);
    }
    return qt;
}

// A manager that gives every request the pool's trusted CAs, so no caller can forget them
// and quietly fall back to the system's CAs alone.
class PoolManager final : public QNetworkAccessManager
{
public:
    PoolManager(const NetworkPool *pool, QObject *parent)
        : QNetworkAccessManager(parent)
        , m_pool(pool)
    {}

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &original,
                                 QIODevice *outgoingData) override
    {
        QNetworkRequest request = original;
        m_pool->prepare(request);
        return QNetworkAccessManager::createRequest(op, request, outgoingData);
    }

private:
    const NetworkPool *m_pool;
};

// Asks the platform (libproxy, environment variables, PAC) for each URL anew. A manager owns
// its factory, so every manager gets one.
class SystemProxyFactory final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        QList<QNetworkProxy> proxies = systemProxyForQuery(query);
        for (QNetworkProxy &proxy : proxies) {
            if (proxy.type() == QNetworkProxy::HttpProxy) // tunnelled, as in qtProxy()
                proxy.setCapabilities(proxy.capabilities() & ~QNetworkProxy::CachingCapability);
        }
        // Qt warns about an empty answer and goes direct; say so without the warning.
        if (proxies.isEmpty())
            proxies << QNetworkProxy(QNetworkProxy::NoProxy);
        return proxies;
    }
};

} // namespace

NetworkPool::NetworkPool(int concurrency, QObject *parent)
    : QObject(parent)
{
    const int count =
        std::max(1, (concurrency + ConnectionsPerManager - 1) / ConnectionsPerManager);
    for (int i = 0; i < count; ++i)
        m_managers.append({new PoolManager(this, this)});
}

void NetworkPool::configure(const ProxySettings &proxy, const QString &proxyPassword,
                            const QList<QSslCertificate> &extraCas)
{
    using Kind = ProxySettings::Kind;
    for (const Slot &slot : std::as_const(m_managers)) {
        switch (proxy.kind) {
        case Kind::System:
            slot.manager->setProxyFactory(new SystemProxyFactory);
            break;
        case Kind::None:
            // Explicitly none: Qt's default would consult the application proxy.
            slot.manager->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
            break;
        case Kind::Http:
        case Kind::Socks5:
            slot.manager->setProxy(qtProxy(proxy, proxyPassword));
            break;
        }
    }
    // Setting CAs on a request stops Qt from loading the system's on demand, so the list
    // carries both; with no extra CAs the requests keep Qt's default.
    m_caCertificates.clear();
    if (!extraCas.isEmpty())
        m_caCertificates = QSslConfiguration::systemCaCertificates() + extraCas;
}

QNetworkProxy NetworkPool::proxyFor(const QUrl &url) const
{
    const QNetworkAccessManager *manager = m_managers.first().manager;
    if (QNetworkProxyFactory *factory = manager->proxyFactory()) {
        const QList<QNetworkProxy> proxies = factory->queryProxy(QNetworkProxyQuery(url));
        if (!proxies.isEmpty())
            return proxies.first();
    }
    return manager->proxy();
}

void NetworkPool::prepare(QNetworkRequest &request) const
{
    if (m_caCertificates.isEmpty())
        return;
    // Only the CAs change: whatever else the caller set on the configuration stays.
    QSslConfiguration ssl = request.sslConfiguration();
    ssl.setCaCertificates(m_caCertificates);
    request.setSslConfiguration(ssl);
}

std::optional<QList<QSslCertificate>> NetworkPool::loadCaBundle(const QString &path, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"the CA bundle %1 cannot be read: %2"_s.arg(path, file.errorString()));
    QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty())
        return fail(u"the CA bundle %1 holds no PEM certificate "
                    u"(-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"_s.arg(path));
    return certificates;
}

QNetworkAccessManager *NetworkPool::pick()
{
    const auto least =
        std::min_element(m_managers.begin(), m_managers.end(),
                         [](const Slot &a, const Slot &b) { return a.inFlight < b.inFlight; });
    return least->manager;
}

void NetworkPool::track(QNetworkAccessManager *manager, QNetworkReply *reply)
{
    for (Slot &slot : m_managers) {
        if (slot.manager != manager)
            continue;
        ++slot.inFlight;
        connect(reply, &QNetworkReply::finished, this, [this, manager] {
            for (Slot &s : m_managers) {
                if (s.manager == manager)
                    --s.inFlight;
            }
        });
        return;
    }
}
