#include "tunnel/ReachabilityCheck.h"

#include "util/NetworkPool.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 MaxBody = 64 * 1024; // a probe answer is a few hundred bytes

QString hostOf(const QUrl &url)
{
    return url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
}

bool isProxyError(QNetworkReply::NetworkError error)
{
    return error >= QNetworkReply::ProxyConnectionRefusedError &&
           error <= QNetworkReply::UnknownProxyError;
}

// The failure before any HTTP answer, by the hop where the request stopped.
ReachabilityResult networkFailure(ReachabilityResult r, const ReachabilityCheck::Answer &answer,
                                  int timeoutMs)
{
    using Hop = ReachabilityResult::Hop;
    const QString host = hostOf(r.url);
    switch (answer.error) {
    case QNetworkReply::HostNotFoundError:
        r.hop = Hop::Dns;
        r.message = u"DNS: %1 does not resolve; a new tunnel's name can take a minute to appear, "
                    u"else check the host name of the public URL"_s.arg(r.url.host());
        return r;
    case QNetworkReply::ConnectionRefusedError:
        r.hop = Hop::Connect;
        r.message = u"connect: nothing accepts connections at %1: is the tunnel, or the server in "
                    u"front of the relay, running?"_s.arg(host);
        return r;
    case QNetworkReply::RemoteHostClosedError:
        r.hop = Hop::Connect;
        r.message = u"connect: %1 closed the connection without answering: the tunnel there has "
                    u"no way to the relay"_s.arg(host);
        return r;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout
        r.hop = Hop::Timeout;
        r.message = u"timeout: %1 did not answer within %2 s: the tunnel may be starting, stuck, "
                    u"or leading nowhere"_s.arg(host)
                        .arg(timeoutMs / 1000.0, 0, 'g', 3);
        return r;
    default:
        break;
    }
    if (isProxyError(answer.error)) {
        r.hop = Hop::Proxy;
        r.message = u"proxy: %1 (the check goes out through network/dingtalk_proxy)"_s.arg(
            answer.errorText);
    } else if (answer.error == QNetworkReply::SslHandshakeFailedError) {
        r.hop = Hop::Tls;
        r.message = u"TLS: %1 with %2: its certificate must be valid for that name and trusted "
                    u"(network/ca_bundle adds a CA)"_s.arg(answer.errorText, host);
    } else {
        r.hop = Hop::Connect;
        r.message = u"connect: %1 with %2"_s.arg(answer.errorText, host);
    }
    return r;
}

ReachabilityResult httpFailure(ReachabilityResult r, const ReachabilityCheck::Answer &answer)
{
    const QString host = hostOf(r.url);
    const int status = answer.status;
    r.hop = ReachabilityResult::Hop::Http;
    if (status >= 300 && status < 400)
        r.message =
            u"HTTP %1 from %2: it redirects to %3; DingTalk does not follow redirects, so "
            u"give it that address"_s.arg(status)
                .arg(host, answer.location.isEmpty() ? u"another place"_s : answer.location);
    else if (status == 502 || status == 503 || status == 504 || status == 530)
        r.message = u"HTTP %1 from %2: the tunnel or proxy there runs but cannot reach this "
                    u"relay: does it lead to the relay's address and port?"_s.arg(status)
                        .arg(host);
    else if (status == 404)
        r.message = u"HTTP 404 from %1: what answers there does not know DingRelay's probe: the "
                    u"public URL leads to another server, or a tunnel that is gone"_s.arg(host);
    else if (status == 401 || status == 403)
        r.message = u"HTTP %1 from %2: an access rule there refuses the request, and would refuse "
                    u"DingTalk too"_s.arg(status)
                        .arg(host);
    else
        r.message = u"HTTP %1 from %2: expected 200 from DingRelay's probe"_s.arg(status).arg(host);
    return r;
}
} // namespace

QString ReachabilityResult::hopName(Hop hop)
{
    switch (hop) {
    case Hop::None:
        return u"ok"_s;
    case Hop::NoUrl:
        return u"no-url"_s;
    case Hop::Dns:
        return u"dns"_s;
    case Hop::Proxy:
        return u"proxy"_s;
    case Hop::Connect:
        return u"connect"_s;
    case Hop::Tls:
        return u"tls"_s;
    case Hop::Timeout:
        return u"timeout"_s;
    case Hop::Http:
        return u"http"_s;
    case Hop::WrongInstance:
        return u"wrong-instance"_s;
    }
    return {};
}

QUrl ReachabilityCheck::probeUrl(const QUrl &base, const QString &nonce)
{
    QUrl url = base;
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/dingrelay/probe"_s);
    url.setQuery(QUrlQuery{{u"nonce"_s, nonce}});
    url.setFragment({});
    return url;
}

ReachabilityResult ReachabilityCheck::judge(const QUrl &url, const Answer &answer,
                                            const ProbeIdentity &identity, const QString &nonce,
                                            int timeoutMs)
{
    using Hop = ReachabilityResult::Hop;
    ReachabilityResult r;
    r.url = url;
    r.httpStatus = answer.status;
    r.elapsedMs = answer.elapsedMs;
    r.at = QDateTime::currentDateTimeUtc();
    if (answer.status == 0)
        return networkFailure(r, answer, timeoutMs);
    if (answer.status != 200)
        return httpFailure(r, answer);

    const QString host = hostOf(url);
    const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
    const QString instance = body.value(u"instance"_s).toString();
    r.hop = Hop::WrongInstance;
    if (body.value(u"service"_s).toString() != u"dingrelay"_s) {
        r.message = u"wrong instance: %1 answers, but not as DingRelay: the public URL leads to "
                    u"another server"_s.arg(host);
    } else if (identity.isOwnAnswer(body, nonce)) {
        r.ok = true;
        r.hop = Hop::None;
        r.message =
            u"reachable: %1 answered as this DingRelay in %2 ms"_s.arg(host).arg(answer.elapsedMs);
    } else if (instance != identity.instanceId()) {
        r.message = u"wrong instance: %1 is answered by another DingRelay (instance %2), not this "
                    u"one (%3): the tunnel leads to another machine or port"_s.arg(
                        host, instance, identity.instanceId());
    } else {
        r.message = u"wrong instance: %1 answered with this instance's id but not with proof of "
                    u"the nonce: something there replays or caches answers"_s.arg(host);
    }
    return r;
}

QNetworkReply *ReachabilityCheck::run(NetworkPool *network, const QUrl &base,
                                      const ProbeIdentity &identity, int timeoutMs,
                                      QObject *context,
                                      std::function<void(const ReachabilityResult &)> done)
{
    const QString nonce = ProbeIdentity::newNonce();
    const QUrl url = probeUrl(base, nonce);
    QNetworkRequest request(url);
    network->prepare(request);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setRawHeader("Cache-Control", "no-store");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("DingRelay/" DINGRELAY_VERSION " reachability-check"));
    QNetworkAccessManager *manager = network->pick();
    QNetworkReply *reply = manager->get(request);
    network->track(manager, reply);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    QObject::connect(reply, &QNetworkReply::finished, context,
                     [reply, url, identity, nonce, timeoutMs, timer, done = std::move(done)] {
                         Answer answer;
                         answer.error = reply->error();
                         answer.errorText = reply->errorString();
                         answer.status =
                             reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                         if (reply->isOpen()) // not when aborted
                             answer.body = reply->read(MaxBody);
                         answer.location =
                             reply->header(QNetworkRequest::LocationHeader).toUrl().toString();
                         answer.elapsedMs = timer->elapsed();
                         done(judge(url, answer, identity, nonce, timeoutMs));
                     });
    return reply;
}
