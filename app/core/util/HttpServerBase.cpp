#include "util/HttpServerBase.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#include <QHttpHeaders>
#endif

HttpServerBase::HttpServerBase(QObject *parent)
    : QAbstractHttpServer(parent)
{}

void HttpServerBase::useTls(const QSslCertificate &certificate, const QSslKey &key)
{
    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setLocalCertificate(certificate);
    m_tls.setPrivateKey(key);
}

quint16 HttpServerBase::listenOn(const QHostAddress &address, quint16 port)
{
    QTcpServer *server = nullptr;
    if (m_tls.isNull()) {
        server = new QTcpServer(this);
    } else {
        // The server hands over each connection once its TLS handshake is done.
        auto *tls = new QSslServer(this);
        tls->setSslConfiguration(m_tls);
        server = tls;
    }
    if (!server->listen(address, port)) {
        delete server;
        return 0;
    }
    serveFrom(server);
    return server->serverPort();
}

void HttpServerBase::serveFrom(QTcpServer *server)
{
    bind(server);
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

HttpServerBase::Headers HttpServerBase::headersOf(const QHttpServerRequest &request)
{
    Headers headers;
    for (const auto &[name, value] : request.headers())
        headers.append({name, value});
    return headers;
}

void HttpServerBase::respond(QHttpServerResponder &responder, int status,
                             const QByteArray &contentType, const QByteArray &body,
                             const Headers &extra)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(status));
    responder.writeHeader("Content-Type", contentType);
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    for (const auto &[name, value] : extra)
        responder.writeHeader(name, value);
    responder.writeBody(body);
}

bool HttpServerBase::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    serve(request, responder, socket);
    return true;
}

void HttpServerBase::missingHandler(const QHttpServerRequest &, QTcpSocket *) {}

#else

HttpServerBase::Headers HttpServerBase::headersOf(const QHttpServerRequest &request)
{
    Headers headers;
    for (const auto &[name, value] : request.headers().toListOfPairs())
        headers.append({name, value});
    return headers;
}

void HttpServerBase::respond(QHttpServerResponder &responder, int status,
                             const QByteArray &contentType, const QByteArray &body,
                             const Headers &extra)
{
    // The responder adds Content-Length itself.
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, contentType);
    for (const auto &[name, value] : extra)
        headers.append(name, value);
    responder.write(body, headers, QHttpServerResponder::StatusCode(status));
}

bool HttpServerBase::handleRequest(const QHttpServerRequest &request,
                                   QHttpServerResponder &responder)
{
    serve(request, responder, socketOf(request));
    return true;
}

void HttpServerBase::missingHandler(const QHttpServerRequest &, QHttpServerResponder &) {}

QTcpSocket *HttpServerBase::socketOf(const QHttpServerRequest &request) const
{
    // Qt hands each accepted socket to a connection handler that is a child of this server;
    // the request names the peer, and one peer address and port is one connection.
    const auto sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        if (socket->peerPort() == request.remotePort() &&
            socket->peerAddress() == request.remoteAddress())
            return socket;
    }
    return nullptr;
}

#endif
