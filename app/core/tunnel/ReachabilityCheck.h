// ReachabilityCheck: asks the relay, through its public URL, to prove it is this instance.
#pragma once

#include "tunnel/ProbeIdentity.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <functional>

class NetworkPool;

struct ReachabilityResult
{
    // The hop that failed, in the order a request passes them.
    enum class Hop { None, NoUrl, Dns, Proxy, Connect, Tls, Timeout, Http, WrongInstance };

    bool ok = false;
    Hop hop = Hop::None;
    QString message; // one line: what failed, where, and what to look at
    QUrl url;        // the probe's URL
    int httpStatus = 0;
    qint64 elapsedMs = 0;
    QDateTime at;

    // "ok", "no-url", "dns", "proxy", "connect", "tls", "timeout", "http", "wrong-instance"
    static QString hopName(Hop hop);
};

namespace ReachabilityCheck {
// What came back for one probe, as far as it got.
struct Answer
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorText;
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QString location; // of a redirect
    qint64 elapsedMs = 0;
};

// base + /dingrelay/probe?nonce=…
QUrl probeUrl(const QUrl &base, const QString &nonce);

// Turns an answer into a result. Pure, so each failure can be tested without a network.
ReachabilityResult judge(const QUrl &url, const Answer &answer, const ProbeIdentity &identity,
                         const QString &nonce, int timeoutMs);

// Sends a probe with a fresh nonce through base and reports the result to done (dropped if
// context goes first). Redirects are not followed: DingTalk does not follow them either.
// Returns the request, which the caller may abort (done then reports a timeout).
QNetworkReply *run(NetworkPool *network, const QUrl &base, const ProbeIdentity &identity,
                   int timeoutMs, QObject *context,
                   std::function<void(const ReachabilityResult &)> done);
} // namespace ReachabilityCheck
