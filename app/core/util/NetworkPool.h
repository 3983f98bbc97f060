// NetworkPool: several QNetworkAccessManagers, so more than six requests reach one host at once.
#pragma once

#include "util/ProxySettings.h"

#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslCertificate>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// Qt 6.4 opens at most six HTTP/1.1 connections per host and queues the rest inside the
// manager, where their transfer timeout already runs. The pool holds enough managers for the
// wanted concurrency and hands out the least busy one, so no request waits inside Qt.
//
// Each pool also carries the way to one destination: its proxy and the CAs it trusts. Model
// calls and DingTalk deliveries have pools of their own, so each can take its own proxy.
class NetworkPool final : public QObject
{
    Q_OBJECT
public:
    static constexpr int ConnectionsPerManager = 6;

    NetworkPool(int concurrency, QObject *parent = nullptr);

    // Sets the proxy of every manager (None is explicit: an http_proxy in the environment does
    // not apply) and the CAs trusted besides the system's. Call before the first request.
    // An HTTP proxy carries every request in a CONNECT tunnel, http:// ones too, so its
    // failures read as proxy errors and not as answers of the server.
    void configure(const ProxySettings &proxy, const QString &proxyPassword,
                   const QList<QSslCertificate> &extraCas);
    // Makes request trust the system's CAs and the extra ones. The pool's managers do this to
    // every request they make; callers call it too, so a request is complete where it is built.
    void prepare(QNetworkRequest &request) const;

    // The proxy a connection to url goes through, as the managers choose it: for what is not
    // a QNetworkAccessManager request (the Stream client's WebSocket).
    QNetworkProxy proxyFor(const QUrl &url) const;

    // Reads a PEM file of one or more CA certificates; an unreadable file or one without a
    // certificate is an error naming the file.
    static std::optional<QList<QSslCertificate>> loadCaBundle(const QString &path, QString *error);

    // The manager with the fewest requests in flight; track() the reply it makes.
    QNetworkAccessManager *pick();
    void track(QNetworkAccessManager *manager, QNetworkReply *reply);
    int size() const { return int(m_managers.size()); }

private:
    struct Slot
    {
        QNetworkAccessManager *manager;
        int inFlight = 0;
    };
    QList<Slot> m_managers;
    QList<QSslCertificate> m_caCertificates; // empty: Qt's default (the system's, on demand)
};
